"""Word rendering with python-docx, styled by a reference .docx and picked by style name."""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Iterator

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Length
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
)
from specgen.render import RenderOptions, clausemap
from specgen.render.ooxml import (
    add_field,
    bookmark_end,
    bookmark_start,
    deterministic_zip,
    insert_in_order,
    remove_children,
    set_child,
)
from specgen.render.pagination import line_counts, page_numbers
from specgen.render.revisions import Revisions
from specgen.render.word_numbering import heading_numbering, unnumbered
from specgen.render.word_package import reference_package
from specgen.render.word_tables import fit, table_element
from specgen.resources import bundled


def render(document: Document, options: RenderOptions) -> bytes:
    reference = options.reference_doc or bundled("templates") / "reference.docx"
    word = docx.Document(io.BytesIO(reference_package(reference)))
    writer = _Writer(word, document, Revisions(options.tracked_changes, document.meta))
    writer.cover(document)
    writer.contents(document)
    writer.body(document)
    _header_footer(word, document)
    _properties(word, document)
    _settings(word, document)
    writer.fill_contents_pages()
    clausemap.attach(word.part, clausemap.record_of(word.element.body, document))
    buffer = io.BytesIO()
    word.save(buffer)
    return deterministic_zip(buffer.getvalue())


class _Writer:
    def __init__(self, word: WordDocument, document: Document, revisions: Revisions) -> None:
        self.word = word
        self.end = word.element.body.find(qn("w:sectPr"))
        self.revisions = revisions
        self.bookmarks = 0
        self.lists = 0
        self.auto_numbers = _numbers_follow_the_list(document)
        if self.auto_numbers:
            heading_numbering(word)
        self.page_refs: list[tuple[BaseOxmlElement, str]] = []
        self.style_ids: dict[str, str | None] = {}

    def paragraph(self, style: str | None = None, text: str = "") -> WordParagraph:
        """A new paragraph at the end of the body (before the last section's properties)."""
        element = OxmlElement("w:p")
        self.end.addprevious(element)
        paragraph = WordParagraph(element, self.word._body)
        if style is not None:
            element.style = self._style_id(style)
        if text:
            paragraph.add_run(text)
        return paragraph

    def _style_id(self, name: str) -> str | None:
        """The id of a paragraph style named in the reference document (None for the default
        style, as python-docx gives it), looked up once: its lookup reads every style each time."""
        if name not in self.style_ids:
            style = self.word.styles[name]
            default = self.word.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            self.style_ids[name] = None if style == default else style.style_id
        return self.style_ids[name]

    def heading(self, level: int, number: str, title: str) -> WordParagraph:
        """The one place a heading paragraph is made (clause anchors hook in here).

        Its number comes from the heading list when the document's numbers are the list's own;
        otherwise (an unnumbered heading, a change note quoting another document's numbers) it is
        typed and the list is switched off for this paragraph.
        """
        if self.auto_numbers and number and level < 3:
            return self.paragraph(f"Heading {level}", title)
        paragraph = self.paragraph(f"Heading {level}", heading_text(number, title))
        unnumbered(paragraph._p)
        return paragraph

    def cover(self, document: Document) -> None:
        meta = document.meta
        self.paragraph("Title", meta.title)
        self.paragraph("Subtitle", meta.subtitle)
        self.paragraph(None, meta.cover_note)

    def contents(self, document: Document) -> None:
        self.paragraph("TOC Heading", "Contents")
        entries = list(_toc_entries(document))
        for index, (level, text, target) in enumerate(entries):
            paragraph = self.paragraph(f"TOC {level}")
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                _text_width(self.word), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            if index == 0:
                add_field(paragraph, r'TOC \o "1-2" \h \z \u', "", close=False)
            link = _hyperlink(paragraph, target)
            link.append(_text_run(text))
            link.append(_tab_run())
            self._page_ref(paragraph, link, target)
            if index == len(entries) - 1:
                add_field(paragraph, "", "", open_=False)

    def _page_ref(self, paragraph: WordParagraph, link: BaseOxmlElement, target: str) -> None:
        before = len(paragraph._p)
        add_field(paragraph, f"PAGEREF {target} \\h", "00")
        runs = list(paragraph._p)[before:]
        for run in runs:
            paragraph._p.remove(run)
            link.append(run)
        self.page_refs.append((runs[3], target))  # begin, instruction, separate, RESULT, end

    def fill_contents_pages(self) -> None:
        """Cached page numbers in the contents, from our own layout of this very document.

        Laid out with two-digit stand-ins first; only if the real numbers change how many lines
        a contents entry takes (and so what follows) is the document laid out again.
        """
        entries = [run.getparent().getparent() for run, _ in self.page_refs]
        before = line_counts(self.word, entries)
        pages = page_numbers(self.word)
        for run, target in self.page_refs:
            run.text = str(pages.get(target, ""))
        if line_counts(self.word, entries) != before:
            pages = page_numbers(self.word)
            for run, target in self.page_refs:
                run.text = str(pages.get(target, ""))

    def body(self, document: Document) -> None:
        for section in document.sections:
            heading = self.heading(1, section.number, section.title)
            self._mark(heading, section.id)
            for clause in section.clauses:
                self._mark(self.heading(2, clause.number, clause.title), clause.id)
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
            self.spans(self.paragraph(), block.spans)
        elif isinstance(block, Note):
            self.spans(self.paragraph("Note"), block.spans)
        elif isinstance(block, Subheading):
            self.heading(3, "", block.text)
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
            paragraph = self.paragraph(style)
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
        section = self.word.sections[-1]
        portrait = _points(section.page_width) - _points(section.left_margin) - _points(
            section.right_margin)
        landscape = _points(section.page_height) - _points(section.left_margin) - _points(
            section.right_margin)
        fitted = fit(block, portrait, landscape)
        if fitted.landscape:
            self._section_break(landscape=False)
        self.end.addprevious(table_element(block, fitted, self.word.styles["Table Grid"].style_id,
                                                  self.revisions.mark))
        if fitted.landscape:
            self._section_break(landscape=True)
        else:
            self.paragraph()

    def _section_break(self, landscape: bool) -> None:
        """End the section here: a paragraph carrying a copy of the page setup, turned if asked."""
        properties = copy.deepcopy(self.end)
        remove_children(properties, "w:headerReference", "w:footerReference", "w:titlePg")
        set_child(properties, "w:type", val="nextPage")
        if landscape:
            size = properties.find(qn("w:pgSz"))
            width, height = size.get(qn("w:w")), size.get(qn("w:h"))
            set_child(properties, "w:pgSz", w=height, h=width, orient="landscape")
        insert_in_order(self.paragraph()._p.get_or_add_pPr(), properties)

    def figure(self, block: Figure) -> None:
        if not block.png:
            self.paragraph(None, f"[{block.caption}: {block.alt}]")
            return
        paragraph = self.paragraph()
        paragraph.add_run().add_picture(io.BytesIO(block.png), width=Cm(15))
        for doc_pr in paragraph._p.iter(qn("wp:docPr")):
            doc_pr.set("descr", block.alt)
            doc_pr.set("title", block.caption)
        self.paragraph("Caption", block.caption)


def _numbers_follow_the_list(document: Document) -> bool:
    """Whether every numbered heading carries the number Word's heading list would give it."""
    count = 0
    for section in document.sections:
        if section.number:
            count += 1
            if section.number != str(count):
                return False
        for index, clause in enumerate(section.clauses, start=1):
            wanted = f"{count}.{index}" if section.number else ""
            if clause.number != wanted:
                return False
    return True


def _points(length: Length | None) -> float:
    return float(length or 0) / 12700


def _text_width(word: WordDocument) -> Emu:
    section = word.sections[0]
    return Emu((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))


def _hyperlink(paragraph: WordParagraph, target: str) -> BaseOxmlElement:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), target)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def _text_run(text: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    run.text = text
    return run


def _tab_run() -> BaseOxmlElement:
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:tab"))
    return run


def _toc_entries(document: Document) -> Iterator[tuple[int, str, str]]:
    for section in document.sections:
        yield 1, heading_text(section.number, section.title), anchor(section.id)
        for clause in section.clauses:
            yield 2, heading_text(clause.number, clause.title), anchor(clause.id)


def _header_footer(word: WordDocument, document: Document) -> None:
    """The running header on every page but the cover; the page footer on every page."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = document.meta.running_header
    header.style = word.styles["Header"]
    for footer in (section.footer, section.first_page_footer):
        _page_footer(word, footer.paragraphs[0])
    section.first_page_header.is_linked_to_previous = False


def _page_footer(word: WordDocument, footer: WordParagraph) -> None:
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


def _settings(word: WordDocument, document: Document) -> None:
    """Ask Word to refresh fields on open; the document's language for theme fonts."""
    settings = word.settings.element
    set_child(settings, "w:updateFields")  # on/off in its plainest form: on
    language = settings.find(qn("w:themeFontLang"))
    if language is not None:
        language.set(qn("w:val"), document.meta.language)
