"""How a question is shown in a form: which control, its options, what it holds, its hint.

The control follows the kind of answer the model asks for: one line or a text box for text,
radios for one choice or yes/no, checkboxes for several choices. Nothing here decides what is
acceptable; that is the model's job, through the interview engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specgen.interview import fields, forms
from specgen.interview.questions import Question

HINTS = {
    "date": "For example, 14/03/2025.",
    "number": "A number, for example 12 or 1.5.",
    "scalar": "",
}
RADIO_KINDS = frozenset({"choice", "yesno"})


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Widget:
    """One form control: ``name`` is the form field, ``id`` what error links point at."""

    control: str
    """input, textarea, radios or checkboxes."""
    name: str
    id: str
    label: str
    value: str = ""
    ticked: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    hint: str = ""
    error: str = ""
    guidance: str = ""
    wide: bool = True


def widget(question: Question, current: Any, name: str, error: str = "", typed: Any = None,
           root: Question | None = None) -> Widget:
    """The control for ``question`` holding ``current`` (or what was ``typed``, after an error)."""
    label = question.prompt
    if question.kind in RADIO_KINDS or question.kind == "multi":
        chosen = tuple(typed) if typed is not None else tuple(forms.ticked(current))
        control = "checkboxes" if question.kind == "multi" else "radios"
        return Widget(control, name, name, label, ticked=chosen, error=error,
                      options=_options(question, root), hint=_hint(question))
    control = "textarea" if forms.is_long_text(question, root) else "input"
    shown = typed if typed is not None else forms.as_text(current)
    return Widget(control, name, name, label, value=str(shown), error=error, hint=_hint(question),
                  wide=question.kind in ("text", "scalar"))


def _options(question: Question, root: Question | None) -> tuple[Option, ...]:
    if question.kind == "yesno":
        options = [Option("yes", "Yes"), Option("no", "No")]
    else:
        options = [Option(c, _label(question, c)) for c in question.choices]
    if question.kind in RADIO_KINDS and _optional(question, root):
        options.append(Option("", "No answer (leave this out)"))
    return tuple(options)


def _label(question: Question, choice: str) -> str:
    words = question.wording.get(choice, "")
    if not words:
        return choice.replace("_", " ").capitalize()
    return words[:1].upper() + words[1:]


def _hint(question: Question) -> str:
    if question.kind == "scalar" and question.choices:
        return f"One of {', '.join(question.choices)}, or a number."
    return HINTS.get(question.kind, "")


def _optional(question: Question, root: Question | None) -> bool:
    if question.none_at is not None:
        return True
    try:
        if root is None:
            return fields.unwrap(fields.field_at(question.path).annotation)[1]
        element = fields.model_in(fields.item_type(fields.field_at(root.path).annotation))
        if element is None or not question.path:
            return False
        return fields.unwrap(fields.field_at(question.path, element).annotation)[1]
    except KeyError:
        return False
