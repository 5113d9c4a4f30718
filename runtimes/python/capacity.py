"""The machine's parallel capacity at a moment, from CPython: the calibration and the probe of
harness/capacity_probe.ts, step for step, on processes instead of threads.

Why processes: CPython's threads hold the GIL while they run Python code, so N spinning threads run
one at a time and would measure the interpreter, not the machine. N processes spin truly at once.

Why one pipe per worker and not a multiprocessing.Pool: a Pool's workers share one task queue, so a
worker that finished its spin could take a second one while another had not woken yet; with a pipe
each, every worker gets exactly one spin, which is what ``allMs`` must time.

The spin is the JS ``tribench:spin`` loop (pool/builtin_tasks.ts), masked to 32 bits: pure integer
work whose result depends on every iteration. It is slower per iteration in CPython; calibration
scales the iteration count to the same target, :data:`PROBE_SPIN_MS`.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import signal
import time

from _entry import block_gone_check

PROBE_SPIN_MS = 10
READY_TIMEOUT_S = 60
# The calibration constants of harness/capacity_probe.ts (START is smaller: CPython is ~50x slower a loop).
START_ITERATIONS = 1 << 10
GROWN_ENOUGH = 0.2
MAX_GROWTH_STEPS = 16
MAX_ITERATIONS = 2**31
# How often an idle probe worker checks that its parent is still there (an orphan must not wait forever).
PARENT_CHECK_S = 1.0


def spin(iterations: int) -> int:
    """``iterations`` steps of the tribench:spin loop; its checksum."""
    x = 0x2545F491
    for i in range(iterations):
        x = (x * 1103515245 + 12345 + i) & 0xFFFFFFFF
    return x


def _probe_worker(conn, parent: int) -> None:
    # A worker inherits the block's SIGTERM handler across fork; terminate() must end it plainly.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    block_gone = block_gone_check(parent)
    conn.send("ready")
    while True:
        # Fork copies every pipe end into every worker, so a dead parent does not always mean EOF here.
        if not conn.poll(PARENT_CHECK_S):
            if block_gone():
                return
            continue
        try:
            iterations = conn.recv()
        except EOFError:
            return
        if iterations is None:
            return
        conn.send(spin(iterations))


class ProbePool:
    """``workers`` processes, each spinning on request over its own pipe."""

    def __init__(self, workers: int) -> None:
        ctx = multiprocessing.get_context()
        self.workers = workers
        self._conns = []
        self._procs = []
        try:
            for _ in range(workers):
                mine, theirs = ctx.Pipe()
                proc = ctx.Process(target=_probe_worker, args=(theirs, os.getpid()), daemon=True)
                proc.start()
                theirs.close()
                self._conns.append(mine)
                self._procs.append(proc)
            for conn in self._conns:
                if not conn.poll(READY_TIMEOUT_S) or conn.recv() != "ready":
                    raise RuntimeError(f"python capacity probe: not all {workers} workers started within {READY_TIMEOUT_S} s")
        except BaseException:
            self.terminate()
            raise

    @property
    def pids(self) -> list:
        return [p.pid for p in self._procs]

    def time_spins(self, iterations: int, count: int, clock=time.perf_counter) -> float:
        """Wall ms of ``count`` spins of ``iterations`` started at once, one per worker."""
        conns = self._conns[:count]
        t0 = clock()
        for conn in conns:
            conn.send(iterations)
        for conn in conns:
            conn.recv()
        return (clock() - t0) * 1000

    def close(self) -> None:
        for conn in self._conns:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc in self._procs:
            proc.join(5)
        self.terminate()

    def terminate(self) -> None:
        for proc in self._procs:
            if proc.is_alive():
                proc.terminate()
        for proc in self._procs:
            proc.join()
        for conn in self._conns:
            conn.close()
        self._procs, self._conns = [], []


def _rescale(iterations: int, ms: float, target_ms: float) -> int:
    if not ms > 0:
        return min(MAX_ITERATIONS, iterations * 16)
    return max(1, min(MAX_ITERATIONS, round(iterations * target_ms / ms)))


def calibrate_spin(pool: ProbePool, workers: int, clock=time.perf_counter, target_ms: float = PROBE_SPIN_MS) -> int:
    """The iteration count at which one spin takes about ``target_ms``: grow it until it is long enough
    to time, run it on every worker (CPython 3.11+ specialises a loop's bytecode after its first runs),
    then time it once more and rescale, as calibrateSpin in harness/capacity_probe.ts does."""
    iterations = START_ITERATIONS
    for _ in range(MAX_GROWTH_STEPS):
        ms = pool.time_spins(iterations, 1, clock)
        if ms >= GROWN_ENOUGH * target_ms:
            iterations = _rescale(iterations, ms, target_ms)
            break
        grow = min(16, math.ceil(GROWN_ENOUGH * target_ms / ms) + 1) if ms > 0 else 16
        iterations = min(MAX_ITERATIONS, iterations * grow)
    for _ in range(2):
        pool.time_spins(iterations, workers, clock)
    return _rescale(iterations, pool.time_spins(iterations, 1, clock), target_ms)


def measure_capacity(pool: ProbePool, workers: int, iterations: int, clock=time.perf_counter) -> dict:
    """One probe: the spin on one worker, then on ``workers`` at once; ``workers * oneMs / allMs``."""
    one_ms = pool.time_spins(iterations, 1, clock)
    all_ms = pool.time_spins(iterations, workers, clock)
    return {"oneMs": one_ms, "allMs": all_ms, "capacity": workers * one_ms / all_ms if all_ms > 0 else workers}
