"""`specgen needs`: the B.1 estimate of local need."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from specgen.cli.app import app, fail
from specgen.errors import SpecgenError


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
    from specgen.assembly.demand import as_table, estimate_from

    if fmt not in ("table", "json"):
        raise typer.BadParameter("choose table or json", param_hint="--format")
    if file is None and live_births is None:
        raise typer.BadParameter("give --live-births N, or an answer FILE", param_hint="--live-births")
    try:
        result = estimate_from(file, live_births, adversity)
    except SpecgenError as error:
        fail(error)
        return
    typer.echo(json.dumps(result.to_json(), indent=2) if fmt == "json" else as_table(result))
