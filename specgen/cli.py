"""The command line. The only module that prints or exits; it catches specgen's own errors only."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from specgen import __version__
from specgen.errors import AnswersError, SpecgenError

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


def _fail(error: SpecgenError) -> None:
    if _state["debug"]:
        raise error
    typer.echo(str(error), err=True)
    raise typer.Exit(1)


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    _state["debug"] = debug
    if version:
        typer.echo(f"specgen {__version__}")
        raise typer.Exit()


@app.command()
def validate(files: FilesArg) -> None:
    """Check answer files. Prints FILE:LINE:COL: field: message per problem; exit 1 if any."""
    from specgen.loader import load

    failed = 0
    for path in files:
        try:
            load(path)
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
    file: Annotated[Path, typer.Argument(help="The answer file (YAML or JSON).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the documents.")] = Path("out"),
    kind: Annotated[str, typer.Option(help="Which documents: spec.")] = "spec",
    fmt: Annotated[str, typer.Option("--format", "-f", help="Formats: docx,pdf.")] = "docx,pdf",
    reference_doc: Annotated[Path | None, typer.Option(
        help="A .docx whose styles to use instead of specgen's.", exists=True, dir_okay=False)] = None,
    snippets: Annotated[Path | None, typer.Option(
        help="A folder of your own clauses that override or add to the bundled ones.",
        exists=True, file_okay=False)] = None,
) -> None:
    """Build the documents: OUT/STEM.spec.docx and OUT/STEM.spec.pdf, written atomically."""
    from specgen.pipeline import FORMATS, KINDS
    from specgen.pipeline import build as run_build
    from specgen.render import RenderOptions

    kinds = _csv(kind, KINDS, "--kind")
    formats = _csv(fmt, FORMATS, "--format")
    try:
        result = run_build(file, out, kinds, formats, RenderOptions(reference_doc), snippets)
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
def schema() -> None:
    """Print the JSON Schema of the answer file (for editor completion and checks)."""
    from specgen.answers import Answers

    typer.echo(json.dumps(Answers.model_json_schema(), indent=2))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
