"""Build many answer files at once: in worker processes, and only those whose inputs changed.

    todo = plan(files, out, options)        # cheap: digests and a manifest, no assembling
    for outcome in execute(todo, jobs): ... # builds the rest in parallel, records the manifest

A file is skipped when its fingerprint (see :mod:`specgen.workflows.fingerprint`) matches the manifest
beside the outputs and every output it recorded is still there, unaltered. A file that cannot be
built is reported with its reason; it never stops the others and never touches earlier outputs,
because :func:`specgen.pipeline.build` writes nothing until every document has rendered.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from specgen import bounds
from specgen.errors import AnswersError, EditedError, SpecgenError
from specgen.workflows import fingerprint as fp
from specgen.workflows import workers
from specgen.workflows.report_fields import Stale, warning_groups

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
Status = Literal["built", "unchanged", "edited", "failed"]


@dataclass(frozen=True)
class BatchOptions:
    kinds: tuple[str, ...] = ("spec",)
    formats: tuple[str, ...] = ("docx", "pdf")
    reference_doc: Path | None = None
    snippets: Path | None = None
    force: bool = False
    """Rebuild every file even when nothing has changed."""
    layout: str | None = None
    """The section structure for every file, instead of each answer file's own."""
    edits: Literal["refuse", "keep", "discard"] = "refuse"
    """What to do about documents edited by hand since specgen wrote them (see pipeline.build)."""
    publish: bool = False
    """Leave out the working appendices of every document."""

    def shaping(self) -> dict[str, Any]:
        """The options that change what the outputs contain, for the fingerprint."""
        return {"kinds": list(self.kinds), "formats": list(self.formats), "layout": self.layout,
                "publish": self.publish}


@dataclass(frozen=True)
class Outcome:
    """What happened to one answer file."""

    file: Path
    status: Status
    outputs: tuple[Path, ...] = ()
    warnings: tuple[str, ...] = ()
    reason: str = ""
    """Why a file failed, in one line."""
    details: str = ""
    """Every problem, one located line each."""
    trace: str = ""
    """The traceback of an unexpected error (a bug), for --debug."""
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    """The peak memory of the worker process that built the file."""
    entry: fp.Entry | None = field(default=None, repr=False, compare=False)
    merges: tuple[Any, ...] = ()
    """What happened to each clause of each Word file whose edits were kept (FileMerge)."""
    set_aside: tuple[Path, ...] = ()
    """Edited documents saved beside the new ones (--discard-edits)."""
    stale: tuple[Stale, ...] = ()
    """A failed file's documents from an earlier build, kept but no longer up to date."""

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.file), "status": self.status, "outputs": [str(p) for p in self.outputs],
                "warnings": list(self.warnings), "warnings_by_kind": warning_groups(self.warnings),
                "stale": [s.to_json() for s in self.stale], "reason": self.reason,
                "details": self.details.splitlines(),
                "seconds": round(self.seconds, 4), "peak_rss_mb": round(self.peak_rss_mb, 1),
                "set_aside": [str(p) for p in self.set_aside],
                "merges": [merge.to_json() for merge in self.merges]}


@dataclass(frozen=True)
class Job:
    """One file to build, as sent to a worker process."""

    source: Path
    out: Path
    options: BatchOptions
    answers: str
    """The digest of the answer bytes as the plan read them."""


@dataclass
class Plan:
    out: Path
    options: BatchOptions
    inputs: fp.Inputs
    manifest: dict[str, fp.Entry]
    order: list[Path]
    settled: list[Outcome]
    """Files decided without building: unchanged ones, and ones that cannot be read."""
    jobs: list[Job]
    manifest_problem: str = ""
    """Why the manifest could not be written, if it could not (the next run then rebuilds)."""


def answer_files(paths: Sequence[Path]) -> list[Path]:
    """The answer files named, with each folder replaced by the answer files directly inside it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if _is_answer_file(p)))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _is_answer_file(path: Path) -> bool:
    return path.suffix.lower() in ANSWER_SUFFIXES and not path.name.startswith(".") and path.is_file()


def plan(files: Sequence[Path], out: Path, options: BatchOptions) -> Plan:
    """Decide which files need building. Reads digests only: nothing is assembled or rendered."""
    inputs = fp.gather(options.shaping(), options.snippets, options.reference_doc)
    todo = Plan(out, options, inputs, fp.read_manifest(out), list(files), [], [])
    owners: dict[str, Path] = {}
    for source in files:
        if source.stem in owners:
            todo.settled.append(_failed(source, f"has the same name as {owners[source.stem]}, so both "
                                        "would write the same documents; rename one"))
            continue
        owners[source.stem] = source
        _decide(todo, source)
    return todo


def _decide(todo: Plan, source: Path) -> None:
    try:
        answers = fp.digest(bounds.read(source))  # a device, pipe or huge file is refused unread
    except AnswersError as error:
        todo.settled.append(_failed(source, _first_problem(error), str(error)))
        return
    if not todo.options.force and _unchanged(todo, source.stem, answers):
        entry = todo.manifest[source.stem]
        outputs = tuple(todo.out / name for name in entry["outputs"])
        todo.settled.append(Outcome(source, "unchanged", outputs, _recorded_warnings(entry)))
    else:
        todo.jobs.append(Job(source, todo.out, todo.options, answers))


def _unchanged(todo: Plan, stem: str, answers: str) -> bool:
    entry = todo.manifest.get(stem)
    if not isinstance(entry, dict) or not isinstance(entry.get("outputs"), dict):
        return False
    used = entry.get("clauses")
    if not isinstance(used, list) or entry.get("fingerprint") != fp.fingerprint(todo.inputs, answers, used):
        return False
    return all(fp.intact(todo.out / name, record) for name, record in entry["outputs"].items())


def _recorded_warnings(entry: fp.Entry) -> tuple[str, ...]:
    """The warnings of the build that made the outputs (an older manifest has none recorded)."""
    warnings = entry.get("warnings")
    return tuple(w for w in warnings if isinstance(w, str)) if isinstance(warnings, list) else ()


def execute(todo: Plan, jobs: int) -> Iterator[Outcome]:
    """Yield every file's outcome: the settled ones first, then each build as it finishes.

    The manifest is written at the end, even if the caller stops early (Ctrl-C), so finished
    builds are remembered. If it cannot be written, ``todo.manifest_problem`` says why.
    """
    yield from todo.settled
    if not todo.jobs:
        return
    try:
        for outcome in _run_pool(todo.jobs, jobs):
            _remember(todo, outcome)
            yield outcome
    finally:
        todo.manifest_problem = _record(todo)


def _record(todo: Plan) -> str:
    try:
        fp.write_manifest(todo.out, todo.manifest)
    except SpecgenError as error:
        return str(error)
    return ""


def _run_pool(work: list[Job], jobs: int) -> Iterator[Outcome]:
    # Imported here so that the unchanged path never pays for multiprocessing.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    # On Linux, fork: workers start at once, whatever the main module is. The caller must not
    # be running threads (the CLI's progress bar refreshes by hand for this reason). Elsewhere,
    # the platform's own safe default.
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    if context.get_start_method() == "fork":
        _preload(work[0].options.formats)
    pool = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(work))), mp_context=context,
                               initializer=workers.in_worker)
    finished = False
    try:
        futures = {pool.submit(workers.call, build_one, job): job for job in work}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield _failed(futures[future].source, "the worker process stopped unexpectedly "
                              "(out of memory?)")
            except Exception as error:  # e.g. a result that could not be sent back: still only this file
                yield _failed(futures[future].source, f"unexpected {type(error).__name__}: {error}")
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:  # stopped early (a signal, or the caller gave up): no worker may carry on
            workers.stop(pool)


def _preload(formats: Sequence[str]) -> None:
    """Import the pipeline and renderers once, here, so that forked workers start with them."""
    import importlib

    from specgen.render import RENDERERS

    importlib.import_module("specgen.pipeline")
    for fmt in formats:
        importlib.import_module(RENDERERS[fmt])
    if "pdf" in formats:
        importlib.import_module("weasyprint")  # the PDF renderer imports it only when first used


def _remember(todo: Plan, outcome: Outcome) -> None:
    if outcome.status != "built" or outcome.entry is None:
        return
    entry = dict(outcome.entry)
    entry["fingerprint"] = fp.fingerprint(todo.inputs, entry["answers"], entry["clauses"])
    if entry["fingerprint"] is not None:
        todo.manifest[outcome.file.stem] = entry


def _failed(source: Path, reason: str, details: str = "", seconds: float = 0.0,
            trace: str = "") -> Outcome:
    details = details or f"{source}: {reason}"
    return Outcome(source, "failed", reason=reason, details=details, trace=trace, seconds=seconds)


# --- in the worker process -------------------------------------------------------------------


def build_one(job: Job) -> Outcome:
    """Build one file. Runs in a worker; returns plain data and never raises."""
    start = time.perf_counter()
    try:
        return _build(job, start)
    except EditedError as error:
        return Outcome(job.source, "edited", tuple(error.paths), reason="edited by hand since specgen "
                       "wrote it; left alone (rerun with --keep-edits or --discard-edits)",
                       details=str(error), seconds=time.perf_counter() - start)
    except AnswersError as error:
        return _failed(job.source, _first_problem(error), str(error), time.perf_counter() - start)
    except SpecgenError as error:
        lines = str(error).splitlines() or [type(error).__name__]
        return _failed(job.source, lines[0], "\n".join(f"{job.source}: {line}" for line in lines),
                       time.perf_counter() - start)
    except Exception as error:  # a bug must not stop the other files; report it with its trace
        return _failed(job.source, f"unexpected {type(error).__name__}: {error} (a bug in specgen; "
                       "rerun with --debug and report it)", seconds=time.perf_counter() - start,
                       trace=traceback.format_exc())


def _build(job: Job, start: float) -> Outcome:
    from specgen.pipeline import build
    from specgen.render import RenderOptions

    options = job.options
    result = build(job.source, job.out, options.kinds, options.formats,
                   RenderOptions(options.reference_doc), options.snippets, options.layout, options.edits,
                   record=False, publish=options.publish)
    entry = {"source": str(job.source), "answers": job.answers,
             "clauses": _clauses_used(result.documents, options.snippets),
             "outputs": {path.name: fp.output_record(path) for path in result.outputs},
             "warnings": list(result.warnings)}
    return Outcome(job.source, "built", result.outputs, result.warnings,
                   seconds=time.perf_counter() - start, peak_rss_mb=_peak_rss_mb(), entry=entry,
                   merges=result.merges, set_aside=result.set_aside)


def _first_problem(error: AnswersError) -> str:
    more = len(error.problems) - 1
    first = str(error.problems[0]) if error.problems else str(error)
    return first + (f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else "")


def _clauses_used(documents: Sequence[Any], snippets: Path | None) -> list[str]:
    from specgen.library.clauses import load_library

    roots = fp.library_roots(snippets)
    used: set[str] = set()
    for document in documents:
        paths = {spec.id: spec.path for spec in load_library(snippets, document.kind).clauses}
        # A clause made by the code rather than from a file depends on nothing in the library.
        used.update(fp.clause_key(paths[c.id], roots) for c in document.clauses() if c.id in paths)
    return sorted(used)


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # not on Windows; the figure is for the benchmark only
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
