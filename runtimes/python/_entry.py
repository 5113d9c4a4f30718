"""The process side of the CPython block entry (block.py), apart from its measuring: stopping on a
signal or when its host is gone, one-line reasons, and printing the one record line.

The entry puts this folder and the project root on ``sys.path`` itself before importing this (``-I``
leaves the script's folder off it): this folder for the adapter modules, the root for the ``suites``
package, where the ports of the workloads live beside their JS suites.
"""
from __future__ import annotations

import json
import os
import platform
import signal
import sys
import threading
import time

RUNTIME = "python"
VERSION = platform.python_version()

# How often the host is checked for (harness/orphan_watch.ts checks every 0.5 s too).
ORPHAN_CHECK_S = 0.5


class Stopped(BaseException):
    """The process was asked to stop by a signal.

    A BaseException, so the ``except Exception`` that isolates one failing cell of a block does not
    take a stop for that cell's failure: a stop ends the whole process.
    """


# Which entry is running, for the stop message ("python cell stopped by SIGTERM").
_entry_name = "process"


def _on_signal(signum, _frame) -> None:
    raise Stopped(f"python {_entry_name} stopped by {signal.Signals(signum).name}")


def stop_on_signals(entry_name: str) -> None:
    """Turn SIGTERM and SIGINT into :class:`Stopped`, so every ``finally`` closing a pool runs."""
    global _entry_name
    _entry_name = entry_name
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)


def stop_when_orphaned(host=None) -> None:
    """Once the JS host is gone (killed where it could not kill its group: Deno), stop as on SIGTERM,
    so the pools are terminated and no worker runs on. A daemon thread that sleeps between checks.

    ``host`` is the host's pid when the request names it: a host that died before this process
    looked would otherwise pass for the parent it was reparented to.
    """
    if not isinstance(host, int) or isinstance(host, bool):
        host = os.getppid()

    def watch() -> None:
        while os.getppid() == host:
            time.sleep(ORPHAN_CHECK_S)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="tribench-orphan-watch", daemon=True).start()


def block_gone_check(block: int):
    """For a worker process of the block whose pid is ``block``: a function that says whether the block
    is gone. Call it in the worker, at its start.

    Not "the parent pid changed from ``block``": under the ``forkserver`` start method (Linux's default
    from Python 3.14) a worker's parent is the fork server, not the block. So: the worker's parent at
    its start changed (the block, or the fork server, which ends with the block), or ``block`` is no
    longer a process.
    """
    first = os.getppid()

    def gone() -> bool:
        if os.getppid() != first:
            return True
        try:
            os.kill(block, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        return False

    return gone


def one_line(error: BaseException) -> str:
    """The first line of an error's message, or its type's name when it has none."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def is_crash(error: BaseException) -> bool:
    """A stop signal or a dead worker is a crash; anything else (a bad request, a throw) an error."""
    return isinstance(error, Stopped) or type(error).__name__ in ("BrokenProcessPool", "BrokenThreadPool")


def emit_and_exit(record: dict) -> None:
    """Print ``record`` as the one stdout line and end the process: 0 when ok, else 1.

    ``os._exit`` because the pools are closed or terminated by now, and a stopped thread pool's
    running task would otherwise hold the interpreter's exit (concurrent.futures joins its threads).
    """
    sys.stdout.write(json.dumps(record, separators=(",", ":")) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0 if record["ok"] else 1)
