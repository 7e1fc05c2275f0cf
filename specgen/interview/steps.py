"""What the interview shows (a :class:`Step`) and what it says back (a :class:`Reply`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specgen.interview.questions import Question

BACK = frozenset({"<", "back"})
HELP = frozenset({"?", "help"})


@dataclass(frozen=True)
class Step:
    """What to show for the current question (or field of a list item)."""

    section: str
    number: int
    total: int
    question: Question
    default: Any
    """The value Enter keeps: the current answer, or the default; ``fields.MISSING`` if none."""
    items: tuple[Any, ...] = ()
    """For a list question: its items as they stand."""
    item: int | None = None
    """For a field of a list item: which item (0-based)."""
    of: Question | None = None
    """For a field of a list item: the list question it belongs to."""
    note: str = ""


@dataclass(frozen=True)
class Reply:
    """The interview's response to one line: accepted or not, and anything to tell the person."""

    accepted: bool
    message: str = ""


def guidance(question: Question) -> str:
    source = f" (PAIR Commissioning Toolkit, {question.source})" if question.source else ""
    return f"{question.guidance}{source}"
