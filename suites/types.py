"""What a Python port of a suite holds: the same split, kernel and combine as the JS suite.

Sizes, verify and describe are not here on purpose: the JS suites are their only source. The JS
host (harness/python_block.ts) sends the size's parameters with the request, and applies the JS
suite's own ``verify`` and ``describeAnswer`` to the raw results this side returns, so the same
work and the same checks apply to every runtime.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional


class PySuite(NamedTuple):
    """One workload, ported. Tasks and partials are JSON-shaped exactly like the JS suite's."""

    name: str
    variants: tuple
    tasks_for: Callable[[Any], int]
    split: Callable[[Any, int], list]
    kernel: Callable[[Any], Any]
    combine: Callable[[list], Any]
    # The coroutine form of the kernel, for the ``async`` variant (io only).
    async_kernel: Optional[Callable[[Any], Any]] = None
