"""Keep a team's edits to a Word file specgen wrote: merge clause by clause, as tracked changes.

    base   = what specgen wrote last time (the clause record inside the team's file)
    theirs = the team's file as it is now
    ours   = what specgen writes now

The result is the team's own file with specgen's changes as tracked changes by ``specgen``, dated
from the answers: Reject all gives the team's file, Accept all the merge. Clauses are found by
the bookmarks in their headings; each is merged block by block (:mod:`specgen.merge.plan`), then
word by word (:mod:`specgen.merge.words`). A paragraph holding the team's own pending changes or
comments is never rewritten; one holding pictures is replaced whole or not at all.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from lxml import etree

from specgen.document import Document
from specgen.errors import SpecgenError
from specgen.merge import tracked
from specgen.merge.accepted import accepted_document
from specgen.merge.imported import Importer
from specgen.merge.plan import Delete, Insert, Keep, Step, plan
from specgen.merge.report import ClauseMerge, FileMerge, Status
from specgen.merge.words import merge_words
from specgen.render import clausemap
from specgen.render.clausemap import Record, UnitRecord
from specgen.render.ooxml import deterministic_zip
from specgen.render.wordtext import (
    FRONT,
    Block,
    block_of,
    cell_paragraphs,
    cell_text,
    has_pictures,
    has_revisions_or_comments,
    paragraph_text,
    rows,
    split_units,
    table_rows,
)

AUTHOR = "specgen"


@dataclass(frozen=True)
class Merged:
    data: bytes
    """The team's file with specgen's changes tracked."""
    document: Document
    """The merged text (all changes accepted) as a document, for the other formats."""
    report: FileMerge


def merge_word(path: Path, theirs: bytes, ours: bytes, document: Document) -> Merged:
    word = docx.Document(io.BytesIO(theirs))
    part = clausemap.find_part(word.part)
    base = clausemap.from_xml(part.blob) if part is not None else None
    if part is None or base is None:
        raise SpecgenError(f"{path}: cannot keep its edits: it holds no record of what specgen wrote "
                           "(made by another program, or by an older specgen); rerun with "
                           "--discard-edits to save it aside and write a fresh one")
    new = docx.Document(io.BytesIO(ours))
    new_record = clausemap.read(ours)
    assert new_record is not None, "the Word renderer always records its clauses"
    merger = _Merger(word, new, f"{document.meta.date}T00:00:00Z")
    outcomes = merger.merge(base, new_record)
    part._blob = clausemap.to_xml(replace(new_record, body=""))  # the new base; the body is theirs now
    buffer = io.BytesIO()
    word.save(buffer)
    accepted = accepted_document(word, new_record, document)
    return Merged(deterministic_zip(buffer.getvalue()), accepted, FileMerge(path, tuple(outcomes)))


class _Merger:
    def __init__(self, word: WordDocument, new: WordDocument, date: str) -> None:
        self.word, self.new, self.date = word, new, date
        self.marks = tracked.Marks(word.element, AUTHOR, date)
        self.importer = Importer(word, new)
        self.conflicts = 0

    def merge(self, base: Record, new: Record) -> list[ClauseMerge]:
        theirs = dict(split_units(self.word.element.body, base.by_bookmark()))
        ours = dict(split_units(self.new.element.body, new.by_bookmark()))
        old = {unit.id: unit for unit in base.units}
        outcomes = []
        for index, unit in enumerate(new.units):
            key = unit.bookmark or FRONT
            if unit.id not in old:
                self._add(ours[key], self._next_heading(new.units[index + 1:], old, theirs))
                outcomes.append(_outcome(unit, "added"))
            elif old[unit.id].bookmark in theirs or key == FRONT:
                status, note = self._unit(old[unit.id], theirs[key], ours[key], unit.kind == "front")
                outcomes.append(_outcome(unit, status, note))
            else:
                outcomes.append(_outcome(unit, "kept", "the team had deleted this clause; it stays deleted"))
        kept_ids = {unit.id for unit in new.units}
        for unit in base.units:
            if unit.id not in kept_ids and unit.bookmark in theirs:
                outcomes.append(_outcome(unit, *self._remove(unit, theirs[unit.bookmark])))
        return outcomes

    def _next_heading(self, later: tuple[UnitRecord, ...], old: dict[str, UnitRecord],
                      theirs: dict[str, list[etree._Element]]) -> etree._Element | None:
        for unit in later:
            if unit.id in old and old[unit.id].bookmark in theirs:
                return theirs[old[unit.id].bookmark][0]
        return None

    # --- whole clauses -------------------------------------------------------------------------

    def _add(self, elements: list[etree._Element], before: etree._Element | None) -> None:
        for element in elements:
            clone = self._inserted(element)
            if before is not None:
                before.addprevious(clone)
            else:
                self._body_end(clone)

    def _body_end(self, element: etree._Element) -> None:
        body = self.word.element.body
        sect_pr = body.find(qn("w:sectPr"))
        (sect_pr.addprevious(element) if sect_pr is not None else body.append(element))

    def _remove(self, unit: UnitRecord, elements: list[etree._Element]) -> tuple[Status, str]:
        edited = [block_of(e).key for e in elements] != [b.key for b in unit.blocks]
        marked: list[etree._Element] = []
        for element in elements:
            marked += self._delete(element)
        if edited:
            self._comment(marked, "The answers no longer call for this clause, so specgen deleted it as "
                          "a tracked change. It held your edits: reject the deletion to keep it.")
            return "conflict", "the answers removed this clause, which held your edits"
        return "removed", ""

    def _unit(self, base: UnitRecord, theirs: list[etree._Element], ours: list[etree._Element],
              front: bool) -> tuple[Status, str]:
        was, now = [b.key for b in base.blocks], [block_of(e).key for e in ours]
        edited = [block_of(e).key for e in theirs] != was
        if now == was:
            return ("kept" if edited else "unchanged"), ""
        self.conflicts = 0
        head = 0 if front else 1
        if not front:
            self._change(theirs[0], ours[0], base.blocks[0])
        self._sequence(list(base.blocks[head:]), theirs[head:], ours[head:], theirs[0] if not front else None)
        if not edited:
            return "updated", ""
        return ("conflict", f"{self.conflicts} place(s) where both changed the same words") \
            if self.conflicts else ("merged", "")

    # --- sequences of blocks ----------------------------------------------------------------

    def _sequence(self, base: list[Block], theirs: list[etree._Element], ours: list[etree._Element],
                  after: etree._Element | None, container: etree._Element | None = None,
                  loose: bool = False) -> None:
        """Merge a run of blocks; ``loose``: any two paragraphs are versions of each other (in a cell)."""
        t_blocks = [block_of(e) for e in theirs]
        o_blocks = [block_of(e) for e in ours]

        def similar(t: int, o: int) -> bool:
            return _similar(theirs[t], ours[o], t_blocks[t], o_blocks[o], loose)

        last = after
        keys = [b.key for b in base], [b.key for b in t_blocks], [b.key for b in o_blocks]
        for step in plan(*keys, similar):
            last = self._step(step, base, theirs, ours, last, container)

    def _step(self, step: Step, base: list[Block], theirs: list[etree._Element],
              ours: list[etree._Element], last: etree._Element | None,
              container: etree._Element | None) -> etree._Element | None:
        if isinstance(step, Keep):
            return theirs[step.theirs]
        if isinstance(step, Delete):
            marked = self._delete(theirs[step.theirs])
            if step.conflict:
                self._conflict_comment(marked, block_of(theirs[step.theirs]), "deleted")
            return theirs[step.theirs]
        if isinstance(step, Insert):
            clone = self._inserted(ours[step.ours], last)
            _place(clone, last, theirs, container)
            if step.conflict:
                self._conflict_comment(_content(clone), None, "inserted")
            return clone
        self._change(theirs[step.theirs], ours[step.ours], base[step.base] if step.base is not None else None)
        return theirs[step.theirs]

    # --- one block ------------------------------------------------------------------------------

    def _change(self, theirs: etree._Element, ours: etree._Element, base: Block | None) -> None:
        if theirs.tag == qn("w:tbl"):
            self._table(theirs, ours, base)
            return
        t_block, o_block = block_of(theirs), block_of(ours)
        if t_block.key == o_block.key:
            return
        if has_revisions_or_comments(theirs):
            self.conflicts += 1
            self._comment(_content(theirs) or [theirs], "The answers changed this paragraph, but it holds "
                          "your own pending changes or comments, so specgen left it as it is. specgen's "
                          f"new wording: \u201c{o_block.text}\u201d")
            return
        if has_pictures(theirs) or has_pictures(ours):
            self._replace_whole(theirs, ours)
            return
        self._words(theirs, ours, base.text if base is not None else t_block.text)

    def _words(self, theirs: etree._Element, ours: etree._Element, base: str) -> None:
        merge = merge_words(base, paragraph_text(theirs), paragraph_text(ours))
        for edit in reversed(merge.edits):
            runs = tracked.make_runs(edit.text, _format_at(ours, edit.ours_start))
            marked = tracked.replace_text(theirs, edit.start, edit.end, runs, self.marks)
            if edit.conflict:
                self.conflicts += 1
                yours = merge.theirs[edit.start:edit.end].strip()
                self._comment(marked, _conflict_text(yours, edit.base_text.strip()))

    def _replace_whole(self, theirs: etree._Element, ours: etree._Element) -> None:
        self._delete(theirs)
        clone = self._inserted(ours, theirs)
        theirs.addnext(clone)

    def _table(self, theirs: etree._Element, ours: etree._Element, base: Block | None) -> None:
        t_rows, o_rows = table_rows(theirs), table_rows(ours)
        b_rows = list(base.rows) if base is not None and base.kind == "table" else list(t_rows)
        t_trs, o_trs = rows(theirs), rows(ours)

        def similar(t: int, o: int) -> bool:
            return len(t_rows[t]) == len(o_rows[o])

        last: etree._Element | None = None
        for step in plan(b_rows, t_rows, o_rows, similar):
            if isinstance(step, Keep):
                last = t_trs[step.theirs]
            elif isinstance(step, Delete):
                tracked.mark_row(t_trs[step.theirs], "w:del", self.marks)
                last = t_trs[step.theirs]
            elif isinstance(step, Insert):
                row = self.importer.copy(o_trs[step.ours])
                tracked.mark_row(row, "w:ins", self.marks)
                _place(row, last, t_trs, theirs)
                last = row
            else:
                base_row = b_rows[step.base] if step.base is not None else t_rows[step.theirs]
                self._row(t_trs[step.theirs], o_trs[step.ours], base_row)
                last = t_trs[step.theirs]

    def _row(self, theirs: etree._Element, ours: etree._Element, base: tuple[str, ...]) -> None:
        cells = zip(theirs.iterchildren(qn("w:tc")), ours.iterchildren(qn("w:tc")), strict=True)
        for index, (tc_t, tc_o) in enumerate(cells):
            was = base[index] if index < len(base) else cell_text(tc_t)
            lines = [Block("p", line) for line in was.split("\n")]
            self._sequence(lines, cell_paragraphs(tc_t), cell_paragraphs(tc_o), None, tc_t, loose=True)

    # --- marking ------------------------------------------------------------------------------

    def _delete(self, element: etree._Element) -> list[etree._Element]:
        if element.tag == qn("w:tbl"):
            tracked.mark_table(element, "w:del", self.marks)
            return []
        return tracked.delete_paragraph(element, self.marks)

    def _inserted(self, element: etree._Element, before: etree._Element | None = None) -> etree._Element:
        clone = self.importer.copy(element)
        if clone.tag == qn("w:tbl"):
            tracked.mark_table(clone, "w:ins", self.marks)
        else:
            self.importer.numbered_like(clone, before)
            tracked.insert_paragraph(clone, self.marks)
        return clone

    def _conflict_comment(self, marked: list[etree._Element], theirs: Block | None, how: str) -> None:
        self.conflicts += 1
        if how == "deleted" and theirs is not None:
            self._comment(marked, "You had changed this passage and the answers changed it too, so specgen's "
                          f"version replaces it as a tracked change. Yours: \u201c{theirs.text}\u201d")
        else:
            self._comment(marked, "New wording from the answers, where you had changed or removed the "
                          "passage: reject this insertion to keep your version.")

    def _comment(self, marked: list[etree._Element], text: str) -> None:
        anchors = [m for m in marked if m.getparent() is not None and m.getparent().tag == qn("w:p")]
        if not anchors:
            return
        comment = self.word.comments.add_comment(text=text, author=AUTHOR, initials="sg")
        element = comment._comment_elm
        ident = str(self.marks.take_id())
        element.set(qn("w:id"), ident)
        element.set(qn("w:date"), self.date)
        start = etree.Element(qn("w:commentRangeStart"))
        end = etree.Element(qn("w:commentRangeEnd"))
        for mark in (start, end):
            mark.set(qn("w:id"), ident)
        anchors[0].addprevious(start)
        anchors[-1].addnext(end)
        reference = etree.SubElement(etree.Element(qn("w:r")), qn("w:commentReference"))
        reference.set(qn("w:id"), ident)
        end.addnext(reference.getparent())


def _outcome(unit: UnitRecord, status: Status, note: str = "") -> ClauseMerge:
    heading = "Cover and contents" if unit.kind == "front" else _title(unit.heading, unit.number)
    return ClauseMerge(unit.id, unit.number, heading, status, note)


def _title(heading: str, number: str) -> str:
    if number and heading.startswith(number + " "):
        return heading[len(number) + 1:]
    return re.sub(r"^\d+(\.\d+)*\s+", "", heading)


def _similar(theirs: etree._Element, ours: etree._Element, t: Block, o: Block, loose: bool) -> bool:
    if theirs.tag != ours.tag:
        return False
    if loose and not (t.objects or o.objects):
        return True
    if t.kind == "table":
        return bool(t.rows) and bool(o.rows) and len(t.rows[0]) == len(o.rows[0])
    if t.objects != o.objects and (t.objects or o.objects):
        return False
    return difflib.SequenceMatcher(None, t.text.split(), o.text.split()).ratio() >= 0.5


def _format_at(p: etree._Element, offset: int) -> etree._Element | None:
    """The run formatting of our paragraph's text at ``offset`` (the run before, at its end)."""
    found = None
    for run, start, _ in tracked.pieces(p):
        if start > offset:
            break
        found = run.find(qn("w:rPr"))
    return found


def _place(element: etree._Element, last: etree._Element | None, theirs: list[etree._Element],
           container: etree._Element | None) -> None:
    if last is not None:
        last.addnext(element)
    elif theirs:
        theirs[0].addprevious(element)
    elif container is not None:
        container.append(element)


def _content(element: etree._Element) -> list[etree._Element]:
    """The marked runs of an inserted paragraph, or a table's first paragraph's."""
    p = element if element.tag == qn("w:p") else next(element.iter(qn("w:p")), None)
    if p is None:
        return []
    return [child for child in p if child.tag in (qn("w:ins"), qn("w:del"), qn("w:r"))]


def _conflict_text(yours: str, before: str) -> str:
    was = f" (specgen had written \u201c{before}\u201d)" if before else ""
    return (f"Your wording here: \u201c{yours}\u201d. The answers changed this passage too{was}, so "
            "specgen's new wording is shown as a tracked change: reject it to keep yours.")
