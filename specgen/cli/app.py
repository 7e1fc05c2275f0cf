"""The Typer app, its global options and the option types the commands share."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from specgen import __version__
from specgen.errors import SpecgenError

app = typer.Typer(
    help="Write PAIR service specifications from a commissioner's answers.\n\n"
    "Start from an example: copy examples/northmoor-new-team.yaml, edit it, then run "
    "'specgen validate FILE' and 'specgen build FILE'.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
state = {"debug": False}

FilesArg = Annotated[list[Path], typer.Argument(help="Answer files (YAML or JSON).",
                                                 show_default=False)]


def csv(value: str, allowed: tuple[str, ...], option: str) -> list[str]:
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
KindOption = Annotated[str, typer.Option(
    help="Which documents, comma-separated: spec, strategy (needs a strategy: part), tender (the "
         "invitation to tender, unless document.audience is contract).")]
PublishOption = Annotated[bool, typer.Option(
    "--publish", help="Leave out the working appendices (readiness, provenance), whatever the "
                      "answers say; a final document leaves them out anyway.")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Formats: docx,pdf.")]
ReferenceDocOption = Annotated[Path | None, typer.Option(
    help="A .docx whose styles to use instead of specgen's.", exists=True, dir_okay=False)]
SnippetsOption = Annotated[Path | None, typer.Option(
    help="A folder of your own clauses that override or add to the bundled ones.",
    exists=True, file_okay=False)]


KeepEditsOption = Annotated[bool, typer.Option(
    "--keep-edits", help="Where a Word file was edited since specgen wrote it, keep the edits: specgen's "
    "changes go into it as tracked changes (conflicts get comments), and the PDF shows the merged text.")]
DiscardEditsOption = Annotated[bool, typer.Option(
    "--discard-edits", help="Where an output was edited since specgen wrote it, save it beside itself as "
    "NAME.edited-XXXXXXXX, then write a fresh one.")]


def edits_policy(keep: bool, discard: bool) -> Literal["refuse", "keep", "discard"]:
    if keep and discard:
        raise typer.BadParameter("choose one of --keep-edits and --discard-edits", param_hint="--keep-edits")
    return "keep" if keep else "discard" if discard else "refuse"


def checked_layout(value: str | None) -> str | None:
    if value is not None and value not in LAYOUTS:
        raise typer.BadParameter(f"choose from {', '.join(LAYOUTS)}", param_hint="--layout")
    return value


def fail(error: SpecgenError) -> None:
    if state["debug"]:
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
    state["debug"] = debug


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # one that no command caught: still one line; a traceback with --debug
        if state["debug"]:
            raise
        typer.echo(str(error) if isinstance(error, SpecgenError) else unexpected(error), err=True)
        sys.exit(1)


def unexpected(error: Exception) -> str:
    command = " ".join(["specgen", *sys.argv[1:3]])
    return (f"{command}: stopped by an unexpected {type(error).__name__}: {error}. Unless a clause "
            "or file of yours caused it, this is a bug: rerun with --debug and report it")

