"""Keeping the team's Word edits when the documents are rebuilt from changed answers.

The team edits the specification specgen wrote (with python-docx, and again with LibreOffice saving
the file itself), the answers change (more live births, a clause gained, a clause lost), and the
build runs with --keep-edits. For each kind of edit: *Reject all* gives back exactly the team's
document, *Accept all* gives the new document with the team's edit in it (or, where both changed
the same words, the new wording, with a comment quoting theirs); LibreOffice opens and converts
the result; and a second run with the same answers changes nothing.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES
from docx.document import Document as WordDocument
from docx.text.paragraph import Paragraph
from office import convert
from revisions import comments, revisions, view
from ruamel.yaml import YAML
from typer.testing import CliRunner

from specgen.cli import app
from specgen.errors import EditedError
from specgen.merge.report import FileMerge
from specgen.pipeline import build
from specgen.render import clausemap

NORTHMOOR = next(e for e in EXAMPLES if e.stem == "northmoor-new-team")
SENTENCE = " Bidders should say how they will reach fathers."
ADDED_PARAGRAPH = "The team added this paragraph after the referrals clause."


def _answers(folder: Path, births: int, third_party: bool, system_work: bool) -> Path:
    yaml = YAML(typ="rt", pure=True)
    data = yaml.load(NORTHMOOR.read_text(encoding="utf-8"))
    data["introduction"]["demand"]["live_births_per_year"] = births
    if not third_party:
        del data["monitoring"]["third_party_data"]
    data["monitoring"]["report_on_system_work"] = system_work
    path = folder / "northmoor.yaml"
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)
    return path


# --- the team's edits, each applied the same way to the old file and to the expected result -----


def _paragraph(word: WordDocument, start: str) -> Paragraph:
    """The first paragraph starting so, not a contents line; a heading's number may be typed or
    come from Word's list numbering, so it is left out of the comparison."""
    return next(p for p in word.paragraphs if not p.style.name.startswith("TOC")
                and re.sub(r"^\d+(\.\d+)*\s+", "", p.text).startswith(start))


def _replace(paragraph: Paragraph, old: str, new: str) -> None:
    for run in paragraph.runs:
        if old in run.text:
            run.text = run.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} is not in one run of {paragraph.text[:60]!r}")


def word_replaced(word: WordDocument) -> None:
    _replace(_paragraph(word, "No diagnosis is needed"), "No diagnosis", "No formal diagnosis")


def sentence_added(word: WordDocument) -> None:
    _paragraph(word, "We plan for the service to work with").add_run(SENTENCE)


def paragraph_added_after_a_clause(word: WordDocument) -> None:
    _paragraph(word, "What local parents").insert_paragraph_before(ADDED_PARAGRAPH)


def paragraph_deleted(word: WordDocument) -> None:
    paragraph = _paragraph(word, "This service will help to deliver")
    paragraph._p.getparent().remove(paragraph._p)


def heading_retyped(word: WordDocument) -> None:
    _replace(_paragraph(word, "Management and leadership"), "Management and leadership",
             "Leadership and line management")


def table_cell_changed(word: WordDocument) -> None:
    cells = (cell for table in word.tables for row in table.rows for cell in row.cells)
    cell = next(c for c in cells if c.text == "Universal offer only")
    _replace(cell.paragraphs[0], "Universal offer only", "Universal offer alone")


def same_words_changed(word: WordDocument) -> None:
    """The sentence the answers change too: the new wording wins, with a comment."""
    _replace(_paragraph(word, "We plan for the service to work with"), "about 48\u201396 families",
             "around fifty to a hundred families")


@dataclass(frozen=True)
class Case:
    edit: Callable[[WordDocument], None]
    clause: str
    status: str
    shows: str
    """Text that the accepted merge shows for this case."""
    hides: str = ""
    """Text that it no longer shows."""


CASES = {
    "word replaced": Case(word_replaced, "service.eligibility", "kept", "No formal diagnosis is needed"),
    "sentence added": Case(sentence_added, "introduction.demand", "conflict", SENTENCE.strip()),
    # The paragraph goes before the heading "What local parents ...", so it ends the clause above it.
    "paragraph added after a clause": Case(paragraph_added_after_a_clause, "service.discharge", "kept",
                                           ADDED_PARAGRAPH),
    "paragraph deleted": Case(paragraph_deleted, "introduction.context", "kept", "The early relationship",
                              hides="This service will help to deliver"),
    "heading retyped": Case(heading_retyped, "service.management", "kept", "Leadership and line management"),
    "table cell changed": Case(table_cell_changed, "introduction.demand", "conflict",
                               "Universal offer alone"),
    "both changed the same words": Case(same_words_changed, "introduction.demand", "conflict",
                                        "about 53\u2013105 families a year", hides="around fifty"),
}
"""The demand clause holds three edits and changes with the answers: one pair of them collide."""

EXPECTED_IN_NEW = [word_replaced, sentence_added, paragraph_added_after_a_clause, paragraph_deleted,
                   heading_retyped, table_cell_changed]
"""The edits Accept all keeps (where both changed the same words, the new wording wins)."""


def _edited(source: Path, edits: list[Callable[[WordDocument], None]]) -> bytes:
    word = docx.Document(io.BytesIO(source.read_bytes()))
    for edit in edits:
        edit(word)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Round:
    """One team's edited file, and what --keep-edits made of it."""

    theirs: bytes
    expected: bytes
    merged: bytes
    report: FileMerge
    again: bytes
    again_report: FileMerge
    pdf: Path


def _keep_edits(folder: Path, theirs: bytes, expected: bytes, answers: Path) -> Round:
    out = folder / "out"
    out.mkdir()
    (out / "northmoor.spec.docx").write_bytes(theirs)
    result = build(answers, out, ("spec",), ("docx", "pdf"), edits="keep")
    merged = (out / "northmoor.spec.docx").read_bytes()
    again = build(answers, out, ("spec",), ("docx", "pdf"), edits="keep")
    return Round(theirs, expected, merged, result.merges[0], (out / "northmoor.spec.docx").read_bytes(),
                 again.merges[0], out / "northmoor.spec.pdf")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The old build (the team's starting point), and a fresh build from the changed answers."""
    old, new = tmp_path_factory.mktemp("old"), tmp_path_factory.mktemp("new")
    build(_answers(old, 3200, third_party=False, system_work=True), old / "out", ("spec",), ("docx",))
    changed = _answers(new, 3500, third_party=True, system_work=False)
    build(changed, new / "out", ("spec",), ("docx",))
    return {"old": old / "out" / "northmoor.spec.docx", "new": new / "out" / "northmoor.spec.docx",
            "answers": changed}


@pytest.fixture(scope="module")
def by_python_docx(made: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Round:
    theirs = _edited(made["old"], [case.edit for case in CASES.values()])
    expected = _edited(made["new"], EXPECTED_IN_NEW)
    return _keep_edits(tmp_path_factory.mktemp("python-docx"), theirs, expected, made["answers"])


@pytest.mark.parametrize("name", CASES)
def test_reject_all_gives_the_teams_document_back(by_python_docx: Round, name: str) -> None:
    assert view(by_python_docx.merged, accept=False) == view(by_python_docx.theirs, accept=None)


@pytest.mark.parametrize("name", CASES)
def test_accept_all_gives_the_new_document_with_the_teams_edit(by_python_docx: Round, name: str) -> None:
    accepted = view(by_python_docx.merged, accept=True)
    case = CASES[name]
    assert any(case.shows in line for line in accepted)
    assert not case.hides or not any(case.hides in line for line in accepted)
    assert accepted == view(by_python_docx.expected, accept=None)


@pytest.mark.parametrize("name", CASES)
def test_the_report_names_what_happened_to_each_clause(by_python_docx: Round, name: str) -> None:
    statuses = {c.id: c.status for c in by_python_docx.report.clauses}
    assert statuses[CASES[name].clause] == CASES[name].status


def test_clauses_the_answers_add_and_remove_are_inserted_and_deleted_in_place(by_python_docx: Round) -> None:
    statuses = {c.id: c.status for c in by_python_docx.report.clauses}
    assert statuses["monitoring.third_party"] == "added"
    assert statuses["monitoring.system_work"] == "removed"
    rejected = "\n".join(view(by_python_docx.merged, accept=False))
    accepted = "\n".join(view(by_python_docx.merged, accept=True))
    assert "Data from other services" in accepted and "Data from other services" not in rejected
    assert "Reporting on work across the system" in rejected
    assert "Reporting on work across the system" not in accepted


def test_specgens_changes_are_tracked_by_specgen_on_the_answers_date(by_python_docx: Round) -> None:
    marks = revisions(by_python_docx.merged)
    assert marks and all(m.get(f"{{{_W}}}author") == "specgen" for m in marks)
    assert {m.get(f"{{{_W}}}date") for m in marks} == {"2025-03-14T00:00:00Z"}


def test_a_conflict_carries_a_comment_quoting_the_teams_wording(by_python_docx: Round) -> None:
    notes = comments(by_python_docx.merged)
    assert any("around fifty to a hundred" in note for note in notes), notes


def test_a_second_run_with_the_same_answers_changes_nothing(by_python_docx: Round) -> None:
    assert by_python_docx.again == by_python_docx.merged
    assert {c.status for c in by_python_docx.again_report.clauses} <= {"kept", "unchanged"}


def test_the_pdf_shows_the_merged_wording(by_python_docx: Round) -> None:
    import pypdf

    pages = pypdf.PdfReader(by_python_docx.pdf).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "No formal diagnosis is needed" in text and SENTENCE.strip() in text
    assert "Leadership and line management" in text and ADDED_PARAGRAPH in text


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- refusing, and setting aside ----------------------------------------------------------------


def test_an_edited_file_stops_the_build_and_nothing_is_written(made: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    edited = _edited(made["old"], [word_replaced])
    (out / "northmoor.spec.docx").write_bytes(edited)
    with pytest.raises(EditedError):
        build(made["answers"], out, ("spec",), ("docx", "pdf"))
    assert (out / "northmoor.spec.docx").read_bytes() == edited
    assert not (out / "northmoor.spec.pdf").exists()


def test_the_command_line_names_the_file_and_offers_both_options(made: dict[str, Path],
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "northmoor.spec.docx").write_bytes(_edited(made["old"], [word_replaced]))
    result = CliRunner().invoke(app, ["build", str(made["answers"]), "--out", str(out), "--format", "docx"])
    assert result.exit_code == 1
    assert "northmoor.spec.docx" in result.output and "edited by hand" in result.output
    assert "--keep-edits" in result.output and "--discard-edits" in result.output


def test_discarding_saves_the_edited_file_beside_the_new_one(made: dict[str, Path], tmp_path: Path) -> None:
    from specgen.outputs import digest

    out = tmp_path / "out"
    out.mkdir()
    edited = _edited(made["old"], [word_replaced])
    (out / "northmoor.spec.docx").write_bytes(edited)
    result = build(made["answers"], out, ("spec",), ("docx",), edits="discard")
    aside = out / f"northmoor.spec.edited-{digest(edited)[:8]}.docx"
    assert result.set_aside == (aside,) and aside.read_bytes() == edited
    assert clausemap.as_written((out / "northmoor.spec.docx").read_bytes())


def test_an_edited_pdf_is_never_overwritten_either(made: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(made["answers"], out, ("spec",), ("docx", "pdf"))
    pdf = out / "northmoor.spec.pdf"
    signed = pdf.read_bytes() + b"% signed by the commissioner\n"
    pdf.write_bytes(signed)
    with pytest.raises(EditedError) as refused:
        build(made["answers"], out, ("spec",), ("docx", "pdf"))
    assert refused.value.paths == [pdf] and pdf.read_bytes() == signed
    result = build(made["answers"], out, ("spec",), ("docx", "pdf"), edits="keep")
    assert [path.read_bytes() for path in result.set_aside] == [signed], "only Word files can be merged"


def test_merging_the_same_files_twice_gives_the_same_bytes(made: dict[str, Path]) -> None:
    from specgen.loader import load
    from specgen.merge.word import merge_word
    from specgen.pipeline import document_for

    theirs = _edited(made["old"], [word_replaced, same_words_changed])
    document = document_for(load(made["answers"]))
    first = merge_word(Path("x.docx"), theirs, made["new"].read_bytes(), document)
    second = merge_word(Path("x.docx"), theirs, made["new"].read_bytes(), document)
    assert first.data == second.data and first.report == second.report


def test_an_untouched_file_is_simply_rebuilt(made: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(made["old"], out / "northmoor.spec.docx")
    result = build(made["answers"], out, ("spec",), ("docx",))
    assert result.merges == () and result.set_aside == ()
    assert (out / "northmoor.spec.docx").read_bytes() == made["new"].read_bytes()


def test_the_keep_edits_report_lists_clauses_on_stdout_and_as_json(made: dict[str, Path],
                                                                   tmp_path: Path) -> None:
    import json

    out = tmp_path / "out"
    out.mkdir()
    (out / "northmoor.spec.docx").write_bytes(_edited(made["old"], [word_replaced]))
    args = ["build", str(made["answers"]), "--out", str(out), "--format", "docx", "--keep-edits"]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    merge = json.loads(result.stdout)["merges"][0]
    statuses = {c["id"]: c["status"] for c in merge["clauses"]}
    assert statuses["service.eligibility"] == "kept" and statuses["monitoring.third_party"] == "added"
    again = CliRunner().invoke(app, args)
    assert "kept      2.4 Eligibility (service.eligibility)" in again.stdout


# --- edits saved by LibreOffice itself ----------------------------------------------------------


@pytest.fixture(scope="module")
def by_libreoffice(made: dict[str, Path], by_python_docx: Round,
                   tmp_path_factory: pytest.TempPathFactory) -> Round:
    folder = tmp_path_factory.mktemp("libreoffice")
    edited = folder / "edited.docx"
    edited.write_bytes(by_python_docx.theirs)
    expected = folder / "expected.docx"
    expected.write_bytes(by_python_docx.expected)
    saved, expected_saved = convert([edited, expected], "docx", folder)
    return _keep_edits(folder, saved.read_bytes(), expected_saved.read_bytes(), made["answers"])


@pytest.mark.slow
def test_edits_saved_by_libreoffice_are_kept_too(by_libreoffice: Round) -> None:
    assert view(by_libreoffice.merged, accept=False, styles=False) == view(by_libreoffice.theirs, None, False)
    accepted = view(by_libreoffice.merged, accept=True, styles=False)
    assert accepted == view(by_libreoffice.expected, accept=None, styles=False)
    statuses = {c.id: c.status for c in by_libreoffice.report.clauses}
    assert {name: statuses[case.clause] for name, case in CASES.items()} == \
        {name: case.status for name, case in CASES.items()}
    assert by_libreoffice.again == by_libreoffice.merged


@pytest.mark.slow
def test_libreoffice_opens_and_converts_every_merged_file(by_python_docx: Round, by_libreoffice: Round,
                                                          tmp_path: Path) -> None:
    import pypdf

    files = []
    for name, result in (("merged-python-docx", by_python_docx), ("merged-libreoffice", by_libreoffice)):
        files.append(tmp_path / f"{name}.docx")
        files[-1].write_bytes(result.merged)
    for pdf in convert(files, "pdf", tmp_path):
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        assert "Anticipated demand" in text and len(text) > 10_000
