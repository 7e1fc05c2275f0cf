"""Which page each heading of a Word document lands on: our own layout of the very XML we wrote.

The contents page caches these numbers in its PAGEREF fields, so that every client shows them
without updating fields (LibreOffice shows cached numbers as they are; Word refreshes them on
open). The layout follows what Word and LibreOffice do with this document's own styles: text
measured with the body font's widths (:mod:`specgen.render.metrics`), greedy line breaking at
spaces and after hyphens, line heights from the font's ascent, descent and gap scaled by the
paragraph's line spacing, space between paragraphs, page breaks before, keep-with-next,
keep-lines, two-line widow and orphan control, table rows that never split and header rows that
repeat, and sections that start a new page with their own page size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from specgen.render.metrics import SOFT_BREAK, ascent, text_width
from specgen.render.word_styles import ParagraphProps, Styles

TWIPS = 20.0


@dataclass
class Block:
    """A paragraph as lines of known height, with its spacing and keep rules."""

    lines: list[float]
    before: float = 0.0
    after: float = 0.0
    style: str = ""
    contextual: bool = False
    keep_next: bool = False
    keep_lines: bool = False
    break_before: bool = False
    widow_control: bool = False
    anchors: list[str] = field(default_factory=list)


@dataclass
class TableBlock:
    rows: list[tuple[float, bool]]
    """Each row's height, and whether it is a header row repeated on every page."""
    anchors: list[str] = field(default_factory=list)


@dataclass
class SectionBreak:
    height: float
    width: float


Item = Block | TableBlock | SectionBreak


def line_counts(word: WordDocument, paragraphs: list[BaseOxmlElement]) -> list[int]:
    """How many lines each of these paragraphs takes (the contents, before and after numbering)."""
    styles = Styles(word)
    width = _geometry(_first_section(word.element.body))[1]
    return [len(_paragraph(p, styles, width).lines) for p in paragraphs]


def page_numbers(word: WordDocument) -> dict[str, int]:
    """Bookmark name → page number (1 for the first page), for every bookmark in the body."""
    styles = Styles(word)
    pager = _Pager(*_geometry(_first_section(word.element.body)))
    for item in _items(word.element.body, styles):
        pager.place(item)
    return pager.anchors


def _first_section(body: BaseOxmlElement) -> BaseOxmlElement:
    for properties in body.iter(qn("w:sectPr")):
        found: BaseOxmlElement = properties
        return found
    raise ValueError("a Word body always ends with its section properties")


def _geometry(section: BaseOxmlElement) -> tuple[float, float]:
    """The text area of a section, (height, width) in points."""
    size, margins = section.find(qn("w:pgSz")), section.find(qn("w:pgMar"))

    def twips(element: BaseOxmlElement | None, name: str, default: int) -> float:
        value = element.get(qn(f"w:{name}")) if element is not None else None
        return int(value or default) / TWIPS

    height = twips(size, "h", 16838) - twips(margins, "top", 1440) - twips(margins, "bottom", 1440)
    width = twips(size, "w", 11906) - twips(margins, "left", 1440) - twips(margins, "right", 1440)
    return height, width


def _items(body: BaseOxmlElement, styles: Styles) -> Iterator[Item]:
    width = _geometry(_first_section(body))[1]
    for child in body:
        if child.tag == qn("w:p"):
            yield _paragraph(child, styles, width)
            section = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if section is not None:
                following = _next_section(child)
                height, width = _geometry(following)
                yield SectionBreak(height, width)
        elif child.tag == qn("w:tbl"):
            yield _table(child, styles)


def _next_section(paragraph: BaseOxmlElement) -> BaseOxmlElement:
    for sibling in paragraph.itersiblings():
        found = sibling if sibling.tag == qn("w:sectPr") else sibling.find(
            f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if found is not None:
            section: BaseOxmlElement = found
            return section
    raise ValueError("a section break with no section after it")


def _paragraph(p: BaseOxmlElement, styles: Styles, width: float) -> Block:
    props = styles.paragraph(p)
    label = styles.label(p)
    lines = _break_lines(list(_pieces(p, styles, label)), width - props.left - props.right,
                         props, styles)
    return Block(lines=lines, before=props.before, after=props.after, style=props.style,
                 contextual=props.contextual, keep_next=props.keep_next,
                 keep_lines=props.keep_lines, break_before=props.break_before,
                 widow_control=props.widow_control,
                 anchors=[b.get(qn("w:name")) for b in p.iter(qn("w:bookmarkStart"))])


@dataclass(frozen=True)
class _Piece:
    """An unbreakable stretch of a line: its width, the space after it, and its font size."""

    width: float
    space: float
    size: float
    forced_break: bool = False
    picture: float = 0.0


def _pieces(p: BaseOxmlElement, styles: Styles, label: str) -> Iterator[_Piece]:
    """The paragraph's text as pieces that a line may break between."""
    run_size = styles.paragraph(p).size
    if label:
        yield _Piece(text_width(label, run_size), 0.0, run_size)
    word, size = "", run_size
    for run in p.iter(qn("w:r")):
        size, bold = styles.run(p, run)
        for child in run:
            if child.tag == qn("w:t"):
                for char in child.text or "":
                    if char == SOFT_BREAK:
                        yield _Piece(text_width(word, size, bold), 0.0, size)
                        word = ""
                    elif char == " ":
                        yield _Piece(text_width(word, size, bold), text_width(" ", size), size)
                        word = ""
                    else:
                        word += char
                        if char == "-":
                            yield _Piece(text_width(word, size, bold), 0.0, size)
                            word = ""
            elif child.tag == qn("w:tab"):
                yield _Piece(text_width(word, size, bold), text_width("nn", size), size)
                word = ""
            elif child.tag in (qn("w:br"), qn("w:cr")):
                yield _Piece(text_width(word, size, bold), 0.0, size, forced_break=True)
                word = ""
            elif child.tag == qn("w:drawing"):
                yield _Piece(text_width(word, size, bold), 0.0, size)
                word = ""
                yield _Piece(0.0, 0.0, size, picture=_picture_height(child))
    yield _Piece(text_width(word, size), 0.0, size)


def _picture_height(drawing: BaseOxmlElement) -> float:
    extent = drawing.find(f".//{qn('wp:extent')}")
    return int(extent.get("cy", "0")) / 12700 if extent is not None else 0.0


def _break_lines(pieces: list[_Piece], width: float, props: ParagraphProps,
                 styles: Styles) -> list[float]:
    """Greedy line breaking: as many pieces on a line as fit; each line as tall as its tallest."""
    lines: list[float] = []
    used, sizes, pictures = 0.0, list[float](), list[float]()
    for piece in pieces:
        if used and used + piece.width > width:
            lines.append(_line(sizes, pictures, props, styles))
            used, sizes, pictures = 0.0, [], []
        if piece.width > width:  # a run longer than the line is cut wherever it must be
            full = int(piece.width // width)
            lines += [_line([piece.size], [], props, styles)] * full
            used -= full * width
        used += piece.width + piece.space
        sizes.append(piece.size)
        if piece.picture:
            pictures.append(piece.picture)
        if piece.forced_break:
            lines.append(_line(sizes, pictures, props, styles))
            used, sizes, pictures = 0.0, [], []
    if sizes or not lines:
        lines.append(_line(sizes or [props.size], pictures, props, styles))
    return lines


def _line(sizes: list[float], pictures: list[float], props: ParagraphProps, styles: Styles) -> float:
    """A line's height: its largest font's, or a picture standing on the baseline plus what the
    line keeps below the baseline."""
    size = max(sizes) if sizes else props.size
    text = styles.line_height(props, size)
    below = text - ascent(size)
    return max([text, *(picture + below for picture in pictures)])


def _table(table: BaseOxmlElement, styles: Styles) -> TableBlock:
    widths = [int(c.get(qn("w:w"), "0")) / TWIPS for c in table.iter(qn("w:gridCol"))]
    rows = []
    for row in table.findall(qn("w:tr")):
        header = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        height = 0.0
        for cell, width in zip(row.findall(qn("w:tc")), widths, strict=False):
            content = sum(_height(_paragraph(p, styles, width - 2 * 5.4))
                          for p in cell.findall(qn("w:p")))
            height = max(height, content)
        rows.append((height + styles.row_padding, header))
    return TableBlock(rows, [b.get(qn("w:name")) for b in table.iter(qn("w:bookmarkStart"))])


def _height(block: Block) -> float:
    return block.before + sum(block.lines) + block.after


class _Pager:
    """Places items on pages, top to bottom, and notes the page of each bookmark."""

    def __init__(self, height: float, width: float) -> None:
        self.height = height
        self.page, self.y = 1, 0.0
        self.after, self.style = 0.0, ""
        self.anchors: dict[str, int] = {}
        self.pending: list[Item] = []
        self.forced = True
        """Whether this page began at a break asked for (the first page, a page break before, a
        section): only there does a paragraph keep its space before at the top of the page."""

    def place(self, item: Item) -> None:
        self.pending.append(item)
        if isinstance(item, Block) and item.keep_next:
            return  # placed with what follows it
        group, self.pending = self.pending, []
        self._place_group(group)

    def _place_group(self, group: list[Item]) -> None:
        first = group[0]
        needed = self._gap(first) - (first.before if isinstance(first, Block) else 0.0) + sum(
            self._start_height(item, keep=index < len(group) - 1) for index, item in enumerate(group))
        if isinstance(first, Block) and first.break_before and self.y:
            self._new_page(forced=True)
        elif self.y and self.y + needed > self.height and needed - self._gap(first) <= self.height:
            self._new_page()
        for item in group:
            self._place_one(item)

    def _start_height(self, item: Item, keep: bool) -> float:
        """What must fit on the page for an item to start there (all of it if it keeps together)."""
        if isinstance(item, Block):
            lines = item.lines if keep or item.keep_lines else item.lines[:2 if item.widow_control else 1]
            return item.before + sum(lines) + (item.after if keep else 0.0)
        if isinstance(item, TableBlock):
            return sum(h for h, _ in item.rows[:2])
        return 0.0

    def _gap(self, item: Item) -> float:
        if not isinstance(item, Block):
            return self.after
        if item.contextual and item.style == self.style:
            return 0.0
        if not self.y:
            return item.before if self.forced else 0.0
        return max(self.after, item.before)

    def _new_page(self, forced: bool = False) -> None:
        self.page += 1
        self.y, self.after, self.style, self.forced = 0.0, 0.0, "", forced

    def _place_one(self, item: Item) -> None:
        if isinstance(item, SectionBreak):
            self.height = item.height
            self._new_page(forced=True)
        elif isinstance(item, TableBlock):
            self._table(item)
        else:
            self._block(item)

    def _block(self, block: Block) -> None:
        if block.break_before and self.y:
            self._new_page(forced=True)
        gap = self._gap(block)
        for name in block.anchors:
            self.anchors.setdefault(name, self.page)
        remaining = list(block.lines)
        while remaining:
            fits = self._lines_that_fit(remaining, gap, block)
            if fits == 0 and self.y:
                self._new_page()
                gap = 0.0
                for name in block.anchors:
                    self.anchors[name] = self.page
                continue
            fits = max(fits, 1)
            self.y += gap + sum(remaining[:fits])
            remaining, gap = remaining[fits:], 0.0
            if remaining:
                self._new_page()
        self.after, self.style = block.after, block.style
        if block.contextual:
            self.after = block.after

    def _lines_that_fit(self, lines: list[float], gap: float, block: Block) -> int:
        room, count, used = self.height - self.y - gap, 0, 0.0
        for height in lines:
            if used + height > room:
                break
            used += height
            count += 1
        if count >= len(lines):
            return count
        if block.keep_lines:
            return 0
        if block.widow_control:
            if len(lines) - count < 2:
                count = len(lines) - 2
            if count < 2:
                return 0
        return count

    def _table(self, table: TableBlock) -> None:
        for name in table.anchors:
            self.anchors.setdefault(name, self.page)
        header = [h for h, is_header in table.rows if is_header]
        self.y += self.after
        for index, (height, is_header) in enumerate(table.rows):
            if self.y + height > self.height and self.y:
                self._new_page()
                if not is_header:
                    self.y += sum(header)
            self.y += height
            del index
        self.after, self.style = 0.0, ""
