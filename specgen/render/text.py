"""Plain-text rendering: for golden tests, diffs and quick reading in a terminal."""

from __future__ import annotations

from specgen.document import (
    Block,
    Document,
    Figure,
    ListBlock,
    Note,
    Paragraph,
    Subheading,
    Table,
    heading_text,
    plain_text,
)
from specgen.render import RenderOptions


def render(document: Document, options: RenderOptions | None = None) -> bytes:
    return to_text(document).encode("utf-8")


def to_text(document: Document) -> str:
    lines = [document.meta.title, document.meta.subtitle, ""]
    for section in document.sections:
        lines += [f"# {heading_text(section.number, section.title)}", ""]
        for clause in section.clauses:
            lines += [f"## {heading_text(clause.number, clause.title)}", ""]
            for block in clause.blocks:
                lines += [*block_lines(block), ""]
    return "\n".join(lines).rstrip() + "\n"


def block_lines(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [plain_text(block.spans)]
    if isinstance(block, Note):
        return ["Note: " + plain_text(block.spans)]
    if isinstance(block, Subheading):
        return [f"### {block.text}"]
    if isinstance(block, ListBlock):
        marks = [f"{i}." if block.ordered else "-" for i in range(1, len(block.items) + 1)]
        return [f"{mark} {plain_text(item)}" for mark, item in zip(marks, block.items, strict=True)]
    if isinstance(block, Table):
        rows = [block.header, *block.rows]
        return [" | ".join(plain_text(cell) for cell in row) for row in rows]
    if isinstance(block, Figure):
        return [f"[Figure: {block.caption}. {block.alt}]"]
    raise TypeError(f"unknown block {block!r}")
