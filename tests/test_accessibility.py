"""Accessible by default: what UK public bodies must publish, checked in the files specgen writes.

PDF: tagged PDF/UA-1 with a structure tree and marked content, /Lang en-GB, the title shown as the
window title, tables whose data cells point at their header cells, figures with alt text, and
bookmarks. Word: title and en-GB language, headings in order, data tables with a repeating header
row and no merged cells, alt text on every picture, a sans-serif body of at least 11 pt, every
style's text colour at 4.5:1 or more against its background, and the answers' "alternative
formats" contact line. Every example is built once, in every kind it has answers for.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import itertools
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from conftest import EXAMPLES, ROOT, kinds_for
from lxml import etree
from pdf_tables import as_the_table_means, header_cells, id_tree, structure
from pypdf.generic import BooleanObject, DictionaryObject
from ruamel.yaml import YAML

from specgen.answers import Answers
from specgen.assembly.assemble import assemble
from specgen.document import Clause, Document, Figure, Paragraph, Section, Span
from specgen.library.clauses import load_library
from specgen.pipeline import KINDS
from specgen.render import RenderOptions, renderer

SANS_SERIF = {"Arial", "Calibri", "Helvetica", "Verdana", "Tahoma", "Segoe UI", "Liberation Sans",
              "DejaVu Sans", "Open Sans", "Source Sans Pro", "Noto Sans"}


@dataclasses.dataclass(frozen=True)
class Built:
    answers: dict[str, Any]
    docx: Path
    pdf: Path

    @functools.cached_property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(str(self.pdf))


def _kinds(answers: dict[str, Any]) -> list[str]:
    return kinds_for(answers, KINDS)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Built]]:
    out = tmp_path_factory.mktemp("accessible")
    running, results = [], []
    for example in EXAMPLES:
        answers = YAML(typ="safe", pure=True).load(example.read_text(encoding="utf-8"))
        kinds = _kinds(answers)
        running.append(subprocess.Popen(
            [sys.executable, "-m", "specgen", "build", str(example), "--kind", ",".join(kinds),
             "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        results += [Built(answers, out / f"{example.stem}.{kind}.docx", out / f"{example.stem}.{kind}.pdf")
                    for kind in kinds]
    for process in running:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
    yield results


def test_every_example_is_built_in_every_kind_it_answers_for(built: list[Built]) -> None:
    assert len(built) >= len(EXAMPLES) >= 2
    assert all(b.docx.is_file() and b.pdf.is_file() for b in built)


# ------------------------------------------------------------------------------------------ PDF


def catalog(reader: pypdf.PdfReader) -> DictionaryObject:
    root: DictionaryObject = reader.trailer["/Root"]
    return root


def test_the_pdf_is_tagged_pdf_ua_1_with_marked_content(built: list[Built]) -> None:
    for b in built:
        root = catalog(b.reader)
        assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
        assert "/StructTreeRoot" in root
        assert re.search(r'pdfuaid:part(="|>)1', root["/Metadata"].get_object().get_data().decode())
        for page in b.reader.pages:
            assert b"/MCID" in page.get_contents().get_data()


def test_the_pdf_language_is_british_english(built: list[Built]) -> None:
    for b in built:
        assert catalog(b.reader)["/Lang"] == "en-GB"


def test_the_pdf_shows_its_title_as_the_window_title(built: list[Built]) -> None:
    for b in built:
        assert catalog(b.reader)["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
        title = b.reader.metadata.title
        assert title and title == docx.Document(str(b.docx)).core_properties.title


def test_pdf_data_cells_point_at_their_header_cells(built: list[Built]) -> None:
    for b in built:
        elements = structure(b.reader)
        headers = {e["/ID"] for e in elements if e["/S"] == "/TH"}
        cells = [e for e in elements if e["/S"] == "/TD"]
        assert headers and cells
        assert sum(e["/S"] == "/Table" for e in elements) == sum(e["/S"] == "/THead" for e in elements)
        for cell in cells:
            pointed = list(cell["/A"]["/Headers"])
            assert pointed and set(pointed) <= headers


def test_every_pdf_header_cell_carries_its_scope(built: list[Built]) -> None:
    """Column for a header row, Row for a first column of row headers (PDF/UA-1 §7.5)."""
    for b in built:
        cells = header_cells(b.reader)
        assert cells and all(as_the_table_means(c) for c in cells), b.pdf.name


def test_every_header_a_pdf_data_cell_names_resolves(built: list[Built]) -> None:
    for b in built:
        ids = id_tree(b.reader)
        assert all(str(key) in ids for cell in structure(b.reader) if cell["/S"] == "/TD"
                   for key in cell["/A"]["/Headers"]), b.pdf.name


def test_pdf_figures_carry_alt_text(built: list[Built]) -> None:
    figures = [e for b in built for e in structure(b.reader) if e["/S"] == "/Figure"]
    assert figures  # the demand chart, at least
    assert all(str(e.get("/Alt", "")).strip() for e in figures)


def test_the_pdf_has_bookmarks_for_sections_and_clauses(built: list[Built]) -> None:
    for b in built:
        outline = b.reader.outline
        assert len(outline) > 3
        assert any(isinstance(item, list) for item in outline)  # clauses nest under sections


def test_the_pdf_stylesheet_keeps_text_contrast_at_4_5_to_1() -> None:
    css = (ROOT / "templates" / "document.css").read_text(encoding="utf-8")
    inks = re.findall(r"(?<![-\w])color:\s*#([0-9a-fA-F]{6})", css)
    fills = [*re.findall(r"background:\s*#([0-9a-fA-F]{6})", css), "ffffff"]
    assert inks and len(fills) > 1
    for ink, fill in itertools.product(inks, fills):
        assert contrast(ink, fill) >= 4.5, (ink, fill)


# ----------------------------------------------------------------------------------------- Word


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def part(path: Path, name: str) -> Any:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_word_title_and_language_are_set(built: list[Built]) -> None:
    for b in built:
        word = docx.Document(str(b.docx))
        assert word.core_properties.title.strip()
        assert word.core_properties.language == "en-GB"
        languages = {e.get(f"{W}val") for name in ("word/styles.xml", "word/document.xml")
                     for e in part(b.docx, name).iter(f"{W}lang")}
        assert languages == {"en-GB"}


def test_word_headings_run_in_order_from_level_1(built: list[Built]) -> None:
    for b in built:
        levels = [int(p.style.name[-1]) for p in docx.Document(str(b.docx)).paragraphs
                  if re.fullmatch(r"Heading \d", p.style.name)]
        assert levels[0] == 1
        assert all(after - before <= 1 for before, after in itertools.pairwise(levels))


def test_word_tables_repeat_their_header_row_and_merge_no_cells(built: list[Built]) -> None:
    for b in built:
        body = part(b.docx, "word/document.xml")
        tables = list(body.iter(f"{W}tbl"))
        assert tables
        for table in tables:
            first_row = table.find(f"{W}tr")
            assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
        for merge in ("gridSpan", "vMerge", "hMerge"):
            assert next(body.iter(f"{W}{merge}"), None) is None


def test_every_word_picture_has_alt_text(built: list[Built]) -> None:
    pictures = [p for b in built
                for p in part(b.docx, "word/document.xml").iter(
                    "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert pictures  # the demand chart, at least
    assert all(p.get("descr", "").strip() for p in pictures)


def test_the_word_body_is_sans_serif_at_11_point_or_more(built: list[Built]) -> None:
    for b in built:
        word = docx.Document(str(b.docx))
        normal = word.styles["Normal"].font
        assert normal.name in SANS_SERIF
        assert normal.size is not None and normal.size.pt >= 11
        defaults = part(b.docx, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        assert defaults.get(f"{W}ascii") in SANS_SERIF  # styles not based on Normal use these


def test_every_word_style_colour_reads_at_4_5_to_1(built: list[Built]) -> None:
    for b in built:
        for style in part(b.docx, "word/styles.xml").iter(f"{W}style"):
            fills = [s.get(f"{W}fill") for s in style.iter(f"{W}shd")] or ["FFFFFF"]
            for colour in style.iter(f"{W}color"):
                value = colour.get(f"{W}val")
                assert colour.get(f"{W}themeColor") is None  # the theme must not override it
                if value != "auto":
                    for fill in (f for f in fills if f != "auto"):
                        assert contrast(value, fill) >= 4.5, (style.get(f"{W}styleId"), value, fill)


def test_shaded_word_table_cells_keep_body_text_readable(built: list[Built]) -> None:
    for b in built:
        ink = str(docx.Document(str(b.docx)).styles["Normal"].font.color.rgb)
        fills = {s.get(f"{W}fill") for s in part(b.docx, "word/document.xml").iter(f"{W}shd")}
        assert next(part(b.docx, "word/document.xml").iter(f"{W}color"), None) is None
        for fill in fills - {"auto", None}:
            assert contrast(ink, fill) >= 4.5, fill


def test_both_formats_say_where_to_ask_for_alternative_formats(built: list[Built]) -> None:
    for b in built:
        contact = " ".join(b.answers["document"]["alternative_formats_contact"].split())
        word = "\n".join(p.text for p in docx.Document(str(b.docx)).paragraphs)
        assert f"Alternative formats: {contact}" in word
        wanted = "".join(f"Alternative formats: {contact}".split())
        pages = ("".join(page.extract_text().split()) for page in b.reader.pages)
        assert any(wanted in text for text in itertools.accumulate(pages))  # stops once found


# ---------------------------------------------------------------- a figure placed by hand


def with_figure() -> Document:
    answers = Answers.model_validate({
        "document": {"commissioners": ["N"], "area": "N", "author": "A", "date": "2025-01-01"},
        "introduction": {"context": "Babies need help."},
        "service": {"team": {"lead": {"profession": "clinical_psychologist"}},
                    "eligibility": {"geography": "N"}},
    })
    document = assemble(answers, load_library())
    figure = Figure(id="hand", alt="Three bars: 10, 20 and 30 families.", caption="Families a year",
                    svg='<svg xmlns="http://www.w3.org/2000/svg" width="90" height="30">'
                        '<rect width="30" height="10"/></svg>', png=_tiny_png())
    clause = Clause(id="test.figure", number="9.1", title="A figure", blocks=(
        Paragraph((Span("Before the figure."),)), figure))
    section = Section(id="test", number="9", title="Figures", clauses=(clause,))
    return dataclasses.replace(document, sections=(*document.sections, section))


def _tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + chunk(b"IEND", b""))


def test_any_figure_gets_its_alt_text_in_both_formats() -> None:
    document = with_figure()
    word = renderer("docx")(document, RenderOptions())
    pdf = renderer("pdf")(document, RenderOptions())

    with zipfile.ZipFile(io.BytesIO(word)) as package:
        body = package.read("word/document.xml").decode()
    assert 'descr="Three bars: 10, 20 and 30 families."' in body
    alts = [str(e.get("/Alt")) for e in structure(pypdf.PdfReader(io.BytesIO(pdf))) if e["/S"] == "/Figure"]
    assert "Three bars: 10, 20 and 30 families." in alts
