"""`specgen diff`: a change note between two answer files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from specgen.cli.app import LayoutOption, SnippetsOption, app, checked_layout, csv, state
from specgen.errors import SpecgenError

if TYPE_CHECKING:
    from specgen.workflows.diff import Comparison

@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier answer file.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later answer file.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, markdown or docx.")] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the change note here (needed for docx) instead of printing it.",
        dir_okay=False)] = None,
    kind: Annotated[str, typer.Option(help="Which document to compare: spec or strategy.")] = "spec",
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
    from specgen.files import write_atomic
    from specgen.loader import load
    from specgen.pipeline import KINDS, document_for, require_part
    from specgen.workflows.diff import compare

    kinds = csv(kind, KINDS, "--kind")
    if len(kinds) != 1:
        raise typer.BadParameter("compare one document at a time: spec or strategy", param_hint="--kind")
    kind = kinds[0]
    chosen = checked_layout(layout)
    try:
        answers = {path: load(path) for path in (old, new)}
        for path, loaded in answers.items():
            require_part(loaded, kind, path, instead="compare the specifications (--kind spec)")
        comparison = compare(document_for(answers[old], kind, snippets, chosen),
                             document_for(answers[new], kind, snippets, chosen))
        data = _change_note(comparison, fmt)
        if output:
            write_atomic(output, data)
    except SpecgenError as error:
        if state["debug"]:
            raise
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
    raise typer.Exit(0 if comparison.same else 1)


def _change_note(comparison: Comparison, fmt: str) -> bytes:
    from specgen.workflows.diff import as_document, as_markdown, as_text

    if fmt == "docx":
        from specgen.render import RenderOptions, renderer

        return renderer("docx")(as_document(comparison), RenderOptions())
    return (as_markdown(comparison) if fmt == "markdown" else as_text(comparison)).encode("utf-8")
