"""The assembled document: plain, renderer-neutral data.

Assembly decides *what* is said and in which order; renderers decide only how it looks. The tree
dumps to JSON (``to_json``) so it can be snapshotted, diffed and golden-tested.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Span:
    """A run of text with inline emphasis; a change note also marks text deleted or inserted."""

    text: str
    bold: bool = False
    italic: bool = False
    deleted: bool = False
    inserted: bool = False


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Paragraph:
    spans: Inline
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Note:
    """A highlighted remark, such as guidance for bidders."""

    spans: Inline
    kind: Literal["note"] = "note"


@dataclass(frozen=True)
class Subheading:
    text: str
    kind: Literal["subheading"] = "subheading"


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Inline, ...]
    ordered: bool = False
    kind: Literal["list"] = "list"


@dataclass(frozen=True)
class Table:
    """A data table; its first row is the header and repeats on every page."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    row_headers: bool = False
    """The first column names each row (as in a "field | value" table)."""
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Figure:
    """A chart or picture: SVG for the PDF, PNG for Word, and alt text that carries its data."""

    id: str
    alt: str
    caption: str
    svg: str = ""
    png: bytes = field(default=b"", repr=False)
    kind: Literal["figure"] = "figure"


Block = Paragraph | Note | Subheading | ListBlock | Table | Figure


@dataclass(frozen=True)
class Clause:
    """One clause from the library, filled in: numbered heading plus body."""

    id: str
    number: str
    title: str
    blocks: tuple[Block, ...]
    source: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Meta:
    title: str
    subtitle: str
    author: str
    organisations: tuple[str, ...]
    area: str
    status: str
    version: str
    date: str
    keywords: tuple[str, ...]
    category: str = ""
    """What kind of document this is, in words ("Service specification")."""
    cover_note: str = ""
    """The line under the title on the cover: who, which version, when."""
    running_header: str = ""
    """The text at the top of every page after the cover."""
    language: str = "en-GB"
    reference: str = ""
    source_digest: str = ""
    """SHA-256 of the answer file the document was built from (recorded inside the .docx)."""
    generator: str = ""
    """The program and version that built it, e.g. ``specgen 0.1.0``."""


@dataclass(frozen=True)
class Document:
    kind: str
    meta: Meta
    sections: tuple[Section, ...]
    warnings: tuple[str, ...] = ()

    def clauses(self) -> list[Clause]:
        return [clause for section in self.sections for clause in section.clauses]

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=_bytes_summary, indent=1, ensure_ascii=False)


def _bytes_summary(value: object) -> str:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    raise TypeError(f"cannot serialise {type(value).__name__}")


def plain_text(spans: Inline) -> str:
    return "".join(span.text for span in spans)


def heading_text(number: str, title: str) -> str:
    return f"{number} {title}" if number else title


def anchor(clause_id: str) -> str:
    """A stable link target for a clause or section, valid as a Word bookmark name and HTML id.

    Word allows a letter first, then letters, digits and underscores, at most 40 characters.
    """
    name = "sg_" + re.sub(r"\W", "_", clause_id)
    if len(name) > 40:
        name = name[:31] + "_" + hashlib.sha1(clause_id.encode()).hexdigest()[:8]
    return name
