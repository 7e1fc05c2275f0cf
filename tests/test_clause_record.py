"""Every .docx says what specgen wrote, clause by clause, in a way that survives people saving it.

Each clause (and section) heading holds its bookmark, start and end inside the heading paragraph;
a custom XML part lists every clause with its heading and the text generated for it. After
LibreOffice itself saves the file, every clause is found again by its bookmark and reads as recorded.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES
from docx.oxml.ns import qn
from office import convert

from specgen.document import anchor
from specgen.loader import load
from specgen.pipeline import build, document_for
from specgen.render import clausemap, wordtext
from specgen.render.clausemap import Record


def _record(path: Path) -> Record:
    record = clausemap.read(path.read_bytes())
    assert record is not None, f"{path.name} has no clause record"
    return record


def _without_number(heading: str) -> str:
    """Heading numbers may be typed text or come from list numbering: compare the words."""
    return re.sub(r"^(\d+(\.\d+)*|Appendix [A-Z]:)\s+", "", heading)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("built")
    return [path for example in EXAMPLES
            for path in build(example, out, ("spec",), ("docx",)).outputs]


def test_each_heading_holds_its_own_bookmark_from_start_to_end(built: list[Path]) -> None:
    for path in built:
        body = docx.Document(str(path)).element.body
        starts = list(body.iter(qn("w:bookmarkStart")))
        assert starts, path.name
        for start in starts:
            paragraph = start.getparent()
            assert paragraph.tag == qn("w:p"), f"{start.get(qn('w:name'))} is not inside a paragraph"
            assert paragraph.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")).startswith("Heading")
            ident = start.get(qn("w:id"))
            ends = [e for e in paragraph.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == ident]
            assert ends, f"{start.get(qn('w:name'))} does not end in its heading"


def test_the_record_lists_every_clause_with_its_heading_and_bookmark() -> None:
    document = document_for(load(EXAMPLES[0]))
    word = io.BytesIO(build_bytes(EXAMPLES[0]))
    record = clausemap.read(word.getvalue())
    assert record is not None
    clauses = {unit.id: unit for unit in record.units if unit.kind == "clause"}
    assert list(clauses) == [clause.id for clause in document.clauses()]
    for clause in document.clauses():
        unit = clauses[clause.id]
        assert (unit.number, unit.bookmark) == (clause.number, anchor(clause.id))
        assert _without_number(unit.heading) == clause.title
        assert unit.blocks[0].text == unit.heading


def test_the_record_holds_the_text_of_each_paragraph_and_cell_as_written(built: list[Path]) -> None:
    for path in built:
        record = _record(path)
        body = docx.Document(str(path)).element.body
        for (name, elements), unit in zip(wordtext.split_units(body, record.by_bookmark()), record.units,
                                          strict=True):
            assert name == (unit.bookmark or wordtext.FRONT)
            assert [wordtext.block_of(e) for e in elements] == list(unit.blocks)
        tables = [block for unit in record.units for block in unit.blocks if block.kind == "table"]
        assert tables and all(row and all(isinstance(cell, str) for cell in row)
                              for table in tables for row in table.rows)


def test_the_record_names_the_answers_and_the_generator(built: list[Path]) -> None:
    from specgen import __version__
    from specgen.workflows.fingerprint import digest

    record = _record(built[0])
    source = next(e for e in EXAMPLES if built[0].name.startswith(e.stem))
    assert record.answers == digest(source.read_bytes())
    assert record.generator == f"specgen {__version__}"


def test_an_untouched_document_reads_as_written_and_an_edited_one_does_not(built: list[Path]) -> None:
    data = built[0].read_bytes()
    assert clausemap.as_written(data)
    word = docx.Document(io.BytesIO(data))
    word.paragraphs[-1].add_run(" (checked)")
    edited = io.BytesIO()
    word.save(edited)
    assert not clausemap.as_written(edited.getvalue())
    assert clausemap.read(edited.getvalue()) == clausemap.read(data), "python-docx keeps the record"


def build_bytes(source: Path) -> bytes:
    from specgen.render import RenderOptions, renderer

    return renderer("docx")(document_for(load(source)), RenderOptions())


@pytest.mark.slow
def test_after_libreoffice_saves_it_every_clause_is_found_by_its_bookmark(
        built: list[Path], tmp_path: Path) -> None:
    for original, saved in zip(built, convert(built, "docx", tmp_path), strict=True):
        data = saved.read_bytes()
        record = clausemap.read(data)
        assert record == _record(original), f"{saved.name}: the record did not survive"
        units = dict(wordtext.split_units(clausemap.document_body(data), record.by_bookmark()))
        for unit in record.units[1:]:
            assert unit.bookmark in units, f"{saved.name}: {unit.id} lost its bookmark"
            heading = wordtext.paragraph_text(units[unit.bookmark][0])
            assert _without_number(heading) == _without_number(unit.heading)
            assert [wordtext.block_of(e) for e in units[unit.bookmark]] == list(unit.blocks), unit.id
        assert not clausemap.as_written(data), "LibreOffice rewrites the body, so it counts as edited"
