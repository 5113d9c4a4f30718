"""The suites' seedable generator, bit for bit as specified in _prng.ts beside it.

xoshiro128** 1.1 with four uint32 state words; stream ``k`` of run seed ``s`` is seeded by two
SplitMix64 outputs started at ``s * 2**32 + k``.
"""
from __future__ import annotations

M32 = 0xFFFFFFFF
M64 = (1 << 64) - 1
MAX_UINT32 = M32


def _splitmix64(x: int) -> tuple:
    """One SplitMix64 step: (new counter, output)."""
    x = (x + 0x9E3779B97F4A7C15) & M64
    z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return x, z ^ (z >> 31)


def stream_state(seed: int, stream: int) -> list:
    """The initial xoshiro128** state of stream ``stream`` of run seed ``seed`` (both uint32)."""
    for what, v in (("seed", seed), ("stream", stream)):
        if not isinstance(v, int) or v < 0 or v > MAX_UINT32:
            raise ValueError(f"{what} must be a uint32, got {v}")
    x, z1 = _splitmix64((seed << 32) | stream)
    x, z2 = _splitmix64(x)
    return [z1 & M32, z1 >> 32, z2 & M32, z2 >> 32]


class Xoshiro128ss:
    """The readable generator (the pi kernel inlines the same steps on locals)."""

    __slots__ = ("s",)

    def __init__(self, state: list) -> None:
        if len(state) != 4 or not any(state):
            raise ValueError("xoshiro128** needs four state words, not all zero")
        self.s = list(state)

    def next_uint32(self) -> int:
        """The next 32-bit output."""
        s = self.s
        m = (s[1] * 5) & M32
        result = ((((m << 7) | (m >> 25)) & M32) * 9) & M32
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = ((s[3] << 11) | (s[3] >> 21)) & M32
        return result

    def below(self, bound: int) -> int:
        """An integer in [0, bound) by ``next_uint32() % bound``, as the JS suites do."""
        return self.next_uint32() % bound
