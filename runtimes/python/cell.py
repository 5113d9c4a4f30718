"""CPython cell process: ``python3 runtimes/python/cell.py '<request JSON>'``.

Speaks the cell protocol of harness/cell_protocol.ts: the same request (one JSON argument) and one
stdout line starting with ``{"tribench-cell":1``. The request carries one field more, ``sizeParams``:
the JS suite's parameters of ``size``, since the JS suites are the only place sizes are defined. Its
success record carries every field of a CellSuccessRecord, plus ``results`` (the raw combined answer
of every run, warm-up runs first), with ``"verified": false`` and ``"answer": ""``: the answers are
checked by the JS suites' own ``verify`` and described by their ``describeAnswer`` in
harness/python_cell.ts, which completes the record. A raw record is therefore never accepted as
verified by anything that reads the protocol directly.

Timing: ``time.perf_counter`` around each run, in milliseconds. ``harness.phaseMs`` is the measured
loop's wall time; the JS side adds its verification time to it so that
``overheadMs = phaseMs - sum(samplesMs) - verifyMs`` holds as for every other runtime.

No worker outlives the cell: the pool is closed (or terminated on any failure) in ``finally``, and
SIGTERM / SIGINT become an exception so that ``finally`` runs.
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
from suites.registry import SUITES  # noqa: E402
from variants import run_tasks, start_pool  # noqa: E402

PROTOCOL_VERSION = 1

# Pids of the pool's process workers once started, so a failure record can name them too.
_worker_pids: list = []


def decode_request(argv: list) -> dict:
    """The request, checked as harness/cell_protocol.ts's decodeCellRequest checks it (same messages)."""
    if len(argv) < 2:
        raise ValueError("cell script needs one argument: the request JSON")
    try:
        v = json.loads(argv[1])
    except ValueError:
        raise ValueError("cell request is not valid JSON") from None
    if not isinstance(v, dict) or v.get("tribench-cell-request") != PROTOCOL_VERSION:
        raise ValueError(f"cell request is not a tribench-cell-request version {PROTOCOL_VERSION}")
    for key in ("suite", "variant", "size"):
        if not isinstance(v.get(key), str):
            raise ValueError(f"cell request field '{key}' must be a string")
    if not isinstance(v.get("sizeParams"), dict):
        raise ValueError("cell request lacks 'sizeParams'; run the python cell through dist/scripts/python_cell.js")
    for key, low, what in (("workers", 1, "whole number >= 1"), ("runs", 1, "whole number >= 1"), ("warmup", 0, "whole number >= 0")):
        x = v.get(key)
        if not isinstance(x, int) or isinstance(x, bool) or x < low:
            raise ValueError(f"cell request field '{key}' must be a {what}")
    return v


def measure(request: dict) -> dict:
    """Measure the cell; raise on any failure (the pool is gone by then)."""
    suite = SUITES.get(request["suite"])
    if suite is None:
        raise ValueError(f"unknown suite '{request['suite']}'")
    variant = request["variant"]
    if variant not in suite.variants:
        raise ValueError(f"suite {suite.name} has no variant '{variant}'")
    size = request["sizeParams"]
    tasks = suite.split(size, suite.tasks_for(size))

    pool = None
    loop = asyncio.new_event_loop() if variant == "async" else None
    clock = time.perf_counter
    try:
        spawn_ms = None
        if variant in ("threads", "processes"):
            t0 = clock()
            pool = start_pool(variant, request["workers"])
            spawn_ms = (clock() - t0) * 1000
            _worker_pids[:] = pool.pids
        results = []
        warmup_ms = []
        for _ in range(request["warmup"]):
            t0 = clock()
            result = run_tasks(suite, tasks, variant, pool, loop)
            warmup_ms.append((clock() - t0) * 1000)
            results.append(result)
        samples_ms = []
        phase_start = clock()
        for _ in range(request["runs"]):
            t0 = clock()
            result = run_tasks(suite, tasks, variant, pool, loop)
            samples_ms.append((clock() - t0) * 1000)
            results.append(result)
        phase_ms = (clock() - phase_start) * 1000
        mechanism = pool.mechanism if pool else None
        pids = list(pool.pids) if pool else []
        if pool:
            closing, pool = pool, None
            closing.close()
    finally:
        if pool:
            pool.terminate()
        if loop:
            loop.close()
    return {
        "tribench-cell": PROTOCOL_VERSION,
        "ok": True,
        "runtime": RUNTIME,
        "runtimeVersion": VERSION,
        "suite": suite.name,
        "variant": variant,
        "workers": request["workers"],
        "size": request["size"],
        "answer": "",
        "verified": False,
        "samplesMs": samples_ms,
        "warmupMs": warmup_ms,
        "spawnMs": spawn_ms,
        "mechanism": mechanism,
        "pids": pids,
        "harness": {"name": "python-loop", "phaseMs": phase_ms, "verifyMs": 0, "overheadMs": max(0.0, phase_ms - sum(samples_ms))},
        "results": results,
    }


def main(argv: list) -> None:
    stop_on_signals("cell")
    stop_when_orphaned()
    try:
        record = measure(decode_request(argv))
    except (Exception, Stopped) as error:  # noqa: BLE001 - every failure becomes a one-line record
        kind = "crash" if is_crash(error) else "error"
        record = {"tribench-cell": PROTOCOL_VERSION, "ok": False, "runtime": RUNTIME, "runtimeVersion": VERSION, "kind": kind, "reason": one_line(error), "pids": list(_worker_pids)}
    emit_and_exit(record)


if __name__ == "__main__":
    main(sys.argv)
