"""producer-consumer on CPython (port of producer_consumer.ts beside it): P producers put numbered items
into one queue, M consumers take them off, one poison pill per consumer ends the run, as in the
tutorial's ``JoinableQueue`` example: ``multiprocessing.JoinableQueue`` between processes,
``queue.Queue`` (the same put / get / task_done / join) between threads. Every worker reaches the
queue itself; the parent only starts the producers, puts the pills and collects the reports. The
figure is items per second through the queue.

One run: the parent says go to every worker (a SimpleQueue each); a producer puts its range of
items and says done on the results queue; once every producer is done, the parent waits on the
queue's ``join()`` (every item taken and marked done) and only then puts the pills. The join is not
ceremony: a process's ``put`` returns before its feeder thread has written the item, so a pill put
on a producer's "done" alone could overtake that producer's last items and end a consumer early.
Each consumer answers its pill on the results queue with what it consumed and then waits for the
next go, not for the next item: the tutorial's consumer ends at its pill, and one that went on
taking could swallow the pill meant for another consumer.

Answer: the JS suite's, exactly. Each consumer keeps a bitmap of the items it took (32-bit words,
signed as a JS Int32Array gives them), counts any it took twice and any message that is no item of
the range, and sums ``item_result`` over what it took; the JS verify checks that no item is in two
bitmaps, none is missing and the sum is the known one. A duplicated or a lost item is a wrong answer.
"""
from __future__ import annotations

import queue
from typing import NamedTuple

from .._split import even_ranges
from ._comm import CommCell, Prepared, PyComm, not_ported

NAME = "producer-consumer"

# The cases: producers and consumers (producer_consumer.ts SHAPES).
SHAPES = {"1p-1c": (1, 1), "2p-2c": (2, 2)}

GO = "go"
DONE = "done"
PILL = "pill"
REPORT = "report"
# Ends a worker (on its control queue, at close).
STOP = "stop"


def item_result(item: int) -> int:
    """What a consumer computes for an item (producer_consumer.ts ``itemResult``: a 16-bit mix)."""
    return (((item ^ (item >> 13)) * 0x5BD1E995) & 0xFFFFFFFF) >> 16


def _int32(word: int) -> int:
    return word - (1 << 32) if word & 0x80000000 else word


def produce(index: int, control, items, results, start: int, end: int) -> None:
    """A producer's side: on each go, put its items one by one, then say done."""
    while control.get() == GO:
        put = items.put
        for item in range(start, end):
            put(item)
        results.put((DONE, index))


def consume(index: int, control, items, results, count: int) -> None:
    """A consumer's side: on each go, take items until the pill, answer it with a report."""
    get, task_done = items.get, items.task_done
    while control.get() == GO:
        words = [0] * -(-count // 32)
        consumed = duplicates = strays = total = 0
        while True:
            message = get()
            if type(message) is int and 0 <= message < count:
                word, bit = message >> 5, 1 << (message & 31)
                if words[word] & bit:
                    duplicates += 1
                else:
                    words[word] |= bit
                consumed += 1
                total += item_result(message)
            elif message == PILL:
                break
            else:
                strays += 1
            task_done()
        # The pill marked done before the report goes: the parent holding every report holds a drained queue.
        task_done()
        results.put((REPORT, index, {"consumed": consumed, "duplicates": duplicates, "strays": strays, "sum": total, "seen": [_int32(w) for w in words]}))


class Local(NamedTuple):
    case: str
    items_count: int
    producers: int
    consumers: int
    controls: list
    items: object
    results: object


def prepare(cell: CommCell, ctx) -> Prepared:
    shape = SHAPES.get(cell.case)
    if shape is None:
        raise not_ported(NAME, cell.case)
    producers, consumers = shape
    count = cell.size["items"]
    if ctx:
        items, results, controls = ctx.JoinableQueue(), ctx.Queue(), [ctx.SimpleQueue() for _ in range(producers + consumers)]
        channel = "multiprocessing.JoinableQueue"
    else:
        items, results, controls = queue.Queue(), queue.SimpleQueue(), [queue.SimpleQueue() for _ in range(producers + consumers)]
        channel = "queue.Queue"
    workers = [(produce, (i, controls[i], items, results, start, end)) for i, (start, end) in enumerate(even_ranges(count, producers))]
    workers += [(consume, (c, controls[producers + c], items, results, count)) for c in range(consumers)]
    return Prepared(workers=workers, local=Local(cell.case, count, producers, consumers, controls, items, results), channel=channel)


def run(local: Local) -> dict:
    """One timed run: go, every producer done, the queue drained, a pill per consumer, every report."""
    for control in local.controls:
        control.put(GO)
    results = local.results
    for _ in range(local.producers):
        message = results.get()
        if message[0] != DONE:
            raise ValueError(f"producer-consumer: {message[0]!r} came before every producer was done")
    local.items.join()
    for _ in range(local.consumers):
        local.items.put(PILL)
    reports = [None] * local.consumers
    for _ in range(local.consumers):
        kind, index, report = results.get()
        if kind != REPORT or reports[index] is not None:
            raise ValueError(f"producer-consumer: {kind!r} from consumer {index + 1} where its one report was due")
        reports[index] = report
    return {"case": local.case, "items": local.items_count, "producers": local.producers, "consumers": local.consumers, "reports": reports}


def stop(local: Local) -> None:
    for control in local.controls:
        control.put(STOP)


producer_consumer = PyComm(name=NAME, variants=("threads", "processes"), prepare=prepare, run=run, stop=stop)
