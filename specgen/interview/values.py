"""Turning what a person types into an answer value, and an answer value back into words.

Only the shape is checked here (is it a number, a date, one of the choices?); whether the value
is acceptable is the model's decision (see :mod:`specgen.interview.check`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from specgen.answers.common import suggest

_INT = re.compile(r"[+-]?\d+")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_YES = frozenset({"y", "yes", "true", "1"})
_NO = frozenset({"n", "no", "false", "0"})
NONE_WORDS = frozenset({"none", "-"})


class Unreadable(ValueError):
    """The text cannot be read as the kind of answer asked for; the message says what to type."""


def parse(kind: str, text: str, choices: Sequence[str] = ()) -> Any:
    """Read typed text as an answer of ``kind`` (see :func:`specgen.interview.fields.kind_of`)."""
    readers = {"yesno": _yesno, "number": _number, "date": _date}
    if kind in readers:
        return readers[kind](text)
    if kind == "choice":
        return pick(text, choices)
    if kind == "multi":
        return pick_many(text, choices)
    if kind == "scalar":
        return _scalar(text, choices)
    return text.strip()


def _yesno(text: str) -> bool:
    word = text.strip().lower()
    if word in _YES or word in _NO:
        return word in _YES
    raise Unreadable("answer yes or no")


def _number(text: str) -> int | float:
    word = text.strip().rstrip("%").strip()
    if _THOUSANDS.fullmatch(word):
        word = word.replace(",", "")
    if _INT.fullmatch(word):
        return int(word)
    try:
        return float(word)
    except ValueError:
        raise Unreadable("write a number, for example 12 or 1.5") from None


def _date(text: str) -> dt.date:
    word = text.strip().lower()
    if word == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        raise Unreadable("write the date as year-month-day, for example 2025-03-14") from None


def _scalar(text: str, choices: Sequence[str]) -> Any:
    word = text.strip()
    if word in choices:
        return word
    if _INT.fullmatch(word):
        return int(word)
    return word


def pick(text: str, choices: Sequence[str]) -> str:
    """One choice, by its number in the list, its id, or the start of its id."""
    word = text.strip().lower()
    if word.isdigit() and 1 <= int(word) <= len(choices):
        return choices[int(word) - 1]
    if word in choices:
        return word
    starting = [c for c in choices if c.startswith(word)]
    if word and len(starting) == 1:
        return starting[0]
    hint = suggest(word, list(choices)) or f" (type a number from 1 to {len(choices)})"
    raise Unreadable(f"'{text.strip()}' is not one of the choices{hint}")


def pick_many(text: str, choices: Sequence[str]) -> list[str]:
    """Several choices separated by commas or spaces; "none" for an empty list."""
    words = [w for w in re.split(r"[,\s]+", text.strip()) if w]
    if [w.lower() for w in words] in (["none"], ["-"]):
        return []
    picked: list[str] = []
    for word in words:
        choice = pick(word, choices)
        if choice not in picked:
            picked.append(choice)
    return picked


def show(value: Any) -> str:
    """An answer value in words, for defaults and summaries."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) if value else "(none)"
    return str(value)
