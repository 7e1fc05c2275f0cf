"""Blocks copied from specgen's fresh document into the team's, made to fit there.

Style ids are mapped by style name (LibreOffice renames some ids when it saves); pictures bring
their image parts; bookmark and drawing ids are renumbered past those in use; list numbering
follows the team's list before it; a field that only starts or only ends in the copied paragraph
(the contents field spans many) is left out, keeping its visible text.
"""

from __future__ import annotations

import copy
import io

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from lxml import etree

_R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_STYLE_REFS = ("w:pStyle", "w:rStyle", "w:tblStyle")


class Importer:
    def __init__(self, theirs: WordDocument, ours: WordDocument) -> None:
        self.theirs, self.ours = theirs, ours
        their_ids = {style.name: style.style_id for style in theirs.styles}
        self.styles = {style.style_id: their_ids.get(style.name, style.style_id) for style in ours.styles}
        self.known_styles = set(their_ids.values())
        root = theirs.element
        self.next_bookmark = 1 + max((int(b.get(qn("w:id"), "0")) for b in root.iter(qn("w:bookmarkStart"))
                                      if b.get(qn("w:id"), "").isdigit()), default=0)
        self.next_drawing = 1 + max((int(d.get("id", "0")) for d in root.iter(qn("wp:docPr"))
                                     if d.get("id", "").isdigit()), default=0)

    def copy(self, element: etree._Element) -> etree._Element:
        clone = copy.deepcopy(element)
        self._styles(clone)
        self._pictures(clone)
        self._bookmarks(clone)
        for p in (clone, *clone.iter(qn("w:p"))):
            if p.tag == qn("w:p"):
                drop_broken_fields(p)
        return clone

    def _styles(self, element: etree._Element) -> None:
        for ref in element.iter(*(qn(name) for name in _STYLE_REFS)):
            style = self.styles.get(ref.get(qn("w:val"), ""), ref.get(qn("w:val"), ""))
            if style in self.known_styles:
                ref.set(qn("w:val"), style)
            elif ref.tag == qn("w:pStyle"):
                ref.getparent().remove(ref)

    def _pictures(self, element: etree._Element) -> None:
        for blip in element.iter(qn("a:blip")):
            rid = blip.get(_R_EMBED)
            if rid:
                blob = self.ours.part.related_parts[rid].blob
                new_rid, _ = self.theirs.part.get_or_add_image(io.BytesIO(blob))
                blip.set(_R_EMBED, new_rid)
        for doc_pr in element.iter(qn("wp:docPr")):
            doc_pr.set("id", str(self.next_drawing))
            self.next_drawing += 1

    def _bookmarks(self, element: etree._Element) -> None:
        renumbered: dict[str, str] = {}
        for mark in element.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
            old = mark.get(qn("w:id"), "")
            if old not in renumbered:
                renumbered[old] = str(self.next_bookmark)
                self.next_bookmark += 1
            mark.set(qn("w:id"), renumbered[old])

    def numbered_like(self, p: etree._Element, before: etree._Element | None) -> None:
        """A new list item continues the team's list before it, else takes its style's numbering."""
        ppr = p.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is None:
            return
        ppr.remove(num_pr)
        if before is None or before.tag != qn("w:p") or _style(before) != _style(p):
            return
        theirs = before.find(qn("w:pPr") + "/" + qn("w:numPr"))
        if theirs is not None:
            style = ppr.find(qn("w:pStyle"))
            (style.addnext if style is not None else lambda e: ppr.insert(0, e))(copy.deepcopy(theirs))


def _style(p: etree._Element) -> str:
    style = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return style.get(qn("w:val"), "") if style is not None else ""


def drop_broken_fields(p: etree._Element) -> None:
    """Remove the code of a field that begins here but ends elsewhere, and a lone field end."""
    open_fields: list[list[etree._Element]] = []
    for run in list(p.iter(qn("w:r"))):
        char = run.find(qn("w:fldChar"))
        kind = char.get(qn("w:fldCharType")) if char is not None else None
        if kind == "begin":
            open_fields.append([run])
        elif kind == "end" and not open_fields:
            run.getparent().remove(run)
        elif kind == "end":
            open_fields.pop()
        elif open_fields and (kind == "separate" or run.find(qn("w:instrText")) is not None):
            open_fields[-1].append(run)
    for code in open_fields:
        for run in code:
            run.getparent().remove(run)
