"""Dates: completed actions against the document's date, and the contract's term and review date
against the period the specification covers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from specgen.answers import Answers
from specgen.answers.strategy import ActionStatus
from specgen.assembly.advice import Advice
from specgen.assembly.consistency.registry import rule
from specgen.assembly.phrases import period

# --- Actions and dates -----------------------------------------------------------------------

@rule("completed-action-after-document-date",
      "No action is marked complete with a deadline that falls after the document's date.")
def _completed_actions(answers: Answers) -> Iterator[Advice]:
    actions = answers.strategy.actions if answers.strategy else []
    written = answers.document.date
    for index, action in enumerate(actions):
        when = period(action.deadline)
        if action.status is ActionStatus.complete and when is not None and when[0] > written:
            yield Advice(f"strategy.actions[{index}].status", f"is complete, but its deadline "
                         f"({action.deadline}) is after the document's date "
                         f"({written.day} {written:%B %Y}); give the date it was done, or change the status",
                         (f"strategy.actions[{index}].deadline", "document.date"))


# --- The contract's term, the period covered and the review date ----------------------------

def _term(answers: Answers) -> tuple[dt.date, dt.date] | None:
    """The initial term, from the service start date, when it and the term's length are known."""
    start, end = answers.mobilisation.service_start, answers.service_end
    return (start, end) if start is not None and end is not None else None


def _ends(answers: Answers) -> list[str]:
    """The period's wording split at "to" (one part when it has no end)."""
    return re.split(r"\s+(?:to|until|\u2013|-)\s+", answers.document.period or "", maxsplit=1)


def _stated_period(answers: Answers) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the period the specification covers ("1 April 2026 to 31 March
    2029"), or None when it does not give both ends."""
    ends = [period(part) for part in _ends(answers)]
    if len(ends) != 2 or ends[0] is None or ends[1] is None or ends[1][1] <= ends[0][0]:
        return None
    return ends[0][0], ends[1][1]


def _years(start: dt.date, end: dt.date) -> float:
    return ((end - start).days + 1) / 365.25


@rule("contract-term-vs-dates",
      "The contract term matches the period the specification covers, and the review date falls "
      "within that period and after the document's date.")
def _contract_dates(answers: Answers) -> Iterator[Advice]:
    span, term = _stated_period(answers), answers.procurement.contract_term_years
    if span is not None and term is not None:
        longest = term + sum(answers.procurement.contract.extensions_years)
        length = _years(*span)
        if min(abs(length - term), abs(length - longest)) > 0.1:
            yield Advice("procurement.contract_term_years", f"is {term:g} years"
                         + (f" ({longest:g} with extensions)" if longest != term else "")
                         + f", but the period the specification covers is {length:.1f} years; make "
                         "them agree", ("document.period",))
    if span is not None:
        yield from _review_date(answers, span, "the period the specification covers",
                                ("document.period",))
    else:
        yield from _review_date(answers, _term(answers), "the initial term",
                                ("mobilisation.service_start", "procurement.contract_term_years"))


@rule("start-date-vs-period",
      "The service start date falls where the period the specification covers begins.")
def _start_date(answers: Answers) -> Iterator[Advice]:
    start, beginning = answers.mobilisation.service_start, _ends(answers)[0]
    first = period(beginning)
    if start is not None and first is not None and not first[0] <= start <= first[1]:
        yield Advice("mobilisation.service_start", f"({start.isoformat()}) is not when the period "
                     f"the specification covers begins ({beginning}); make them agree",
                     ("document.period",))


def _review_date(answers: Answers, span: tuple[dt.date, dt.date] | None, what: str,
                 where: tuple[str, ...]) -> Iterator[Advice]:
    review, written = answers.document.review_date, answers.document.date
    if review is None:
        return
    if review <= written:
        yield Advice("document.review_date", f"({review.isoformat()}) is not after the document's "
                     f"date ({written.isoformat()}); give the date of the next review",
                     ("document.date",))
    elif span is not None and not span[0] <= review <= span[1]:
        yield Advice("document.review_date", f"({review.isoformat()}) falls outside {what} "
                     f"({span[0].isoformat()} to {span[1].isoformat()}); review it while the "
                     "contract runs", where)
