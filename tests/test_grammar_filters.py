"""Grammar lives in registered filters, so clause templates read as text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from specgen.library.templating import Md, a_or_an, counted, environment, plural

SNIPPETS = Path(__file__).resolve().parent.parent / "snippets"


@pytest.mark.parametrize(("phrase", "expected"), [
    ("occupational therapist", "an occupational therapist"),
    ("health visitor", "a health visitor"),
    ("university hospital", "a university hospital"),
    ("hour-long session", "an hour-long session"),
    ("NHS trust", "an NHS trust"),
    ("GP practice", "a GP practice"),
    ("one-year contract", "a one-year contract"),
])
def test_a_or_an_chooses_the_article_by_sound(phrase: str, expected: str) -> None:
    assert a_or_an(phrase) == expected


def test_a_or_an_keeps_library_wording_as_markup() -> None:
    assert isinstance(a_or_an(Md("*clinical* psychologist")), Md)
    assert not isinstance(a_or_an("answer text"), Md)


@pytest.mark.parametrize(("count", "expected"), [(1, "1 year"), (3, "3 years"), (1.5, "1.5 years"),
                                                 (1000, "1,000 years")])
def test_counted_writes_the_number_and_the_right_form(count: float, expected: str) -> None:
    assert counted(count, "year") == expected


def test_plural_takes_counts_lists_and_irregular_forms() -> None:
    assert plural(1, "level") == "level"
    assert plural(["a", "b"], "level") == "levels"
    assert plural(["a"], "has", "have") == "has"
    assert plural(2, "has", "have") == "have"


def test_the_filters_are_registered_for_clauses() -> None:
    template = environment().from_string(
        '{{ n | counted("week") }}, {{ p | a_or_an }}, {{ n | plural("is", "are") }}')
    assert template.render(n=2, p="early years worker") == "2 weeks, an early years worker, are"


def test_no_clause_decides_grammar_inline() -> None:
    inline = re.compile(r'"(\w+)" if [^%}]*(== 1|length == 1)[^%}]*else "(\w+)"|\bin "aeiou"')
    offenders = [f"{path.relative_to(SNIPPETS)}:{number}"
                 for path in sorted(SNIPPETS.rglob("*.md"))
                 for number, line in enumerate(path.read_text().splitlines(), 1) if inline.search(line)]
    assert not offenders, f"use the plural/counted/a_or_an filters instead: {offenders}"
