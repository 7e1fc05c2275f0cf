"""Word rendering with python-docx, styled by a reference .docx and picked by style name."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import docx
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from specgen.document import (
    Block,
    Document,
    Figure,
    Inline,
    ListBlock,
    Note,
    Paragraph,
    Subheading,
    Table,
    anchor,
    heading_text,
    plain_text,
)
from specgen.render import RenderOptions, clausemap
from specgen.render.ooxml import add_field, bookmark_end, bookmark_start, deterministic_zip
from specgen.render.revisions import Revisions
from specgen.resources import bundled

_TEXT_WIDTH_CM = 16.4  # A4 less the reference document's margins


def render(document: Document, options: RenderOptions) -> bytes:
    reference = options.reference_doc or bundled("templates") / "reference.docx"
    word = docx.Document(str(reference))
    _clear_body(word)
    writer = _Writer(word, Revisions(options.tracked_changes, document.meta))
    writer.cover(document)
    writer.contents(document)
    writer.body(document)
    _header_footer(word, document)
    _properties(word, document)
    clausemap.attach(word.part, clausemap.record_of(word.element.body, document))
    buffer = io.BytesIO()
    word.save(buffer)
    return deterministic_zip(buffer.getvalue())


def _clear_body(word: WordDocument) -> None:
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


class _Writer:
    def __init__(self, word: WordDocument, revisions: Revisions) -> None:
        self.word = word
        self.revisions = revisions
        self.bookmarks = 0
        self.lists = 0

    def cover(self, document: Document) -> None:
        meta = document.meta
        self.word.add_paragraph(meta.title, style="Title")
        self.word.add_paragraph(meta.subtitle, style="Subtitle")
        self.word.add_paragraph(meta.cover_note)

    def contents(self, document: Document) -> None:
        self.word.add_paragraph("Contents", style="TOC Heading")
        entries = list(_toc_entries(document))
        for index, (level, text, target) in enumerate(entries):
            paragraph = self.word.add_paragraph(style=f"TOC {level}")
            if index == 0:
                add_field(paragraph, r'TOC \o "1-2" \h \z \u', "", close=False)
            paragraph.add_run(text)
            paragraph.add_run("\t")
            add_field(paragraph, f"PAGEREF {target} \\h", "")
            if index == len(entries) - 1:
                add_field(paragraph, "", "", open_=False)

    def body(self, document: Document) -> None:
        for section in document.sections:
            heading = self.word.add_heading(heading_text(section.number, section.title), level=1)
            self._mark(heading, section.id)
            for clause in section.clauses:
                self._mark(self.word.add_heading(heading_text(clause.number, clause.title), level=2),
                           clause.id)
                for block in clause.blocks:
                    self.block(block)

    def _mark(self, paragraph: WordParagraph, clause_id: str) -> None:
        """Bookmark a heading, start and end inside it: LibreOffice keeps such a bookmark when it
        saves, but cuts one that spans paragraphs. A clause runs to the next bookmarked heading."""
        self.bookmarks += 1
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0,
                            bookmark_start(self.bookmarks, anchor(clause_id)))
        paragraph._p.append(bookmark_end(self.bookmarks))

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self.spans(self.word.add_paragraph(), block.spans)
        elif isinstance(block, Note):
            self.spans(self.word.add_paragraph(style="Note"), block.spans)
        elif isinstance(block, Subheading):
            self.word.add_heading(block.text, level=3)
        elif isinstance(block, ListBlock):
            self.list(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figure):
            self.figure(block)

    def spans(self, paragraph: WordParagraph, spans: Inline) -> None:
        for span in spans:
            run = paragraph.add_run(span.text)
            run.bold = span.bold or None
            run.italic = span.italic or None
            self.revisions.show(run, span)

    def list(self, block: ListBlock) -> None:
        style = "List Number" if block.ordered else "List Bullet"
        restart = self._restarted_numbering() if block.ordered else None
        for item in block.items:
            paragraph = self.word.add_paragraph(style=style)
            if restart is not None:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = restart
            self.spans(paragraph, item)

    def _restarted_numbering(self) -> int | None:
        """A fresh numbering instance so each numbered list starts again at 1."""
        style = self.word.styles["List Number"]
        num_pr = style.element.pPr.numPr if style.element.pPr is not None else None
        if num_pr is None or num_pr.numId is None:
            return None
        numbering = self.word.part.numbering_part.element
        abstract = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
        num = numbering.add_num(abstract)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        return int(num.numId)

    def table(self, block: Table) -> None:
        table = self.word.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = self.word.styles["Table Grid"]
        table.autofit = False
        _fill_row(self, table, 0, block.header, header=True)
        for index, row in enumerate(block.rows, start=1):
            _fill_row(self, table, index, row, header=False)
        for column, width in zip(table.columns, _column_widths(block), strict=True):
            column.width = width  # the grid, which LibreOffice reads
            for cell in column.cells:  # and each cell, which Word reads
                cell.width = width
        self.word.add_paragraph()

    def figure(self, block: Figure) -> None:
        if not block.png:
            self.word.add_paragraph(f"[{block.caption}: {block.alt}]")
            return
        self.word.add_picture(io.BytesIO(block.png), width=Cm(15))
        picture = self.word.paragraphs[-1]
        for doc_pr in picture._p.iter(qn("wp:docPr")):
            doc_pr.set("descr", block.alt)
            doc_pr.set("title", block.caption)
        self.word.add_paragraph(block.caption, style="Caption")


def _fill_row(writer: _Writer, table: WordTable, index: int, cells: tuple[Inline, ...],
              header: bool) -> None:
    row = table.rows[index]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # keep a row on one page
    if header:
        tr_pr = row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
    for cell, content in zip(row.cells, cells, strict=True):
        paragraph = cell.paragraphs[0]
        writer.spans(paragraph, content)
        if header:
            for run in paragraph.runs:
                run.bold = True
            _shade_cell(cell, "DCE4EE")


def _column_widths(block: Table) -> list[Length]:
    """Share the text width by how much each column holds; never narrower than its longest word."""
    rows = [block.header, *block.rows]
    weights = []
    for i in range(len(block.header)):
        texts = [plain_text(row[i]) for row in rows]
        longest_word = max((len(word) for text in texts for word in text.split()), default=0)
        weights.append(max(longest_word + 2, min(max(map(len, texts)), 60), 6))
    total = sum(weights)
    return [Cm(_TEXT_WIDTH_CM * weight / total) for weight in weights]


def _shade_cell(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _toc_entries(document: Document) -> Iterator[tuple[int, str, str]]:
    for section in document.sections:
        yield 1, heading_text(section.number, section.title), anchor(section.id)
        for clause in section.clauses:
            yield 2, heading_text(clause.number, clause.title), anchor(clause.id)


def _header_footer(word: WordDocument, document: Document) -> None:
    section = word.sections[0]
    header = section.header.paragraphs[0]
    header.text = document.meta.running_header
    header.style = word.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = word.styles["Footer"]
    footer.text = ""
    footer.add_run("Page ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES", "1")


def _properties(word: WordDocument, document: Document) -> None:
    meta = document.meta
    stamp = dt.datetime.fromisoformat(meta.date).replace(tzinfo=dt.UTC)
    core = word.core_properties
    core.title = meta.title
    core.subject = meta.subtitle
    core.author = core.last_modified_by = meta.author
    core.keywords = "; ".join(meta.keywords)
    core.language = meta.language
    core.category = meta.category
    core.comments = f"Commissioned by {', '.join(meta.organisations)}"
    core.identifier = meta.reference
    core.created = core.modified = stamp
    core.last_printed = stamp
    core.revision = 1
    core.version = meta.version
    core.content_status = meta.status
