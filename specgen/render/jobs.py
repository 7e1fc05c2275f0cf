"""Rendering several outputs at once: Word and PDF side by side when a second core is free.

A PDF takes several times longer than a Word file, and both are made from the same assembled
document, so ``build`` (both formats by default) gains most from rendering them at the same time.
The work is split into two lanes of about equal cost; a forked child renders one lane from the
documents already in memory and sends the bytes back through a pipe, while this process renders
the other. Nothing is written here: the caller writes every file once all have rendered, so a
failure in either lane leaves every previous output untouched. The bytes are the same as from
rendering one after another (each renderer is deterministic and reads only its document).
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

from specgen.document import Document
from specgen.errors import RenderError
from specgen.render import RenderOptions, renderer

Job = tuple[str, Document]
"""A format ("docx", "pdf") and the document to render in it."""

COST = {"pdf": 6, "docx": 1}
"""Rough relative cost of each format, to balance the two lanes."""


def render_all(jobs: Mapping[Path, Job], options: RenderOptions,
               parallel: bool | None = None) -> dict[Path, bytes]:
    """Every job rendered, by output path, in the order given; in two processes if ``parallel``
    (by default: when a second core is free and the jobs make two lanes)."""
    here, there = lanes(jobs)
    if not there or not (spare_core() if parallel is None else parallel):
        return {path: _render(jobs[path], options) for path in jobs}
    child = _Child.start(there, jobs, options)
    try:
        ours = {path: _render(jobs[path], options) for path in here}
    except BaseException:
        child.stop()
        raise
    theirs = child.result()
    return {path: ours[path] if path in ours else theirs[path] for path in jobs}


def lanes(jobs: Mapping[Path, Job]) -> tuple[list[Path], list[Path]]:
    """The jobs in two lists of about equal cost, each job to the cheaper list so far, costliest
    first. The second list is empty when there is only one job."""
    costs = [0, 0]
    lists: tuple[list[Path], list[Path]] = ([], [])
    for path in sorted(jobs, key=lambda p: -_cost(jobs[p])):
        cheaper = costs.index(min(costs))
        lists[cheaper].append(path)
        costs[cheaper] += _cost(jobs[path])
    return lists


def _cost(job: Job) -> int:
    return COST.get(job[0], 1)


def spare_core() -> bool:
    """Whether another core is free for this process: more than one is ours, nothing but this
    process is running on the others (:func:`running`), this is not already a worker of a pool
    (``batch`` runs one per core), and it runs one thread (a fork copies only the calling thread,
    and a lock another thread held would stay locked in the child)."""
    import multiprocessing
    import threading

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return (cores > 1 and running() <= cores - 1 and threading.active_count() == 1
            and multiprocessing.parent_process() is None)


def running() -> float:
    """How many processes are running or waiting to run now, this one included (Linux's count
    in /proc/loadavg); elsewhere the one-minute load average. The average lags by a minute, so a
    build started just after another ended would wrongly find the machine busy."""
    try:
        with open("/proc/loadavg", encoding="ascii") as counts:
            return float(counts.read().split()[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        return os.getloadavg()[0]


def _render(job: Job, options: RenderOptions) -> bytes:
    fmt, document = job
    return renderer(fmt)(document, options)


class _Child:
    """A forked process rendering some of the jobs and sending the bytes back through a pipe."""

    def __init__(self, pid: int, reader: int) -> None:
        self.pid, self.reader = pid, reader

    @classmethod
    def start(cls, paths: list[Path], jobs: Mapping[Path, Job], options: RenderOptions) -> _Child:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid:
            os.close(writer)
            return cls(pid, reader)
        os.close(reader)
        _child_main(writer, paths, jobs, options)  # never returns

    def result(self) -> dict[Path, bytes]:
        """The child's bytes by path, once it has finished; its error raised here if it failed."""
        with os.fdopen(self.reader, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if not payload:
            raise RenderError(f"the process rendering beside this one stopped ({_how(status)})")
        kind, value = pickle.loads(payload)  # our own child's bytes, never a file's
        if kind == "error":
            raise value
        rendered: dict[Path, bytes] = value
        return rendered

    def stop(self) -> None:
        os.close(self.reader)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _child_main(writer: int, paths: list[Path], jobs: Mapping[Path, Job],
                options: RenderOptions) -> NoReturn:
    """Render, send the outcome, and leave at once: the parent's clean-up is the parent's."""
    try:
        outcome: tuple[str, object]
        try:
            outcome = ("done", {path: _render(jobs[path], options) for path in paths})
        except BaseException as error:  # anything, even Ctrl-C: the parent decides what it means
            outcome = ("error", error)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(_pickled(outcome))
    finally:
        os._exit(0)


def _pickled(outcome: tuple[str, object]) -> bytes:
    try:
        return pickle.dumps(outcome)
    except Exception:  # an error that cannot cross the pipe still arrives, as its message
        return pickle.dumps(("error", RenderError(str(outcome[1]))))


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
