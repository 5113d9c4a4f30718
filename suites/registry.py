"""Every ported suite by name (the CPython side of registry.ts beside it).

Adding a workload = ``<name>.ts`` and ``<name>.py`` in suites/ + one line here and one in registry.ts.
The communication suites (suites/comm/, ``COMM_SUITES``) are ported on CPython's own channels and
measured by comm sessions instead of pools, as registry.ts keeps them apart from the default list.
"""
from __future__ import annotations

from .collatz import collatz
from .comm.ping_pong import ping_pong
from .comm.producer_consumer import producer_consumer
from .comm.shared_counter import shared_counter
from .countdown import countdown
from .gcd import gcd
from .io import io
from .pi import pi
from .primes import primes

SUITES = {s.name: s for s in (collatz, pi, gcd, countdown, primes, io)}

COMM_SUITES = {s.name: s for s in (ping_pong, producer_consumer, shared_counter)}
