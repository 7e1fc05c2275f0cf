"""Merging sequences of blocks (a clause's paragraphs and tables, or a table's rows).

The plan walks the team's sequence and says, for each of their items, keep it, delete it, or
change it into one of ours (merged word by word later), and where to insert new items of ours.
Items are compared by key; ``similar(theirs_index, ours_index)`` says whether two different items
are versions of each other (worth merging word by word) or unrelated (delete one, insert the other).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from specgen.merge.diff3 import diff3


@dataclass(frozen=True)
class Keep:
    theirs: int


@dataclass(frozen=True)
class Change:
    """Turn their item into our item; ``base`` is what both started from, if known."""

    theirs: int
    ours: int
    base: int | None
    conflict: bool = False
    """Both sides changed it: merge word by word, and word conflicts get comments."""


@dataclass(frozen=True)
class Insert:
    ours: int
    conflict: bool = False
    """Inserted in place of something the team changed (or removed)."""


@dataclass(frozen=True)
class Delete:
    theirs: int
    conflict: bool = False
    """The team had changed what specgen now removes or rewrites."""


Step = Keep | Change | Insert | Delete
Similar = Callable[[int, int], bool]


def plan(base: Sequence[Hashable], theirs: Sequence[Hashable], ours: Sequence[Hashable],
         similar: Similar) -> list[Step]:
    steps: list[Step] = []
    for chunk in diff3(base, theirs, ours):
        if chunk.kind in ("same", "theirs", "both"):
            steps += [Keep(t) for t in chunk.theirs]
        elif chunk.kind == "ours":
            bases = dict(zip(chunk.theirs, chunk.base, strict=True))  # theirs is the base here
            steps += _paired(chunk.theirs, chunk.ours, similar, bases)
        else:
            steps += _conflict(chunk.base, chunk.theirs, chunk.ours, similar)
    return steps


def _paired(theirs: range, ours: range, similar: Similar, bases: dict[int, int]) -> list[Step]:
    """Each of their items changed into the next similar one of ours; the rest inserted or deleted."""
    steps: list[Step] = []
    next_ours = ours.start
    for t in theirs:
        match = next((o for o in range(next_ours, ours.stop) if similar(t, o)), None)
        if match is None:
            steps.append(Delete(t))
            continue
        steps += [Insert(o) for o in range(next_ours, match)]
        steps.append(Change(t, match, bases.get(t)))
        next_ours = match + 1
    return steps + [Insert(o) for o in range(next_ours, ours.stop)]


def _conflict(base: range, theirs: range, ours: range, similar: Similar) -> list[Step]:
    if len(base) == len(theirs) == len(ours):
        steps: list[Step] = []
        for b, t, o in zip(base, theirs, ours, strict=True):
            steps += ([Change(t, o, b, conflict=True)] if similar(t, o)
                      else [Delete(t, conflict=True), Insert(o, conflict=True)])
        return steps
    return [*(Delete(t, conflict=True) for t in theirs), *(Insert(o, conflict=True) for o in ours)]
