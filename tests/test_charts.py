"""Bar charts: one layout drawn as SVG (PDF) and PNG (Word), deterministic, with the data in alt text."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace

import docx
import pytest
from conftest import ROOT
from PIL import Image

from specgen.document import Clause, Section
from specgen.figures.charts import PNG_SCALE, WIDTH, Bar, bar_chart, height
from specgen.figures.choice import figures_for
from specgen.loader import load
from specgen.pipeline import document_for
from specgen.render import RenderOptions, renderer

SVG = "{http://www.w3.org/2000/svg}"
BARS = [Bar("Universal offer only", 55, 60), Bar("Specialist, longer-term", 5, 5)]


def chart(bars: list[Bar] = BARS, unit: str = "%") -> tuple[ET.Element, bytes]:
    figure = bar_chart("demo", "Demo chart", bars, unit, alt="numbers here", caption="Demo")
    return ET.fromstring(figure.svg), figure.png


def texts(svg: ET.Element) -> list[str]:
    """The chart's words, with the en dash of ranges written as a hyphen."""
    return [(t.text or "").replace("\u2013", "-") for t in svg.iter(f"{SVG}text")]


def test_it_returns_a_figure_with_both_drawings_and_the_given_words() -> None:
    figure = bar_chart("needs", "Title", BARS, "%", alt="55-60 % and 5 %", caption="Caption")
    assert (figure.id, figure.alt, figure.caption) == ("needs", "55-60 % and 5 %", "Caption")
    assert figure.svg.startswith("<svg") and figure.png.startswith(b"\x89PNG\r\n\x1a\n")


def test_it_draws_the_same_bytes_every_time() -> None:
    first = bar_chart("a", "T", BARS, "%", "alt", "c")
    second = bar_chart("a", "T", BARS, "%", "alt", "c")
    assert first.svg == second.svg and first.png == second.png


def test_the_svg_carries_its_title_and_alt_text_for_screen_readers() -> None:
    svg, _ = chart()
    assert svg.findtext(f"{SVG}title") == "Demo chart"
    assert svg.findtext(f"{SVG}desc") == "numbers here"


def test_it_labels_each_bar_with_its_rounded_value() -> None:
    svg, _ = chart([Bar("Targeted", 6.825, 8.4), Bar("Severe", 10, 10)])
    assert {"Targeted", "Severe", "6.8-8.4%", "10%"} <= set(texts(svg))


def test_a_range_bar_is_solid_to_its_low_value_and_outlined_to_its_high_value() -> None:
    svg, _ = chart([Bar("Range", 20, 40)])
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("height") == "18.0"]
    solid, extension = sorted(bars, key=lambda r: float(r.get("x", 0)))
    assert float(extension.get("width", 0)) == float(solid.get("width", 0))  # 20..40 is as long as 0..20
    assert extension.get("stroke") and not solid.get("stroke")


def test_a_single_value_bar_has_no_range_or_legend() -> None:
    svg, _ = chart([Bar("One", 15, 15)])
    assert len([r for r in svg.iter(f"{SVG}rect") if r.get("height") == "18.0"]) == 1
    assert "lower estimate" not in texts(svg)


def test_its_axis_ends_on_a_round_number_beyond_the_longest_bar() -> None:
    svg, _ = chart([Bar("A", 55, 57)])
    ticks = [t for t in texts(svg) if re.fullmatch(r"\d+%", t)]
    assert ticks[0] == "0%" and ticks[-1] == "60%"


def test_other_units_follow_the_number_after_a_space() -> None:
    svg, _ = chart([Bar("Families", 208, 256)], unit="families")
    assert "208-256 families" in texts(svg)


def test_hostile_labels_stay_text() -> None:
    svg, _ = chart([Bar("<script>alert(1)</script> & co", 1, 2)])
    assert "<script>alert(1)</script> & co" in texts(svg)
    assert not list(svg.iter(f"{SVG}script"))


def test_an_all_zero_chart_still_draws() -> None:
    svg, png = chart([Bar("Nothing", 0, 0)])
    assert "0%" in texts(svg) and png


def test_the_png_is_the_svg_layout_at_twice_the_size() -> None:
    _, png = chart()
    image = Image.open(io.BytesIO(png))
    assert image.size == (WIDTH * PNG_SCALE, height(len(BARS)) * PNG_SCALE)


def test_the_specification_gets_a_needs_chart_whose_alt_text_gives_the_numbers() -> None:
    answers = load(ROOT / "examples" / "northmoor-new-team.yaml")
    figure = figures_for(answers, "spec")["needs-levels"]
    alt = figure.alt.replace("\u2013", "-")
    assert "universal offer only: 55-60% (1,760-1,920 babies)" in alt
    assert "severe, little or no contact with services: 10% (320 babies)" in alt
    assert figure.caption.startswith("Levels of need in Northmoor")


def test_word_shows_the_png_with_its_alt_text() -> None:
    document = document_for(load(ROOT / "examples" / "northmoor-new-team.yaml"))
    data = renderer("docx")(document, RenderOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert any(name.startswith("word/media/") and name.endswith(".png") for name in package.namelist())
    word = docx.Document(io.BytesIO(data))
    described = [(el.get("descr") or "").replace("\u2013", "-") for el in word.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert any("targeted support, mild to moderate difficulties: 6.5-8%" in d for d in described)


def test_the_pdf_draws_the_svg_chart() -> None:
    from pypdf import PdfReader

    full = document_for(load(ROOT / "examples" / "cwm-glas-strengthening.yaml"))
    figure = figures_for(load(ROOT / "examples" / "cwm-glas-strengthening.yaml"), "spec")["needs-levels"]
    only_the_chart = Section("s", "1", "Demand", (Clause("c", "1.1", "Chart", (figure,)),))
    document = replace(full, sections=(only_the_chart,))  # a one-page PDF keeps the test quick
    pdf = PdfReader(io.BytesIO(renderer("pdf")(document, RenderOptions())))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "range up to the higher estimate" in text  # the legend exists only inside the chart


def test_the_pdf_renderer_fetches_only_data_urls_and_bundled_files() -> None:
    from specgen.render.pdf import check_bundled

    check_bundled("data:image/svg+xml;base64,PHN2Zy8+")
    for url in ("http://example.org/x.png", "file:///etc/passwd", "ftp://example.org/x"):
        with pytest.raises(ValueError, match="does not fetch external resources"):
            check_bundled(url)
