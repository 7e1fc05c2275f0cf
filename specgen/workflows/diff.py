"""What changed between two assembled documents, clause by clause, word by word and row by row.

    comparison = compare(old_document, new_document, leave_out={"glossary.terms"})
    # then specgen.workflows.change_notes: as_text, as_markdown, as_document

Clauses are matched by their anchor (the bookmark name in Word), so a clause that was renumbered
because another was added before it is still the same clause: only the new number is noted.
Running text is compared word by word; tables and the text descriptions of figures row by row,
cell by cell, so a table edit never shows up as a run of ``|`` characters.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from specgen.document import (
    Block,
    Clause,
    Document,
    Figure,
    ListBlock,
    Meta,
    Note,
    Paragraph,
    Subheading,
    Table,
    anchor,
    plain_text,
)

Change = Literal["changed", "added", "removed"]
Mark = Literal["same", "deleted", "inserted"]
CONTEXT = 5
"""Unchanged words shown either side of a change."""
GAP = "…"
_BREAK = "\n"
_PILCROW = "¶"
"""How a line break inside a change is shown."""


@dataclass(frozen=True)
class Piece:
    """A run of words: unchanged, deleted from the old text, or inserted in the new."""

    text: str
    mark: Mark = "same"


Redline = tuple[Piece, ...]
"""Words in reading order, deleted words just before the words that replace them."""


@dataclass(frozen=True)
class RowChange:
    change: Change
    cells: tuple[Redline, ...]
    """One per column: the old and new cell text as a redline."""


@dataclass(frozen=True)
class Grid:
    """A table, or a figure's caption and text description, as rows of cells."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    key: tuple[str, ...]
    """What pairs it with the same grid in the other document."""


@dataclass(frozen=True)
class GridChange:
    title: str
    header: tuple[str, ...]
    rows: tuple[RowChange, ...]
    figure: bool = False
    """A figure's caption and description rather than a table."""


@dataclass(frozen=True)
class ClauseChange:
    id: str
    change: Change
    old: Clause | None
    new: Clause | None
    hunks: tuple[Redline, ...] = ()
    grids: tuple[GridChange, ...] = ()

    @property
    def clause(self) -> Clause:
        found = self.new or self.old
        assert found is not None
        return found


@dataclass(frozen=True)
class Renumbering:
    old: Clause
    new: Clause

    def __str__(self) -> str:
        renamed = f" ({self.new.title})" if self.new.title != self.old.title else ""
        return f"{self.old.number} {self.old.title} is now {self.new.number}{renamed}"


@dataclass(frozen=True)
class Comparison:
    old: Meta
    new: Meta
    changes: tuple[ClauseChange, ...]
    renumbered: tuple[Renumbering, ...] = ()
    left_out: tuple[str, ...] = ()
    """Titles of the sections whose clauses are generated from the others (glossary, provenance),
    which were not compared."""

    @property
    def same(self) -> bool:
        return not self.changes and not self.renumbered

    def of(self, change: Change) -> list[ClauseChange]:
        return [c for c in self.changes if c.change == change]

    def counts(self) -> dict[str, int]:
        found = {change: len(self.of(change)) for change in ("changed", "added", "removed")}
        return {**found, "renumbered": len(self.renumbered)}

    def summary(self) -> str:
        if self.same:
            return "no differences"
        return ", ".join(f"{n} {what}" for what, n in self.counts().items()) + " clause(s)"


def compare(old: Document, new: Document, context: int = CONTEXT,
            leave_out: Collection[str] = ()) -> Comparison:
    """Compare clause by clause; clauses whose id is in ``leave_out`` are not compared."""
    skipped = {anchor(i) for i in leave_out}
    before = {anchor(c.id): c for c in old.clauses() if anchor(c.id) not in skipped}
    after = {anchor(c.id): c for c in new.clauses() if anchor(c.id) not in skipped}
    changes = (_compare_clause(before.get(k), after.get(k), context) for k in _order(before, after))
    renumbered = (Renumbering(before[k], c) for k, c in after.items()
                  if k in before and before[k].number != c.number)
    left = [s.title for s in new.sections for c in s.clauses if anchor(c.id) in skipped]
    return Comparison(old.meta, new.meta, tuple(c for c in changes if c is not None),
                      tuple(renumbered), tuple(dict.fromkeys(left)))


def _order(before: dict[str, Clause], after: dict[str, Clause]) -> list[str]:
    """Clause keys in the new document's order, each removed one after its old predecessor."""
    order = list(after)
    previous: str | None = None
    for key in before:
        if key not in after:
            order.insert(order.index(previous) + 1 if previous else 0, key)
        previous = key
    return order


def _compare_clause(old: Clause | None, new: Clause | None, context: int) -> ClauseChange | None:
    if old is None and new is not None:
        return ClauseChange(new.id, "added", None, new)
    if new is None and old is not None:
        return ClauseChange(old.id, "removed", old, None)
    assert old is not None and new is not None
    hunks = word_hunks(clause_words(old), clause_words(new), context)
    grids = grid_changes(grids_of(old), grids_of(new))
    return ClauseChange(new.id, "changed", old, new, hunks, grids) if hunks or grids else None


# --- running text, word by word ----------------------------------------------------------------


def clause_words(clause: Clause) -> list[str]:
    """The clause's title and running text as words, with a line break token between paragraphs
    and items, so that context can stop where a line does. Tables and figures are left to
    :func:`grids_of`."""
    words: list[str] = clause.title.split()
    for block in clause.blocks:
        for line in _lines(block):
            words += [_BREAK, *line.split()]
    return words


def _lines(block: Block) -> list[str]:
    if isinstance(block, Paragraph | Note):
        return [plain_text(block.spans)]
    if isinstance(block, Subheading):
        return [block.text]
    if isinstance(block, ListBlock):
        return [plain_text(item) for item in block.items]
    return []  # tables and figures: see grids_of


def word_hunks(old: list[str], new: list[str], context: int = CONTEXT) -> tuple[Redline, ...]:
    """Each place the words differ, as a redline with up to ``context`` words either side."""
    # autojunk would treat common words ("the", "and") as noise in long clauses and misalign them.
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return tuple(_hunk(group, old, new) for group in matcher.get_grouped_opcodes(context))


def _hunk(group: list[tuple[str, int, int, int, int]], old: list[str], new: list[str]) -> Redline:
    pieces: list[Piece] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(group):
        if tag == "equal":
            pieces += _context(old, i1, i2, first=index == 0, last=index == len(group) - 1)
            continue
        pieces += [Piece(_join(old[i1:i2]), "deleted")] if i2 > i1 else []
        pieces += [Piece(_join(new[j1:j2]), "inserted")] if j2 > j1 else []
    return tuple(pieces)


def _context(words: list[str], start: int, end: int, first: bool, last: bool) -> list[Piece]:
    """Unchanged words, cut at a line end before the first change and after the last; "…" where
    the line carries on beyond what is shown."""
    span = words[start:end]
    if first and _BREAK in span:
        cut = len(span) - span[::-1].index(_BREAK)
        span, start = span[cut:], start + cut
    if last and _BREAK in span:
        end -= len(span) - span.index(_BREAK)
        span = span[: span.index(_BREAK)]
    before = first and start > 0 and words[start - 1] != _BREAK
    after = last and end < len(words) and words[end] != _BREAK
    return [Piece(GAP)] * before + ([Piece(_join(span))] if span else []) + [Piece(GAP)] * after


def _join(words: list[str]) -> str:
    return " ".join(_PILCROW if w == _BREAK else w for w in words)


def cell_redline(old: str, new: str) -> Redline:
    """One cell's old and new text, word by word, without cutting any context."""
    hunks = word_hunks(old.split(), new.split(), context=max(len(old), len(new)))
    return hunks[0] if hunks else _marked(new, "same")


# --- tables and figures, row by row ------------------------------------------------------------


def grids_of(clause: Clause) -> list[Grid]:
    """The clause's tables and figures; figures are paired by their place among the clause's
    figures, since a figure read back from Word has no id of its own."""
    figures = itertools.count()
    return [_table(b) if isinstance(b, Table) else _figure(b, next(figures))
            for b in clause.blocks if isinstance(b, Table | Figure)]


def _table(table: Table) -> Grid:
    header = tuple(plain_text(cell) for cell in table.header)
    rows = tuple(tuple(plain_text(cell) for cell in row) for row in table.rows)
    return Grid("Table", header, rows, ("table", *header))


def _figure(figure: Figure, place: int) -> Grid:
    items = (f"Caption: {figure.caption}", *alt_items(figure.alt))
    return Grid(f"Figure: {figure.caption}", ("Caption and description",),
                tuple((item,) for item in items), ("figure", str(place)))


_ITEM_END = re.compile(r"(?<=;) |(?<=\.) (?=[A-Z])")


def alt_items(alt: str) -> list[str]:
    """A figure's text description in items: its sentences, and the parts of a list within one."""
    return [item.rstrip(";") for item in _ITEM_END.split(alt.strip()) if item.strip()]


def grid_changes(old: list[Grid], new: list[Grid]) -> tuple[GridChange, ...]:
    """Grids paired by what they are (a table's header, a figure's id), then compared by rows."""
    matcher = SequenceMatcher(None, [g.key for g in old], [g.key for g in new], autojunk=False)
    changes: list[GridChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [c for a, b in zip(old[i1:i2], new[j1:j2], strict=True) if (c := _rows(a, b))]
        else:
            changes += [_whole(g, "removed") for g in old[i1:i2]]
            changes += [_whole(g, "added") for g in new[j1:j2]]
    return tuple(changes)


def _whole(grid: Grid, change: Change) -> GridChange:
    mark: Mark = "inserted" if change == "added" else "deleted"
    rows = tuple(RowChange(change, tuple(_marked(cell, mark) for cell in row)) for row in grid.rows)
    return GridChange(grid.title, grid.header, rows, grid.key[0] == "figure")


def _marked(text: str, mark: Mark) -> Redline:
    return (Piece(text, mark),) if text else ()


def _rows(old: Grid, new: Grid) -> GridChange | None:
    rows = tuple(row_changes(old.rows, new.rows, _row_key(old), _row_key(new)))
    return GridChange(new.title, new.header, rows, new.key[0] == "figure") if rows else None


def _row_key(grid: Grid) -> list[str]:
    """Rows are recognised by their first cell (a figure's items by the words before a colon)."""
    if grid.key[0] == "figure":
        return [row[0].rpartition(": ")[0] or row[0] for row in grid.rows]
    return [row[0] if row else "" for row in grid.rows]


def row_changes(old: tuple[tuple[str, ...], ...], new: tuple[tuple[str, ...], ...],
                old_keys: list[str], new_keys: list[str]) -> Iterator[RowChange]:
    """Rows added, removed and changed; rows that took another's place one for one are changed."""
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for was, now in zip(old[i1:i2], new[j1:j2], strict=True):
                if was != now:
                    yield RowChange("changed", tuple(cell_redline(a, b) for a, b in _cells(was, now)))
            continue
        yield from (RowChange("removed", tuple(_marked(c, "deleted") for c in row)) for row in old[i1:i2])
        yield from (RowChange("added", tuple(_marked(c, "inserted") for c in row)) for row in new[j1:j2])


def _cells(was: tuple[str, ...], now: tuple[str, ...]) -> list[tuple[str, str]]:
    width = max(len(was), len(now))
    return list(zip(was + ("",) * (width - len(was)), now + ("",) * (width - len(now)), strict=True))
