"""CPython block process: ``python3 runtimes/python/block.py '<request JSON>'``, started by the JS host
harness/python_block.ts, never by the orchestrator directly.

Does what harness/block_protocol.ts asks of a block, as harness/block_measure.ts does it for the JS
runtimes: every cell's pool started and ready before the first run (each timed as ``spawnMs``), then
warm-up sweeps and measured sweeps that run every cell once, each measured sweep opened by a capacity
probe when asked; a cell that throws is recorded failed, its pool stopped, and left out of later
sweeps. Timing: ``time.perf_counter`` around each run and nothing else.

What differs from a JS block, and why:
- The request carries four fields more, filled in by the JS host: ``sizeParams`` (the JS suite's
  parameters of ``size``: sizes are defined there only), ``orders`` / ``warmupOrders``, the sweep
  orders drawn by harness/sweep_order.ts, and ``hostPid``, whose end stops the block. Python's own generator cannot draw JavaScript's orders, so
  the orders are drawn once, in one place, and a seed replays the same order on every runtime.
- Answers are not verified here: every run's raw answer comes back (``results``, warm-up runs
  first) and the JS host applies the JS suite's own ``verify``, so CPython's answers pass exactly the
  checks JS answers pass. So a wrong answer is found after the block: that cell's later runs still
  ran (and stay in ``order``), then the host records the cell failed, as a JS block would.
- The answer line starts with ``{"tribench-python-block":1``, not the protocol's prefix, so a raw,
  unverified record can never be read as a block record.
- Process pools (and the probe's processes) are started before thread pools: forking a process
  that already runs threads can copy a lock another thread holds. (The orphan watch's thread sleeps
  between checks and holds no lock while it does.)
- A block whose JS host is gone stops as on SIGTERM (``_entry.stop_when_orphaned``): Deno cannot
  kill its process group, so Python must notice by itself.
- The probe spins on processes, not threads (the GIL would run threads one at a time): capacity.py.
- A communication suite's cell (``COMM_SUITES``) gets a session of its own workers on the port's own
  channels instead of a pool (comm_session.py), as harness/block_measure.ts does; its timed run is
  the session's ``run()``. A cell the JS host marks ``unsupported`` (a case the CPython port lacks,
  runtimes/versions/support.ts ``portGaps``) is recorded failed as "unsupported: <why>" and never
  started, as the JS block does; the plan never sends one.

No worker outlives the block: every pool is closed, or terminated on any failure, in ``finally``;
SIGTERM / SIGINT become :class:`Stopped` so that ``finally`` runs.
"""
from __future__ import annotations

import asyncio
import json
import os
import sys
import time

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[0:0] = [_HERE, os.path.dirname(os.path.dirname(_HERE))]

from _entry import RUNTIME, VERSION, Stopped, emit_and_exit, is_crash, one_line, stop_on_signals, stop_when_orphaned  # noqa: E402
from capacity import ProbePool, calibrate_spin, measure_capacity  # noqa: E402
from comm_session import CommSession  # noqa: E402
from suites.registry import COMM_SUITES, SUITES  # noqa: E402
from variants import run_tasks, start_pool  # noqa: E402

PROTOCOL_VERSION = 1
RECORD_KEY = "tribench-python-block"
HARNESS_NAME = "python-interleaved"

# Pids of every worker process started so far, so a failure record can name them all.
_worker_pids: list = []


def _whole(x, low: int) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and x >= low


def decode_request(argv: list) -> dict:
    """The request, checked for what this side needs (the JS host checked the rest): one-line errors."""
    if len(argv) < 2:
        raise ValueError("python block needs one argument: the request JSON")
    try:
        v = json.loads(argv[1])
    except ValueError:
        raise ValueError("python block request is not valid JSON") from None
    if not isinstance(v, dict) or v.get("tribench-block-request") != PROTOCOL_VERSION:
        raise ValueError(f"python block request is not a tribench-block-request version {PROTOCOL_VERSION}")
    for key in ("suite", "size"):
        if not isinstance(v.get(key), str):
            raise ValueError(f"python block request field '{key}' must be a string")
    if not isinstance(v.get("sizeParams"), dict):
        raise ValueError("python block request lacks 'sizeParams'; run it through dist/scripts/python_block.js")
    cells = v.get("cells")
    if not isinstance(cells, list) or not cells:
        raise ValueError("python block request field 'cells' must be a non-empty array")
    for i, c in enumerate(cells):
        if not isinstance(c, dict) or not isinstance(c.get("variant"), str) or not _whole(c.get("workers"), 1):
            raise ValueError(f'python block request cell {i} must be {{"variant": string, "workers": whole number >= 1}}')
        for key in ("case", "unsupported"):
            if c.get(key) is not None and not (isinstance(c[key], str) and c[key]):
                raise ValueError(f"python block request cell {i} field '{key}' must be a non-empty string")
    for key, low in (("runs", 1), ("warmup", 0), ("seed", 0)):
        if not _whole(v.get(key), low):
            raise ValueError(f"python block request field '{key}' must be a whole number >= {low}")
    capacity = v.get("capacity")
    if capacity is not None and not (isinstance(capacity, dict) and _whole(capacity.get("workers"), 1)):
        raise ValueError('python block request field \'capacity\' must be {"workers": whole number >= 1}')
    every = list(range(len(cells)))
    for key, count in (("orders", v["runs"]), ("warmupOrders", v["warmup"])):
        orders = v.get(key)
        if not isinstance(orders, list) or len(orders) != count or any(not isinstance(o, list) or sorted(o) != every for o in orders):
            raise ValueError(f"python block request field '{key}' must hold {count} permutations of the {len(cells)} cells")
    return v


class Cell:
    """One cell while the block runs."""

    def __init__(self, spec: dict) -> None:
        self.variant = spec["variant"]
        self.workers = spec["workers"]
        self.case = spec.get("case")
        self.pool = None
        self.spawn_ms = None
        self.mechanism = None
        self.pids = []
        self.samples_ms = []
        self.at_ms = []
        self.seq = []
        self.warmup_ms = []
        # Raw answers, warm-up runs first, for the JS host to verify.
        self.results = []
        self.failure = None
        if spec.get("unsupported"):
            self.failure = {"ok": False, "variant": self.variant, "workers": self.workers, "kind": "error", "reason": f"unsupported: {spec['unsupported']}", "pids": []}

    def fail(self, error: Exception) -> None:
        """Record the cell failed and stop its pool now, so it costs nothing while the others run."""
        pids = list(self.pool.pids) if self.pool else self.pids
        kind = "crash" if is_crash(error) else "error"
        self.failure = {"ok": False, "variant": self.variant, "workers": self.workers, "kind": kind, "reason": one_line(error), "pids": pids}
        pool, self.pool = self.pool, None
        if pool:
            pool.stop()

    def record(self) -> dict:
        """The raw record of the cell (the JS host verifies ``results`` and describes the answer)."""
        if self.failure:
            return self.failure
        return {
            "ok": True, "variant": self.variant, "workers": self.workers, "answer": "",
            "samplesMs": self.samples_ms, "atMs": self.at_ms, "seq": self.seq, "warmupMs": self.warmup_ms,
            "spawnMs": self.spawn_ms, "mechanism": self.mechanism, "pids": self.pids, "results": self.results,
        }


def _start_pools(cells: list, clock, start) -> None:
    # Processes first, then threads (see the module's note on fork); each pool timed on its own.
    for variant in ("processes", "threads"):
        for cell in (c for c in cells if c.variant == variant and not c.failure):
            t0 = clock()
            try:
                cell.pool = start(cell)
            except Exception as error:  # noqa: BLE001 - this cell fails, the others go on
                cell.fail(error)
                continue
            cell.spawn_ms = (clock() - t0) * 1000
            cell.mechanism = cell.pool.mechanism
            cell.pids = list(cell.pool.pids)
            _worker_pids.extend(cell.pids)


def measure_block(request: dict, clock=time.perf_counter) -> dict:
    """Measure the block; raise on what stops the whole block (every pool is gone by then)."""
    block_start = clock()
    comm = COMM_SUITES.get(request["suite"])
    suite = comm or SUITES.get(request["suite"])
    if suite is None:
        raise ValueError(f"unknown suite '{request['suite']}'")
    cells = [Cell(spec) for spec in request["cells"]]
    for cell in cells:
        if cell.variant not in suite.variants:
            raise ValueError(f"suite {suite.name} has no variant '{cell.variant}'")
    size = request["sizeParams"]
    loop = asyncio.new_event_loop() if any(c.variant == "async" for c in cells) else None
    if comm:
        # A communication cell's workers and its timed run: the session's (comm_session.py).
        def start(cell: Cell):
            return CommSession(comm, size, cell.case, cell.variant, cell.workers)

        def run(cell: Cell):
            return cell.pool.run()
    else:
        tasks = suite.split(size, suite.tasks_for(size))

        def start(cell: Cell):
            return start_pool(cell.variant, cell.workers)

        def run(cell: Cell):
            return run_tasks(suite, tasks, cell.variant, cell.pool, loop)
    probe = None
    try:
        probe_workers = (request.get("capacity") or {}).get("workers", 0)
        if probe_workers:
            probe = ProbePool(probe_workers)
            _worker_pids.extend(probe.pids)
        _start_pools(cells, clock, start)
        iterations = calibrate_spin(probe, probe_workers, clock) if probe else 0

        run_ms = 0.0
        seq = 0

        def run_once(cell: Cell, measured: bool) -> None:
            nonlocal run_ms, seq
            t0 = clock()
            try:
                result = run(cell)
            except Exception as error:  # noqa: BLE001 - this cell fails, the others go on
                if measured:
                    run_ms += (clock() - t0) * 1000
                cell.fail(error)
                return
            ms = (clock() - t0) * 1000
            if measured:
                run_ms += ms
                cell.samples_ms.append(ms)
                cell.at_ms.append((t0 - block_start) * 1000)
                cell.seq.append(seq)
                seq += 1
            else:
                cell.warmup_ms.append(ms)
            cell.results.append(result)

        for order in request["warmupOrders"]:
            for i in order:
                if not cells[i].failure:
                    run_once(cells[i], False)

        probes = []
        ran = []
        probe_ms = 0.0
        phase_start = clock()
        for sweep, order in enumerate(request["orders"]):
            if probe:
                p0 = clock()
                reading = measure_capacity(probe, probe_workers, iterations, clock)
                probe_ms += (clock() - p0) * 1000
                probes.append({"sweep": sweep, "atMs": (p0 - block_start) * 1000, "workers": probe_workers, **reading})
            attempted = []
            for i in order:
                if cells[i].failure:
                    continue
                attempted.append(i)
                run_once(cells[i], True)
            ran.append(attempted)
        phase_ms = (clock() - phase_start) * 1000

        for cell in cells:
            pool, cell.pool = cell.pool, None
            if pool:
                pool.close()
        closing, probe = probe, None
        if closing:
            closing.close()
    finally:
        for cell in cells:
            if cell.pool:
                cell.pool.terminate()
        if probe:
            probe.terminate()
        if loop:
            loop.close()
    return {
        RECORD_KEY: PROTOCOL_VERSION,
        "ok": True,
        "runtime": RUNTIME,
        "runtimeVersion": VERSION,
        "suite": suite.name,
        "size": request["size"],
        "seed": request["seed"],
        "cells": [cell.record() for cell in cells],
        "probes": probes,
        "order": ran,
        # The JS host adds its verification time to phaseMs and sets verifyMs; a failed run's time counts as a run's.
        "harness": {"name": HARNESS_NAME, "phaseMs": phase_ms, "verifyMs": 0, "probeMs": probe_ms, "overheadMs": max(0.0, phase_ms - run_ms - probe_ms)},
    }


def main(argv: list) -> None:
    stop_on_signals("block")
    try:
        request = decode_request(argv)
        stop_when_orphaned(request.get("hostPid"))
        record = measure_block(request)
    except (Exception, Stopped) as error:  # noqa: BLE001 - every failure becomes a one-line record
        kind = "crash" if is_crash(error) else "error"
        record = {RECORD_KEY: PROTOCOL_VERSION, "ok": False, "runtime": RUNTIME, "runtimeVersion": VERSION, "kind": kind, "reason": one_line(error), "pids": list(_worker_pids)}
    emit_and_exit(record)


if __name__ == "__main__":
    main(sys.argv)
