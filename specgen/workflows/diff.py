"""What changed between two assembled documents, clause by clause and word by word.

    comparison = compare(old_document, new_document)
    as_text(comparison), as_markdown(comparison)   # change notes to read or paste
    as_document(comparison)                        # a Document, for the ordinary Word renderer

Clauses are matched by id, so a clause that was renumbered (because another was added before it)
is still the same clause, and only a real change of wording counts as a change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Literal

from specgen.document import (
    Block,
    Clause,
    Document,
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
    plain_text,
)
from specgen.render.text import block_lines

Change = Literal["changed", "added", "removed"]
CONTEXT = 5
"""Unchanged words shown either side of a change."""
_GAP = "…"
_BREAK = "\n"
_PILCROW = "¶"
"""How a line break inside a change is shown."""
_TITLES: dict[Change, str] = {"changed": "Changed clauses", "added": "Added clauses",
                              "removed": "Removed clauses"}


@dataclass(frozen=True)
class Piece:
    """A run of words on one side of a change; ``changed`` words differ from the other side."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class Hunk:
    """One place where the wording differs: the old words and the new, with some context."""

    was: tuple[Piece, ...]
    now: tuple[Piece, ...]


@dataclass(frozen=True)
class ClauseChange:
    id: str
    change: Change
    old: Clause | None
    new: Clause | None
    hunks: tuple[Hunk, ...] = ()

    def heading(self) -> str:
        """Number and title as the reader will find them, noting an old number that changed."""
        clause = self.new or self.old
        assert clause is not None
        text = heading_text(clause.number, clause.title)
        if self.change == "removed":
            return f"{text} (removed)"
        if self.old and self.new and self.old.number != self.new.number:
            return f"{text} (was {self.old.number or 'unnumbered'})"
        return text


@dataclass(frozen=True)
class Comparison:
    old: Meta
    new: Meta
    changes: tuple[ClauseChange, ...]

    @property
    def same(self) -> bool:
        return not self.changes

    def of(self, change: Change) -> list[ClauseChange]:
        return [c for c in self.changes if c.change == change]

    def summary(self) -> str:
        counts = [f"{len(self.of(c))} {c}" for c in ("changed", "added", "removed")]
        return f"{', '.join(counts)} clause(s)" if self.changes else "no differences"


def compare(old: Document, new: Document, context: int = CONTEXT) -> Comparison:
    before = {c.id: c for c in old.clauses()}
    after = {c.id: c for c in new.clauses()}
    changes = (_compare_clause(before.get(i), after.get(i), context) for i in _order(before, after))
    return Comparison(old.meta, new.meta, tuple(c for c in changes if c is not None))


def _order(before: dict[str, Clause], after: dict[str, Clause]) -> list[str]:
    """Clause ids in the new document's order, each removed one after its old predecessor."""
    order = list(after)
    previous: str | None = None
    for clause_id in before:
        if clause_id not in after:
            order.insert(order.index(previous) + 1 if previous else 0, clause_id)
        previous = clause_id
    return order


def _compare_clause(old: Clause | None, new: Clause | None, context: int) -> ClauseChange | None:
    if old is None and new is not None:
        return ClauseChange(new.id, "added", None, new)
    if new is None and old is not None:
        return ClauseChange(old.id, "removed", old, None)
    assert old is not None and new is not None
    hunks = word_hunks(clause_words(old), clause_words(new), context)
    return ClauseChange(new.id, "changed", old, new, hunks) if hunks else None


def clause_words(clause: Clause) -> list[str]:
    """The clause's title and text as words, with a line break token between paragraphs, items
    and table rows, so that context can stop where a line does."""
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
    if isinstance(block, Table):
        return [" | ".join(plain_text(cell) for cell in row) for row in (block.header, *block.rows)]
    return [f"{block.caption}: {block.alt}"]


def word_hunks(old: list[str], new: list[str], context: int = CONTEXT) -> tuple[Hunk, ...]:
    # autojunk would treat common words ("the", "and") as noise in long clauses and misalign them.
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    groups = list(matcher.get_grouped_opcodes(context))
    return tuple(Hunk(_side([(t, i1, i2) for t, i1, i2, _, _ in group], old),
                      _side([(t, j1, j2) for t, _, _, j1, j2 in group], new))
                 for group in groups)


def _side(codes: list[tuple[str, int, int]], words: list[str]) -> tuple[Piece, ...]:
    """One side of a change: its words, changed ones marked, with context cut at line ends."""
    pieces: list[Piece] = []
    for index, (tag, start, end) in enumerate(codes):
        span = words[start:end]
        if tag != "equal":
            pieces += [Piece(_join(span), changed=True)] if span else []
        elif index == 0:
            pieces += _leading(span, start, words)
        elif index == len(codes) - 1:
            pieces += _trailing(span, end, words)
        else:
            pieces.append(Piece(_join(span)))
    return tuple(pieces)


def _leading(span: list[str], start: int, words: list[str]) -> list[Piece]:
    """Context before a change, from the start of its line; "…" if the line starts earlier."""
    if _BREAK in span:
        span, start = span[_last(span) + 1 :], start + _last(span) + 1
    cut = start > 0 and words[start - 1] != _BREAK
    return [Piece(_GAP)] * cut + ([Piece(_join(span))] if span else [])


def _trailing(span: list[str], end: int, words: list[str]) -> list[Piece]:
    if _BREAK in span:
        end -= len(span) - span.index(_BREAK)
        span = span[: span.index(_BREAK)]
    cut = end < len(words) and words[end] != _BREAK
    return ([Piece(_join(span))] if span else []) + [Piece(_GAP)] * cut


def _last(span: list[str]) -> int:
    return len(span) - 1 - span[::-1].index(_BREAK)


def _join(words: list[str]) -> str:
    return " ".join(_PILCROW if w == _BREAK else w for w in words)


# --- change notes ------------------------------------------------------------------------------


def _versions(comparison: Comparison) -> str:
    old, new = comparison.old, comparison.new
    return f"From version {old.version} ({old.date}) to version {new.version} ({new.date})"


def as_text(comparison: Comparison) -> str:
    lines = [f"Changes to {comparison.new.title}", f"{_versions(comparison)}: {comparison.summary()}"]
    marks = {"changed": "~", "added": "+", "removed": "-"}
    for change in comparison.changes:
        lines += ["", f"{marks[change.change]} {change.heading()} [{change.id}]"]
        if change.change == "changed":
            for hunk in change.hunks:
                lines += [f"    was: {_marked(hunk.was, '[-', '-]')}",
                          f"    now: {_marked(hunk.now, '{+', '+}')}"]
        else:
            lines += [f"    {line}" for line in _clause_lines(change)]
    return "\n".join(lines) + "\n"


def _marked(pieces: tuple[Piece, ...], start: str, end: str, escape: bool = False) -> str:
    texts = (_md(p.text) if escape else p.text for p in pieces)
    return " ".join(f"{start}{t}{end}" if p.changed else t for p, t in zip(pieces, texts, strict=True))


def _clause_lines(change: ClauseChange) -> list[str]:
    clause = change.new or change.old
    assert clause is not None
    return [line for block in clause.blocks for line in block_lines(block) if line]


def as_markdown(comparison: Comparison) -> str:
    lines = [f"# Changes to {_md(comparison.new.title)}", "",
             f"{_md(_versions(comparison))}: {comparison.summary()}."]
    for kind, title in _TITLES.items():
        if comparison.of(kind):
            lines += ["", f"## {title}"]
        for change in comparison.of(kind):
            lines += ["", f"### {_md(change.heading())}", ""]
            if kind == "changed":
                lines += ["| Was | Now |", "|---|---|"]
                lines += [f"| {_marked(h.was, '~~', '~~', True)} | {_marked(h.now, '**', '**', True)} |"
                          for h in change.hunks]
            else:
                lines += [f"> {_md(line)}  " for line in _clause_lines(change)]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Answer text shown literally in Markdown: every character that could start markup escaped."""
    return "".join("\\" + c if c in "\\`*_[]<>#|~&" else c for c in text)


def as_document(comparison: Comparison) -> Document:
    """The change note as a document of its own, for the usual renderers (Word, PDF)."""
    old, new = comparison.old, comparison.new
    meta = replace(new, title=f"Changes to {new.title}",
                   subtitle=f"Version {old.version} to version {new.version}",
                   keywords=(*new.keywords, "change note"))
    overview = Clause("changes.overview", "", "Overview", (
        Paragraph((Span(f"{_versions(comparison)}: {comparison.summary()}."),)),))
    sections = [Section("changes.summary", "", "Summary", (overview,))]
    for kind, title in _TITLES.items():
        clauses = tuple(_change_clause(c) for c in comparison.of(kind))
        if clauses:
            sections.append(Section(f"changes.{kind}", "", title, clauses))
    return Document(kind="changes", meta=meta, sections=tuple(sections))


def _change_clause(change: ClauseChange) -> Clause:
    clause = change.new or change.old
    assert clause is not None
    blocks: tuple[Block, ...]
    if change.change == "changed":
        rows = tuple((_spans(h.was), _spans(h.now)) for h in change.hunks)
        blocks = (Table(((Span("Was"),), (Span("Now"),)), rows),)
    elif change.change == "added":
        blocks = clause.blocks
    else:
        blocks = (Note((Span("This clause is no longer in the specification. It read:"),)),
                  *clause.blocks)
    title = change.heading().removeprefix(clause.number).strip()
    return Clause(f"{change.change}.{clause.id}", clause.number, title, blocks)


def _spans(pieces: tuple[Piece, ...]) -> Inline:
    spans: list[Span] = []
    for piece in pieces:
        spans += [Span(" ")] if spans else []
        spans.append(Span(piece.text, bold=piece.changed))
    return tuple(spans)
