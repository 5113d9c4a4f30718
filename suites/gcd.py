"""gcd: brute-force gcds of seven-digit pairs (CPython port of gcd.ts beside it, same generated pairs)."""
from __future__ import annotations

from ._prng import Xoshiro128ss, stream_state
from ._split import even_ranges
from .types import PySuite

TUTORIAL_PAIRS = [(1963309, 2265973), (2030677, 3814172), (1551645, 2229620), (2039045, 2020802)]
GCD_SEED = 7


def pairs_for(count: int) -> list:
    """The first ``count`` pairs: the tutorial's four, then two draws per pair from stream ``i``."""
    if not isinstance(count, int) or count < 1:
        raise ValueError(f"gcd pairs must be a whole number >= 1, got {count}")
    out = []
    for i in range(count):
        if i < len(TUTORIAL_PAIRS):
            out.append(list(TUTORIAL_PAIRS[i]))
            continue
        g = Xoshiro128ss(stream_state(GCD_SEED, i))
        a = 1_000_000 + g.below(3_000_000)
        b = 1_000_000 + g.below(3_000_000)
        out.append([a, b])
    return out


def brute_force_gcd(a: int, b: int) -> int:
    """The tutorial's algorithm: try every d from min(a, b) down."""
    for d in range(min(a, b), 1, -1):
        if a % d == 0 and b % d == 0:
            return d
    return 1


def gcds_of(task: dict) -> list:
    """The kernel: brute-force gcd of each pair."""
    return [brute_force_gcd(a, b) for a, b in task["pairs"]]


def _split_gcd(size: dict, parts: int) -> list:
    pairs = pairs_for(size["pairs"])
    return [{"pairs": pairs[s:e]} for s, e in even_ranges(len(pairs), parts)]


gcd = PySuite(
    name="gcd",
    variants=("serial", "threads", "processes"),
    tasks_for=lambda size: size["pairs"],
    split=_split_gcd,
    kernel=gcds_of,
    combine=lambda partials: [g for p in partials for g in p],
)
