"""pi: Monte Carlo hit count, one xoshiro128** stream per task (CPython port of pi.ts beside it).

The generator steps are inlined on locals, as in the JS kernel; every value is masked to 32 bits,
so the draws equal the JS ``Math.imul`` / ``>>>`` arithmetic bit for bit. The step is written out
twice (one per coordinate) on purpose: this is the measured loop, and a function call or an inner
loop per draw would cost CPython more than the draw itself, so it would measure the call instead.
"""
from __future__ import annotations

from ._prng import MAX_UINT32, stream_state
from ._split import even_ranges
from .types import PySuite

R2 = 1 << 52


def count_hits(task: dict) -> dict:
    """The kernel: points whose top-26-bit coordinates a, b satisfy a*a + b*b < 2**52."""
    s0, s1, s2, s3 = stream_state(task["seed"], task["stream"])
    mask = 0xFFFFFFFF
    hits = 0
    for _ in range(task["points"]):
        m = (s1 * 5) & mask
        a = (((((m << 7) | (m >> 25)) & mask) * 9) & mask) >> 6
        t = (s1 << 9) & mask
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = ((s3 << 11) | (s3 >> 21)) & mask
        m = (s1 * 5) & mask
        b = (((((m << 7) | (m >> 25)) & mask) * 9) & mask) >> 6
        t = (s1 << 9) & mask
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = ((s3 << 11) | (s3 >> 21)) & mask
        if a * a + b * b < R2:
            hits += 1
    return {"points": task["points"], "hits": hits}


def _split_pi(size: dict, parts: int) -> list:
    if size["seed"] > MAX_UINT32:
        raise ValueError(f"pi seed must be a uint32, got {size['seed']}")
    return [{"points": e - s, "seed": size["seed"], "stream": k} for k, (s, e) in enumerate(even_ranges(size["points"], parts))]


def _combine(partials: list) -> dict:
    return {"points": sum(p["points"] for p in partials), "hits": sum(p["hits"] for p in partials)}


pi = PySuite(
    name="pi",
    variants=("serial", "threads", "processes"),
    tasks_for=lambda size: size["blocks"],
    split=_split_pi,
    kernel=count_hits,
    combine=_combine,
)
