"""How each variant runs the tasks, and the pools behind threads and processes.

- serial: the kernel in a plain loop;
- async: every coroutine kernel gathered on one asyncio loop (io only);
- threads: ``concurrent.futures.ThreadPoolExecutor.map`` (the GIL shows here);
- processes: ``multiprocessing.Pool.map`` with the chunksize the JS pool uses, which is also
  Pool.map's own default: ``ceil(tasks / (4 * workers))``.
A pool is ready (and timed as ``spawnMs``) only once every worker has started: the workers meet the
main thread at a barrier.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

READY_TIMEOUT_S = 60


def chunk_size_for(items: int, workers: int) -> int:
    """Pool.map's default chunksize (and pool/pool.ts's chunkSizeFor): ceil(items / (4 * workers)), >= 1."""
    return max(1, -(-items // (4 * workers)))


class ThreadPool:
    """A ThreadPoolExecutor whose threads are all started before the first run."""

    mechanism = "python/concurrent.futures.ThreadPoolExecutor"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor = ThreadPoolExecutor(max_workers=workers)
        # The executor starts threads lazily; n tasks that wait for each other force n threads.
        barrier = threading.Barrier(workers)
        for f in [self.executor.submit(barrier.wait, READY_TIMEOUT_S) for _ in range(workers)]:
            f.result()

    @property
    def pids(self) -> list:
        return []

    def map(self, kernel, tasks: list) -> list:
        return list(self.executor.map(kernel, tasks))

    def close(self) -> None:
        self.executor.shutdown(wait=True)

    def stop(self) -> None:
        """After a failed run: drop the queued tasks and wait for the running ones, so no thread of a
        failed cell still spins while the other cells of a block run."""
        try:
            self.executor.shutdown(wait=True, cancel_futures=True)
        except TypeError:  # Python 3.8 has no cancel_futures
            self.executor.shutdown(wait=True)

    def terminate(self) -> None:
        # Threads cannot be killed; queued work is dropped and they end with the process, which exits next.
        try:
            self.executor.shutdown(wait=False, cancel_futures=True)
        except TypeError:  # Python 3.8 has no cancel_futures
            self.executor.shutdown(wait=False)


def _worker_init(ready) -> None:
    # A worker inherits the cell's SIGTERM handler across fork; Pool.terminate() must end it plainly.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Started: one release per worker (a replacement after a crash adds one nobody takes, harmlessly).
    # A semaphore, not a multiprocessing.Barrier, which once let the parent through while a worker
    # still waited at it (comm_session.py).
    ready.release()


class ProcessPool:
    """A multiprocessing.Pool of the platform's default start method, all workers started."""

    def __init__(self, workers: int) -> None:
        ctx = multiprocessing.get_context()
        self.mechanism = f"python/multiprocessing.Pool({ctx.get_start_method()})"
        # A block holds several pools (and a probe's processes): this pool's workers are the new children.
        before = {p.pid for p in multiprocessing.active_children()}
        ready = ctx.Semaphore(0)
        self.pool = ctx.Pool(processes=workers, initializer=_worker_init, initargs=(ready,))
        self.workers = workers
        deadline = time.monotonic() + READY_TIMEOUT_S
        for _ in range(workers):
            if not ready.acquire(timeout=max(0.0, deadline - time.monotonic())):
                self.terminate()
                raise RuntimeError(f"python process pool: not all {workers} workers started within {READY_TIMEOUT_S} s")
        self._pids = [p.pid for p in multiprocessing.active_children() if p.pid not in before]

    @property
    def pids(self) -> list:
        return self._pids

    def map(self, kernel, tasks: list) -> list:
        return self.pool.map(kernel, tasks, chunk_size_for(len(tasks), self.workers))

    def close(self) -> None:
        self.pool.close()
        self.pool.join()

    def terminate(self) -> None:
        self.pool.terminate()
        self.pool.join()

    def stop(self) -> None:
        """After a failed run: end the workers now (a process can be killed, unlike a thread)."""
        self.terminate()


def start_pool(variant: str, workers: int):
    """A ready pool for ``threads`` or ``processes``."""
    return ThreadPool(workers) if variant == "threads" else ProcessPool(workers)


def run_tasks(suite, tasks: list, variant: str, pool=None, loop=None):
    """Run prepared ``tasks`` of ``suite`` in ``variant`` and combine the partials (the timed work)."""
    if variant == "serial":
        kernel = suite.kernel
        return suite.combine([kernel(t) for t in tasks])
    if variant == "async":
        return suite.combine(loop.run_until_complete(_gather(suite.async_kernel, tasks)))
    if variant in ("threads", "processes"):
        return suite.combine(pool.map(suite.kernel, tasks))
    raise ValueError(f"unknown variant {variant!r}")


async def _gather(kernel, tasks: list) -> list:
    return list(await asyncio.gather(*(kernel(t) for t in tasks)))
