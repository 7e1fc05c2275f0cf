"""Text marked deleted or inserted, in Word: struck through and underlined, or tracked changes.

Tracked changes follow what opened, accepted and rejected correctly in Word and LibreOffice here
(design §6): a deleted run sits in ``w:del`` with its text as ``w:delText``, an inserted run in
``w:ins``. Accept all gives the new text, Reject all the old. Ids and dates are fixed by the
document, so the same note gives the same bytes.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.run import Run

from specgen.document import Meta, Span
from specgen.render.ooxml import insert_in_order, set_child

FIRST_ID = 100_000
"""Revision ids start well above the bookmark ids the renderer numbers from 1."""


class Revisions:
    def __init__(self, tracked: bool, meta: Meta) -> None:
        self.tracked = tracked
        self.author = "specgen"
        self.date = f"{meta.date}T00:00:00Z"
        self.next_id = FIRST_ID

    def show(self, run: Run, span: Span) -> None:
        """Mark the run as the span says; a span neither deleted nor inserted is left alone."""
        self.mark(run._r, span)

    def mark(self, run: BaseOxmlElement, span: Span) -> None:
        """The same for a ``w:r`` element already in its paragraph (as table cells build them)."""
        if not (span.deleted or span.inserted):
            return
        if not self.tracked:
            properties = run.find(qn("w:rPr"))
            if properties is None:
                properties = insert_in_order(run, OxmlElement("w:rPr"))
            set_child(properties, "w:strike" if span.deleted else "w:u",
                      **({} if span.deleted else {"val": "single"}))
            return
        self._wrap(run, "w:del" if span.deleted else "w:ins")
        if span.deleted:
            for text in run.findall(qn("w:t")):
                text.tag = qn("w:delText")

    def _wrap(self, run: BaseOxmlElement, tag: str) -> None:
        revision = OxmlElement(tag)
        revision.set(qn("w:id"), str(self.next_id))
        revision.set(qn("w:author"), self.author)
        revision.set(qn("w:date"), self.date)
        self.next_id += 1
        run.addprevious(revision)
        revision.append(run)
