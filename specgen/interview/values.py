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
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")
_YES = frozenset({"y", "yes", "true", "1"})
_UK_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
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
    """A date as written in the UK (14/03/2025, day first), as year-month-day, or ``today``."""
    word = text.strip().lower()
    if word == "today":
        return dt.date.today()
    uk = _UK_DATE.fullmatch(word)
    try:
        if uk:
            day, month, year = (int(part) for part in uk.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(word)
    except ValueError:
        raise Unreadable("write the date as day/month/year, for example 14/03/2025") from None


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


def toggle(text: str, choices: Sequence[str], current: Sequence[str]) -> list[str]:
    """``current`` with each choice named in ``text`` ticked if it was not, unticked if it was.

    Choices are named as in :func:`pick_many`, and ranges of numbers work too (``1-6``); "none"
    unticks everything. Choices still ticked keep their order; newly ticked ones follow in the
    order of ``choices``."""
    if text.strip().lower() in NONE_WORDS:
        return []
    flipped: set[str] = set()
    for word in _words(text):
        flipped.symmetric_difference_update(_named(word, choices))
    kept = [c for c in current if c not in flipped]
    return kept + [c for c in choices if c in flipped and c not in current]


def _words(text: str) -> list[str]:
    text = _RANGE.sub(lambda m: f"{m.group(1)}-{m.group(2)}", text)  # "1 - 6" is one range
    return [w for w in re.split(r"[,\s]+", text.strip()) if w]


def _named(word: str, choices: Sequence[str]) -> list[str]:
    span = _RANGE.fullmatch(word)
    if span is None:
        return [pick(word, choices)]
    first, last = int(span.group(1)), int(span.group(2))
    if not 1 <= first <= last <= len(choices):
        raise Unreadable(f"'{word}' is not a range of choices; use numbers from 1 to {len(choices)}, "
                         "the smaller first (for example 1-3)")
    return list(choices[first - 1:last])


def show(value: Any) -> str:
    """An answer value in words, for defaults and summaries."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) if value else "(none)"
    return str(value)
