"""What the interview shows (a :class:`Step`) and what it says back (a :class:`Reply`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specgen.interview import fields, values
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

    @property
    def needed(self) -> bool:
        """Whether a blank answer is refused: there is nothing to keep, no default, and leaving
        it out is not allowed (a question that opens an optional part may be left blank)."""
        opens_a_part = self.of is None and self.question.none_at is not None
        return self.default is fields.MISSING and not opens_a_part


@dataclass(frozen=True)
class Reply:
    """The interview's response to one line: accepted or not, and anything to tell the person."""

    accepted: bool
    message: str = ""


def guidance(question: Question) -> str:
    source = f" (PAIR Commissioning Toolkit, {question.source})" if question.source else ""
    return f"{question.guidance}{source}"


def in_words(question: Question, value: Any) -> str:
    """An answer as a person reads it: choices by their wording, not their ids."""
    if value is fields.MISSING:
        return "(not answered)"
    if question.kind == "choice" and isinstance(value, str):
        return _label(question, value)
    if question.kind == "multi" and isinstance(value, list):
        return "; ".join(_label(question, v) for v in value) if value else "(none)"
    return values.show(value)


def _capitalised(label: str) -> str:
    return label.upper() if len(label) <= 3 else label[:1].upper() + label[1:]  # wte → WTE


def _label(question: Question, choice: str) -> str:
    words = question.wording.get(choice, "")
    return words[:1].upper() + words[1:] if words else choice


def item_in_words(question: Question, item: Any) -> str:
    """One item of a list question as a person reads it: each field by its label, choices by
    their wording (fields the question does not ask about are shown as they are)."""
    if not isinstance(item, dict) or not question.items:
        return values.show(item)
    subs = {sub.field: sub for sub in question.items}
    parts = []
    for key, value in item.items():
        sub = subs.get(key)
        label = _capitalised(sub.label if sub else key.replace("_", " "))
        parts.append(f"{label}: {in_words(sub, value) if sub else values.show(value)}")
    return "; ".join(parts)
