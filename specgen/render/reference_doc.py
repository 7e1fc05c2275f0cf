"""Build ``templates/reference.docx``: the Word styles specgen's documents use.

An organisation can replace the file (``--reference-doc``) with its own branded copy; the renderer
only picks styles by name. Regenerate ours with ``python -m specgen.render.reference_doc PATH``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from specgen.render.ooxml import deterministic_zip, set_child
from specgen.render.word_numbering import heading_numbering
from specgen.render.word_package import rebuilt

BODY_FONT = "Arial"
INK = RGBColor(0x1A, 0x1A, 0x1A)      # 17:1 on white
ACCENT = RGBColor(0x1F, 0x38, 0x64)    # 11:1 on white
MUTED = RGBColor(0x4D, 0x4D, 0x4D)     # 8.5:1 on white

# name: (size in points, bold, colour)
HEADINGS = {"Title": (26, True, ACCENT), "Subtitle": (14, False, MUTED),
            "Heading 1": (16, True, ACCENT), "Heading 2": (13, True, ACCENT),
            "Heading 3": (11.5, True, INK)}


def build(path: Path) -> None:
    document = docx.Document()
    _page(document)
    _language_and_font(document)
    for name, (size, bold, colour) in HEADINGS.items():
        _font(document.styles[name], size, bold, colour)
    _body_styles(document)
    _drop_unused_table_styles(document)
    _accessible_colours(document)
    heading_numbering(document)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(deterministic_zip(rebuilt(buffer.getvalue(), path)))  # only the parts a reference needs


def _page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.3))


def _language_and_font(document: docx.document.Document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = set_child(rpr, "w:lang")
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "en-GB")
    _sans_serif(rpr.find(qn("w:rFonts")))  # styles not based on Normal fall back to these
    _font(document.styles["Normal"], 11, False, INK)


def _font(style: object, size: float, bold: bool, colour: RGBColor) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold, font.color.rgb = BODY_FONT, Pt(size), bold, colour
    _sans_serif(style.element.get_or_add_rPr().get_or_add_rFonts())  # type: ignore[attr-defined]


def _sans_serif(rfonts: object) -> None:
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), BODY_FONT)  # type: ignore[attr-defined]
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(attr), None)  # type: ignore[attr-defined]


def _body_styles(document: docx.document.Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True  # Word and LibreOffice then break pages alike
    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.paragraph_format.left_indent = Cm(0.6)
    _shade(note.element, "EAF0F7")
    # The contents and each top-level section start a new page, as they do in the PDF.
    styles["TOC Heading"].paragraph_format.page_break_before = True
    styles["Heading 1"].paragraph_format.page_break_before = True
    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
    styles["TOC 1"].font.bold = True  # sections stand out from their clauses, as in the PDF
    styles["TOC 1"].paragraph_format.space_before = Pt(6)
    styles["Title"].paragraph_format.space_before = Cm(5)  # the cover's title sits low, as in the PDF
    for name in ("Header", "Footer", "Caption"):
        _font(styles[name], 9, False, MUTED)


def _shade(style_element: object, fill: str) -> None:
    ppr = style_element.get_or_add_pPr()  # type: ignore[attr-defined]
    set_child(ppr, "w:shd", val="clear", color="auto", fill=fill)  # in schema order: before w:ind


def _drop_unused_table_styles(document: docx.document.Document) -> None:
    """Keep only the table styles specgen uses; Word's colourful ones put white text on pale fills."""
    for style in list(document.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in ("Normal Table", "Table Grid"):
            style.delete()


def _accessible_colours(document: docx.document.Document) -> None:
    """Every text colour of every style reads at 4.5:1 or more on white (WCAG AA).

    The template's styles we do not use (Heading 4, Intense Quote, Subtle Emphasis ...) are a pale
    blue or grey below that, and someone editing the document may still choose them. Theme colours
    become fixed ones, so a change of theme cannot undo this.
    """
    for colour in document.styles.element.iter(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attr), None)
        value = colour.get(qn("w:val"))
        if value and value != "auto":
            colour.set(qn("w:val"), _darkened(value))


def _darkened(hex_colour: str) -> str:
    """The colour, darkened in small steps until it reads at 4.5:1 on white; as it was if it does."""
    rgb = [int(hex_colour[i:i + 2], 16) for i in (0, 2, 4)]
    while _contrast_on_white(rgb) < 4.5:
        rgb = [int(channel * 0.95) for channel in rgb]
    return "".join(f"{channel:02X}" for channel in rgb)


def _contrast_on_white(rgb: list[int]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "templates/reference.docx"))
