"""The Jinja environment clause bodies run in.

Sandboxed, strict about undefined names, and escaping by default: every ``{{ value }}`` is made
inert Markdown unless it is :class:`Md` (clause-library text that is allowed to carry markup).
Answer text is only ever passed in as values; it is never compiled as a template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, pass_context
from jinja2.runtime import Context

from specgen.library import interventions
from specgen.library.markup import escape
from specgen.library.sandbox import PlainSandbox, sandbox

_ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
             "eighth", "ninth", "tenth")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


class Md(str):
    """Text from the clause library that may contain markup; not escaped again."""

    __slots__ = ()


def _finalize(value: Any) -> str:
    if isinstance(value, Md):
        return value
    return escape(str(value))


@cache
def environment() -> PlainSandbox:
    """The clause environment: the plain sandbox, strict about undefined names, escaping output."""
    env = sandbox(StrictUndefined, finalize=_finalize, autoescape=False, keep_trailing_newline=True)
    env.globals["menu"] = _menu
    env.filters.update(
        label=_label, labels=_labels, menu_text=_menu_text, join_and=join_and,
        paragraphs=paragraphs, ordinal=ordinal, num=num, long_date=long_date,
        intervention=_intervention, says_or_equivalent=interventions.says_or_equivalent,
        a_or_an=a_or_an, plural=plural, counted=counted,
    )
    return env


def join_and(items: Iterable[Any]) -> Md:
    """The ``join_and`` filter: "a, b and c", each part escaped unless it is already Md."""
    return Md(and_list([item if isinstance(item, Md) else escape(str(item)) for item in items]))


# Words whose first letter is a vowel but whose sound is not, and the reverse.
_A_BEFORE = ("uni", "use", "usu", "eu", "one", "once", "ewe")
_AN_BEFORE = ("hour", "honest", "honour", "heir")
_LETTER_SOUNDS_VOWEL = set("AEFHILMNORSX")  # "an NHS", "an SLT", "a GP"


def a_or_an(phrase: Any) -> str:
    """The ``a_or_an`` filter: "an occupational therapist", "a health visitor", "an NHS body"."""
    text = str(phrase)
    if isinstance(phrase, Md):  # library wording keeps its markup
        return Md(f"{_article(text)} {text}")
    return f"{_article(text)} {text}"


def _article(text: str) -> str:
    word = text.split(" ", 1)[0]
    if word.isupper() and len(word) > 1:
        article = "an" if word[0] in _LETTER_SOUNDS_VOWEL else "a"
    elif word.lower().startswith(_A_BEFORE):
        article = "a"
    elif word.lower().startswith(_AN_BEFORE):
        article = "an"
    else:
        article = "an" if word[:1].lower() in "aeiou" else "a"
    return article


def plural(count: Any, singular: str, plural_form: str | None = None) -> str:
    """The ``plural`` filter: ``n | plural("level")`` → "level" or "levels";
    ``n | plural("has", "have")`` for irregular forms."""
    return singular if _is_one(count) else (plural_form or singular + "s")


def counted(count: Any, singular: str, plural_form: str | None = None) -> str:
    """The ``counted`` filter: ``3 | counted("year")`` → "3 years", ``1 | counted("week")`` → "1 week"."""
    number = num(count) if isinstance(count, int | float) else str(count)
    return f"{number} {plural(count, singular, plural_form)}"


def _is_one(count: Any) -> bool:
    if isinstance(count, int | float):
        return bool(count == 1)
    return len(count) == 1  # a list: one item or several


def and_list(parts: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def paragraphs(text: str | None) -> Md:
    """Answer text with blank-line-separated paragraphs, each escaped."""
    chunks = [c for c in (text or "").replace("\r\n", "\n").split("\n\n") if c.strip()]
    return Md("\n\n".join(escape(chunk) for chunk in chunks))


def ordinal(number: int) -> str:
    return _ORDINALS[number] if 0 <= number < len(_ORDINALS) else f"{number}th"


def long_date(value: dt.date) -> str:
    """2025-03-14 → "14 March 2025", the form UK public bodies write."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"  # not %B: locale-independent


def num(value: float) -> str:
    """50.0 → "50", 1.25 → "1.25", 3200 → "3,200"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@pass_context
def _menu(context: Context, name: str) -> Any:
    """The ``menu("benchmarks")`` function: a whole menu of the clause library, id → entry."""
    menus = context["_menus"]
    if name not in menus:
        raise KeyError(f"there is no menu called {name!r}; menus: {', '.join(sorted(menus))}")
    return menus[name]


@pass_context
def _label(context: Context, value: Any, group: str) -> Md:
    labels: dict[str, dict[str, str]] = context["_labels"]
    key = str(value)
    try:
        return Md(labels[group][key])
    except KeyError:
        raise KeyError(f"labels.yaml has no wording for '{key}' in group '{group}'") from None


@pass_context
def _labels(context: Context, values: Iterable[Any], group: str) -> list[Md]:
    return [_label(context, value, group) for value in values]


@pass_context
def _menu_text(context: Context, ids: Iterable[str], name: str, group: str | None = None) -> list[Md]:
    entries: dict[str, Any] = context["_menus"][name]
    if group:
        entries = entries[group]
    return [Md(_wording(entries[i])) for i in ids]


def _wording(entry: Any) -> str:
    return str(entry["summary"] if isinstance(entry, dict) else entry)


@pass_context
def _intervention(context: Context, name: str) -> dict[str, Any] | None:
    """The intervention map's entry (with its ``id``) for a name written in the answers, or None."""
    entries: dict[str, Any] = context["_menus"].get("interventions", {})
    found = interventions.find(name, entries)
    return {**entries[found], "id": found} if found else None
