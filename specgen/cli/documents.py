"""Commands over one answer file: validate, build, explain, schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from specgen.cli.app import (
    AnswerFileArg,
    DiscardEditsOption,
    FilesArg,
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
)
from specgen.errors import SpecgenError


@app.command()
def validate(files: FilesArg) -> None:
    """Check answer files. Prints FILE:LINE:COL: field: message per problem; exit 1 if any.

    Warnings (answers that are valid but look wrong) go to stderr and do not change the exit code.
    """
    from specgen.workflows.review import check_files

    if check_files(files, typer.echo, lambda line: typer.echo(line, err=True)):
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
    keep_edits: KeepEditsOption = False,
    discard_edits: DiscardEditsOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was written (and merged) as JSON.")]
    = False,
    publish: PublishOption = False,
) -> None:
    """Build the documents: OUT/STEM.KIND.docx and OUT/STEM.KIND.pdf (KIND: spec, strategy, tender),
    written atomically.

    A document changed by hand since specgen wrote it is never overwritten: the build stops (exit 1)
    unless given --keep-edits or --discard-edits.
    """
    from specgen.pipeline import FORMATS, KINDS
    from specgen.pipeline import build as run_build
    from specgen.render import RenderOptions

    kinds = csv(kind, KINDS, "--kind")
    formats = csv(fmt, FORMATS, "--format")
    try:
        result = run_build(file, out, kinds, formats, RenderOptions(reference_doc), snippets,
                           checked_layout(layout), edits_policy(keep_edits, discard_edits),
                           publish=publish)
    except SpecgenError as error:
        fail(error)
        return
    for warning in result.warnings:
        typer.echo(warning, err=True)
    if as_json:
        typer.echo(json.dumps({"outputs": [str(p) for p in result.outputs],
                               "set_aside": [str(p) for p in result.set_aside],
                               "merges": [m.to_json() for m in result.merges]}, indent=2))
        return
    for path in result.set_aside:
        typer.echo(f"saved the edited file as {path}")
    for merge in result.merges:
        typer.echo("\n".join([merge.summary(), *merge.lines()]))
    for path in result.outputs:
        typer.echo(f"wrote {path}")


@app.command()
def explain(
    clause_id: Annotated[str, typer.Argument(
        help="A clause id, e.g. procurement.tupe, or its number as the document shows it, e.g. 3.5.",
        show_default=False)],
    file: AnswerFileArg,
    layout: LayoutOption = None,
    snippets: Annotated[Path | None, typer.Option(
        help="A folder of your own clauses, as for build.", exists=True, file_okay=False)] = None,
) -> None:
    """Say why a clause is or is not in the specification built from FILE, and where it sits."""
    from specgen.workflows.explain import explain as run_explain

    try:
        explanation = run_explain(clause_id, file, checked_layout(layout), snippets)
    except SpecgenError as error:
        fail(error)
        return
    for line in explanation.lines():
        typer.echo(line)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the answer file (for editor completion and checks)."""
    from specgen.answers.schema import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))
