"""The small Markdown subset that clause bodies are written in, read into document blocks.

Answer text is escaped with :func:`escape` before it reaches this reader, so any markup
character from an answer arrives as ``\\*``, ``\\|`` … and prints as itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from specgen.document import (
    Block,
    Figure,
    Inline,
    ListBlock,
    Note,
    Paragraph,
    Span,
    Subheading,
    Table,
)

_SPECIAL = frozenset("\\*_|#->+.[]!`")
_BULLET = re.compile(r"^[-+] (.*)$")
_NUMBERED = re.compile(r"^\d+\. (.*)$")
# The rule under a table's header row; "===" as its first cell marks the first column as the
# rows' headers (the label of each row, as in a "field | value" table).
_TABLE_RULE = re.compile(r"^\|?\s*(:?-{3,}:?|={3,})\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_FIGURE = re.compile(r"^!\[(.*)\]\(figure:([\w.-]+)\)$")
_ESCAPED = re.compile(r"\\(.)")
_WHITESPACE = re.compile(r"\s+")


class MarkupError(ValueError):
    """A clause body does not follow the subset (reported with the clause's file)."""


def escape(text: str) -> str:
    """Make answer text inert: markup characters are backslash-escaped, whitespace folded."""
    folded = _WHITESPACE.sub(" ", text)  # keeps one edge space: "{{ x }} of them" must not glue
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in folded)


def parse(source: str, figures: dict[str, Figure] | None = None) -> tuple[Block, ...]:
    """Read a clause body into blocks."""
    blocks: list[Block] = []
    for chunk in _chunks(source):
        blocks.extend(_block(chunk, figures or {}))
    return tuple(blocks)


def _chunks(source: str) -> Iterator[list[str]]:
    """Groups of consecutive non-blank lines; a blank line ends a block."""
    chunk: list[str] = []
    for raw in source.splitlines():
        line = raw.strip()
        if line:
            chunk.append(line)
        elif chunk:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _block(lines: list[str], figures: dict[str, Figure]) -> list[Block]:
    first = lines[0]
    if first.startswith("### "):
        return [Subheading(_plain(first[4:])), *_block(lines[1:], figures)] if lines[1:] else [
            Subheading(_plain(first[4:]))
        ]
    if figure := _FIGURE.match(first):
        return [_figure(figure.group(2), figures)]
    if first.startswith("|"):
        return [_table(lines)]
    if _BULLET.match(first):
        return [_list(lines, _BULLET, ordered=False)]
    if _NUMBERED.match(first):
        return [_list(lines, _NUMBERED, ordered=True)]
    if first.startswith("> ") or first == ">":
        return [Note(inline(" ".join(line.removeprefix(">").strip() for line in lines)))]
    return [Paragraph(inline(" ".join(lines)))]


def _list(lines: list[str], marker: re.Pattern[str], ordered: bool) -> ListBlock:
    items: list[str] = []
    for line in lines:
        if found := marker.match(line):
            items.append(found.group(1))
        elif items:  # a continuation line belongs to the item above
            items[-1] += " " + line
    return ListBlock(tuple(inline(item) for item in items), ordered=ordered)


MAX_COLUMNS = 12
"""More columns than this cannot be read on a page, in either format."""


def _table(lines: list[str]) -> Table:
    if len(lines) < 2 or not _TABLE_RULE.match(lines[1]):
        raise MarkupError(f"a table needs a header row and a |---| rule under it: {lines[0][:80]!r}")
    header = _cells(lines[0])
    if len(header) > MAX_COLUMNS:
        raise MarkupError(f"a table has {len(header):,} columns; at most {MAX_COLUMNS} fit a page, "
                          "so split it or turn columns into rows")
    rows = tuple(_cells(line) for line in lines[2:])
    for row in rows:
        if len(row) != len(header):
            raise MarkupError(
                f"a table row has {len(row)} cells but the header has {len(header)}: {row!r:.200}"
            )
    return Table(header=header, rows=rows, row_headers=lines[1].strip().lstrip("|").strip()[:1] == "=")


def _cells(line: str) -> tuple[Inline, ...]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return tuple(inline(cell.strip()) for cell in _split_unescaped(body, "|"))


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts, current, i = [], "", 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if text[i] == sep:
            parts.append(current)
            current = ""
        else:
            current += text[i]
        i += 1
    parts.append(current)
    return parts


def _figure(figure_id: str, figures: dict[str, Figure]) -> Figure:
    if figure_id not in figures:
        raise MarkupError(f"no figure called {figure_id!r} is available")
    return figures[figure_id]


def _plain(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def inline(text: str) -> Inline:
    """Read ``**bold**`` and ``*italic*`` runs; backslash escapes print their character."""
    spans: list[Span] = []
    bold = italic = False
    buffer: list[str] = []  # not a str: += on a closure's string copies it, quadratic in length

    def flush() -> None:
        if buffer:
            spans.append(Span("".join(buffer), bold=bold, italic=italic))
            buffer.clear()

    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buffer.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif ch == "*":
            flush()
            italic = not italic
            i += 1
        else:
            buffer.append(ch)
            i += 1
    flush()
    return _merge(spans)


def _merge(spans: list[Span]) -> Inline:
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        else:
            merged.append(span)
    return tuple(merged)


