"""countdown: ``while n > 0: n -= 1`` with a checksum of every value visited.

The CPython port of countdown.ts beside it, with the same per-iteration work as the JS kernel: one
decrement, then the low 16 bits of ``n`` added into a checksum kept modulo 2**28 (one add and two
masks).
"""
from __future__ import annotations

from ._split import even_ranges
from .types import PySuite

MAX_TASK_COUNT = 2**30 - 1
CHECKSUM_MOD = 2**28


def count_down(task: dict) -> dict:
    """The kernel."""
    count = task["count"]
    if not isinstance(count, int) or count < 0 or count > MAX_TASK_COUNT:
        raise ValueError(f"countdown task count must be a whole number in [0, 2^30), got {count}")
    n = count
    checksum = 0
    while n > 0:
        n -= 1
        checksum = (checksum + (n & 0xFFFF)) & 0xFFFFFFF
    return {"iterations": count - n, "checksum": checksum}


def _split_countdown(size: dict, parts: int) -> list:
    tasks = [{"count": e - s} for s, e in even_ranges(size["n"], parts)]
    for t in tasks:
        if t["count"] > MAX_TASK_COUNT:
            raise ValueError(f"countdown task of {t['count']} exceeds 2^30-1: use more parts")
    return tasks


def _combine(partials: list) -> dict:
    checksum = 0
    for p in partials:
        checksum = (checksum + p["checksum"]) % CHECKSUM_MOD
    return {"iterations": sum(p["iterations"] for p in partials), "checksum": checksum}


countdown = PySuite(
    name="countdown",
    variants=("serial", "threads", "processes"),
    tasks_for=lambda size: size["parts"],
    split=_split_countdown,
    kernel=count_down,
    combine=_combine,
)
