"""Change notes from a :class:`~specgen.workflows.diff.Comparison`, fit to send as a clarification.

    as_text(comparison)        # for a terminal: [-deleted-] {+inserted+}
    as_markdown(comparison)    # ~~deleted~~ <ins>inserted</ins>, tables as tables
    as_document(comparison)    # a Document for the Word renderer: deleted and inserted spans

Every note opens with the version pair, a summary, any warning about the versions, the clauses
left out, and the clauses renumbered; then the changed, added and removed clauses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

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
    heading_text,
)
from specgen.library.templating import long_date
from specgen.workflows.diff import (
    Change,
    ClauseChange,
    Comparison,
    Grid,
    GridChange,
    Mark,
    Piece,
    Redline,
    grids_of,
)

TITLES: dict[Change, str] = {"changed": "Changed clauses", "added": "Added clauses",
                             "removed": "Removed clauses"}


@dataclass(frozen=True)
class NoteOptions:
    ids: bool = False
    """Show each clause's internal id beside its heading."""


def when(meta: Meta) -> str:
    """The document's date as people write it, whatever form it came in."""
    try:
        return long_date(dt.date.fromisoformat(meta.date))
    except ValueError:
        return meta.date


def versions(comparison: Comparison) -> str:
    old, new = comparison.old, comparison.new
    return f"From version {old.version} ({when(old)}) to version {new.version} ({when(new)})"


def warnings(comparison: Comparison) -> list[str]:
    """What to fix before sending: a new version must say it is new."""
    old, new = comparison.old, comparison.new
    found = []
    if old.version == new.version:
        found.append(f"Both documents are version {new.version}: give the new one its own version "
                     "number before sending this note.")
    if old.date == new.date:
        found.append(f"Both documents are dated {when(new)}: give the new one its own date before "
                     "sending this note.")
    return found


def left_out(comparison: Comparison) -> str:
    names = " and ".join(comparison.left_out)
    return (f"{names} {'is' if len(comparison.left_out) == 1 else 'are'} generated from the other "
            "clauses and change with them, so they are not compared here.") if names else ""


def heading(change: ClauseChange, options: NoteOptions) -> str:
    """Number and title as the reader will find them, noting an old number that changed."""
    clause = change.clause
    text = heading_text(clause.number, clause.title)
    if change.change == "removed":
        text += " (removed)"
    elif change.old and change.new and change.old.number != change.new.number:
        text += f" (was {change.old.number or 'unnumbered'})"
    return text + (f" [{change.id}]" if options.ids else "")


# --- plain text ----------------------------------------------------------------------------------

_MARKS = {"changed": "~", "added": "+", "removed": "-"}


def as_text(comparison: Comparison, options: NoteOptions = NoteOptions()) -> str:
    lines = [f"Changes to {comparison.new.title}", f"{versions(comparison)}: {comparison.summary()}"]
    lines += [f"Warning: {w}" for w in warnings(comparison)]
    lines += [left_out(comparison)] if comparison.left_out else []
    if comparison.renumbered:
        lines += ["", "Renumbered clauses", *(f"  {r}" for r in comparison.renumbered)]
    for change in comparison.changes:
        lines += ["", f"{_MARKS[change.change]} {heading(change, options)}"]
        lines += [f"    {line}" for line in _text_body(change)]
    return "\n".join(lines) + "\n"


def _text_body(change: ClauseChange) -> list[str]:
    if change.change != "changed":
        return [line for block in change.clause.blocks for line in _block_text(block)]
    lines = [redline_text(hunk) for hunk in change.hunks]
    for grid in change.grids:
        lines += [f"{grid.title} ({', '.join(grid.header)}):" if len(grid.header) > 1 else f"{grid.title}:"]
        lines += [f"  {_row_text(row.change, row.cells, grid.header)}" for row in grid.rows]
    return lines


def redline_text(pieces: Redline) -> str:
    marks = {"same": "{}", "deleted": "[-{}-]", "inserted": "{{+{}+}}"}
    return " ".join(marks[p.mark].format(p.text) for p in pieces)


def _row_text(change: Change, cells: tuple[Redline, ...], header: tuple[str, ...]) -> str:
    if len(header) == 1:
        return f"{change}: {redline_text(cells[0])}"
    shown = [(h, c) for h, c in zip(header, cells, strict=False)
             if change != "changed" or any(p.mark != "same" for p in c)]
    text = "; ".join(f"{h}: {redline_text(c)}" for h, c in shown)
    if change == "changed":
        return f"row \"{_plain(cells[0], 'deleted')}\" changed: {text}"
    return f"{change} row: {text}"


def _block_text(block: Block) -> list[str]:
    """An added or removed clause's content, tables cell by cell under their column names."""
    if isinstance(block, Table | Figure):
        grid = _grid(block)
        return [f"{grid.title}:", *(f"  {_cells_text(row, grid.header)}" for row in grid.rows)]
    if isinstance(block, Paragraph):
        return [_inline(block.spans)]
    if isinstance(block, Note):
        return ["Note: " + _inline(block.spans)]
    if isinstance(block, Subheading):
        return [block.text]
    return [f"{f'{n}.' if block.ordered else '-'} {_inline(item)}"
            for n, item in enumerate(block.items, start=1)]


def _grid(block: Table | Figure) -> Grid:
    return grids_of(Clause("", "", "", (block,)))[0]


def _cells_text(row: tuple[str, ...], header: tuple[str, ...]) -> str:
    if len(header) == 1:
        return row[0]
    return "; ".join(f"{h}: {cell}" for h, cell in zip(header, row, strict=True))


def _inline(spans: Inline) -> str:
    return "".join(span.text for span in spans)


def _plain(pieces: Redline, drop: str) -> str:
    """A redline's text on one side: without the deleted words (drop="deleted") or the inserted."""
    return " ".join(p.text for p in pieces if p.mark != drop)


# --- Markdown ------------------------------------------------------------------------------------


def as_markdown(comparison: Comparison, options: NoteOptions = NoteOptions()) -> str:
    lines = [f"# Changes to {md(comparison.new.title)}", "",
             f"{md(versions(comparison))}: {comparison.summary()}."]
    lines += [line for w in warnings(comparison) for line in ("", f"> **Warning:** {md(w)}")]
    lines += ["", md(left_out(comparison))] if comparison.left_out else []
    if comparison.renumbered:
        lines += ["", "## Renumbered clauses", "", *(f"- {md(str(r))}" for r in comparison.renumbered)]
    for kind, title in TITLES.items():
        lines += ["", f"## {title}"] if comparison.of(kind) else []
        for change in comparison.of(kind):
            lines += ["", f"### {md(heading(change, options))}"]
            lines += _markdown_body(change)
    return "\n".join(lines) + "\n"


def md(text: str) -> str:
    """Answer text shown literally in Markdown: every character that could start markup escaped."""
    return "".join("\\" + c if c in "\\`*_[]<>#|~&" else c for c in text)


def redline_markdown(pieces: Redline) -> str:
    marks = {"same": "{}", "deleted": "~~{}~~", "inserted": "<ins>{}</ins>"}
    return " ".join(marks[p.mark].format(md(p.text)) for p in pieces)


def _markdown_body(change: ClauseChange) -> list[str]:
    if change.change == "changed":
        lines = [line for hunk in change.hunks for line in ("", redline_markdown(hunk))]
        for grid in change.grids:
            lines += ["", f"{md(grid.title)}:"] if grid.figure else []
            lines += ["", *_markdown_table(grid.header, [(row.change, row.cells) for row in grid.rows])]
        return lines
    mark: Mark = "inserted" if change.change == "added" else "deleted"
    return [line for block in change.clause.blocks for line in ("", *_markdown_block(block, mark))]


def _markdown_table(header: tuple[str, ...], rows: Sequence[tuple[str, tuple[Redline, ...]]]) -> list[str]:
    lines = ["| Change | " + " | ".join(md(h) for h in header) + " |",
             "|---" * (len(header) + 1) + "|"]
    lines += [f"| {change} | " + " | ".join(redline_markdown(c) for c in cells) + " |"
              for change, cells in rows]
    return lines


def _markdown_block(block: Block, mark: Mark) -> list[str]:
    """An added or removed clause's block, every word underlined or struck through."""
    if isinstance(block, Table | Figure):
        grid = _grid(block)
        change = "added" if mark == "inserted" else "removed"
        rows = [(change, tuple((Piece(cell, mark),) for cell in row)) for row in grid.rows]
        return [f"{md(grid.title)}:", "", *_markdown_table(grid.header, rows)]
    lines = _block_text(block)
    bullet = isinstance(block, ListBlock) and not block.ordered
    return [("- " if bullet else "") + redline_markdown((Piece(line.removeprefix("- ") if bullet else line,
                                                               mark),)) for line in lines]


# --- a Document for the Word renderer ------------------------------------------------------------


def as_document(comparison: Comparison, options: NoteOptions = NoteOptions()) -> Document:
    """The change note as a document of its own: title, version pair, date and a summary table.

    One section, so that the note runs on without a page break before each kind of change.
    """
    clauses = [_overview(comparison)]
    if comparison.renumbered:
        items = tuple((Span(str(r)),) for r in comparison.renumbered)
        clauses.append(Clause("changes.renumbered", "", "Renumbered clauses", (ListBlock(items),)))
    clauses += [_change_clause(c, options) for c in comparison.changes]
    section = Section("changes", "", "Changes", tuple(clauses))
    return Document(kind="changes", meta=_meta(comparison), sections=(section,))


def _meta(comparison: Comparison) -> Meta:
    old, new = comparison.old, comparison.new
    pair = f"version {old.version} to version {new.version}"
    return replace(new, title=f"Changes to {new.title}", subtitle=pair[0].upper() + pair[1:],
                   category="Change note", keywords=(*new.keywords, "change note"),
                   cover_note=f"{versions(comparison)}.",
                   running_header=f"Change note: {new.title}, {pair}")


def _overview(comparison: Comparison) -> Clause:
    counts = comparison.counts()
    table = Table(((Span("Clauses"),), (Span("How many"),)),
                  tuple(((Span(what.capitalize()),), (Span(str(n)),)) for what, n in counts.items()))
    blocks: list[Block] = [Paragraph((Span(f"{versions(comparison)}: {comparison.summary()}."),))]
    blocks += [Note((Span(f"Warning: {w}"),)) for w in warnings(comparison)]
    blocks.append(table)
    blocks += [Paragraph((Span(left_out(comparison)),))] if comparison.left_out else []
    return Clause("changes.summary", "", "Summary", tuple(blocks))


def _change_clause(change: ClauseChange, options: NoteOptions) -> Clause:
    clause = change.clause
    title = f"{change.change.capitalize()}: {heading(change, options)}"
    if change.change == "changed":
        blocks: list[Block] = [Paragraph(redline_spans(hunk)) for hunk in change.hunks]
        for grid in change.grids:
            blocks += [Paragraph((Span(grid.title, bold=True),)), _grid_table(grid)]
    elif change.change == "added":
        blocks = [_marked_block(b, lambda s: replace(s, inserted=True)) for b in clause.blocks]
    else:
        blocks = [Note((Span("This clause is no longer in the specification. It read:"),)),
                  *(_marked_block(b, lambda s: replace(s, deleted=True)) for b in clause.blocks)]
    return Clause(f"{change.change}.{clause.id}", "", title, tuple(blocks))


def redline_spans(pieces: Redline) -> Inline:
    """Spans for Word; each carries the space after it, so that accepting or rejecting every
    tracked change leaves single spaces."""
    return tuple(Span(p.text + " " * (i < len(pieces) - 1), deleted=p.mark == "deleted",
                      inserted=p.mark == "inserted") for i, p in enumerate(pieces))


def _grid_table(grid: GridChange) -> Table:
    header = ((Span("Change"),), *((Span(h),) for h in grid.header))
    rows = tuple(((Span(row.change),), *(redline_spans(cell) for cell in row.cells)) for row in grid.rows)
    return Table(header, rows)


def _marked_block(block: Block, mark: Callable[[Span], Span]) -> Block:
    """The block with every span marked; a figure stays as it is (its picture cannot be struck)."""
    if isinstance(block, Paragraph | Note):
        return replace(block, spans=tuple(map(mark, block.spans)))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(tuple(map(mark, item)) for item in block.items))
    if isinstance(block, Table):
        return replace(block, rows=tuple(tuple(tuple(map(mark, cell)) for cell in row) for row in block.rows))
    return block
