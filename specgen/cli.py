"""The command line. The only module that prints or exits; it catches specgen's own errors only."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from specgen import __version__
from specgen.errors import AnswersError, SpecgenError

if TYPE_CHECKING:
    from specgen.batch import Outcome, Plan
    from specgen.diff import Comparison
    from specgen.interview import Interview

app = typer.Typer(
    help="Write PAIR service specifications from a commissioner's answers.\n\n"
    "Start from an example: copy examples/northmoor-new-team.yaml, edit it, then run "
    "'specgen validate FILE' and 'specgen build FILE'.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
_state = {"debug": False}

FilesArg = Annotated[list[Path], typer.Argument(help="Answer files (YAML or JSON).",
                                                 show_default=False)]


def _csv(value: str, allowed: tuple[str, ...], option: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in items if v not in allowed]
    if unknown or not items:
        raise typer.BadParameter(f"choose from {', '.join(allowed)} (comma-separated)",
                                 param_hint=option)
    return items


LAYOUTS = ("toolkit", "nhs", "council")
LayoutOption = Annotated[str | None, typer.Option(
    help="Section structure: toolkit, nhs (NHS Standard Contract) or council. "
         "Default: the answers' layout, else toolkit.", show_default=False)]
AnswerFileArg = Annotated[Path, typer.Argument(help="The answer file (YAML or JSON).", show_default=False)]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Folder for the documents.")]
KindOption = Annotated[str, typer.Option(help="Which documents: spec, strategy or spec,strategy.")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Formats: docx,pdf.")]
ReferenceDocOption = Annotated[Path | None, typer.Option(
    help="A .docx whose styles to use instead of specgen's.", exists=True, dir_okay=False)]
SnippetsOption = Annotated[Path | None, typer.Option(
    help="A folder of your own clauses that override or add to the bundled ones.",
    exists=True, file_okay=False)]


def _layout(value: str | None) -> str | None:
    if value is not None and value not in LAYOUTS:
        raise typer.BadParameter(f"choose from {', '.join(LAYOUTS)}", param_hint="--layout")
    return value


def _fail(error: SpecgenError) -> None:
    if _state["debug"]:
        raise error
    typer.echo(str(error), err=True)
    raise typer.Exit(1)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"specgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.",
                                          callback=_print_version, is_eager=True)] = False,
) -> None:
    _state["debug"] = debug


@app.command()
def validate(files: FilesArg) -> None:
    """Check answer files. Prints FILE:LINE:COL: field: message per problem; exit 1 if any.

    Warnings (answers that are valid but look wrong) go to stderr and do not change the exit code.
    """
    from specgen.review import review

    failed = 0
    for path in files:
        try:
            for warning in review(path)[1]:
                typer.echo(warning, err=True)
        except AnswersError as error:
            failed += 1
            typer.echo(str(error))
        except SpecgenError as error:
            failed += 1
            typer.echo(f"{path}: {error}")
    typer.echo(f"{len(files) - failed} of {len(files)} file(s) valid", err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def build(
    file: AnswerFileArg,
    out: OutOption = Path("out"),
    kind: KindOption = "spec",
    fmt: FormatOption = "docx,pdf",
    reference_doc: ReferenceDocOption = None,
    snippets: SnippetsOption = None,
    layout: LayoutOption = None,
) -> None:
    """Build the documents: OUT/STEM.KIND.docx and OUT/STEM.KIND.pdf (KIND: spec, strategy), written
    atomically."""
    from specgen.pipeline import FORMATS, KINDS
    from specgen.pipeline import build as run_build
    from specgen.render import RenderOptions

    kinds = _csv(kind, KINDS, "--kind")
    formats = _csv(fmt, FORMATS, "--format")
    try:
        result = run_build(file, out, kinds, formats, RenderOptions(reference_doc), snippets,
                           _layout(layout))
    except SpecgenError as error:
        _fail(error)
        return
    for warning in result.warnings:
        typer.echo(f"{file}: warning: {warning}", err=True)
    for path in result.outputs:
        typer.echo(f"wrote {path}")


@app.command()
def needs(
    file: Annotated[Path | None, typer.Argument(
        help="An answer file to take live births, adversity and group sizes from.",
        show_default=False)] = None,
    live_births: Annotated[str | None, typer.Option(
        "--live-births", help="Live births a year in the area (1 to 1,000,000).")] = None,
    adversity: Annotated[str | None, typer.Option(
        help="Local adversity as % above the UK average (negative if below), e.g. 25 or -5.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table (rounded) or json (exact).")] = "table",
) -> None:
    """Estimate how many babies a year need parent-infant relationship support, by level (toolkit B.1).

    Values given on the command line win over those in FILE.
    """
    from specgen.demand import as_table, estimate_from

    if fmt not in ("table", "json"):
        raise typer.BadParameter("choose table or json", param_hint="--format")
    if file is None and live_births is None:
        raise typer.BadParameter("give --live-births N, or an answer FILE", param_hint="--live-births")
    try:
        result = estimate_from(file, live_births, adversity)
    except SpecgenError as error:
        _fail(error)
        return
    typer.echo(json.dumps(result.to_json(), indent=2) if fmt == "json" else as_table(result))


@app.command()
def explain(
    clause_id: Annotated[str, typer.Argument(help="A clause id, e.g. procurement.tupe.",
                                             show_default=False)],
    file: AnswerFileArg,
    layout: LayoutOption = None,
    snippets: Annotated[Path | None, typer.Option(
        help="A folder of your own clauses, as for build.", exists=True, file_okay=False)] = None,
) -> None:
    """Say why a clause is or is not in the specification built from FILE, and where it sits."""
    from specgen.explain import explain as run_explain

    try:
        explanation = run_explain(clause_id, file, _layout(layout), snippets)
    except SpecgenError as error:
        _fail(error)
        return
    for line in explanation.lines():
        typer.echo(line)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the answer file (for editor completion and checks)."""
    from specgen.answers import Answers

    typer.echo(json.dumps(Answers.model_json_schema(), indent=2))


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
) -> None:
    """Build many answer files in parallel, skipping those whose inputs have not changed.

    A file that fails is reported with its reason and keeps its earlier documents; the others
    are built regardless. Exit 1 if any file failed.
    """
    import os
    import time

    from specgen.batch import BatchOptions, answer_files, plan

    start = time.perf_counter()
    files = answer_files(paths)
    if not files:
        raise typer.BadParameter("no answer files (*.yaml, *.yml, *.json) found", param_hint="PATHS")
    options = BatchOptions(_names(kind), _names(fmt), reference_doc, snippets, force, _layout(layout))
    try:
        todo = plan(files, out, options)
    except OSError as error:
        _fail(SpecgenError(f"{error.filename}: cannot read: {error.strerror}"))
        return
    if todo.jobs:
        # Checked only now: the names live in specgen.pipeline, which is slow to import. Unknown
        # names never match the manifest, so they always leave work and are caught here.
        from specgen.pipeline import FORMATS, KINDS

        _csv(kind, KINDS, "--kind")
        _csv(fmt, FORMATS, "--format")
    outcomes = _run_batch(todo, jobs or os.cpu_count() or 1, progress=not as_json)
    _batch_report(outcomes, time.perf_counter() - start, as_json)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


def _names(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def _run_batch(todo: Plan, jobs: int, progress: bool) -> list[Outcome]:
    from specgen.batch import execute

    outcomes = []
    if todo.jobs and progress:
        from rich.console import Console
        from rich.progress import Progress

        console = Console(stderr=True)
        # No refresh thread (auto_refresh=False): worker processes are forked from this one.
        with Progress(console=console, auto_refresh=False, transient=True,
                      disable=not console.is_terminal) as bar:
            task = bar.add_task("building", total=len(todo.order))
            for outcome in execute(todo, jobs):
                outcomes.append(outcome)
                bar.update(task, advance=1, description=outcome.file.name)
                bar.refresh()
    else:
        outcomes = list(execute(todo, jobs))
    rank = {path: index for index, path in enumerate(todo.order)}
    return sorted(outcomes, key=lambda o: rank[o.file])


def _batch_report(outcomes: list[Outcome], seconds: float, as_json: bool) -> None:
    counts = {s: sum(o.status == s for o in outcomes) for s in ("built", "unchanged", "failed")}
    if as_json:
        summary = {**counts, "seconds": round(seconds, 3)}
        typer.echo(json.dumps({"summary": summary, "files": [o.to_json() for o in outcomes]}, indent=2))
    else:
        _batch_table(outcomes)
    for outcome in (o for o in outcomes if o.status == "failed"):
        typer.echo(outcome.trace if _state["debug"] and outcome.trace else outcome.details, err=True)
    typer.echo(f"{counts['built']} built, {counts['unchanged']} unchanged, {counts['failed']} failed "
               f"in {seconds:.2f} s", err=True)


def _batch_table(outcomes: list[Outcome]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("file", "result", "details")
    for column in table.columns:
        column.overflow = "fold"  # never cut a file name or a reason short
    for outcome in outcomes:
        table.add_row(str(outcome.file), outcome.status, _batch_details(outcome))
    Console(highlight=False).print(table)


def _batch_details(outcome: Outcome) -> str:
    if outcome.status == "failed":
        return outcome.reason
    if outcome.status == "unchanged":
        return "up to date"
    notes = f", {len(outcome.warnings)} warning(s)" if outcome.warnings else ""
    return f"{len(outcome.outputs)} file(s) in {outcome.seconds:.1f} s{notes}"


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier answer file.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later answer file.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, markdown or docx.")] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the change note here (needed for docx) instead of printing it.",
        dir_okay=False)] = None,
    kind: Annotated[str, typer.Option(help="Which document to compare: spec.")] = "spec",
    snippets: SnippetsOption = None,
    layout: LayoutOption = None,
) -> None:
    """Show what changed in the documents between two answer files, clause by clause.

    Lists added, removed and changed clauses with their numbers and the old and new wording,
    fit to send as a change note. Exit 0 if the same, 1 if different, 2 on trouble (like diff).
    """
    if fmt not in ("text", "markdown", "docx"):
        raise typer.BadParameter("choose text, markdown or docx", param_hint="--format")
    if fmt == "docx" and output is None:
        raise typer.BadParameter("a Word change note needs --output FILE.docx", param_hint="--output")
    from specgen.diff import compare
    from specgen.files import write_atomic
    from specgen.loader import load
    from specgen.pipeline import KINDS, document_for

    _csv(kind, KINDS, "--kind")
    chosen = _layout(layout)
    try:
        comparison = compare(document_for(load(old), kind, snippets, chosen),
                             document_for(load(new), kind, snippets, chosen))
        data = _change_note(comparison, fmt)
        if output:
            write_atomic(output, data)
    except SpecgenError as error:
        if _state["debug"]:
            raise
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
    raise typer.Exit(0 if comparison.same else 1)


def _change_note(comparison: Comparison, fmt: str) -> bytes:
    from specgen.diff import as_document, as_markdown, as_text

    if fmt == "docx":
        from specgen.render import RenderOptions, renderer

        return renderer("docx")(as_document(comparison), RenderOptions())
    return (as_markdown(comparison) if fmt == "markdown" else as_text(comparison)).encode("utf-8")


@app.command()
def interview(
    file: Annotated[Path, typer.Argument(help="The answer file to fill in (YAML); created if missing.")]
    = Path("answers.yaml"),
    defaults: Annotated[bool, typer.Option("--defaults", help="Ask nothing: write the default of every "
                                           "open question, and a '# TODO' comment where there is none.")]
    = False,
    review: Annotated[list[str] | None, typer.Option("--review", metavar="SECTION", help="Also revisit "
                                                     "the answered questions of SECTION (repeatable).")]
    = None,
    review_all: Annotated[bool, typer.Option("--all", help="Revisit every answered question.")] = False,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the documents, if you build "
                                      "them at the end.")] = Path("out"),
) -> None:
    """Ask the questions, with guidance and defaults, saving FILE after every answer.

    Run it again to carry on where you stopped; Ctrl-C stops at any time, keeping the answers given.

    SECTION is a part of the file: document, readiness, introduction, service, standards, ...

    It needs a terminal: without one it exits with 2, unless --defaults is given.

    Exit codes: 0 finished and valid, 1 unreadable or still invalid, 2 usage or no terminal, 130 stopped.
    """
    from specgen.interview import UnknownSection, fill_defaults, start

    try:
        if defaults:
            _interview_defaults(file, fill_defaults(file))
            return
        session = start(file, review or (), review_all)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            typer.echo("specgen interview asks questions, so it needs a terminal. Run it in one, or "
                       f"use 'specgen interview {file} --defaults' to write a file to edit by hand.",
                       err=True)
            raise typer.Exit(2)
    except UnknownSection as error:
        raise typer.BadParameter(str(error), param_hint="--review") from None
    except SpecgenError as error:
        _fail(error)
        return
    _interview_run(session, out)


def _interview_defaults(file: Path, todo: list[str]) -> None:
    typer.echo(f"wrote {file}; {len(todo)} question(s) have no default and are marked # TODO:")
    for note in todo:
        typer.echo(f"  {note}")
    typer.echo(f"Answer them with 'specgen interview {file}' or by hand; "
               f"'specgen validate {file}' lists the ones still required.")


def _interview_run(session: Interview, out: Path) -> None:
    from specgen.interview.prompt import confirm, run

    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    file = session.file.path
    try:
        problems = run(session, input, typer.echo)
    except (KeyboardInterrupt, EOFError):
        session.file.save()
        typer.echo(f"\nStopped. Your answers so far are saved in {file}; run "
                   f"'specgen interview {file}' to carry on where you left off.", err=True)
        raise typer.Exit(130) from None
    if problems:
        raise typer.Exit(1)
    if confirm(input, f"Build the Word and PDF documents into {out}/ now?"):
        build(file=file, out=out)
    else:
        typer.echo(f"Build them later with 'specgen build {file}'.")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
