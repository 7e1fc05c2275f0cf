"""`specgen interview`: the questions in a terminal."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from specgen.cli.app import app, fail
from specgen.cli.documents import build
from specgen.errors import SpecgenError

if TYPE_CHECKING:
    from specgen.interview import Interview

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
        fail(error)
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
