"""What a Python port of a suite holds: the same sizes, split, kernel and combine as the JS suite.

There is no verify and no describe here on purpose: the JS suite's own ``verify`` and
``describeAnswer`` are applied to the raw results this side returns (bench/python_cell.ts), so the
same checks apply to every runtime.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional


class PySuite(NamedTuple):
    """One workload, ported. Tasks and partials are JSON-shaped exactly like the JS suite's."""

    name: str
    variants: tuple
    sizes: dict
    tasks_for: Callable[[Any], int]
    split: Callable[[Any, int], list]
    kernel: Callable[[Any], Any]
    combine: Callable[[list], Any]
    # The coroutine form of the kernel, for the ``async`` variant (io only).
    async_kernel: Optional[Callable[[Any], Any]] = None
