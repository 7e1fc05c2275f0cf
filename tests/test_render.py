"""Real round trips: python-docx reopens the .docx, pypdf reads the PDF, and they agree."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from conftest import EXAMPLES
from word_reading import headings

from specgen.pipeline import build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    out = tmp_path_factory.mktemp("out")
    results = {}
    for example in EXAMPLES:
        result = build(example, out)
        docx_path, pdf_path = result.outputs
        results[example.stem] = (docx_path, pdf_path)
    return results


def _word_headings(path: Path) -> list[str]:
    return headings(path)  # with the numbers Word's heading list gives them


def _pdf_outline(path: Path) -> list[str]:
    def walk(items: list[Any]) -> list[str]:
        titles: list[str] = []
        for item in items:
            titles.extend(walk(item) if isinstance(item, list) else [item.title])
        return titles

    return walk(pypdf.PdfReader(str(path)).outline)


def test_there_are_examples_to_build() -> None:
    assert len(EXAMPLES) >= 2


def test_word_and_pdf_show_the_same_headings_in_the_same_order(built: dict[str, Any]) -> None:
    for docx_path, pdf_path in built.values():
        word = _word_headings(docx_path)
        assert len(word) > 20
        assert word == _pdf_outline(pdf_path)


def test_word_headings_never_skip_a_level(built: dict[str, Any]) -> None:
    for docx_path, _ in built.values():
        levels = [int(p.style.name[-1]) for p in docx.Document(str(docx_path)).paragraphs
                  if p.style.name.startswith("Heading ")]
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_the_specification_covers_every_part_b6_asks_for(built: dict[str, Any]) -> None:
    for docx_path, pdf_path in built.values():
        word_text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
        pdf_text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(pdf_path)).pages)
        for text in (word_text, pdf_text):
            for heading in ("Introduction", "Service description", "Standards and targets",
                            "Monitoring arrangements", "Glossary"):
                assert heading in text
            assert "capacity" in text and "direct work" in text
            for level in ("niversal", "argeted", "pecialist"):
                assert level in text


def test_word_properties_name_the_document_not_the_library(built: dict[str, Any]) -> None:
    for docx_path, _ in built.values():
        core = docx.Document(str(docx_path)).core_properties
        assert core.title and "python-docx" not in (core.title + core.comments + core.subject)
        assert core.language == "en-GB"
        assert core.author and core.keywords


def test_word_tables_repeat_their_header_row(built: dict[str, Any]) -> None:
    docx_path, _ = next(iter(built.values()))
    tables = docx.Document(str(docx_path)).tables
    assert tables
    for table in tables:
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_every_clause_carries_a_bookmark_named_after_its_id(built: dict[str, Any]) -> None:
    docx_path, _ = next(iter(built.values()))
    body = docx.Document(str(docx_path)).element.body
    names = set(body.xpath(".//w:bookmarkStart/@w:name"))
    assert "sg_introduction_context" in names or any(n.startswith("sg_introduction") for n in names)


def test_the_word_file_is_a4_with_page_numbers_in_the_footer(built: dict[str, Any]) -> None:
    docx_path, _ = next(iter(built.values()))
    document = docx.Document(str(docx_path))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    footer_xml = section.footer._element.xml
    assert "NUMPAGES" in footer_xml and " PAGE " in footer_xml


def test_the_pdf_is_tagged_with_title_and_language(built: dict[str, Any]) -> None:
    _, pdf_path = next(iter(built.values()))
    reader = pypdf.PdfReader(str(pdf_path))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata and reader.metadata.title


def test_same_answers_give_byte_identical_documents(minimal_answers: Path, tmp_path: Path) -> None:
    first = build(minimal_answers, tmp_path / "a").outputs
    second = build(minimal_answers, tmp_path / "b").outputs
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()


def test_docx_members_carry_a_fixed_timestamp(minimal_answers: Path, tmp_path: Path) -> None:
    docx_path = build(minimal_answers, tmp_path, formats=["docx"]).outputs[0]
    with zipfile.ZipFile(io.BytesIO(docx_path.read_bytes())) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_word_category_names_the_kind_of_document(minimal_answers: Path, tmp_path: Path) -> None:
    docx_path = build(minimal_answers, tmp_path, formats=["docx"]).outputs[0]
    assert docx.Document(str(docx_path)).core_properties.category == "Service specification"
