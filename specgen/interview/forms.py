"""Answers as a form gives them (the web interview): whole values, never commands.

At a terminal, Enter keeps the answer shown in brackets and ``<`` goes back. A form field holds
the whole answer, pre-filled with the current one, so here a blank field means "no answer" and
every text is data. Reading and checking are the terminal's own (:mod:`.values`, and the model
through :meth:`~specgen.interview.flow.Interview.give`), so both faces accept the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from specgen.interview import fields, values
from specgen.interview.questions import Question

LONG_TEXT_KINDS = frozenset({"text"})


def from_text(question: Question, text: str) -> Any:
    """The value of a text field; ``None`` when blank. :class:`values.Unreadable` if unreadable."""
    text = text.strip()
    if not text:
        return None
    return values.parse(question.kind, text, question.choices)


def from_choices(question: Question, picked: Sequence[str]) -> list[str]:
    """The ticked boxes of a multi-select question, in the order the choices are offered."""
    unknown = [p for p in picked if p not in question.choices]
    if unknown:
        raise values.Unreadable(f"'{unknown[0]}' is not one of the choices")
    return [c for c in question.choices if c in picked]


def as_text(value: Any) -> str:
    """What a text field shows for an answer (or a default): blank when there is none."""
    if value is fields.MISSING or value is None:
        return ""
    return values.show(value)


def ticked(value: Any) -> list[str]:
    """The choices an answer ticks (one for a single choice or yes/no, several for multi)."""
    if value is fields.MISSING or value is None:
        return []
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def is_long_text(question: Question, root: Question | None = None) -> bool:
    """Free text without a length limit (a context, a description) gets a text box, not a line."""
    if question.kind not in LONG_TEXT_KINDS:
        return False
    try:
        path = (*root.path, *question.path) if root else question.path
        field = _field(root, question) if root else fields.field_at(path)
    except KeyError:
        return False
    return "max_length" not in repr(field.annotation) + repr(field.metadata)


def _field(root: Question, question: Question) -> Any:
    element = fields.item_type(fields.field_at(root.path).annotation)
    if not question.path or fields.model_in(element) is None:
        return fields.field_at(root.path)
    return fields.field_at(question.path, element)
