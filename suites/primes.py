"""primes: the tutorial's trial-division ``is_prime``, returning where it stopped.

The CPython port of primes.ts beside it.
"""
from __future__ import annotations

import math

from ._split import even_ranges
from .types import PySuite

def smallest_divisor(n: int) -> int:
    """The divisor trial division stops at: the smallest one > 1, ``n`` when prime, 0 below 2."""
    if n < 2:
        return 0
    if n % 2 == 0:
        return 2
    # math.isqrt is floor(sqrt(n)) exactly; the JS kernel's Math.floor(Math.sqrt(n)) equals it below 2**52.
    for i in range(3, math.isqrt(n) + 1, 2):
        if n % i == 0:
            return i
    return n


def test_numbers(task: dict) -> list:
    """The kernel: a verdict per number."""
    out = []
    for n in task["numbers"]:
        d = smallest_divisor(n)
        out.append({"n": n, "prime": d == n, "divisor": d})
    return out


def _split_primes(size: dict, parts: int) -> list:
    numbers = size["numbers"]
    for n in numbers:
        if not isinstance(n, int) or n < 0 or n >= 2**51:
            raise ValueError(f"primes: {n} is not a whole number in [0, 2^51)")
    return [{"numbers": numbers[s:e]} for s, e in even_ranges(len(numbers), parts)]


primes = PySuite(
    name="primes",
    variants=("serial", "threads", "processes"),
    tasks_for=lambda size: len(size["numbers"]),
    split=_split_primes,
    kernel=test_numbers,
    combine=lambda partials: [v for p in partials for v in p],
)
