"""Reading amounts, dates and names out of free-text answers, for the consistency rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from specgen.assembly.phrases import people, period, same_person, yearly_pounds


@pytest.mark.parametrize(("text", "pounds"), [
    ("£420,000 a year", 420000.0), ("£0.38 million per year", 380000.0), ("£35k annually", 35000.0),
    ("£12,000 once", None), ("0.4 WTE", None), ("£1,000 a year and £2,000 a year", None), (None, None),
])
def test_it_reads_one_yearly_sum_of_money_or_nothing(text: str | None, pounds: float | None) -> None:
    assert yearly_pounds(text) == pounds


@pytest.mark.parametrize(("text", "first", "last"), [
    ("April 2025", dt.date(2025, 4, 1), dt.date(2025, 4, 30)),
    ("by the end of Feb 2028", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
    ("30 June 2025", dt.date(2025, 6, 30), dt.date(2025, 6, 30)),
    ("2025-06-30", dt.date(2025, 6, 30), dt.date(2025, 6, 30)),
    ("Q3 2025-26", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    ("Q4 2025/26", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ("in 2025-26", dt.date(2025, 4, 1), dt.date(2026, 3, 31)),
    ("during 2027", dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
    ("31 February 2025", dt.date(2025, 2, 1), dt.date(2025, 2, 28)),  # no such day: the month
])
def test_it_reads_the_first_and_last_day_a_deadline_can_mean(text: str, first: dt.date,
                                                             last: dt.date) -> None:
    assert period(text) == (first, last)


@pytest.mark.parametrize("text", ["when funded", "April 0000", "Q4 9999-00", ""])
def test_it_gives_up_quietly_on_text_that_holds_no_date(text: str) -> None:
    assert period(text) is None


@given(st.text(max_size=60))
def test_no_text_makes_it_fail(text: str) -> None:
    period(text)
    yearly_pounds(text)
    people(text)


def test_it_finds_the_people_a_who_wrote_it_answer_names() -> None:
    assert people("Priya Castellano and Dr Owen Hale (clinical adviser)") == ["Priya Castellano",
                                                                             "Owen Hale"]
    assert people("Rhiannon Pryce-Jenkins, Head of Commissioning, Women and Children's Services") == [
        "Rhiannon Pryce-Jenkins"]
    assert people("the commissioning team") == []
    assert same_person("Owen Hale", "owen hale") and not same_person("Owen Hale", "Owen Hales")
