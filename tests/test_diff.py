"""`specgen diff`: what changed between two answer files' documents, clause by clause."""

from __future__ import annotations

from pathlib import Path

import docx
from conftest import MINIMAL
from typer.testing import CliRunner

from specgen.cli import app
from specgen.document import Clause, ListBlock, Paragraph, Span
from specgen.loader import load
from specgen.pipeline import document_for
from specgen.workflows.diff import Hunk, Piece, clause_words, word_hunks

runner = CliRunner()

CONTEXT = "Babies and parents in Northmoor need help with their relationships."
THIRD_PARTY = "monitoring:\n  third_party_data: [Health visiting data on relationship concerns]\n"


def _pair(tmp_path: Path, old: str, new: str) -> tuple[Path, Path]:
    paths = tmp_path / "old.yaml", tmp_path / "new.yaml"
    for path, text in zip(paths, (old, new), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def _diff(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["diff", *map(str, args)])
    return result.exit_code, result.stdout


def test_a_changed_answer_is_a_changed_clause_with_its_old_and_new_wording(tmp_path: Path) -> None:
    changed = MINIMAL.replace(CONTEXT, "Babies and parents in Northmoor need more help with bonding.")
    code, text = _diff(*_pair(tmp_path, MINIMAL, changed))
    assert code == 1
    assert "0 added" in text and "1 changed" in text
    assert "~ 1.1 Context and the problem to be solved [introduction.context]" in text
    assert "was: … and parents in Northmoor need help with [-their relationships.-]" in text
    assert "now: … and parents in Northmoor need {+more+} help with {+bonding.+}" in text


def test_the_same_answers_give_exit_0_and_no_changes(tmp_path: Path) -> None:
    code, text = _diff(*_pair(tmp_path, MINIMAL, MINIMAL))
    assert code == 0
    assert "no differences" in text


def test_added_and_removed_clauses_are_listed_with_their_numbers_and_text(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, MINIMAL, MINIMAL + THIRD_PARTY)
    added = _diff(old, new)[1]
    removed = _diff(new, old)[1]
    assert "+ 4." in added and "Data from other services [monitoring.third_party]" in added
    assert "Health visiting data on relationship concerns" in added
    assert "Data from other services (removed) [monitoring.third_party]" in removed


def _number(answers: Path, clause_id: str) -> str:
    clauses = document_for(load(answers)).clauses()
    return next(c.number for c in clauses if c.id == clause_id)


def test_a_clause_renumbered_by_an_addition_before_it_is_not_a_change(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, MINIMAL, MINIMAL + THIRD_PARTY)
    assert _number(old, "monitoring.system_work") != _number(new, "monitoring.system_work")
    code, text = _diff(old, new)
    assert code == 1
    assert "[monitoring.third_party]" in text
    assert "[monitoring.system_work]" not in text


def test_an_invalid_answer_file_is_trouble_exit_2(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, MINIMAL, "document:\n  statsu: draft\n")
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 2
    assert f"{new}:2:3: document.statsu:" in result.output


def test_markdown_shows_answer_text_literally(tmp_path: Path) -> None:
    changed = MINIMAL.replace(CONTEXT, "Families *need* help | now <b>.")
    code, text = _diff(*_pair(tmp_path, MINIMAL, changed), "--format", "markdown")
    assert code == 1
    assert "| Was | Now |" in text
    assert r"\*need\*" in text and r"\| now \<b\>." in text


def test_a_word_change_note_is_written_with_a_was_and_now_table(tmp_path: Path) -> None:
    changed = MINIMAL.replace(CONTEXT, "Babies and parents in Northmoor need more help with bonding.")
    old, new = _pair(tmp_path, MINIMAL, changed)
    code, _ = _diff(old, new, "--format", "docx", "--output", tmp_path / "changes.docx")
    assert code == 1
    word = docx.Document(str(tmp_path / "changes.docx"))
    rows = [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]
    assert ["Was", "Now"] in rows
    assert any("more help with bonding." in now for _, now in rows)


def test_a_word_change_note_needs_an_output_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["diff", *map(str, _pair(tmp_path, MINIMAL, MINIMAL)), "-f", "docx"])
    assert result.exit_code == 2


def test_context_stops_at_the_end_of_a_paragraph_or_list_item() -> None:
    clause = Clause("c", "1.1", "Title", (Paragraph((Span("One two three."),)),
                                          ListBlock(((Span("alpha beta gamma delta"),),))))
    changed = Clause("c", "1.1", "Title", (Paragraph((Span("One two three."),)),
                                           ListBlock(((Span("alpha beta GAMMA delta"),),))))
    assert word_hunks(clause_words(clause), clause_words(changed), context=5) == (Hunk(
        was=(Piece("alpha beta"), Piece("gamma", changed=True), Piece("delta")),
        now=(Piece("alpha beta"), Piece("GAMMA", changed=True), Piece("delta"))),)


def test_context_marks_words_left_out_with_an_ellipsis() -> None:
    old = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
    new = ["a", "b", "c", "d", "e", "F", "g", "h", "i", "j"]
    assert word_hunks(old, new, context=2) == (Hunk(
        was=(Piece("…"), Piece("d e"), Piece("f", changed=True), Piece("g h"), Piece("…")),
        now=(Piece("…"), Piece("d e"), Piece("F", changed=True), Piece("g h"), Piece("…"))),)


def test_comparing_strategies_of_answers_without_one_says_so_plainly(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, MINIMAL, MINIMAL)

    result = runner.invoke(app, ["diff", str(old), str(new), "--kind", "strategy"])

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{old}:1:1: strategy: the answers have no 'strategy:' part, which --kind strategy needs; "
        "add one (see examples/northmoor-new-team.yaml) or compare the specifications (--kind spec)"]


def test_strategies_are_compared_clause_by_clause(tmp_path: Path) -> None:
    strategy = "strategy: {vision: 'Every baby in Northmoor has a secure start.'}\n"
    changed = strategy.replace("a secure start", "a loving, secure start")

    code, text = _diff(*_pair(tmp_path, MINIMAL + strategy, MINIMAL + changed), "--kind", "strategy")

    assert code == 1
    assert "1 changed" in text and "{+loving,+}" in text
