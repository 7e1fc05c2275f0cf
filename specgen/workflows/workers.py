"""Worker processes that never outlive the command that started them.

A service manager stops a command by sending SIGTERM to its main process only; Ctrl-C sends
SIGINT to every process of the terminal's group. Either way the main process decides: workers
ignore SIGINT, and when the main process stops early it sends each worker SIGTERM, which unwinds
the build under way (its staged temporary files are removed, no output is renamed into place)
and ends the process. A worker still running :data:`GRACE` seconds later, stuck in native code,
is killed outright. The main process waits for every worker to end before it goes on, so no file
is written after the command has exited.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from types import FrameType
from typing import Any, NoReturn, TypeVar

GRACE = 1.0
"""Seconds a worker has to tidy up after SIGTERM before it is killed."""

Argument = TypeVar("Argument")
Result = TypeVar("Result")


class Stopped(SystemExit):
    """Raised in a worker by SIGTERM: unwinds the work under way, then ends the process."""


def in_worker() -> None:
    """The pool's initializer: signals as described above (a forked worker inherits the main's)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)


def _stop(signum: int, frame: FrameType | None) -> NoReturn:
    raise Stopped(128 + signum)


def call(function: Callable[[Argument], Result], argument: Argument) -> Result:
    """Run ``function(argument)`` in a worker; once SIGTERM has unwound it, end the process.

    The pool would otherwise report the exit as the task's result and wait for the next task.
    """
    try:
        return function(argument)
    except Stopped as stopped:
        os._exit(stopped.code if isinstance(stopped.code, int) else 1)


def stop(pool: ProcessPoolExecutor) -> None:
    """End every worker of ``pool`` (SIGTERM, then SIGKILL after GRACE) and wait for each."""
    # ProcessPoolExecutor keeps its processes here until Python 3.14's terminate_workers().
    processes: list[Any] = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + GRACE
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.kill()
            process.join()
    pool.shutdown(wait=False, cancel_futures=True)
