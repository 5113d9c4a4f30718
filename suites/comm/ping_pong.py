"""ping-pong on CPython (port of ping_pong.ts beside it): one message at a time between the parent and
one worker, there and back, N round trips per run, over a ``multiprocessing.Pipe`` (the tutorials'
``Pipe``): ``send`` / ``recv`` of the same ASCII payload string, 8 B to 1 MiB.

Processes: the Pipe to one ``multiprocessing.Process``. Threads: the same Pipe to one
``threading.Thread``, and not two ``queue.SimpleQueue``, because the cases are "copied each way": a
SimpleQueue hands the other thread a reference to the same str, so nothing would be copied, every
payload size would cost the same, and the report's MB/s (payload bytes moved per second) would be a
figure of nothing moving. Through the Pipe the string is pickled, crosses a socket and is rebuilt
on each side, as a JS thread's structured clone copies it; what the threads cells add over the
processes cells is the hand-off of the GIL instead of a process wake-up.

The "… transfer" cases (an ArrayBuffer moved with a transfer list) have no CPython counterpart and
are declared unsupported (runtimes/versions/support.ts ``portGaps``).

Answer: the JS suite's, exactly. Each echo adds its length and three sampled characters (first,
middle, last) to the checksum inside the run; the last echo is returned whole, and the JS verify
compares it with the payload outside the timed window. An echo that is not a non-empty str makes the
checksum None (JS: NaN, which JSON cannot carry), which the verify rejects.
"""
from __future__ import annotations

import multiprocessing
from typing import NamedTuple

from ._comm import CommCell, Prepared, PyComm, not_ported

NAME = "ping-pong"

# The copied payloads: label -> bytes (ping_pong.ts PAYLOADS).
PAYLOADS = {"8 B": 8, "1 KiB": 1024, "64 KiB": 65536, "1 MiB": 1048576}

# Letters and digits only, as ping_pong.ts: the same payload on every runtime.
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# Ends the worker's echo loop (never a payload: payloads are str).
STOP = None


def payload_text(size: int) -> str:
    """The copied payload of ``size`` bytes (ping_pong.ts ``payloadText``)."""
    return (ALNUM * -(-size // len(ALNUM)))[:size]


def text_sample(echo) -> int:
    """One echo's share of the checksum (ping_pong.ts ``textSample``); -1 for anything but a non-empty str."""
    if type(echo) is not str or not echo:
        return -1
    return len(echo) + ord(echo[0]) + ord(echo[len(echo) >> 1]) + ord(echo[-1])


def echo(conn) -> None:
    """The worker's side: each message straight back on the channel it came from, until STOP."""
    recv, send = conn.recv, conn.send
    while True:
        message = recv()
        if message is STOP:
            return
        send(message)


class Local(NamedTuple):
    case: str
    size: int
    trips: int
    text: str
    conn: object


def prepare(cell: CommCell, ctx) -> Prepared:
    size = PAYLOADS.get(cell.case)
    if size is None:
        raise not_ported(NAME, cell.case)
    parent, child = (ctx or multiprocessing).Pipe()
    local = Local(cell.case, size, cell.size["trips"][cell.case], payload_text(size), parent)
    return Prepared(workers=[(echo, (child,))], local=local, channel="multiprocessing.Pipe", worker_ends=(child,))


def run(local: Local) -> dict:
    """One timed run: ``trips`` round trips, each ping sent once the previous pong is back."""
    send, recv = local.conn.send, local.conn.recv
    payload = local.text
    checksum = 0
    broken = False
    last = None
    for _ in range(local.trips):
        send(payload)
        last = recv()
        sample = text_sample(last)
        if sample < 0:
            broken = True
        checksum += sample
    return {"case": local.case, "bytes": local.size, "trips": local.trips, "checksum": None if broken else checksum,
            # Only a str can be what came back right; anything else might not even be JSON.
            "last": last if type(last) is str else None}


def stop(local: Local) -> None:
    local.conn.send(STOP)


ping_pong = PyComm(name=NAME, variants=("threads", "processes"), prepare=prepare, run=run, stop=stop)
