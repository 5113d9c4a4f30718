"""Every ported suite by name (the CPython side of registry.ts beside it).

Adding a workload = ``<name>.ts`` and ``<name>.py`` in suites/ + one line here and one in registry.ts.
"""
from __future__ import annotations

from .collatz import collatz
from .countdown import countdown
from .gcd import gcd
from .io import io
from .pi import pi
from .primes import primes

SUITES = {s.name: s for s in (collatz, pi, gcd, countdown, primes, io)}
