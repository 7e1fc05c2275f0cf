"""Reading a .docx as a person sees it: headings with the numbers Word's lists give them.

Heading numbers are not text in the file but a multilevel list linked to the heading styles, so
a test that compares heading text with the PDF has to number them as Word does: count each
level, restart the levels below, and write the level's ``lvlText`` with the counts.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def headings(path: Path, styles: tuple[str, ...] = ("Heading 1", "Heading 2")) -> list[str]:
    """The text of each paragraph in ``styles``, in order, with its list number in front."""
    document = docx.Document(str(path))
    counters: dict[str, list[int]] = {}
    found = []
    for paragraph in document.paragraphs:
        label = _label(document, paragraph, counters)
        if paragraph.style is not None and paragraph.style.name in styles:
            found.append(f"{label} {paragraph.text}" if label else paragraph.text)
    return found


def _num_pr(paragraph: Paragraph) -> tuple[str, int]:
    """(numId, level) from the paragraph, else from its style and the styles it is based on."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    num_id, level = "", -1
    for properties in sources:
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        if num_pr is None:
            continue
        ident, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
        num_id = num_id or (ident.get(qn("w:val")) if ident is not None else "")
        if level < 0 and ilvl is not None:
            level = int(ilvl.get(qn("w:val")))
    return num_id, max(level, 0)


def _label(document: docx.document.Document, paragraph: Paragraph,
           counters: dict[str, list[int]]) -> str:
    num_id, level = _num_pr(paragraph)
    if num_id in ("", "0"):
        return ""
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(int(num_id)).abstractNumId.val
    abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == str(abstract_id))
    lvl = next(x for x in abstract.findall(qn("w:lvl")) if x.get(qn("w:ilvl")) == str(level))
    count = counters.setdefault(num_id, [0] * 9)
    count[level] += 1
    count[level + 1:] = [0] * (8 - level)
    fmt = lvl.find(qn("w:numFmt"))
    if fmt is not None and fmt.get(qn("w:val")) in ("none", "bullet"):
        return ""
    text = lvl.find(qn("w:lvlText")).get(qn("w:val"))
    for index in range(9):
        text = text.replace(f"%{index + 1}", str(count[index]))
    return str(text)
