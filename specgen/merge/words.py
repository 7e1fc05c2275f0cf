"""Merging one paragraph's words: the team's text, changed only where specgen's new text differs.

The result is a list of edits to the team's text, each replacing a span of it with words from the
new text. Where the team changed the same words, the edit is a conflict: the new wording still
wins (as a tracked change people can reject), and the team's wording goes into a comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from specgen.merge.diff3 import diff3, tokens


@dataclass(frozen=True)
class Edit:
    """Replace ``theirs[start:end]`` with ``text``, which sits at ``ours_start`` in the new text."""

    start: int
    end: int
    text: str
    ours_start: int
    conflict: bool = False
    base_text: str = ""
    """What specgen had written there before (for the comment on a conflict)."""


@dataclass(frozen=True)
class WordMerge:
    theirs: str
    edits: tuple[Edit, ...]

    @property
    def conflict(self) -> bool:
        return any(edit.conflict for edit in self.edits)

    @property
    def merged(self) -> str:
        """The text once every edit is accepted."""
        text, last = [], 0
        for edit in self.edits:
            text += [self.theirs[last:edit.start], edit.text]
            last = edit.end
        return "".join([*text, self.theirs[last:]])


def merge_words(base: str, theirs: str, ours: str) -> WordMerge:
    """Three-way merge at word level; ``base`` is what specgen wrote last time."""
    b, t, o = tokens(base), tokens(theirs), tokens(ours)
    at_b, at_t, at_o = _offsets(b), _offsets(t), _offsets(o)
    edits = []
    relaxed = theirs != base  # untouched by the team: take the new text exactly, spaces and all
    for chunk in diff3(*(_keys(words) if relaxed else words for words in (b, t, o))):
        if chunk.kind not in ("ours", "conflict"):
            continue
        start, end = at_t[chunk.theirs.start], at_t[chunk.theirs.stop]
        text = "".join(o[chunk.ours.start:chunk.ours.stop])
        was = base[at_b[chunk.base.start]:at_b[chunk.base.stop]]
        if chunk.kind == "conflict" and not was:  # both added words here: keep theirs, add ours after
            start = end
        if relaxed and text and not text[0].isspace() and start > 0 and not theirs[start - 1].isspace():
            text = " " + text  # after a word that ended their text, with no space behind it yet
        edits.append(Edit(start, end, text, at_o[chunk.ours.start], chunk.kind == "conflict", was))
    return WordMerge(theirs, tuple(edits))


def _keys(words: list[str]) -> list[str]:
    """Words compare without the spaces after them: the last word of a paragraph has none."""
    return [word.rstrip(" \u00a0") or word for word in words]


def _offsets(words: list[str]) -> list[int]:
    """The character offset where each word starts, and the total length at the end."""
    return [0, *accumulate(len(word) for word in words)]
