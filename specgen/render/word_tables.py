"""Word tables that fit their content, built row by row in one pass (cost linear in the rows).

Column widths come from the text: no column is narrower than its longest unbreakable word, and
the rest of the page width goes to the columns with the most to say. A table whose words cannot
fit at the body size is set smaller, then on a landscape page (see :func:`fit`), never with
words broken across lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from specgen.document import Inline, Span, Table, plain_text
from specgen.render.metrics import text_width, unbreakable, with_soft_breaks
from specgen.render.ooxml import set_child

CELL_MARGIN_PT = 5.4  # Table Grid's left and right cell margins (108 twips each)
SLACK_PT = 1.5  # rounding in Word's and LibreOffice's layout, and the cell borders
SIZES = (10.0, 9.0, 8.0)
LONGEST_WORD_SHARE = 1 / 3
HEADER_FILL = "DCE4EE"
_NATURAL_CAP = 60  # a cell's text counts as at most this many "n" widths when sharing out space


@dataclass(frozen=True)
class Fit:
    """How a table is set: font size in points, column widths in points, and page orientation."""

    size: float
    widths: tuple[float, ...]
    landscape: bool = False


def fit(block: Table, portrait: float, landscape: float) -> Fit:
    """The largest size at which every word fits, on a portrait page if possible.

    ``portrait`` and ``landscape`` are the text widths, in points, of the two orientations. A
    "word" wider than a third of the portrait width (a pasted link, a code) will wrap wherever
    it is, so it claims no more than that: the other columns keep room for their words.
    """
    longest = portrait * LONGEST_WORD_SHARE
    for width, turned in ((portrait, False), (landscape, True)):
        for size in SIZES:
            floors = _floors(block, size, longest)
            if sum(floors) <= width:
                return Fit(size, _share(floors, _naturals(block, size, floors), width), turned)
    floors = _floors(block, SIZES[-1], longest)  # too many columns for any page: shrink to fit
    return Fit(SIZES[-1], tuple(f * landscape / sum(floors) for f in floors), True)


def _rows(block: Table) -> list[tuple[tuple[Inline, ...], bool]]:
    return [(block.header, True), *((row, False) for row in block.rows)]


def _headed(block: Table, header_row: bool, column: int) -> bool:
    """Header cells (bold and shaded): the header row, and the first column of a table whose rows
    are named by it."""
    return header_row or (column == 0 and block.row_headers)


def _floors(block: Table, size: float, longest: float) -> list[float]:
    """Each column's narrowest width: its longest unbreakable piece, plus the cell margins."""
    floors = [0.0] * len(block.header)
    for row, header in _rows(block):
        for column, cell in enumerate(row):
            for span in cell:
                for piece in unbreakable(with_soft_breaks(span.text)):
                    width = text_width(piece, size, bold=_headed(block, header, column) or span.bold)
                    floors[column] = max(floors[column], min(width, longest))
    return [floor + 2 * CELL_MARGIN_PT + SLACK_PT for floor in floors]


def _naturals(block: Table, size: float, floors: list[float]) -> list[float]:
    """Each column's width without any wrapping (capped): how much it has to say."""
    cap = text_width("n" * _NATURAL_CAP, size)
    naturals = list(floors)
    for row, header in _rows(block):
        for column, cell in enumerate(row):
            bold = _headed(block, header, column)
            width = min(cap, text_width(plain_text(cell), size, bold=bold)) + 2 * CELL_MARGIN_PT
            naturals[column] = max(naturals[column], width)
    return naturals


def _share(floors: Sequence[float], naturals: Sequence[float], total: float) -> tuple[float, ...]:
    """Widths summing to ``total``: each column its floor, the rest by what it still wants."""
    spare = total - sum(floors)
    wants = [max(natural - floor, 0.0) for floor, natural in zip(floors, naturals, strict=True)]
    if sum(wants) >= spare > 0:
        return tuple(f + spare * w / sum(wants) for f, w in zip(floors, wants, strict=True))
    widths = [max(f, n) for f, n in zip(floors, naturals, strict=True)]
    extra = total - sum(widths)
    return tuple(w + extra * w / sum(widths) for w in widths)


Marker = Callable[[BaseOxmlElement, Span], None]
"""Marks a run as its span says (struck, underlined, tracked): see ``render.revisions``."""


def table_element(block: Table, fitted: Fit, style_id: str, mark: Marker | None = None) -> BaseOxmlElement:
    """The w:tbl for ``block``: header row repeated and marked, widths fixed, rows never split."""
    twips = [round(width * 20) for width in fitted.widths]
    table = OxmlElement("w:tbl")
    properties = OxmlElement("w:tblPr")
    table.append(properties)
    set_child(properties, "w:tblStyle", val=style_id)
    set_child(properties, "w:tblW", w=str(sum(twips)), type="dxa")
    set_child(properties, "w:tblLayout", type="fixed")
    set_child(properties, "w:tblLook", val="04A0" if block.row_headers else "0420", firstRow="1",
              lastRow="0", firstColumn="1" if block.row_headers else "0", lastColumn="0", noHBand="1",
              noVBand="1")
    grid = OxmlElement("w:tblGrid")
    for width in twips:
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), str(width))
        grid.append(column)
    table.append(grid)
    half_points = str(round(fitted.size * 2))
    for row, header in _rows(block):
        table.append(_row(block, row, header, twips, half_points, mark))
    return table


def _row(block: Table, cells: tuple[Inline, ...], header: bool, twips: list[int], half_points: str,
         mark: Marker | None) -> BaseOxmlElement:
    row = OxmlElement("w:tr")
    properties = OxmlElement("w:trPr")
    properties.append(OxmlElement("w:cantSplit"))  # a row stays on one page
    if header:
        properties.append(OxmlElement("w:tblHeader"))  # repeats on every page, and marks headers
    row.append(properties)
    for column, (content, width) in enumerate(zip(cells, twips, strict=True)):
        row.append(_cell(content, _headed(block, header, column), width, half_points, mark))
    return row


def _cell(content: Inline, header: bool, width: int, half_points: str,
          mark: Marker | None) -> BaseOxmlElement:
    cell = OxmlElement("w:tc")
    properties = OxmlElement("w:tcPr")
    cell.append(properties)
    set_child(properties, "w:tcW", w=str(width), type="dxa")
    if header:
        set_child(properties, "w:shd", val="clear", color="auto", fill=HEADER_FILL)
    paragraph = OxmlElement("w:p")
    paragraph_properties = OxmlElement("w:pPr")
    paragraph.append(paragraph_properties)
    set_child(paragraph_properties, "w:spacing", before="40", after="40", line="240", lineRule="auto")
    for span in content:
        run = _run(span.text, header or span.bold, span.italic, half_points)
        paragraph.append(run)
        if mark is not None:
            mark(run, span)
    cell.append(paragraph)
    return cell


def _run(text: str, bold: bool, italic: bool, half_points: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    run.append(properties)
    if bold:
        set_child(properties, "w:b")
    if italic:
        set_child(properties, "w:i")
    set_child(properties, "w:sz", val=half_points)
    set_child(properties, "w:szCs", val=half_points)
    run.text = with_soft_breaks(text)  # python-docx turns "\n" into w:br and "\t" into w:tab
    return run
