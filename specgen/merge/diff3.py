"""Three-way merge of two sequences that both started from a third, on :mod:`difflib`.

Items that neither side changed are *stable*; between them lie chunks where one side, both
sides alike, or both sides differently (a conflict) changed the base. The same algorithm merges
the blocks of a clause, the rows of a table and the words of a paragraph.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["same", "ours", "theirs", "both", "conflict"]
"""Who changed a chunk: nobody, only us, only them, both alike, or both differently."""

_TOKEN = re.compile(r"[\t\n]|[^\S\t\n]+|[^\s]+[^\S\t\n]*")


@dataclass(frozen=True)
class Chunk:
    kind: Kind
    base: range
    theirs: range
    ours: range


def tokens(text: str) -> list[str]:
    """Words with the spaces after them; tabs and line breaks on their own."""
    return _TOKEN.findall(text)


def diff3(base: Sequence[Hashable], theirs: Sequence[Hashable], ours: Sequence[Hashable]) -> list[Chunk]:
    """The chunks, in order, that together cover all three sequences."""
    to_theirs, to_ours = _matches(base, theirs), _matches(base, ours)
    chunks: list[Chunk] = []
    b = t = o = 0
    stable = [(i, to_theirs[i], to_ours[i]) for i in range(len(base)) if i in to_theirs and i in to_ours]
    for sb, st, so in [*stable, (len(base), len(theirs), len(ours))]:
        if (sb, st, so) != (b, t, o):
            chunks.append(_unstable(base, theirs, ours, range(b, sb), range(t, st), range(o, so)))
        if sb < len(base):
            chunks.append(Chunk("same", range(sb, sb + 1), range(st, st + 1), range(so, so + 1)))
        b, t, o = sb + 1, st + 1, so + 1
    return _joined(chunks)


def _matches(base: Sequence[Hashable], other: Sequence[Hashable]) -> dict[int, int]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return {block.a + k: block.b + k for block in matcher.get_matching_blocks() for k in range(block.size)}


def _unstable(base: Sequence[Hashable], theirs: Sequence[Hashable], ours: Sequence[Hashable],
              b: range, t: range, o: range) -> Chunk:
    was, their, our = list(base[b.start:b.stop]), list(theirs[t.start:t.stop]), list(ours[o.start:o.stop])
    if their == was:
        kind: Kind = "ours"
    elif our == was:
        kind = "theirs"
    elif their == our:
        kind = "both"
    else:
        kind = "conflict"
    return Chunk(kind, b, t, o)


def _joined(chunks: list[Chunk]) -> list[Chunk]:
    """Neighbouring chunks of the same kind as one (a run of stable items is one ``same`` chunk)."""
    joined: list[Chunk] = []
    for chunk in chunks:
        if joined and joined[-1].kind == chunk.kind == "same":
            last = joined.pop()
            chunk = Chunk("same", range(last.base.start, chunk.base.stop),
                          range(last.theirs.start, chunk.theirs.stop),
                          range(last.ours.start, chunk.ours.stop))
        joined.append(chunk)
    return joined
