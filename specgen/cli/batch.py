"""`specgen batch`: many answer files in parallel, with a progress bar and a result table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from specgen.cli.app import (
    DiscardEditsOption,
    FormatOption,
    KeepEditsOption,
    KindOption,
    LayoutOption,
    OutOption,
    PublishOption,
    ReferenceDocOption,
    SnippetsOption,
    app,
    checked_layout,
    csv,
    edits_policy,
    fail,
    state,
)
from specgen.errors import SpecgenError

if TYPE_CHECKING:
    from rich.console import Console

    from specgen.workflows.batch import Outcome, Plan

@app.command()
def batch(
    paths: Annotated[list[Path], typer.Argument(
        help="Answer files, or folders whose answer files (*.yaml, *.yml, *.json) to build.",
        exists=True, show_default=False)],
    out: OutOption = Path("out"),
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, show_default=False,
                                             help="Files built at once [default: one per CPU].")] = None,
    kind: KindOption = "spec",
    fmt: FormatOption = "docx,pdf",
    reference_doc: ReferenceDocOption = None,
    snippets: SnippetsOption = None,
    layout: LayoutOption = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild every file, changed or not (e.g. "
                                        "after editing specgen's own code).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    keep_edits: KeepEditsOption = False,
    discard_edits: DiscardEditsOption = False,
    publish: PublishOption = False,
) -> None:
    """Build many answer files in parallel, skipping those whose inputs have not changed.

    A file that fails is reported with its reason and keeps its earlier documents; the others
    are built regardless. A file whose documents were edited by hand is reported as edited and left
    alone, unless given --keep-edits or --discard-edits. Exit 1 if any file failed or was edited.
    """
    import os
    import time

    from specgen.workflows.batch import BatchOptions, answer_files, plan

    start = time.perf_counter()
    files = answer_files(paths)
    if not files:
        raise typer.BadParameter("no answer files (*.yaml, *.yml, *.json) found", param_hint="PATHS")
    options = BatchOptions(_names(kind), _names(fmt), reference_doc, snippets, force, checked_layout(layout),
                           edits_policy(keep_edits, discard_edits), publish)
    try:
        todo = plan(files, out, options)
    except OSError as error:
        fail(SpecgenError(f"{error.filename}: cannot read: {error.strerror}"))
        return
    if todo.jobs:
        # Checked only now: the names live in specgen.pipeline, which is slow to import. Unknown
        # names never match the manifest, so they always leave work and are caught here.
        from specgen.pipeline import FORMATS, KINDS

        csv(kind, KINDS, "--kind")
        csv(fmt, FORMATS, "--format")
    outcomes = _stoppable(lambda: _run_batch(todo, jobs or os.cpu_count() or 1, progress=not as_json))
    _batch_report(outcomes, time.perf_counter() - start, as_json)
    if todo.manifest_problem:
        typer.echo(f"{todo.manifest_problem}; the results are not recorded, so the next run "
                   "rebuilds these files", err=True)
    if todo.manifest_problem or any(o.status in ("failed", "edited") for o in outcomes):
        raise typer.Exit(1)


class _Stopped(BaseException):
    """A signal to stop, raised where the main process is, so that every ``finally`` runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stoppable(run: Callable[[], list[Outcome]]) -> list[Outcome]:
    """Run so that SIGINT, SIGTERM or SIGHUP stop the batch in order: workers ended, manifest kept.

    Further signals are ignored while it tidies up. Exit 128 + the signal's number, as a process
    ended by it would.
    """
    import signal

    wanted = [signal.SIGINT, signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]

    def stop(signum: int, frame: object) -> None:
        for each in wanted:
            signal.signal(each, signal.SIG_IGN)
        raise _Stopped(signum)

    previous = {signum: signal.signal(signum, stop) for signum in wanted}
    try:
        return run()
    except _Stopped as stopped:
        typer.echo(f"stopped by {signal.Signals(stopped.signum).name}; finished files are recorded",
                   err=True)
        raise typer.Exit(128 + stopped.signum) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _names(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _run_batch(todo: Plan, jobs: int, progress: bool) -> list[Outcome]:
    """Every file's outcome in the order given, with a failed file's stale documents named.

    Progress goes to stderr: a bar on a terminal, otherwise one plain line per finished file, so
    that a log shows movement.
    """
    from rich.console import Console

    from specgen.workflows.batch import execute
    from specgen.workflows.batch_report import mark_stale

    console = Console(stderr=True)
    if not progress:
        outcomes = list(execute(todo, jobs))
    elif console.is_terminal:
        outcomes = _with_bar(todo, jobs, console)
    else:
        outcomes = _with_lines(todo, jobs)
    rank = {path: index for index, path in enumerate(todo.order)}
    return sorted((mark_stale(o, todo) for o in outcomes), key=lambda o: rank[o.file])


def _with_bar(todo: Plan, jobs: int, console: Console) -> list[Outcome]:
    from rich.progress import Progress

    from specgen.workflows.batch import execute

    outcomes = []
    # No refresh thread (auto_refresh=False): worker processes are forked from this one.
    with Progress(console=console, auto_refresh=False, transient=True) as bar:
        task = bar.add_task("building", total=len(todo.order))
        for outcome in execute(todo, jobs):
            outcomes.append(outcome)
            bar.update(task, advance=1, description=outcome.file.name)
            bar.refresh()
    return outcomes


def _with_lines(todo: Plan, jobs: int) -> list[Outcome]:
    from specgen.workflows.batch import execute
    from specgen.workflows.batch_report import progress_line

    outcomes = []
    for outcome in execute(todo, jobs):
        outcomes.append(outcome)
        typer.echo(progress_line(outcome, len(outcomes), len(todo.order)), err=True)
    return outcomes


def _batch_report(outcomes: list[Outcome], seconds: float, as_json: bool) -> None:
    from specgen.workflows.batch_report import counts, summary_line

    if as_json:
        summary = {**counts(outcomes), "seconds": round(seconds, 3)}
        typer.echo(json.dumps({"summary": summary, "files": [o.to_json() for o in outcomes]}, indent=2))
    else:
        _batch_table(outcomes)
    for outcome in (o for o in outcomes if o.status in ("failed", "edited")):
        typer.echo(outcome.trace if state["debug"] and outcome.trace else outcome.details, err=True)
    typer.echo(summary_line(outcomes, seconds), err=True)


def _batch_table(outcomes: list[Outcome]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from specgen.workflows.batch_report import details

    table = Table("file", "result", "details")
    for column in table.columns:
        column.overflow = "fold"  # never cut a file name or a reason short
    for outcome in outcomes:
        # Text, not markup: a file name or an answer may hold "[…]"
        table.add_row(Text(str(outcome.file)), outcome.status, Text(details(outcome)))
    Console(highlight=False).print(table)
