"""countdown: ``while n > 0: n -= 1`` with a checksum of every value visited (port of suites/countdown.ts).

The JS kernel keeps its checksum as an int32 on every iteration; here the sum runs on Python
integers and is reduced once at the end, which gives the same int32 (reduction modulo 2**32
commutes with addition) with the same one add per iteration.
"""
from __future__ import annotations

from _split import even_ranges, to_int32
from suite_types import PySuite

MAX_TASK_COUNT = 2**31 - 1


def count_down(task: dict) -> dict:
    """The kernel."""
    n = task["count"]
    checksum = 0
    while n > 0:
        n -= 1
        checksum += n
    return {"iterations": task["count"] - n, "checksum": to_int32(checksum)}


def _split_countdown(size: dict, parts: int) -> list:
    tasks = [{"count": e - s} for s, e in even_ranges(size["n"], parts)]
    for t in tasks:
        if t["count"] > MAX_TASK_COUNT:
            raise ValueError(f"countdown task of {t['count']} exceeds 2^31-1: use more parts")
    return tasks


def _combine(partials: list) -> dict:
    return {"iterations": sum(p["iterations"] for p in partials), "checksum": to_int32(sum(p["checksum"] for p in partials))}


countdown = PySuite(
    name="countdown",
    variants=("serial", "threads", "processes"),
    tasks_for=lambda size: size["parts"],
    split=_split_countdown,
    kernel=count_down,
    combine=_combine,
)
