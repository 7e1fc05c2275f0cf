"""`specgen explain` finds a clause by the number the document shows (3.5) as well as by its id."""

from __future__ import annotations

from pathlib import Path

from inline_answers import write
from typer.testing import CliRunner

from specgen.cli import app
from specgen.loader import load
from specgen.pipeline import document_for

runner = CliRunner()


def test_a_clause_number_explains_the_clause_shown_under_it(tmp_path: Path) -> None:
    source = write(tmp_path)
    clause = next(c for c in document_for(load(source)).clauses() if c.number.startswith("2."))
    by_number = runner.invoke(app, ["explain", clause.number, str(source)])
    by_id = runner.invoke(app, ["explain", clause.id, str(source)])
    assert by_number.exit_code == 0, by_number.output
    assert by_number.stdout == by_id.stdout
    assert by_number.stdout.startswith(f"{clause.id}: {clause.title}")


def test_a_section_number_is_refused_with_its_first_clause(tmp_path: Path) -> None:
    done = runner.invoke(app, ["explain", "2", str(write(tmp_path))])
    assert done.exit_code == 1
    assert "2 is a section (Service description), not a clause: give a clause number; its first " \
           "clause is 2.1" in done.output


def test_a_number_the_document_does_not_have_is_refused_naming_the_last(tmp_path: Path) -> None:
    source = write(tmp_path)
    last = [c.number for c in document_for(load(source)).clauses() if c.number][-1]
    done = runner.invoke(app, ["explain", "9.99", str(source)])
    assert done.exit_code == 1
    assert f"the document built from these answers has no clause numbered 9.99 (the last is {last})" \
        in done.output
