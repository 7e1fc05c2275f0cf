"""The merged Word text, every change accepted, back as a :class:`~specgen.document.Document`.

So the PDF built with ``--keep-edits`` says what the Word file says once its tracked changes are
accepted, while renderers still only render documents. A clause nobody edited keeps its own
blocks (with their emphasis and figures); an edited one is read from Word: paragraphs by style
(headings, bullets, numbered items, notes), tables cell by cell, bold and italic runs, and the
figures specgen drew, recognised by their alt text. Pictures the team added are not carried over.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from lxml import etree

from specgen.document import (
    Block,
    Clause,
    Document,
    Figure,
    Inline,
    ListBlock,
    Note,
    Paragraph,
    Span,
    Subheading,
    Table,
)
from specgen.render.clausemap import Record, UnitRecord
from specgen.render.wordtext import block_of, paragraph_text, pictures, run_texts, split_units

_CONTENT_REMOVED = ("w:del", "w:moveFrom")
_CONTENT_KEPT = ("w:ins", "w:moveTo")
_CHANGE_RECORDS = ("w:rPrChange", "w:pPrChange", "w:tblPrChange", "w:trPrChange", "w:tcPrChange",
                   "w:sectPrChange", "w:numberingChange")


def accept_all(body: etree._Element) -> etree._Element:
    """``body`` with every tracked change accepted (changed in place, and returned)."""
    for row in list(body.iter(qn("w:tr"))):
        if row.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None:
            row.getparent().remove(row)
    for p in list(body.iter(qn("w:p"))):
        if p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}") is not None:
            _join_with_next(p)
    for element in list(body.iter(*(qn(t) for t in (*_CONTENT_REMOVED, *_CHANGE_RECORDS)))):
        element.getparent().remove(element)
    for element in list(body.iter(*(qn(t) for t in _CONTENT_KEPT))):
        parent = element.getparent()
        if parent.tag in (qn("w:rPr"), qn("w:trPr")):
            parent.remove(element)
        else:
            for child in list(element):
                element.addprevious(child)
            parent.remove(element)
    return body


def _join_with_next(p: etree._Element) -> None:
    """A deleted paragraph mark: what is left of the paragraph runs on into the next one."""
    following = p.getnext()
    content = [child for child in p if child.tag != qn("w:pPr")]
    if following is not None and following.tag == qn("w:p"):
        anchor = following.find(qn("w:pPr"))
        for child in reversed(content):
            (anchor.addnext(child) if anchor is not None else following.insert(0, child))
    p.getparent().remove(p)


def accepted_document(word: WordDocument, record: Record, document: Document) -> Document:
    body = accept_all(copy.deepcopy(word.element.body))
    units = dict(split_units(body, record.by_bookmark()))
    by_id = {unit.id: unit for unit in record.units}
    styles = {style.style_id: style.name or "" for style in word.styles}
    sections = []
    for section in document.sections:
        clauses = []
        for clause in section.clauses:
            unit = by_id[clause.id]
            if unit.bookmark in units:
                clauses.append(_clause(clause, unit, units[unit.bookmark], styles))
        heading = units.get(by_id[section.id].bookmark)
        title = _title(paragraph_text(heading[0]), section.number) if heading else section.title
        sections.append(replace(section, title=title, clauses=tuple(clauses)))
    return replace(document, sections=tuple(sections))


def _clause(clause: Clause, unit: UnitRecord, elements: list[etree._Element],
            styles: dict[str, str]) -> Clause:
    if [block_of(e).key for e in elements] == [b.key for b in unit.blocks]:
        return clause
    title = _title(paragraph_text(elements[0]), clause.number)
    return replace(clause, title=title, blocks=tuple(blocks_of(elements[1:], styles, clause.blocks)))


def _title(heading: str, number: str) -> str:
    if number and heading.startswith(number + " "):
        return heading[len(number) + 1:]
    return re.sub(r"^\d+(\.\d+)*\s+", "", heading)


def blocks_of(elements: list[etree._Element], styles: dict[str, str],
              known: tuple[Block, ...]) -> list[Block]:
    figures = {block.alt: block for block in known if isinstance(block, Figure)}
    blocks: list[Block] = []
    for element in elements:
        style = styles.get(_style_id(element), "")
        drawn = [figures[alt] for alt in pictures(element) if alt in figures]
        if element.tag == qn("w:tbl"):
            blocks += _table(element)
        elif drawn:
            blocks += drawn
        elif not paragraph_text(element).strip() or (style == "Caption" and blocks
                                                     and isinstance(blocks[-1], Figure)):
            continue
        elif style.startswith(("List Bullet", "List Number")):
            _list_item(blocks, spans_of(element), ordered=style.startswith("List Number"))
        else:
            blocks.append(_paragraph(element, style))
    return blocks


def _list_item(blocks: list[Block], item: Inline, ordered: bool) -> None:
    """A list item joins the list just before it, or starts a new one."""
    if blocks and isinstance(blocks[-1], ListBlock) and blocks[-1].ordered == ordered:
        blocks[-1] = replace(blocks[-1], items=(*blocks[-1].items, item))
    else:
        blocks.append(ListBlock((item,), ordered))


def _paragraph(p: etree._Element, style: str) -> Block:
    if style.startswith("Heading"):
        return Subheading(paragraph_text(p))
    return Note(spans_of(p)) if style == "Note" else Paragraph(spans_of(p))


def _style_id(p: etree._Element) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""


def spans_of(p: etree._Element) -> Inline:
    spans: list[Span] = []
    for piece, text in run_texts(p):
        rpr = piece.getparent().find(qn("w:rPr"))
        bold, italic = _on(rpr, "w:b"), _on(rpr, "w:i")
        if spans and (spans[-1].bold, spans[-1].italic) == (bold, italic):
            spans[-1] = Span(spans[-1].text + text, bold, italic)
        else:
            spans.append(Span(text, bold, italic))
    return tuple(spans)


def _on(rpr: etree._Element | None, name: str) -> bool:
    flag = rpr.find(qn(name)) if rpr is not None else None
    return flag is not None and flag.get(qn("w:val"), "true") not in ("0", "false", "off")


def _table(table: etree._Element) -> list[Block]:
    rows = [tuple(_cell(tc) for tc in tr.iterchildren(qn("w:tc"))) for tr in table.iterchildren(qn("w:tr"))]
    if not rows or not rows[0]:
        return []
    width = len(rows[0])
    empty: Inline = (Span(""),)
    fitted = [(*row, *[empty] * (width - len(row)))[:width] for row in rows]
    return [Table(fitted[0], tuple(fitted[1:]))]


def _cell(tc: etree._Element) -> Inline:
    spans: list[Span] = []
    for index, p in enumerate(tc.iterchildren(qn("w:p"))):
        spans += ([Span("\n")] if index else []) + list(spans_of(p))
    return tuple(spans)
