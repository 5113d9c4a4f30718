"""Every ported suite by name. Adding one = one ``suite_<name>.py`` + one line here (and its JS suite)."""
from __future__ import annotations

from suite_collatz import collatz
from suite_countdown import countdown
from suite_gcd import gcd
from suite_io import io
from suite_pi import pi
from suite_primes import primes

SUITES = {s.name: s for s in (collatz, pi, gcd, countdown, primes, io)}
