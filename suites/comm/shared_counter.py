"""shared-counter on CPython (port of shared_counter.ts beside it): W workers add 1 to one counter, the
size's total split evenly over them, each case with the primitive the tutorials use for it:

- ``message``: each increment a message to the owner (the parent) on one queue, a
  ``multiprocessing.Queue`` from processes, a ``queue.SimpleQueue`` from threads; the parent counts;
- ``lock``: ``with counter.get_lock(): counter.value += 1`` on a ``multiprocessing.Value`` (its own
  lock, an RLock) for processes; the same update of a plain int under a ``threading.Lock`` for threads;
- ``slots padded`` / ``slots adjacent``: each worker adds to its own slot, summed by the parent at the
  end: a ``multiprocessing.Array`` of C ints without a lock (no slot has two writers) for processes,
  a list for threads. Padded slots are 128 bytes apart (32 C ints; 16 list items, which are 8-byte
  pointers), adjacent ones side by side, so the adjacent ones share a cache line. Between threads
  the GIL lets one thread write at a time, so false sharing can cost little there; between
  processes it costs what it costs in C.
- ``atomics`` (``Atomics.add``) has no CPython counterpart and is declared unsupported
  (runtimes/versions/support.ts ``portGaps``).

Unlike the JS suite, processes run ``lock`` and the slots: CPython shares a ``Value`` or an ``Array``
with a process (in memory both map), where no JS runtime can pass a SharedArrayBuffer to one.

A run: reset the counter (or slots), say go to each worker (a SimpleQueue each), wait until every
worker said done on the results queue (for ``message`` the same queue as its increments, so its
done comes after them), read the counter. Answer: the JS suite's, exactly (``count`` and the
increments the workers say they did, ``done``).
"""
from __future__ import annotations

import queue
import threading
from typing import NamedTuple

from .._split import even_ranges
from ._comm import CommCell, Prepared, PyComm, not_ported

NAME = "shared-counter"

PORTED = ("message", "lock", "slots padded", "slots adjacent")

# Slots between two padded slots: 128 bytes (x86 fetches cache lines in adjacent pairs).
PAD_C_INTS = 32
PAD_LIST_ITEMS = 16

GO = "go"
DONE = "done"
STOP = "stop"


class ThreadCounter:
    """The threads' counter: a plain int beside a ``threading.Lock``, shaped like a ``multiprocessing.Value``
    (``value``, ``get_lock()``), so one loop serves both kinds."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def get_lock(self):
        return self._lock


def slot_of(case: str, index: int, kind: str) -> int:
    """Where worker ``index`` counts among the slots."""
    if case == "slots padded":
        return index * (PAD_C_INTS if kind == "processes" else PAD_LIST_ITEMS)
    return index


def count(case: str, control, results, shared, slot: int, times: int) -> None:
    """A worker's side: on each go, ``times`` increments the case's way, then say done."""
    while control.get() == GO:
        if case == "message":
            put = results.put
            for _ in range(times):
                put(1)
        elif case == "lock":
            lock = shared.get_lock()
            for _ in range(times):
                with lock:
                    shared.value += 1
        else:
            for _ in range(times):
                shared[slot] += 1
        results.put((DONE, times))


class Local(NamedTuple):
    case: str
    workers: int
    kind: str
    controls: list
    results: object
    shared: object


def prepare(cell: CommCell, ctx) -> Prepared:
    case = cell.case
    if case not in PORTED:
        raise not_ported(NAME, case)
    slots = slot_of(case, cell.workers, cell.kind) if case.startswith("slots") else 0
    if ctx:
        results, controls = ctx.Queue(), [ctx.SimpleQueue() for _ in range(cell.workers)]
        shared = ctx.Value("i", 0) if case == "lock" else ctx.Array("i", slots, lock=False) if slots else None
        channel = {"message": "multiprocessing.Queue", "lock": "multiprocessing.Value"}.get(case, "multiprocessing.Array")
    else:
        results, controls = queue.SimpleQueue(), [queue.SimpleQueue() for _ in range(cell.workers)]
        shared = ThreadCounter() if case == "lock" else [0] * slots if slots else None
        channel = {"message": "queue.SimpleQueue", "lock": "threading.Lock"}.get(case, "list")
    times = [end - start for start, end in even_ranges(cell.size["increments"][case], cell.workers)]
    times += [0] * (cell.workers - len(times))
    workers = [(count, (case, controls[i], results, shared, slot_of(case, i, cell.kind), t)) for i, t in enumerate(times)]
    return Prepared(workers=workers, local=Local(case, cell.workers, cell.kind, controls, results, shared), channel=channel)


def run(local: Local) -> dict:
    """One timed run: reset, go, every worker done, read the counter."""
    shared = local.shared
    if local.case == "lock":
        shared.value = 0
    elif shared is not None:
        for i in range(len(shared)):
            shared[i] = 0
    for control in local.controls:
        control.put(GO)
    get = local.results.get
    messages = done = finished = 0
    while finished < local.workers:
        message = get()
        if message == 1:
            messages += 1
        elif type(message) is tuple and message[0] == DONE:
            done += message[1]
            finished += 1
    if local.case == "lock":
        total = shared.value
    elif shared is not None:
        total = sum(shared[slot_of(local.case, w, local.kind)] for w in range(local.workers))
    else:
        total = messages
    return {"case": local.case, "workers": local.workers, "count": total, "done": done}


def stop(local: Local) -> None:
    for control in local.controls:
        control.put(STOP)


shared_counter = PyComm(name=NAME, variants=("threads", "processes"), prepare=prepare, run=run, stop=stop)
