"""collatz: the start below N with the longest chain (CPython port of collatz.ts beside it).

Python's integers are exact at any size, so the JS kernel's BigInt escape is not needed here.
"""
from __future__ import annotations

from ._split import even_ranges
from .types import PySuite

def chain_steps(n: int) -> int:
    """Steps of the chain from ``n`` down to 1."""
    steps = 0
    while n != 1:
        if n & 1 == 0:
            n >>= 1
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def longest_in_range(task: dict) -> dict:
    """The kernel: the longest chain among starts ``start .. end-1`` (the smaller start on ties)."""
    best = task["start"]
    best_steps = -1
    for n in range(task["start"], task["end"]):
        steps = chain_steps(n)
        if steps > best_steps:
            best_steps = steps
            best = n
    return {"start": best, "steps": best_steps}


def _split_collatz(size: dict, parts: int) -> list:
    limit = size["limit"]
    if not isinstance(limit, int) or limit < 2:
        raise ValueError(f"collatz limit must be a whole number >= 2, got {limit}")
    return [{"start": s + 1, "end": e + 1} for s, e in even_ranges(limit - 1, parts)]


def _combine(partials: list) -> dict:
    best = {"start": 0, "steps": -1}
    for p in partials:
        if p["steps"] > best["steps"] or (p["steps"] == best["steps"] and p["start"] < best["start"]):
            best = p
    return {"start": best["start"], "steps": best["steps"]}


collatz = PySuite(
    name="collatz",
    variants=("serial", "threads", "processes"),
    tasks_for=lambda size: -(-(size["limit"] - 1) // size["chunk"]),
    split=_split_collatz,
    kernel=longest_in_range,
    combine=_combine,
)
