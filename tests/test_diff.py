"""`specgen diff`: a change note fit to send, between two answer files or two Word files.

Golden notes (tests/golden/changes/) show the four cases a procurement team sends most: clauses
renumbered by an addition, a table edit, a removed clause, and a new draft whose version was not
changed. Regenerate with ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES, ROOT
from docx.oxml.ns import qn
from inline_answers import write
from test_libreoffice import soffice
from typer.testing import CliRunner

from specgen.cli import app
from specgen.document import Clause, Document, Figure, ListBlock, Meta, Paragraph, Section, Span, Table
from specgen.workflows.diff import Piece, RowChange, alt_items, clause_words, compare, row_changes, word_hunks

runner = CliRunner()
GOLDEN = ROOT / "tests" / "golden" / "changes"

CONTEXT = "Babies and parents in Northmoor need help with their relationships."
BONDING = "Babies and parents in Northmoor need more help with bonding."
THIRD_PARTY = {"third_party_data": ["Health visiting data on relationship concerns"]}
"""Answers that bring in the clause monitoring.third_party (4.6), moving 4.6 to 4.7."""
NORTHMOOR = next(e for e in EXAMPLES if e.stem == "northmoor-new-team")


def _diff(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["diff", *map(str, args)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.stdout


def _version(number: str, date: str) -> dict[str, str]:
    return {"version": number, "date": date}


# --- golden change notes ---------------------------------------------------------------------------


def _renumbering(folder: Path) -> tuple[Path, Path]:
    return (write(folder, "old.yaml"),
            write(folder, "new.yaml", document=_version("0.2", "2025-02-01"), monitoring=THIRD_PARTY))


def _table_edit(folder: Path) -> tuple[Path, Path]:
    text = NORTHMOOR.read_text(encoding="utf-8")
    edited = (text.replace("live_births_per_year: 3200", "live_births_per_year: 3600")
              .replace('  version: "0.3"', '  version: "0.4"')
              .replace("  date: 2025-03-14", "  date: 2025-04-01", 1))
    assert edited.count("3600") == 1 and '"0.4"' in edited and "2025-04-01" in edited
    (folder / "old.yaml").write_text(text, encoding="utf-8")
    (folder / "new.yaml").write_text(edited, encoding="utf-8")
    return folder / "old.yaml", folder / "new.yaml"


def _removed_clause(folder: Path) -> tuple[Path, Path]:
    return (write(folder, "old.yaml", document=_version("0.2", "2025-02-01"), monitoring=THIRD_PARTY),
            write(folder, "new.yaml", document=_version("0.3", "2025-03-01")))


def _unchanged_version(folder: Path) -> tuple[Path, Path]:
    return (write(folder, "old.yaml"), write(folder, "new.yaml", introduction={"context": BONDING}))


CASES = {"renumbering": _renumbering, "table-edit": _table_edit, "removed-clause": _removed_clause,
         "unchanged-version": _unchanged_version}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("case", CASES)
def test_the_change_note_matches_its_golden_file(case: str, fmt: str, tmp_path: Path,
                                                 update_golden: bool) -> None:
    code, note = _diff(*CASES[case](tmp_path), "--format", fmt)
    assert code == 1
    golden = GOLDEN / f"{case}.{'md' if fmt == 'markdown' else 'txt'}"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(note, encoding="utf-8")
    assert golden.exists(), f"no golden file yet: run pytest --update-golden and review {golden}"
    assert note == golden.read_text(encoding="utf-8")


# --- what a note says -------------------------------------------------------------------------------


def test_a_changed_answer_shows_deleted_and_inserted_words_in_place(tmp_path: Path) -> None:
    old, new = _unchanged_version(tmp_path)
    code, text = _diff(old, new)
    assert code == 1
    assert "1 changed, 0 added, 0 removed, 0 renumbered clause(s)" in text
    assert "~ 1.1 Context and the problem to be solved\n" in text
    assert "… and parents in Northmoor need {+more+} help with [-their relationships.-] {+bonding.+}" in text


def test_the_same_answers_give_exit_0_and_no_differences(tmp_path: Path) -> None:
    same = write(tmp_path)
    code, text = _diff(same, same)
    assert code == 0
    assert "no differences" in text


def test_renumbered_clauses_are_listed_in_the_main_note(tmp_path: Path) -> None:
    _, text = _diff(*_renumbering(tmp_path))
    assert "Renumbered clauses\n  4.6 Reporting on work across the system is now 4.7\n" in text
    assert "+ 4.6 Data from other services\n" in text


def test_a_removed_clause_is_listed_with_its_old_number_and_text(tmp_path: Path) -> None:
    _, text = _diff(*_removed_clause(tmp_path))
    assert "- 4.6 Data from other services (removed)\n" in text
    assert "    - Health visiting data on relationship concerns" in text
    assert "4.7 Reporting on work across the system is now 4.6" in text


def test_internal_clause_ids_are_shown_only_when_asked(tmp_path: Path) -> None:
    old, new = _renumbering(tmp_path)
    assert "monitoring.third_party" not in _diff(old, new)[1]
    assert "+ 4.6 Data from other services [monitoring.third_party]" in _diff(old, new, "--ids")[1]


def test_appendices_generated_from_other_clauses_are_left_out_unless_all(tmp_path: Path) -> None:
    old, new = _renumbering(tmp_path)
    short, everything = _diff(old, new)[1], _diff(old, new, "--all")[1]
    assert "Appendix A: Glossary and Appendix C: Where each clause comes from are generated" in short
    assert "Clauses, their sources and the answers that include them" not in short
    assert "~ Clauses, their sources and the answers that include them" in everything


def test_the_header_warns_when_version_or_date_did_not_change(tmp_path: Path) -> None:
    _, same_version = _diff(*_unchanged_version(tmp_path))
    assert "Warning: Both documents are version 0.1" in same_version
    assert "Warning: Both documents are dated 1 January 2025" in same_version
    assert "Warning" not in _diff(*_renumbering(tmp_path))[1]


def _hyphens(text: str) -> str:
    return text.replace("\u2013", "-")


def test_table_and_figure_changes_are_shown_row_by_row_never_as_markup(tmp_path: Path) -> None:
    old, new = _table_edit(tmp_path)
    text, markdown = _hyphens(_diff(old, new)[1]), _hyphens(_diff(old, new, "-f", "markdown")[1])
    assert "|" not in text
    assert ('row "Targeted support, mild to moderate difficulties" changed: '
            "Babies a year: [-208-256-] {+234-288+}") in text
    assert ("changed: targeted support, mild to moderate difficulties: 6.5-8% [-(208-256-] {+(234-288+} "
            "babies)") in text
    assert ("| changed | Targeted support, mild to moderate difficulties | 6.5-8% | ~~208-256~~ "
            "<ins>234-288</ins> |") in markdown
    assert not [line for line in markdown.splitlines() if "|" in line and not line.startswith("|")]


def test_an_invalid_answer_file_is_trouble_exit_2(tmp_path: Path) -> None:
    old = write(tmp_path)
    new = tmp_path / "new.yaml"
    new.write_text("document:\n  statsu: draft\n", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 2
    assert f"{new}:2:3: document.statsu:" in result.output


def test_a_file_that_is_not_a_word_document_is_trouble_exit_2(tmp_path: Path) -> None:
    fake = tmp_path / "sent.docx"
    fake.write_text("not a zip", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(fake), str(fake)])
    assert result.exit_code == 2
    assert f"{fake}: cannot read it as a Word document" in result.output


def test_markdown_shows_answer_text_literally(tmp_path: Path) -> None:
    old = write(tmp_path)
    new = write(tmp_path, "new.yaml", introduction={"context": "Families *need* help | now <b>."})
    code, text = _diff(old, new, "--format", "markdown")
    assert code == 1
    assert r"<ins>Families \*need\*</ins> help" in text
    assert r"<ins>\| now \<b\>.</ins>" in text


# --- the Word note ------------------------------------------------------------------------------------


def _word_note(tmp_path: Path, *options: str) -> docx.document.Document:
    old = write(tmp_path, "old.yaml", introduction={"context": CONTEXT})
    new = write(tmp_path, "new.yaml", document=_version("0.2", "2025-02-01"), monitoring=THIRD_PARTY,
                introduction={"context": BONDING})
    code, _ = _diff(old, new, "--format", "docx", "--output", tmp_path / "changes.docx", *options)
    assert code == 1
    return docx.Document(str(tmp_path / "changes.docx"))


def test_the_word_note_has_a_title_date_version_pair_and_summary_table(tmp_path: Path) -> None:
    word = _word_note(tmp_path)
    assert word.core_properties.title == (
        "Changes to Service specification: parent-infant relationship (PAIR) service")
    assert word.core_properties.created.date().isoformat() == "2025-02-01"
    styled = {p.style.name: p.text for p in word.paragraphs[:3]}
    assert styled["Subtitle"] == "Version 0.1 to version 0.2"
    summary = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert summary == [["Clauses", "How many"], ["Changed", "2"], ["Added", "1"], ["Removed", "0"],
                       ["Renumbered", "1"]]


def test_the_word_note_strikes_deletions_and_underlines_insertions(tmp_path: Path) -> None:
    runs = [r for p in _word_note(tmp_path).paragraphs for r in p.runs]
    assert any(r.text == "their relationships. " and r.font.strike for r in runs)
    assert any(r.text == "bonding." and r.font.underline for r in runs)
    assert not any(r.font.strike or r.font.underline for r in runs if r.text == "help with ")


@pytest.mark.parametrize("tracked", [False, True], ids=["struck", "tracked"])
def test_the_word_note_marks_changes_inside_table_cells_too(tmp_path: Path, tracked: bool) -> None:
    old, new = _table_edit(tmp_path)
    note = tmp_path / "changes.docx"
    assert _diff(old, new, "-f", "docx", "--output", note, *(["--tracked"] if tracked else []))[0] == 1
    cells = [cell for table in docx.Document(str(note)).tables[1:] for row in table.rows
             for cell in row.cells]
    changed = next(c._tc for c in cells if "234" in _text(c._tc))
    if tracked:
        assert _hyphens(_decide(changed, "w:ins", "w:del")).strip() == "234-288"
        assert _hyphens(_decide(changed, "w:del", "w:ins")).strip() == "208-256"
    else:
        marked = {(r.text.strip(), bool(r.font.strike), bool(r.font.underline))
                  for c in cells if c._tc is changed for p in c.paragraphs for r in p.runs}
        assert {(_hyphens(t), s, u) for t, s, u in marked} >= {("208-256", True, False),
                                                            ("234-288", False, True)}


def _decide(paragraph: object, keep: str, drop: str) -> str:
    """The paragraph's text after accepting (keep w:ins, drop w:del) or rejecting every change."""
    decided = copy.deepcopy(paragraph)
    for dropped in list(decided.iter(qn(drop))):  # type: ignore[attr-defined]
        dropped.getparent().remove(dropped)
    for kept in list(decided.iter(qn(keep))):  # type: ignore[attr-defined]
        for run in list(kept):
            kept.addprevious(run)
        kept.getparent().remove(kept)
    return _text(decided)


def _text(paragraph: object) -> str:
    return "".join(t.text for t in paragraph.iter(qn("w:t"), qn("w:delText")))  # type: ignore[attr-defined]


def test_with_tracked_the_word_note_accepts_to_the_new_text_and_rejects_to_the_old(
        tmp_path: Path) -> None:
    word = _word_note(tmp_path, "--tracked")
    assert not [r for p in word.paragraphs for r in p.runs if r.font.strike or r.font.underline]
    hunk = next(p for p in word.element.body.iter(qn("w:p")) if "bonding." in _text(p))
    assert _decide(hunk, "w:ins", "w:del") == "… and parents in Northmoor need more help with bonding."
    # Each run carries the space after it: rejecting leaves at most a space at the paragraph's end.
    rejected = "… and parents in Northmoor need help with their relationships. "
    assert _decide(hunk, "w:del", "w:ins") == rejected
    assert {e.get(qn("w:author")) for e in hunk.iter(qn("w:ins"), qn("w:del"))} == {"specgen"}


def test_the_word_note_takes_the_styles_of_a_reference_document(tmp_path: Path) -> None:
    reference = docx.Document(str(ROOT / "templates" / "reference.docx"))
    reference.styles["Title"].font.size = docx.shared.Pt(40)
    reference.save(str(tmp_path / "house.docx"))
    word = _word_note(tmp_path, "--reference-doc", str(tmp_path / "house.docx"))
    assert word.styles["Title"].font.size == docx.shared.Pt(40)


# --- two Word files ----------------------------------------------------------------------------------


def _built(source: Path, out: Path) -> Path:
    result = runner.invoke(app, ["build", str(source), "--format", "docx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / f"{source.stem}.spec.docx"


def test_two_word_files_give_the_same_note_as_their_answer_files(tmp_path: Path) -> None:
    old, new = _table_edit(tmp_path)
    from_answers = _diff(old, new)[1]
    from_word = _diff(_built(old, tmp_path / "a"), _built(new, tmp_path / "b"))[1]
    assert from_word == from_answers
    assert "Babies a year: [-208-256-] {+234-288+}" in _hyphens(from_word)


def test_the_clause_record_in_a_word_file_gives_each_clause_its_real_id(tmp_path: Path) -> None:
    old, new = _renumbering(tmp_path)
    sent = _built(old, tmp_path / "sent")
    assert _diff(sent, new, "--ids")[1] == _diff(old, new, "--ids")[1]
    assert "[monitoring.third_party]" in _diff(sent, _built(new, tmp_path / "now"), "--ids")[1]


def test_a_word_file_can_be_compared_with_answers(tmp_path: Path) -> None:
    old, new = _renumbering(tmp_path)
    assert _diff(_built(old, tmp_path / "sent"), new)[1] == _diff(old, new)[1]


def _numbered_by_word(path: Path) -> Path:
    """The same document with its heading numbers drawn by Word's heading list, not typed (as
    it is if the renderer already numbers headings that way)."""
    word = docx.Document(str(path))
    properties = word.styles["Heading 1"].element.pPr
    if properties is not None and properties.numPr is not None:
        return path
    for name in ("Heading 1", "Heading 2"):
        num_pr = word.styles[name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = 7
    for paragraph in word.paragraphs:
        if paragraph.style.name in ("Heading 1", "Heading 2"):
            number, _, title = paragraph.text.partition(" ")
            if number[:1].isdigit():
                paragraph.runs[0].text, *rest = title, *paragraph.runs[1:]
                for run in rest:
                    run.text = ""
            else:
                paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0
    changed = path.with_name("numbered-" + path.name)
    word.save(str(changed))
    return changed


def test_heading_numbers_drawn_by_words_heading_list_are_counted(tmp_path: Path) -> None:
    old, new = _renumbering(tmp_path)
    sent, now = _built(old, tmp_path / "a"), _built(new, tmp_path / "b")
    numbered = _numbered_by_word(sent)
    assert not any(p.text[:1].isdigit() for p in docx.Document(str(numbered)).paragraphs
                   if p.style.name.startswith("Heading"))
    assert _diff(numbered, sent, "--all") == (0, _diff(sent, sent, "--all")[1])
    assert _diff(numbered, now)[1] == _diff(old, new)[1]


def test_a_word_file_saved_again_by_libreoffice_has_no_differences(tmp_path: Path) -> None:
    sent = _built(NORTHMOOR, tmp_path / "sent")
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    subprocess.run([soffice(), profile, "--headless", "--convert-to", "docx:MS Word 2007 XML",
                    "--outdir", str(tmp_path / "resaved"), str(sent)],
                   check=True, capture_output=True, timeout=300)
    code, text = _diff(sent, tmp_path / "resaved" / sent.name, "--all")
    assert (code, text.splitlines()[1].endswith("no differences")) == (0, True), text


# --- the comparison underneath ---------------------------------------------------------------------


def test_context_stops_at_the_end_of_a_paragraph_or_list_item() -> None:
    clause = Clause("c", "1.1", "Title", (Paragraph((Span("One two three."),)),
                                          ListBlock(((Span("alpha beta gamma delta"),),))))
    changed = Clause("c", "1.1", "Title", (Paragraph((Span("One two three."),)),
                                           ListBlock(((Span("alpha beta GAMMA delta"),),))))
    assert word_hunks(clause_words(clause), clause_words(changed), context=5) == ((
        Piece("alpha beta"), Piece("gamma", "deleted"), Piece("GAMMA", "inserted"), Piece("delta")),)


def test_context_marks_words_left_out_with_an_ellipsis() -> None:
    old = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
    new = ["a", "b", "c", "d", "e", "F", "g", "h", "i", "j"]
    assert word_hunks(old, new, context=2) == ((
        Piece("…"), Piece("d e"), Piece("f", "deleted"), Piece("F", "inserted"), Piece("g h"), Piece("…")),)


def test_rows_are_matched_by_their_first_cell() -> None:
    old = (("Leadership", "2"), ("Workforce", "1"), ("Data", "3"))
    new = (("Leadership", "3"), ("Data", "3"), ("Parents' voice", "1"))
    changes = list(row_changes(old, new, [r[0] for r in old], [r[0] for r in new]))
    assert [(c.change, c.cells[0]) for c in changes] == [
        ("changed", (Piece("Leadership"),)), ("removed", (Piece("Workforce", "deleted"),)),
        ("added", (Piece("Parents' voice", "inserted"),))]
    assert changes[0] == RowChange("changed", ((Piece("Leadership"),),
                                              (Piece("2", "deleted"), Piece("3", "inserted"))))


def test_a_figure_description_splits_into_its_sentences_and_list_items() -> None:
    assert alt_items("Bar chart of stages (1 low, 4 high). Leadership 2; Workforce 3.") == [
        "Bar chart of stages (1 low, 4 high).", "Leadership 2", "Workforce 3."]


def _document(*blocks: Table | Figure | Paragraph, title: str = "Needs") -> Document:
    meta = Meta("T", "", "", (), "", "", "1", "2025-01-01", ())
    return Document("spec", meta, (Section("s", "1", "S", (Clause("c", "1.1", title, blocks),)),))


def test_a_clause_left_out_is_not_compared_but_named() -> None:
    old, new = _document(Paragraph((Span("a"),))), _document(Paragraph((Span("b"),)))
    assert compare(old, new).changes
    skipped = compare(old, new, leave_out={"c"})
    assert (skipped.changes, skipped.left_out) == ((), ("S",))


def test_a_table_whose_header_changed_is_shown_as_removed_and_added() -> None:
    def table(header: str) -> Table:
        return Table(((Span(header),), (Span("B"),)), (((Span("x"),), (Span("y"),)),))

    (change,) = compare(_document(table("A")), _document(table("A2"))).changes
    assert [(g.header, [r.change for r in g.rows]) for g in change.grids] == [
        (("A", "B"), ["removed"]), (("A2", "B"), ["added"])]


def test_comparing_strategies_of_answers_without_one_says_so_plainly(tmp_path: Path) -> None:
    old, new = write(tmp_path, "old.yaml"), write(tmp_path, "new.yaml")

    result = runner.invoke(app, ["diff", str(old), str(new), "--kind", "strategy"])

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{old}:1:1: strategy: the answers have no 'strategy:' part, which --kind strategy needs; "
        "add one (see examples/northmoor-new-team.yaml) or compare the specifications (--kind spec)"]


def test_strategies_are_compared_clause_by_clause(tmp_path: Path) -> None:
    vision = "Every baby in Northmoor has a secure start."
    old = write(tmp_path, "old.yaml", strategy={"vision": vision})
    new = write(tmp_path, "new.yaml", strategy={"vision": vision.replace("a secure", "a loving, secure")})

    code, text = _diff(old, new, "--kind", "strategy")

    assert code == 1
    assert "1 changed" in text and "{+loving,+}" in text
