"""`specgen diff`: a change note between two answer files, or two Word files specgen wrote."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from specgen.cli.app import (
    LayoutOption,
    ReferenceDocOption,
    SnippetsOption,
    app,
    checked_layout,
    csv,
    state,
)
from specgen.errors import SpecgenError

if TYPE_CHECKING:
    from specgen.document import Document
    from specgen.workflows.change_notes import NoteOptions
    from specgen.workflows.diff import Comparison

SideArg = Annotated[Path, typer.Argument(
    help="An answer file (YAML or JSON), or a .docx written by specgen.", show_default=False)]


@app.command()
def diff(
    old: SideArg,
    new: SideArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, markdown or docx.")] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the change note here (needed for docx) instead of printing it.",
        dir_okay=False)] = None,
    kind: Annotated[str, typer.Option(help="Which document to compare: spec, strategy or tender.")] = "spec",
    every: Annotated[bool, typer.Option("--all", help="Also compare the appendices generated from "
                                        "the other clauses (glossary, provenance).")] = False,
    ids: Annotated[bool, typer.Option("--ids", help="Show each clause's internal id.")] = False,
    tracked: Annotated[bool, typer.Option("--tracked", help="In a Word note, show deletions and "
                                          "insertions as tracked changes.")] = False,
    reference_doc: ReferenceDocOption = None,
    snippets: SnippetsOption = None,
    layout: LayoutOption = None,
) -> None:
    """Show what changed between two versions of a document, clause by clause.

    Compares two answer files, or two .docx files that specgen wrote (what was actually sent).
    The note lists renumbered, changed, added and removed clauses, with deleted words struck
    through and inserted words underlined, and tables row by row. Exit 0 if the same, 1 if
    different, 2 on trouble (like diff).
    """
    from specgen.pipeline import KINDS

    if fmt not in ("text", "markdown", "docx"):
        raise typer.BadParameter("choose text, markdown or docx", param_hint="--format")
    if fmt == "docx" and output is None:
        raise typer.BadParameter("a Word change note needs --output FILE.docx", param_hint="--output")
    kinds = csv(kind, KINDS, "--kind")
    if len(kinds) != 1:
        raise typer.BadParameter("compare one document at a time: spec or strategy", param_hint="--kind")
    kind = kinds[0]
    chosen = checked_layout(layout)
    try:
        comparison = _compare(_document(old, kind, snippets, chosen),
                              _document(new, kind, snippets, chosen), () if every else _derived(snippets))
        data = _change_note(comparison, fmt, _note_options(ids), reference_doc, tracked)
        if output:
            from specgen.files import write_atomic

            write_atomic(output, data)
    except SpecgenError as error:
        if state["debug"]:
            raise
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
    raise typer.Exit(0 if comparison.same else 1)


def _document(path: Path, kind: str, snippets: Path | None, layout: str | None) -> Document:
    if path.suffix.lower() == ".docx":
        from specgen.workflows.docx_reader import read_document

        return read_document(path)
    from specgen.loader import load
    from specgen.pipeline import document_for, require_part

    answers = load(path)
    require_part(answers, kind, path, instead="compare the specifications (--kind spec)")
    return document_for(answers, kind, snippets, layout)


def _derived(snippets: Path | None) -> set[str]:
    """The clauses generated from the others (glossary, provenance), in every kind of document."""
    from specgen.library.clauses import load_library
    from specgen.pipeline import KINDS

    return {c.id for kind in KINDS for c in load_library(snippets, kind).clauses if c.late}


def _compare(old: Document, new: Document, leave_out: set[str] | tuple[()]) -> Comparison:
    from specgen.workflows.diff import compare

    return compare(old, new, leave_out=leave_out)


def _note_options(ids: bool) -> NoteOptions:
    from specgen.workflows.change_notes import NoteOptions

    return NoteOptions(ids=ids)


def _change_note(comparison: Comparison, fmt: str, options: NoteOptions, reference_doc: Path | None,
                 tracked: bool) -> bytes:
    from specgen.workflows.change_notes import as_document, as_markdown, as_text

    if fmt == "docx":
        from specgen.render import RenderOptions, renderer

        render_options = RenderOptions(reference_doc, tracked_changes=tracked)
        return renderer("docx")(as_document(comparison, options), render_options)
    text = as_markdown(comparison, options) if fmt == "markdown" else as_text(comparison, options)
    return text.encode("utf-8")
