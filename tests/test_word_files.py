"""Every Word file specgen writes is valid OOXML, clean, numbered by Word and readable by pandoc.

The files are every kind (tests/every_word_file.py): both examples as specification and strategy,
the specification in every layout, the minimal and hostile answers, and the change note.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from every_word_file import wide_table_document
from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator
from word_reading import headings

from specgen.render import RenderOptions, renderer
from specgen.render.ooxml import SEQUENCES, out_of_order
from specgen.render.pagination import page_numbers

PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/settings.xml",
         "word/header1.xml", "word/header2.xml", "word/footer1.xml", "word/footer2.xml")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ON_OFF = ("tblHeader", "cantSplit", "updateFields", "titlePg", "keepNext", "keepLines",
          "pageBreakBefore", "widowControl", "b", "i")

# ECMA-376 Part 1, 17.9.18: numId 0 "shall be used to designate the removal of numbering
# properties" (how a heading in a numbered style stays unnumbered). The validator reads it as a
# reference to a missing list; Word itself writes it when numbering is switched off.
_NUM_ID_ZERO = "Numbering definition '0' referenced but not found"


def _parts(path: Path) -> dict[str, etree._Element]:
    package = zipfile.ZipFile(path)
    return {name: etree.fromstring(package.read(name)) for name in package.namelist()
            if name.endswith(".xml") and name.startswith("word/")}


def test_an_independent_validator_finds_nothing_wrong(word_files: list[Path]) -> None:
    """openxml-audit (a port of the Open XML SDK's validator) checks every part against the schema."""
    validator = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0)
    for path in word_files:
        findings = [e for e in validator.validate(path).errors if e.description != _NUM_ID_ZERO]
        assert not findings, f"{path.name}: {[str(e.description) for e in findings[:5]]}"


def test_every_properties_element_lists_its_children_in_schema_order(word_files: list[Path]) -> None:
    for path in word_files:
        for name, root in _parts(path).items():
            for element in root.iter(*SEQUENCES):
                assert not out_of_order(element), f"{path.name} {name}: {element.tag} {out_of_order(element)}"


def test_on_off_elements_are_written_plainly(word_files: list[Path]) -> None:
    for path in word_files:
        for name, root in _parts(path).items():
            for tag in ON_OFF:
                for element in root.iter(f"{W}{tag}"):
                    assert element.get(f"{W}val") in (None, "0", "false"), f"{path.name} {name} {tag}"


def test_no_part_comes_from_python_docx_template_or_outside(word_files: list[Path]) -> None:
    for path in word_files:
        package = zipfile.ZipFile(path)
        names = set(package.namelist())
        assert not {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml"} & names, path.name
        for name in names:
            text = package.read(name)
            if name.endswith(".rels"):
                assert b'TargetMode="External"' not in text, f"{path.name} {name}"
            if name.startswith("customXml/"):
                assert b"bibliography" not in text, f"{path.name} {name}"


def test_document_properties_name_the_document(word_files: list[Path]) -> None:
    for path in word_files:
        core = docx.Document(str(path)).core_properties
        assert core.title and core.author and core.keywords and core.subject, path.name
        assert core.language == "en-GB"
        assert "python-docx" not in (core.title + core.author + core.comments)


def test_word_refreshes_fields_on_open(word_files: list[Path]) -> None:
    for path in word_files:
        settings = docx.Document(str(path)).settings.element
        assert settings.find(qn("w:updateFields")) is not None, path.name


def test_the_cover_page_has_no_running_header(word_files: list[Path]) -> None:
    for path in word_files:
        section = docx.Document(str(path)).sections[0]
        assert section.different_first_page_header_footer, path.name
        assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
        assert "".join(p.text for p in section.header.paragraphs).strip(), path.name
        assert "PAGE" in section.first_page_footer._element.xml, path.name


def test_each_table_marks_its_first_row_as_the_header(word_files: list[Path]) -> None:
    for path in word_files:
        for table in docx.Document(str(path)).tables:
            first, *rest = table._tbl.tr_lst
            assert first.trPr.find(qn("w:tblHeader")) is not None, path.name
            assert all(r.trPr is None or r.trPr.find(qn("w:tblHeader")) is None for r in rest)
            assert table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "1"


def test_tables_fit_the_width_of_their_page(word_files: list[Path]) -> None:
    for path in word_files:
        body = docx.Document(str(path)).element.body
        for table in body.iter(qn("w:tbl")):
            section = _section_of(table)
            size, margins = section.find(qn("w:pgSz")), section.find(qn("w:pgMar"))
            room = int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(
                margins.get(qn("w:right")))
            columns = [int(c.get(qn("w:w"))) for c in table.iter(qn("w:gridCol"))]
            assert sum(columns) <= room + len(columns), path.name


def _section_of(element: etree._Element) -> etree._Element:
    """The section properties that end the section holding ``element``."""
    for sibling in element.itersiblings():
        found = sibling if sibling.tag == qn("w:sectPr") else sibling.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if found is not None:
            return found
    raise AssertionError("no section after the table")


def test_headings_are_numbered_by_a_list_linked_to_the_heading_styles(word_files: list[Path]) -> None:
    path = next(p for p in word_files if p.name.endswith(".spec.docx") and "." not in p.stem[:-5])
    word = docx.Document(str(path))
    for level in (1, 2, 3):
        num_pr = word.styles[f"Heading {level}"].element.pPr.numPr
        assert num_pr is not None and num_pr.numId.val > 0 and num_pr.ilvl.val == level - 1
    assert "1 Introduction" in headings(path)
    typed = [p.text for p in word.paragraphs if p.style.name == "Heading 1" and p.text[:1].isdigit()]
    assert not typed  # the numbers are not typed into the text


def test_a_heading_inserted_in_word_takes_the_next_number(word_files: list[Path], tmp_path: Path) -> None:
    path = next(p for p in word_files if p.name.endswith(".spec.docx") and "." not in p.stem[:-5])
    before = headings(path)
    word = docx.Document(str(path))
    first_clause = next(p for p in word.paragraphs if p.style.name == "Heading 2"
                        and p._p.pPr.numPr is None)
    new = first_clause.insert_paragraph_before("A clause someone added", style="Heading 2")
    del new
    word.save(str(tmp_path / "edited.docx"))
    after = headings(tmp_path / "edited.docx")
    index = after.index("1.1 A clause someone added")
    assert after[index + 1] == "1.2 " + before[index].split(" ", 1)[1]
    assert len(after) == len(before) + 1


def _pandoc(path: Path, to: str) -> str:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        report = pytest.fail if os.environ.get("CI") else pytest.skip
        report("pandoc is not installed: install the Debian package pandoc, as .ci/run does")
    return subprocess.run([str(pandoc), str(path), "-t", to], capture_output=True, text=True,
                          check=True, timeout=120).stdout


def _inline_text(inlines: list[dict[str, Any]]) -> str:
    words = []
    for inline in inlines:
        if inline["t"] == "Str":
            words.append(inline["c"])
        elif inline["t"] in ("Space", "SoftBreak", "LineBreak"):
            words.append(" ")
        elif isinstance(inline.get("c"), list) and inline["c"] and isinstance(inline["c"][-1], list):
            words.append(_inline_text(inline["c"][-1]))
    return "".join(words)


def test_pandoc_reads_the_headings_in_order_and_the_tables_as_tables(word_files: list[Path]) -> None:
    for path in word_files:
        markdown = _pandoc(path, "markdown")
        assert markdown.count("\n# ") + markdown.startswith("# ") >= 2, path.name  # contents and more
        blocks = json.loads(_pandoc(path, "json"))["blocks"]
        found = [_inline_text(b["c"][2]) for b in blocks if b["t"] == "Header" and b["c"][0] <= 2]
        word = docx.Document(str(path))
        expected = [p.text for p in word.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
        assert [" ".join(h.split()) for h in found if h != "Contents"] == [
            " ".join(h.split()) for h in expected], path.name
        tables = [b for b in blocks if b["t"] == "Table"]
        assert len(tables) == len(word.tables), path.name


def test_a_table_too_wide_for_a_portrait_page_gets_a_landscape_page_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "wide.docx"
    path.write_bytes(renderer("docx")(wide_table_document(), RenderOptions()))
    body = docx.Document(str(path)).element.body
    table = next(body.iter(qn("w:tbl")))
    turned = _section_of(table)
    assert turned.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"
    assert body[-1].find(qn("w:pgSz")).get(qn("w:orient")) is None  # the document goes on upright
    columns = [int(c.get(qn("w:w"))) for c in table.iter(qn("w:gridCol"))]
    assert sum(columns) <= 16838 - 2 * 1304 + len(columns)
    findings = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0).validate(path).errors
    assert not [e for e in findings if e.description != _NUM_ID_ZERO]
    assert page_numbers(docx.Document(str(path)))["sg_wide_table"] == 3  # cover, contents, then it
