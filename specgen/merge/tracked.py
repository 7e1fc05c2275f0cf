"""specgen's changes written into the team's document as Word tracked changes.

Every change is a ``w:ins`` or ``w:del`` by one author on one date, so that *Reject all* gives
back exactly the team's text and *Accept all* the merged one. Deleted text moves into
``w:delText``; an inserted or deleted paragraph also marks its paragraph mark, and a new
paragraph carries its own mark at its end (never the heading's before it), so it keeps its style.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from lxml import etree

from specgen.render.wordtext import run_texts

_ID_TAGS = ("w:ins", "w:del", "w:comment", "w:commentRangeStart", "w:commentRangeEnd",
            "w:commentReference", "w:moveFrom", "w:moveTo", "w:rPrChange", "w:pPrChange")
_TEXT_TO_DELETED = {qn("w:t"): qn("w:delText"), qn("w:instrText"): qn("w:delInstrText")}
_AFTER_RPR_IN_PPR = (qn("w:sectPr"), qn("w:pPrChange"))


class Marks:
    """Revision marks for one merge: ids unused elsewhere in the document, one author and date."""

    def __init__(self, root: etree._Element, author: str, date: str) -> None:
        ids = [int(e.get(qn("w:id"))) for e in root.iter(*(qn(t) for t in _ID_TAGS))
               if (e.get(qn("w:id")) or "").isdigit()]
        self.next_id = max(ids, default=0) + 1
        self.author, self.date = author, date

    def mark(self, name: str) -> etree._Element:
        element = etree.Element(qn(name))
        element.set(qn("w:id"), str(self.take_id()))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        return element

    def take_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


# --- runs and their text ----------------------------------------------------------------------


def make_runs(text: str, rpr: etree._Element | None) -> list[etree._Element]:
    """Runs showing ``text`` (tabs and line breaks as Word writes them), formatted by ``rpr``."""
    run = etree.Element(qn("w:r"))
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for index, line in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, qn("w:br"))
        for column, piece in enumerate(line.split("\t")):
            if column:
                etree.SubElement(run, qn("w:tab"))
            if piece:
                t = etree.SubElement(run, qn("w:t"))
                t.text = piece
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [run]


def split_runs(p: etree._Element) -> None:
    """One piece of content per visible run, so that any run can be marked on its own."""
    for run in _visible_runs(p):
        rpr = run.find(qn("w:rPr"))
        for child in reversed([child for child in run if child is not rpr][1:]):
            clone = etree.Element(qn("w:r"))
            if rpr is not None:
                clone.append(copy.deepcopy(rpr))
            clone.append(child)
            run.addnext(clone)


def _visible_runs(p: etree._Element) -> list[etree._Element]:
    runs: dict[int, etree._Element] = {}
    for piece, _ in run_texts(p):
        runs.setdefault(id(piece.getparent()), piece.getparent())
    return list(runs.values())


def pieces(p: etree._Element) -> list[tuple[etree._Element, int, int]]:
    """Each visible single-piece run with the span of the paragraph's text it shows."""
    found, at = [], 0
    for piece, text in run_texts(p):
        found.append((piece.getparent(), at, at + len(text)))
        at += len(text)
    return found


def split_at(p: etree._Element, offset: int) -> None:
    """Cut the text run that straddles ``offset`` in two."""
    for run, start, end in pieces(p):
        if start < offset < end:
            t = run.find(qn("w:t"))
            tail = copy.deepcopy(run)
            t.text, tail.find(qn("w:t")).text = t.text[:offset - start], t.text[offset - start:]
            for element in (t, tail.find(qn("w:t"))):
                element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.addnext(tail)
            return


# --- marking ------------------------------------------------------------------------------------


def delete_run(run: etree._Element, marks: Marks) -> etree._Element:
    for child in run:
        if child.tag in _TEXT_TO_DELETED:
            child.tag = _TEXT_TO_DELETED[child.tag]
    wrapper = marks.mark("w:del")
    run.addprevious(wrapper)
    wrapper.append(run)
    return wrapper


def insert_runs(runs: list[etree._Element], marks: Marks) -> etree._Element:
    wrapper = marks.mark("w:ins")
    wrapper.extend(runs)
    return wrapper


def mark_paragraph(p: etree._Element, name: str, marks: Marks) -> None:
    """Mark a paragraph's mark (``w:ins`` or ``w:del``), in the place the schema gives it."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = etree.Element(qn("w:rPr"))
        later = [child for child in ppr if child.tag in _AFTER_RPR_IN_PPR]
        later[0].addprevious(rpr) if later else ppr.append(rpr)
    rpr.insert(0, marks.mark(name))


def replace_text(p: etree._Element, start: int, end: int, runs: list[etree._Element],
                 marks: Marks) -> list[etree._Element]:
    """Track-delete the paragraph's text from ``start`` to ``end`` and insert ``runs`` there.

    Returns the marked elements (for a comment to span).
    """
    split_runs(p)
    split_at(p, start)
    split_at(p, end)
    spans = pieces(p)
    doomed = [run for run, s, e in spans if start <= s and e <= end and e > s]
    marked = [delete_run(run, marks) for run in doomed]
    if runs:
        inserted = insert_runs(runs, marks)
        _place(p, inserted, marked[-1] if marked else None, spans, start)
        marked.append(inserted)
    return marked


def _place(p: etree._Element, inserted: etree._Element, after: etree._Element | None,
           spans: list[tuple[etree._Element, int, int]], start: int) -> None:
    if after is not None:
        after.addnext(inserted)
        return
    before = [run for run, s, e in spans if e == start and e > s]
    following = [run for run, s, e in spans if s == start and e > s]
    if before:
        before[-1].addnext(inserted)
    elif following:
        following[0].addprevious(inserted)
    else:
        _append_content(p, inserted)


def _append_content(p: etree._Element, element: etree._Element) -> None:
    """At the end of the paragraph's text, inside a bookmark that ends there."""
    ends = [child for child in p if child.tag == qn("w:bookmarkEnd")]
    ends[0].addprevious(element) if ends else p.append(element)


def delete_paragraph(p: etree._Element, marks: Marks) -> list[etree._Element]:
    split_runs(p)
    marked = [delete_run(run, marks) for run, s, e in pieces(p) if e > s]
    marked += [delete_run(run, marks) for run in _hidden_content_runs(p)]
    mark_paragraph(p, "w:del", marks)
    return marked


def _hidden_content_runs(p: etree._Element) -> list[etree._Element]:
    """Runs left with pictures (but no text) that are not yet deleted."""
    runs = []
    for run in p.iter(qn("w:r")):
        parent = run.getparent()
        if parent.tag in (qn("w:del"), qn("w:moveFrom")):
            continue
        if any(child.tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")) for child in run):
            runs.append(run)
    return runs


def insert_paragraph(p: etree._Element, marks: Marks) -> list[etree._Element]:
    """Mark a (new) paragraph and all it holds as inserted (runs inside a hyperlink or simple
    field are marked inside it: a ``w:ins`` holds runs, never hyperlinks)."""
    wrappers = _insert_runs_in(p, marks)
    mark_paragraph(p, "w:ins", marks)
    return wrappers


def _insert_runs_in(parent: etree._Element, marks: Marks) -> list[etree._Element]:
    wrappers = []
    for child in list(parent):
        if child.tag == qn("w:r"):
            wrapper = marks.mark("w:ins")
            child.addprevious(wrapper)
            wrapper.append(child)
            wrappers.append(wrapper)
        elif child.tag in (qn("w:hyperlink"), qn("w:fldSimple"), qn("w:smartTag")):
            nested = _insert_runs_in(child, marks)
            wrappers += [child] if nested else []
    return wrappers


def mark_table(table: etree._Element, name: str, marks: Marks) -> None:
    """A whole table inserted or deleted: every row, and every paragraph in it."""
    for row in table.iterchildren(qn("w:tr")):
        mark_row(row, name, marks)


def mark_row(row: etree._Element, name: str, marks: Marks) -> None:
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = etree.Element(qn("w:trPr"))
        tblpr_ex = row.find(qn("w:tblPrEx"))
        (tblpr_ex.addnext(trpr) if tblpr_ex is not None else row.insert(0, trpr))
    trpr.append(marks.mark(name))
    for p in row.iter(qn("w:p")):
        (insert_paragraph if name == "w:ins" else delete_paragraph)(p, marks)
