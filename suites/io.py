"""io: timer waits that need concurrency, not cores (CPython port of io.ts beside it).

Two kernels with the same loop: ``time.sleep`` for serial, threads and processes (it releases the
GIL), ``asyncio.sleep`` for async. Both re-wait for any remainder, so every reported wait is at least
the requested time by ``time.perf_counter`` (the JS verifier checks exactly that).
"""
from __future__ import annotations

import asyncio
import time

from ._split import even_ranges
from .types import PySuite


def wait_task(task: dict) -> list:
    """The blocking kernel: measured length of each wait, in ms."""
    waited = []
    wait_ms = task["waitMs"]
    for _ in range(task["waits"]):
        start = time.perf_counter()
        while (elapsed := (time.perf_counter() - start) * 1000) < wait_ms:
            time.sleep((wait_ms - elapsed) / 1000)
        waited.append(elapsed)
    return waited


async def wait_task_async(task: dict) -> list:
    """The coroutine kernel for the async variant."""
    waited = []
    wait_ms = task["waitMs"]
    for _ in range(task["waits"]):
        start = time.perf_counter()
        while (elapsed := (time.perf_counter() - start) * 1000) < wait_ms:
            await asyncio.sleep((wait_ms - elapsed) / 1000)
        waited.append(elapsed)
    return waited


def _split_io(size: dict, parts: int) -> list:
    if not size["waitMs"] >= 0:
        raise ValueError(f"io waitMs must be >= 0, got {size['waitMs']}")
    return [{"waits": e - s, "waitMs": size["waitMs"]} for s, e in even_ranges(size["tasks"], parts)]


io = PySuite(
    name="io",
    variants=("serial", "async", "threads", "processes"),
    tasks_for=lambda size: size["tasks"],
    split=_split_io,
    kernel=wait_task,
    combine=lambda partials: [w for p in partials for w in p],
    async_kernel=wait_task_async,
)
