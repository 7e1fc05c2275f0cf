"""Reading figures, dates and names out of answers written as free text.

Commissioners write "£420,000 a year", "March 2027" or "Dr Gethin Morgan, Consultant Child
Psychotherapist". The consistency rules compare such answers with each other, so these helpers
find what can be found and return None (or nothing) otherwise: a rule that cannot read an answer
stays silent rather than guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_POUNDS = re.compile(r"£\s*(\d[\d,]*(?:\.\d+)?)\s*(k|m|million|thousand)?\b", re.IGNORECASE)
_YEARLY = re.compile(r"\b(a|per|each|every) (year|annum)\b|\bannual(ly)?\b|\byearly\b|\bp\.?a\.?(?!\w)",
                     re.IGNORECASE)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH})\.? (\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\.? (\d{{4}})\b", re.IGNORECASE)
_QUARTER = re.compile(r"\bQ([1-4]) (\d{4})[-/](\d{2,4})\b", re.IGNORECASE)
_FINANCIAL_YEAR = re.compile(r"\b(\d{4})[-/](\d{2}|\d{4})\b")
_YEAR = re.compile(r"\b(19|20)(\d{2})\b")
_TITLES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame"})
_NAME_WORD = re.compile(r"^[A-Z][\w'\u2019-]*\.?$")
_WORD = re.compile(r"[a-z]+")
STOPWORDS = frozenset({"a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "by", "at",
                       "our", "new", "local", "service", "services"})


def yearly_pounds(text: str | None) -> float | None:
    """The one sum of money in a text that says it is per year: "£420,000 a year" → 420000.0."""
    if not text or not _YEARLY.search(text):
        return None
    sums = _POUNDS.findall(text)
    if len(sums) != 1:
        return None
    digits, scale = sums[0]
    return float(digits.replace(",", "")) * _SCALE.get(scale.casefold(), 1)


def period(text: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date written by hand can mean: "April 2025" → 1 to 30 April 2025,
    "Q3 2025-26" → October to December 2025 (financial years start in April), "2025-26" → April
    2025 to March 2026, "2027" → the whole year. None when the text holds no date."""
    if not text:
        return None
    for reader in (_read_iso, _read_day, _read_quarter, _read_month, _read_financial_year, _read_year):
        try:
            found = reader(text)
        except ValueError:  # a year the calendar cannot hold, e.g. "April 0000"
            continue
        if found is not None:
            return found
    return None


def _read_iso(text: str) -> tuple[dt.date, dt.date] | None:
    match = _ISO_DAY.search(text)
    day = _safe_date(*(int(g) for g in match.groups())) if match else None
    return (day, day) if day else None


def _read_day(text: str) -> tuple[dt.date, dt.date] | None:
    match = _DAY_MONTH_YEAR.search(text)
    if not match:
        return None
    day = _safe_date(int(match[3]), _MONTHS[match[2].casefold()], int(match[1]))
    return (day, day) if day else None


def _read_month(text: str) -> tuple[dt.date, dt.date] | None:
    match = _MONTH_YEAR.search(text)
    return _month(int(match[2]), _MONTHS[match[1].casefold()]) if match else None


def _read_quarter(text: str) -> tuple[dt.date, dt.date] | None:
    match = _QUARTER.search(text)
    if not match:
        return None
    first_month = 4 + 3 * (int(match[1]) - 1)  # Q1 is April to June
    year = int(match[2]) + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    return _month(year, month)[0], _month(*_add_months(year, month, 2))[1]


def _read_financial_year(text: str) -> tuple[dt.date, dt.date] | None:
    match = _FINANCIAL_YEAR.search(text)
    if not match or not str(int(match[1]) + 1).endswith(match[2]):
        return None
    start = int(match[1])
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)


def _read_year(text: str) -> tuple[dt.date, dt.date] | None:
    match = _YEAR.search(text)
    if not match:
        return None
    year = int(match[0])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + count
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def people(text: str | None) -> list[str]:
    """The people a "who wrote it" answer names, without titles or roles:
    "Priya Castellano and Dr Owen Hale (clinical adviser)" → ["Priya Castellano", "Owen Hale"]."""
    if not text:
        return []
    plain = re.sub(r"\([^)]*\)", "", text).split(",")[0]
    found = []
    for part in re.split(r"\band\b|&|;|\bwith\b", plain):
        words = [w for w in part.split() if w.rstrip(".").casefold() not in _TITLES]
        if 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words):
            found.append(" ".join(words))
    return found


def same_person(first: str, second: str) -> bool:
    return first.casefold().replace(".", "") == second.casefold().replace(".", "")


def words(text: str | None) -> set[str]:
    """The content words of a text, lower case, without the commonest small words."""
    return set(_WORD.findall((text or "").casefold())) - STOPWORDS


def numbers(text: str | None) -> Iterator[tuple[int, int]]:
    """Every whole number written in digits, with where it starts: "1,200" → 1200."""
    for match in re.finditer(r"(?<![\d.£])\d{1,3}(?:,\d{3})+(?![\d.])|(?<![\d.£])\d+(?![\d.])", text or ""):
        yield int(match[0].replace(",", "")), match.start()
