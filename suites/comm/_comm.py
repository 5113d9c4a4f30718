"""What a CPython port of a communication suite holds: the two sides of suites/types.ts ``SuiteComm``,
on CPython's own primitives (the tutorials': ``Pipe``, ``JoinableQueue``, ``Value`` and its lock …).

The port builds its channels itself, because which primitive a case uses is the point of the case;
the block (runtimes/python/comm_session.py) starts the workers, waits until each is ready (timed as
spawn, outside every run), times ``run`` and nothing else, and calls ``stop`` at the end.

Sizes, verify and describe stay in the JS suites (as for the compute ports, suites/types.py): the
JS host sends the size's parameters and checks every raw answer with the JS suite's own verify, so
``run`` answers in exactly the JS suite's answer shape.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional


class CommCell(NamedTuple):
    """The cell a session runs (suites/types.ts ``CommCell``)."""

    size: dict
    case: Optional[str]
    # "threads" or "processes"
    kind: str
    workers: int


class Prepared(NamedTuple):
    """What ``prepare`` gives the session."""

    # One (target, args) per worker: its side, called once every worker has started.
    workers: list
    # What the parent keeps for ``run`` and ``stop``.
    local: Any
    # The primitive the case measures, for the cell's mechanism, e.g. ``multiprocessing.Pipe``.
    channel: str
    # Connection ends only the workers use: the parent closes its copies once process workers have
    # started, so a worker that dies is an EOF for the parent, not a wait forever.
    worker_ends: tuple = ()


class PyComm(NamedTuple):
    """A communication suite, ported."""

    name: str
    variants: tuple
    # (cell, ctx) -> Prepared; ctx is the multiprocessing context for processes, None for threads.
    prepare: Callable[[CommCell, Any], Prepared]
    # local -> the answer: one timed run.
    run: Callable[[Any], Any]
    # local -> None: ask every worker to return (the session then joins them).
    stop: Callable[[Any], None]


def not_ported(suite: str, case: Optional[str]) -> ValueError:
    """The one-line refusal of a case a port does not run (the plan never sends one)."""
    return ValueError(f"{suite} case {case!r} has no CPython port (runtimes/versions/support.ts portGaps says why)")
