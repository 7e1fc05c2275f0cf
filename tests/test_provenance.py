"""Provenance: the appendix of clause sources and switches, and `specgen explain`."""

from __future__ import annotations

from pathlib import Path

import pytest
from inline_answers import answers, write
from typer.testing import CliRunner

from specgen.assembly.provenance import summarise, switches
from specgen.cli import app
from specgen.document import Table, plain_text
from specgen.pipeline import document_for

runner = CliRunner()


@pytest.mark.parametrize(("when", "paths"), [
    ("true", []),
    ("a.standards.kpis", ["standards.kpis"]),
    ('a.procurement.regime == "psr_england"', ["procurement.regime"]),
    ("a.procurement.regime and a.procurement.contract.tupe",
     ["procurement.regime", "procurement.contract.tupe"]),
    ('a.introduction.strategy and a.introduction.strategy.year', ["introduction.strategy.year"]),
    ('a.standards["kpis"]', ["standards.kpis"]),
    ('layout == "nhs"', ["layout"]),
])
def test_the_answers_a_condition_reads_are_found_in_the_expression(when: str, paths: list[str]) -> None:
    assert switches(when) == paths


def _appendix(layout: str) -> Table:
    document = document_for(answers(procurement={"regime": "psr_england"}), layout=layout)
    section = next(s for s in document.sections if s.id == "provenance")
    return next(b for b in section.clauses[0].blocks if isinstance(b, Table))


@pytest.mark.parametrize("layout", ["toolkit", "nhs"])
def test_the_appendix_lists_every_clause_once_with_its_source_and_switches(layout: str) -> None:
    document = document_for(answers(procurement={"regime": "psr_england"}), layout=layout)
    rows = [[plain_text(cell) for cell in row] for row in _appendix(layout).rows]
    headings = [f"{c.number} {c.title}".strip() for c in document.clauses()]
    assert [r[0] for r in rows] == headings
    assert all(r[1] for r in rows)
    by_heading = {r[0]: r for r in rows}
    cqc = next(h for h in headings if h.endswith("Registration with the regulator"))
    assert by_heading[cqc][1:] == [
        "Health and Social Care Act 2008 (Regulated Activities) Regulations 2014; Care Quality Commission",
        "procurement.regulated_activity, procurement.regime, document.audience"]


def test_the_appendix_can_be_left_out() -> None:
    document = document_for(answers(document={"provenance_appendix": False}))
    assert "provenance" not in [s.id for s in document.sections]


@pytest.mark.parametrize(("status", "given", "publish", "kept"), [
    ("draft", None, False, True), ("consultation", None, False, True), ("final", None, False, False),
    ("final", True, False, True), ("draft", False, False, False), ("draft", None, True, False),
    ("final", True, True, False),
])
def test_the_working_appendices_follow_the_status_unless_set_and_publish_drops_them(
        status: str, given: bool | None, publish: bool, kept: bool) -> None:
    document = {"status": status}
    if given is not None:
        document.update(readiness_appendix=given, provenance_appendix=given)
    ids = [s.id for s in document_for(answers(document=document), publish=publish).sections]
    assert ("readiness" in ids, "provenance" in ids) == (kept, kept)


def test_explain_says_why_a_clause_is_there_and_where(tmp_path: Path) -> None:
    source = write(tmp_path, procurement={"regime": "psr_england", "contract": {"tupe": "applies"}})
    done = runner.invoke(app, ["explain", "procurement.tupe", str(source), "--layout", "nhs"])
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0] == "procurement.tupe: Staff transfer (TUPE)"
    assert "  result: included" in lines
    assert "  place: Staff transfer (TUPE), in Schedule 2G: Other local agreements, policies and " \
           "procedures" in lines
    assert "    procurement.contract.tupe = applies" in lines


def test_explain_says_why_a_clause_is_missing_and_which_answers_decide(tmp_path: Path) -> None:
    source = write(tmp_path)
    done = runner.invoke(app, ["explain", "procurement.welsh_language", str(source)])
    assert done.exit_code == 0, done.output
    assert "  result: left out: the condition is false for these answers" in done.stdout
    assert "  place: would appear in 'Workforce and contract requirements' (toolkit layout)" in done.stdout
    assert "    procurement.nation = not set" in done.stdout


def test_explain_refuses_an_unknown_clause_with_a_suggestion(tmp_path: Path) -> None:
    done = runner.invoke(app, ["explain", "procurement.tupee", str(write(tmp_path))])
    assert done.exit_code == 1
    assert "there is no clause 'procurement.tupee' in the clause library; did you mean " \
           "'procurement.tupe'?" in done.output


@pytest.mark.parametrize(("value", "shown"), [
    (None, "not set"), (True, "true"), ([], "empty"), ([1], "1 item"), ([1, 2], "2 items"),
    ("x" * 70, "x" * 57 + "..."),
])
def test_answer_values_are_summarised_for_a_person(value: object, shown: str) -> None:
    assert summarise(value) == shown
