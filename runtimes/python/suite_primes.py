"""primes: the tutorial's trial-division ``is_prime``, returning where it stopped (port of suites/primes.ts)."""
from __future__ import annotations

import math

from _split import even_ranges
from suite_types import PySuite

TUTORIAL_NUMBERS = [112272535095293, 112582705942171, 112272535095293, 115280095190773, 115797848077099, 1099726899285419]


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
    sizes={
        "quick": {"numbers": [999999999989, 1000000000039, 1000036000099]},
        "seed": {"numbers": TUTORIAL_NUMBERS},
        "default": {"numbers": TUTORIAL_NUMBERS + [140737488355333, 140737488355337]},
        "large": {
            "numbers": TUTORIAL_NUMBERS
            + [
                1125899906842679, 1125899906842723, 1125899906842769, 1125899906842783, 1125899906842817, 1125899906842829,
                1125899906842847, 1125899906842889, 1125899906842961, 1125899906842969, 1125899906843009, 1125899906843021,
                1125899906843059, 1125899906843123, 1125899906843189, 1125899906843209, 1125899906843221, 1125899906843233,
                1125899906843263, 1125899906843267, 1125899906843269, 1125899906843287, 1125899906843311, 1125899906843339,
                1125899906843389, 1125899906843399, 1125899906843449, 1125899906843477,
            ]
        },
    },
    tasks_for=lambda size: len(size["numbers"]),
    split=_split_primes,
    kernel=test_numbers,
    combine=lambda partials: [v for p in partials for v in p],
)
