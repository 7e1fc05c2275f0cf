"""The text of a Word body as a reader sees it, block by block and clause by clause.

Used twice: when specgen writes a .docx (to record what it generated) and when it reads one back
after people edited it (to find each clause and compare). Both sides must read the same way, so
the rules live here once:

- a paragraph's text is its visible text with pending changes accepted (insertions in, deletions
  out); tabs and line breaks count as characters, page breaks and field codes do not;
- pictures count as objects, named by their alt text, so a changed chart is a changed block;
- a table is its cells' texts, row by row;
- a clause runs from the heading that holds its bookmark to the next such heading; everything
  before the first one (cover and contents) is the front matter.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Literal

from docx.oxml.ns import qn
from lxml import etree

FRONT = "front"
"""The id of the front matter: everything before the first clause heading."""

_HIDDEN = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent")}
_CONTAINERS = {qn("w:sdt"), qn("w:customXml")}
_REVISIONS = ("w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:pPrChange", "w:rPrChange")
_ANNOTATIONS = ("w:commentRangeStart", "w:commentReference")


@dataclass(frozen=True)
class Block:
    """One body paragraph or table, as text."""

    kind: Literal["p", "table"]
    text: str = ""
    objects: tuple[str, ...] = ()
    """The alt text of each picture in the paragraph."""
    rows: tuple[tuple[str, ...], ...] = ()

    @property
    def key(self) -> tuple[object, ...]:
        """What must be equal for two blocks to say the same."""
        return (self.kind, self.text, self.objects, self.rows)


def paragraph_text(p: etree._Element) -> str:
    return "".join(text for _, text in run_texts(p))


def run_texts(p: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Each visible piece of a paragraph (a w:t, tab or break) with the text it shows."""
    for run in p.iter(qn("w:r")):
        if _hidden(run, p):
            continue
        for child in run:
            text = piece_text(child)
            if text:
                yield child, text


def piece_text(child: etree._Element) -> str:
    tag = child.tag
    if tag == qn("w:t"):
        return child.text or ""
    if tag == qn("w:tab"):
        return "\t"
    if tag == qn("w:cr") or (tag == qn("w:br") and child.get(qn("w:type"), "textWrapping") == "textWrapping"):
        return "\n"
    if tag == qn("w:noBreakHyphen"):
        return "\u2011"
    return ""


def _hidden(run: etree._Element, stop: etree._Element) -> bool:
    parent = run.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _HIDDEN:
            return True
        parent = parent.getparent()
    return False


def pictures(p: etree._Element) -> tuple[str, ...]:
    return tuple(doc_pr.get("descr", "") for doc_pr in p.iter(qn("wp:docPr")))


def block_of(element: etree._Element) -> Block:
    if element.tag == qn("w:tbl"):
        return Block("table", rows=table_rows(element))
    return Block("p", paragraph_text(element), pictures(element))


def table_rows(table: etree._Element) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(cell_text(tc) for tc in tr.iterchildren(qn("w:tc"))) for tr in rows(table))


def rows(table: etree._Element) -> list[etree._Element]:
    """The rows a reader sees: not those whose deletion is pending."""
    return [tr for tr in table.iterchildren(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is None]


def cell_paragraphs(tc: etree._Element) -> list[etree._Element]:
    return [p for p in tc.iterchildren(qn("w:p")) if not gone(p)]


def cell_text(tc: etree._Element) -> str:
    return "\n".join(paragraph_text(p) for p in cell_paragraphs(tc))


def gone(p: etree._Element) -> bool:
    """A paragraph whose deletion is pending, mark and all: once accepted, nothing is left of it."""
    mark = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}")
    return mark is not None and not paragraph_text(p) and not any(
        not _hidden(run, p) for run in p.iter(qn("w:r")) if run.find(qn("w:drawing")) is not None)


def has_revisions_or_comments(element: etree._Element) -> bool:
    """Pending tracked changes or comments: people's work in progress, kept whole."""
    tags = {qn(name) for name in (*_REVISIONS, *_ANNOTATIONS)}
    return any(node.tag in tags for node in element.iter())


def has_pictures(element: etree._Element) -> bool:
    return any(True for _ in element.iter(qn("w:drawing"), qn("w:pict"), qn("w:object")))


# --- the body, clause by clause ---------------------------------------------------------------


def body_blocks(body: etree._Element) -> list[etree._Element]:
    """The body's paragraphs and tables in order, looking inside content controls."""
    found: list[etree._Element] = []
    for child in body:
        if child.tag == qn("w:tbl") or (child.tag == qn("w:p") and not gone(child)):
            found.append(child)
        elif child.tag in _CONTAINERS:
            content = child.find(qn("w:sdtContent"))
            found.extend(body_blocks(content if content is not None else child))
    return found


def bookmarks(p: etree._Element) -> list[str]:
    return [start.get(qn("w:name"), "") for start in p.iter(qn("w:bookmarkStart"))]


def split_units(body: etree._Element, anchors: Collection[str]) -> list[tuple[str, list[etree._Element]]]:
    """The body cut at each paragraph holding one of ``anchors``: (anchor, elements) in order.

    The first piece, named :data:`FRONT`, holds whatever comes before the first anchor.
    """
    wanted = set(anchors)
    units: list[tuple[str, list[etree._Element]]] = [(FRONT, [])]
    seen: set[str] = set()
    for element in body_blocks(body):
        name = next((n for n in bookmarks(element) if n in wanted and n not in seen), None)
        if element.tag == qn("w:p") and name is not None:
            seen.add(name)
            units.append((name, [element]))
        else:
            units[-1][1].append(element)
    return units
