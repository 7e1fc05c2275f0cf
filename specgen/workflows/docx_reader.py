"""A .docx that specgen wrote, read back as a :class:`~specgen.document.Document` to compare.

Headings carry the structure: Heading 1 starts a section and Heading 2 a clause, each with the
bookmark specgen put inside it (``sg_…``, see :func:`specgen.document.anchor`), which survives a
re-save in Word or LibreOffice. The clause record inside the file (:mod:`specgen.render.clausemap`)
gives each bookmarked heading its real id and number; without one (an older file, or a heading
the team added) the number is read from the heading, or counted where Word's heading list draws
it. A clause runs to the next heading of level 1 or 2. The cover and the table of contents come
before the first section and are skipped. Styles are matched by name prefix, since LibreOffice
renames some on saving (Caption → Caption1, TOC 2 → Contents 2).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from specgen.document import (
    Block,
    Clause,
    Document,
    Figure,
    Inline,
    ListBlock,
    Meta,
    Note,
    Paragraph,
    Section,
    Span,
    Subheading,
    Table,
)
from specgen.errors import SpecgenError

_NUMBERED = {1: re.compile(r"^(\d+)\s+(.*)$"), 2: re.compile(r"^(\d+(?:\.\d+)+)\s+(.*)$")}
_VERSION = re.compile(r"\b[Vv]ersion ([0-9][\w.-]*?)(?=[,;)]|\.?\s|\.?$)")
_BOOKMARK = "sg_"


def read_document(path: Path) -> Document:
    """The document in ``path``; a located error if it is not a Word file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not path.is_file():
        raise SpecgenError(f"{path}: no such file")
    data = path.read_bytes()
    try:
        word = docx.Document(io.BytesIO(data))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError) as error:
        raise SpecgenError(f"{path}: cannot read it as a Word document ({error})") from None
    builder = _Builder(recorded=_recorded_headings(data))
    for item in word.iter_inner_content():
        builder.add(item)
    sections = builder.finish()
    if not sections:
        raise SpecgenError(f"{path}: no Heading 1 sections found; is it a document specgen wrote?")
    return Document(kind="read", meta=_meta(word, builder.cover), sections=tuple(sections))


@dataclass
class _Builder:
    """Collects sections, clauses and blocks as the body's paragraphs and tables go by."""

    sections: list[Section] = field(default_factory=list)
    section: tuple[str, str, str] | None = None
    clauses: list[Clause] = field(default_factory=list)
    clause: tuple[str, str, str] | None = None
    blocks: list[Block] = field(default_factory=list)
    cover: list[str] = field(default_factory=list)
    figures: int = 0
    counters: tuple[int, int] = (0, 0)
    """Section and clause numbers so far, for headings numbered by Word's list."""
    recorded: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Id and number of each heading by its bookmark, from the document's clause record."""

    def add(self, item: Any) -> None:
        if not hasattr(item, "style") or not hasattr(item, "text"):  # a table
            self._block(_table(item))
            return
        style = item.style.name if item.style is not None else ""
        level = _heading_level(style)
        if level in (1, 2):
            self._heading(item, level)
        elif self.section is None:
            self.cover += [item.text] if item.text.strip() else []
        else:
            self._paragraph(item, style)

    def _heading(self, paragraph: Any, level: int) -> None:
        self._end_clause()
        number, title = self._number_and_title(paragraph, level)
        mark = _bookmark(paragraph)
        ident = mark.removeprefix(_BOOKMARK) if mark else re.sub(r"\W+", "_", title.lower())
        if mark in self.recorded:  # the clause record knows the real id and number
            ident, number = self.recorded[mark]
            title = _without_number(paragraph.text, number)
        if level == 1:
            self._end_section()
            self.section = (ident, number, title)
        else:
            self.clause = (ident, number, title)

    def _number_and_title(self, paragraph: Any, level: int) -> tuple[str, str]:
        """A number Word draws from the heading list is counted; one typed in the text is read."""
        if not _list_numbered(paragraph):
            return _number_and_title(paragraph.text, level)
        self.counters = (self.counters[0] + 1, 0) if level == 1 else (self.counters[0], self.counters[1] + 1)
        shown = self.counters[:level]
        return ".".join(map(str, shown)), paragraph.text.strip()

    def _paragraph(self, paragraph: Any, style: str) -> None:
        picture = _picture(paragraph)
        if picture is not None:
            self.figures += 1
            self._block(Figure(f"figure-{self.figures}", *picture))
        elif style.startswith("Caption"):
            self._caption(paragraph.text)
        elif not paragraph.text.strip():
            return
        elif style.startswith("List"):
            self._list_item(paragraph.text, ordered="Number" in style)
        elif _heading_level(style) == 3:
            self._block(Subheading(paragraph.text))
        elif style.startswith("Note"):
            self._block(Note(_spans(paragraph.text)))
        else:
            self._block(Paragraph(_spans(paragraph.text)))

    def _caption(self, text: str) -> None:
        """The picture's title is its caption; LibreOffice drops the title, so read the line."""
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, Figure) and not last.caption:
            self.blocks[-1] = replace(last, caption=text)

    def _list_item(self, text: str, ordered: bool) -> None:
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, ListBlock) and last.ordered == ordered:
            self.blocks[-1] = ListBlock((*last.items, _spans(text)), ordered)
        else:
            self._block(ListBlock((_spans(text),), ordered))

    def _block(self, block: Block) -> None:
        if self.section is None:
            return
        if self.clause is None:  # text straight under a section heading: a clause of its own
            self.clause = (f"{self.section[0]}_text", "", self.section[2])
        self.blocks.append(block)

    def _end_clause(self) -> None:
        if self.clause is not None:
            self.clauses.append(Clause(*self.clause, tuple(self.blocks)))
        self.clause, self.blocks = None, []

    def _end_section(self) -> None:
        if self.section is not None:
            self.sections.append(Section(*self.section, tuple(self.clauses)))
        self.section, self.clauses = None, []

    def finish(self) -> list[Section]:
        self._end_clause()
        self._end_section()
        return self.sections


def _heading_level(style: str) -> int | None:
    found = re.fullmatch(r"Heading (\d)", style)
    return int(found.group(1)) if found else None


def _number_and_title(text: str, level: int) -> tuple[str, str]:
    found = _NUMBERED[level].match(text.strip())
    return (found.group(1), found.group(2)) if found else ("", text.strip())


def _list_numbered(paragraph: Any) -> bool:
    """True if Word numbers the heading from a list: its own numbering, else its style's
    (numId 0 switches a list off)."""
    holders = [paragraph._p, *(style.element for style in _styles(paragraph.style))]
    for holder in holders:
        properties = holder.pPr
        if properties is not None and properties.numPr is not None and properties.numPr.numId is not None:
            return int(properties.numPr.numId.val) != 0
    return False


def _styles(style: Any) -> list[Any]:
    """The style and those it is based on."""
    found: list[Any] = []
    while style is not None and len(found) < 10:
        found.append(style)
        style = style.base_style
    return found


def _bookmark(paragraph: Any) -> str:
    """The name of the specgen bookmark in a heading ("sg_…"), or ""."""
    from docx.oxml.ns import qn

    for start in paragraph._p.iter(qn("w:bookmarkStart")):
        name = str(start.get(qn("w:name"), ""))
        if name.startswith(_BOOKMARK):
            return name
    return ""


def _recorded_headings(data: bytes) -> dict[str, tuple[str, str]]:
    """From the clause record specgen puts in every .docx: each section's and clause's id and
    number, by the bookmark in its heading. The text is read from the body all the same, since
    that is what was sent, edits and all."""
    from specgen.render.clausemap import read

    record = read(data)
    units = record.units if record else ()
    return {u.bookmark: (u.id, u.number) for u in units if u.bookmark and u.kind in ("section", "clause")}


def _without_number(text: str, number: str) -> str:
    text = text.strip()
    return text.removeprefix(f"{number} ").strip() if number else text


def _picture(paragraph: Any) -> tuple[str, str] | None:
    """A picture's alt text and title (the figure's caption), if the paragraph holds one."""
    from docx.oxml.ns import qn

    for doc_pr in paragraph._p.iter(qn("wp:docPr")):
        return str(doc_pr.get("descr", "")), str(doc_pr.get("title", ""))
    return None


def _table(table: Any) -> Table:
    rows = [tuple(_spans(cell.text) for cell in row.cells) for row in table.rows]
    return Table(rows[0] if rows else (), tuple(rows[1:]))


def _spans(text: str) -> Inline:
    return (Span(text),)


def _meta(word: Any, cover: list[str]) -> Meta:
    core = word.core_properties
    note = cover[2] if len(cover) > 2 else ""
    version = core.version or next((m.group(1) for m in map(_VERSION.search, cover) if m), "")
    created = core.created.date().isoformat() if isinstance(core.created, dt.datetime) else ""
    keywords = tuple(k for k in (core.keywords or "").split("; ") if k)
    return Meta(title=core.title or (cover[0] if cover else ""), subtitle=core.subject or "",
                author=core.author or "", organisations=(), area="", status=core.content_status or "",
                version=version, date=created, keywords=keywords,
                category=core.category or "", cover_note=note, language=core.language or "en-GB",
                reference=core.identifier or "")
