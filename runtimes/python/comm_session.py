"""The workers of one cell of a communication suite on CPython (harness/comm_measure.ts's
``CommSession``, for block.py): the port builds its channels (suites/comm/_comm.py ``prepare``), this
starts one ``multiprocessing.Process`` or ``threading.Thread`` per worker on the port's worker side,
and a block uses it where it would use a pool: created and ready (timed as ``spawnMs``, before any
run), then ``run()`` once per run (the port's parent side: what the block times), then ``close()``.

Readiness: every worker releases a semaphore once it has started, just before it takes up its side,
and the parent takes it once per worker, so a ready session has every worker started. Not a
``multiprocessing.Barrier``: with two process cells in one block under load, a worker was seen still
waiting at one after the parent and its sibling had passed it (Python 3.11.2, fork), and its cell
hung until the barrier's timeout.

What happens to a worker that dies mid-run: where its channel is a Pipe, the parent sees EOF (the
parent closes its copies of the workers' ends once they started) and the run fails. Behind a
multiprocessing Queue the parent would wait, as ``multiprocessing.Pool.map`` does for a lost task,
until the block's time limit; checking the workers on every message would put a poll into the timed
path. A process worker whose block is gone exits by itself (fork copies every pipe end into every
worker, so a dead block is not always an EOF there; _entry.py ``block_gone_check``).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

from _entry import block_gone_check
from suites.comm._comm import CommCell

READY_TIMEOUT_S = 60
# How long close() lets a worker return after the port's stop before it is terminated (comm_measure.ts: 1 s).
CLOSE_GRACE_S = 1.0
# How often a process worker checks that its parent is still there.
PARENT_CHECK_S = 1.0


def _exit_when_orphaned(block: int) -> None:
    block_gone = block_gone_check(block)

    def watch() -> None:
        while not block_gone():
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="tribench-comm-orphan-watch", daemon=True).start()


def _process_worker(ready, block: int, target, args: tuple) -> None:
    # A worker inherits the block's SIGTERM handler across fork; terminate() must end it plainly.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_when_orphaned(block)
    ready.release()
    target(*args)


def _thread_worker(ready, target, args: tuple) -> None:
    ready.release()
    target(*args)


class CommSession:
    """The started workers of one communication cell and the port's parent side."""

    def __init__(self, port, size: dict, case, kind: str, workers: int) -> None:
        if kind not in ("threads", "processes"):
            raise ValueError(f"{port.name} runs on threads or processes, not {kind!r}")
        ctx = multiprocessing.get_context() if kind == "processes" else None
        prepared = port.prepare(CommCell(size, case, kind, workers), ctx)
        if len(prepared.workers) != workers:
            raise ValueError(f"{port.name} prepared {len(prepared.workers)} workers for a cell of {workers}")
        self.kind = kind
        self._port = port
        self._local = prepared.local
        self._workers = []
        self._stopped = False
        ready = (ctx or threading).Semaphore(0)
        try:
            for i, (target, args) in enumerate(prepared.workers):
                if ctx:
                    worker = ctx.Process(target=_process_worker, args=(ready, os.getpid(), target, args), name=f"tribench-{port.name}-{i + 1}", daemon=True)
                else:
                    worker = threading.Thread(target=_thread_worker, args=(ready, target, args), name=f"tribench-{port.name}-{i + 1}", daemon=True)
                worker.start()
                self._workers.append(worker)
            deadline = time.monotonic() + READY_TIMEOUT_S
            for started in range(workers):
                if not ready.acquire(timeout=max(0.0, deadline - time.monotonic())):
                    raise TimeoutError(f"python {port.name}: {started} of {workers} workers started within {READY_TIMEOUT_S} s")
        except TimeoutError as error:
            self.terminate()
            raise RuntimeError(str(error)) from None
        except BaseException:
            self.terminate()
            raise
        if ctx:
            for end in prepared.worker_ends:
                end.close()
            self.mechanism = f"python/{prepared.channel} + multiprocessing.Process({ctx.get_start_method()})"
        else:
            self.mechanism = f"python/{prepared.channel} + threading.Thread"

    @property
    def pids(self) -> list:
        return [w.pid for w in self._workers] if self.kind == "processes" else []

    def run(self):
        """One run of the port's parent side: what the block times."""
        return self._port.run(self._local)

    def close(self) -> None:
        """Ask every worker to return, wait up to a second, then end any that has not."""
        self._finish(CLOSE_GRACE_S)

    def stop(self) -> None:
        """After a failed run: end the workers (processes at once; threads are asked, as they cannot be killed)."""
        self._finish(CLOSE_GRACE_S if self.kind == "threads" else 0)

    def terminate(self) -> None:
        """End every worker now (threads are asked to return and end with the process, which exits next)."""
        self._finish(0)

    def _finish(self, grace_s: float) -> None:
        if self._stopped:
            return
        self._stopped = True
        if grace_s > 0 or self.kind == "threads":
            try:
                self._port.stop(self._local)
            except Exception:  # noqa: BLE001 - a broken channel: the workers are ended below
                pass
        deadline = time.monotonic() + grace_s
        for worker in self._workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        if self.kind == "processes":
            for worker in self._workers:
                if worker.is_alive():
                    worker.terminate()
                worker.join()
