"""Answers that contradict each other: a registry of small, named consistency rules.

The specification and the strategy are built from one answer file, so a figure or a claim made in
one place should not be denied in another. Each rule reads the answers, and reports every
contradiction it finds as :class:`Advice` located at both answers. Rules that read free text
(amounts, dates, names) stay silent when they cannot read it.

``specgen validate`` and ``specgen build`` print what the rules find, as warnings; they never
stop a build. ``RULES`` lists them by name, in the order they run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from specgen.answers import Answers
from specgen.answers.service import Difficulty
from specgen.answers.strategy import ActionStatus, Resource
from specgen.assembly.advice import Advice
from specgen.assembly.phrases import people, period, same_person, words, yearly_pounds

Check = Callable[[Answers], Iterator[Advice]]


@dataclass(frozen=True)
class Rule:
    """A named consistency rule: what it compares, and the check that compares it."""

    name: str
    summary: str
    check: Check

    def __call__(self, answers: Answers) -> Iterator[Advice]:
        for found in self.check(answers):
            yield Advice(found.path, found.message, found.also, self.name)


RULES: dict[str, Rule] = {}


def rule(name: str, summary: str) -> Callable[[Check], Check]:
    """Register a check under a name (used in tests and in the list of rules)."""
    def register(check: Check) -> Check:
        RULES[name] = Rule(name, summary, check)
        return check
    return register


def consistency_advice(answers: Answers) -> Iterator[Advice]:
    """What every rule finds, rule by rule."""
    for each in RULES.values():
        yield from each(answers)


def _money(value: float) -> str:
    return f"£{value:,.0f}"


# --- The contract's value and the strategy's budget -----------------------------------------

def service_resources(answers: Answers) -> Iterator[tuple[int, Resource]]:
    """The strategy's resources that pay for the service this specification buys: those marked
    ``for_this_service``, or, when none is marked, those whose name uses most of the service's."""
    resources = answers.strategy.resources if answers.strategy else []
    marked = [(i, r) for i, r in enumerate(resources) if r.for_this_service]
    if marked:
        yield from marked
        return
    name = words(answers.introduction.service_name) - words(answers.document.area)
    for index, resource in enumerate(resources):
        if resource.for_this_service is None and _names_the_service(resource.resource, name):
            yield index, resource


def _names_the_service(text: str, service: set[str]) -> bool:
    return bool(service) and len(words(text) & service) >= max(2, round(0.6 * len(service)))


@rule("annual-value-vs-strategy-budget",
      "The contract's annual value matches the strategy's yearly budget for the same service.")
def _annual_value(answers: Answers) -> Iterator[Advice]:
    annual = answers.procurement.contract.annual_value_gbp
    if annual is None:
        return
    for index, resource in service_resources(answers):
        yearly = yearly_pounds(resource.amount)
        if yearly is not None and abs(yearly - annual) > 0.01 * annual:
            yield Advice(
                "procurement.contract.annual_value_gbp",
                f"the contract is worth {_money(annual)} a year, but the strategy budgets "
                f"{_money(yearly)} a year for '{resource.resource}'; make the two agree, or mark "
                "the resource for_this_service: false if it pays for something else",
                (f"strategy.resources[{index}].amount",))


# --- Funding said to be missing, but marked as secured --------------------------------------

_UNFUNDED = re.compile(
    r"\b(not (yet )?(been )?(funded|secured|resourced)|unfunded|no (secure |recurrent )?funding"
    r"|without (secure )?funding|funding (is |has )?not (yet )?(been )?(agreed|secured|found))\b",
    re.IGNORECASE)


def texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every piece of free text in the answers, with its dotted path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, f"{path}[{index}]")
    elif isinstance(value, str) and " " in value:
        yield path, value


@rule("unfunded-text-vs-secured-funding",
      "No answer says the service is not yet funded while its funding is marked as secured.")
def _unfunded_text(answers: Answers) -> Iterator[Advice]:
    secured = [(i, r) for i, r in service_resources(answers) if r.secured]
    if not secured:
        return
    unsecured = [r for r in (answers.strategy.resources if answers.strategy else []) if not r.secured]
    index, resource = secured[0]
    for path, text in texts(answers.model_dump(mode="json")):
        for sentence in _sentences_saying_unfunded(text):
            if not any(words(sentence) & words(other.resource) for other in unsecured):
                yield Advice(path, f"says funding is missing (\"{sentence.strip()}\"), but the "
                             f"strategy marks '{resource.resource}' as secured; update one of them",
                             (f"strategy.resources[{index}].secured",))
                break


def _sentences_saying_unfunded(text: str) -> Iterator[str]:
    for sentence in re.split(r"(?<=[.;!?])\s+", text):
        if _UNFUNDED.search(sentence):
            yield sentence


# --- Readiness answers and the work the strategy records -------------------------------------

_FAMILY_WORDS = frozenset({"parents", "parent", "carers", "families", "fathers", "mothers", "mums",
                           "dads", "leavers"})
_WORKFORCE_WORDS = frozenset({"practitioners", "staff", "workforce", "professionals", "visitors",
                              "midwives", "managers", "clinicians", "workers", "nurses", "gps",
                              "referrers"})


@rule("readiness-vs-strategy",
      "A readiness question is not marked 'not yet answered' when the strategy records that work.")
def _readiness(answers: Answers) -> Iterator[Advice]:
    if answers.strategy is None:
        return
    heard = answers.strategy.views.heard
    for key, vocabulary, what in (("parent_voice", _FAMILY_WORDS, "parents and carers"),
                                  ("workforce_views", _WORKFORCE_WORDS, "practitioners")):
        if getattr(answers.readiness, key).answered:
            continue
        for index, voice in enumerate(heard):
            if words(voice.who) & vocabulary:
                yield Advice(f"readiness.{key}", f"is not yet answered, but the strategy records "
                             f"the views of {what} ('{voice.who}'); mark it answered: true and say "
                             "where the findings are", (f"strategy.views.heard[{index}].who",))
                break
    yield from _theory_of_change(answers)


def _theory_of_change(answers: Answers) -> Iterator[Advice]:
    theory = answers.strategy.theory_of_change if answers.strategy else None
    if answers.readiness.theory_of_change.answered or theory is None:
        return
    if all(steps for _, steps in theory):
        yield Advice("readiness.theory_of_change", "is not yet answered, but the strategy sets out "
                     "a theory of change with every step filled in; mark it answered: true, or "
                     "leave the steps still to be agreed empty", ("strategy.theory_of_change",))


# --- Who the service is for, and the levels of care it covers --------------------------------

@rule("eligibility-vs-levels",
      "The severity of difficulty eligible for the service fits the levels of care it covers.")
def _eligibility(answers: Answers) -> Iterator[Advice]:
    difficulty, levels = answers.service.eligibility.difficulty, answers.service.levels
    if difficulty is Difficulty.moderate_to_severe and levels.targeted.included:
        yield Advice("service.eligibility.difficulty", "only moderate to severe difficulties are "
                     "eligible, but the specification covers the targeted level, which is for mild "
                     "to moderate difficulties; choose all_levels, or leave the targeted level out",
                     ("service.levels.targeted.included",))
    if difficulty is Difficulty.mild_to_moderate and levels.specialist.included:
        yield Advice("service.eligibility.difficulty", "only mild to moderate difficulties are "
                     "eligible, but the specification covers the specialist level, which is for "
                     "moderate to severe difficulties; choose all_levels, or leave the specialist "
                     "level out", ("service.levels.specialist.included",))


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


# --- Training and activity numbers: the KPI schedule and the strategy's objectives -----------

_FIRST_YEAR = re.compile(r"(\d[\d,]*)\s+(?:in|during|by the end of)\s+(?:the\s+)?"
                         r"(?:first year|year one|year 1)\b", re.IGNORECASE)
_PER = re.compile(r"(\d[\d,]*)\s+(?:a|per|each|every)\s+(year|quarter|month)\b", re.IGNORECASE)
_PER_YEAR = {"year": 1, "quarter": 4, "month": 12}


@dataclass(frozen=True)
class Activity:
    """A kind of activity both an objective and a KPI can count: what the objective says, how
    many it names, and the words of a KPI that counts it."""

    verb: re.Pattern[str]
    how_many: re.Pattern[str]
    kpi_name: re.Pattern[str]
    doing: str


ACTIVITIES = (
    Activity(re.compile(r"\btrain(?:s|ed|ing)?\b", re.IGNORECASE),
             re.compile(r"(\d[\d,]*)\s+(?:[\w-]+\s+){0,3}?(?:practitioners|staff|professionals"
                        r"|people|workers|colleagues)\b", re.IGNORECASE),
             re.compile(r"\btrain", re.IGNORECASE), "train"),
    Activity(re.compile(r"\bconsultations?\b", re.IGNORECASE),
             re.compile(r"(\d[\d,]*)\s+(?:[\w-]+\s+){0,3}?consultations\b", re.IGNORECASE),
             re.compile(r"\bconsultation", re.IGNORECASE), "deliver"),
)


def service_start(answers: Answers) -> dt.date | None:
    """The day the service starts, read from the period the specification covers, or None."""
    found = period(answers.document.period)
    return found[0] if found else None


def _cumulative(target: str, years: float) -> float | None:
    """How many a KPI target asks for in its first ``years`` years: "150 in year one, 250 a year
    thereafter" gives 150 after one year and 400 after two. None when the target gives no rate."""
    first = _FIRST_YEAR.search(target)
    rest = [m for m in _PER.finditer(target) if not first or m.start() > first.start()]
    rate = float(rest[0][1].replace(",", "")) * _PER_YEAR[rest[0][2].casefold()] if rest else None
    if first is None:
        return None if rate is None else rate * years
    opening = float(first[1].replace(",", ""))
    return opening * min(years, 1) + (rate if rate is not None else opening) * max(years - 1, 0)


def _aims(answers: Answers, start: dt.date) -> Iterator[tuple[int, Activity, int, dt.date]]:
    """(objective index, activity, number aimed for, deadline) for each objective that counts."""
    for index, objective in enumerate(answers.strategy.objectives if answers.strategy else []):
        by = period(objective)
        for activity in ACTIVITIES:
            aim = activity.how_many.search(objective)
            if activity.verb.search(objective) and aim and by is not None and by[1] > start:
                yield index, activity, int(aim[1].replace(",", "")), by[1]


@rule("activity-kpi-vs-objectives",
      "The KPI schedule can train as many practitioners, and give as many consultations, by the "
      "same date as the strategy's objectives aim to.")
def _activity(answers: Answers) -> Iterator[Advice]:
    start = service_start(answers)
    if start is None:
        return
    for index, activity, wanted, by in _aims(answers, start):
        years = ((by.year - start.year) * 12 + by.month - start.month + 1) / 12
        for kpi_index, kpi in enumerate(answers.standards.kpis):
            reached = _cumulative(kpi.target, years) if activity.kpi_name.search(kpi.name) else None
            if reached is not None and reached + 0.5 < wanted:
                yield Advice(f"strategy.objectives[{index}]", f"aims to {activity.doing} {wanted:,} "
                             f"by {by:%B %Y}, but the KPI target ('{kpi.target}') reaches about "
                             f"{reached:,.0f} by then, counting from the service's start on "
                             f"{start.day} {start:%B %Y}; make them agree, or say who does the rest",
                             (f"standards.kpis[{kpi_index}].target",))


# --- The contract's term, the period covered and the review date ----------------------------

def covered(answers: Answers) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the period the specification covers ("1 April 2026 to 31 March
    2029"), or None when it does not give both ends."""
    parts = re.split(r"\s+(?:to|until|\u2013|-)\s+", answers.document.period or "", maxsplit=1)
    ends = [period(part) for part in parts]
    if len(ends) != 2 or ends[0] is None or ends[1] is None or ends[1][1] <= ends[0][0]:
        return None
    return ends[0][0], ends[1][1]


def _years(start: dt.date, end: dt.date) -> float:
    return ((end - start).days + 1) / 365.25


@rule("contract-term-vs-dates",
      "The contract term matches the period the specification covers, and the review date falls "
      "within that period and after the document's date.")
def _contract_dates(answers: Answers) -> Iterator[Advice]:
    span, term = covered(answers), answers.procurement.contract_term_years
    if span is not None and term is not None:
        longest = term + sum(answers.procurement.contract.extensions_years)
        length = _years(*span)
        if min(abs(length - term), abs(length - longest)) > 0.1:
            yield Advice("procurement.contract_term_years", f"is {term:g} years"
                         + (f" ({longest:g} with extensions)" if longest != term else "")
                         + f", but the period the specification covers is {length:.1f} years; make "
                         "them agree", ("document.period",))
    yield from _review_date(answers, span)


def _review_date(answers: Answers, span: tuple[dt.date, dt.date] | None) -> Iterator[Advice]:
    review, written = answers.document.review_date, answers.document.date
    if review is None:
        return
    if review <= written:
        yield Advice("document.review_date", f"({review.isoformat()}) is not after the document's "
                     f"date ({written.isoformat()}); give the date of the next review",
                     ("document.date",))
    elif span is not None and not span[0] <= review <= span[1]:
        yield Advice("document.review_date", f"({review.isoformat()}) falls outside the period "
                     f"the specification covers ({span[0].isoformat()} to {span[1].isoformat()}); "
                     "review it while the contract runs", ("document.period",))


# --- Conflicts of interest -------------------------------------------------------------------

_DIRECT_AWARDS = frozenset({"direct_award_a", "direct_award_b", "direct_award_c"})


def writers(answers: Answers) -> Iterator[tuple[str, str]]:
    """(dotted path, text) of every answer naming someone who wrote the specification."""
    doc = answers.document
    yield "document.author", doc.author
    if doc.commissioner_lead:
        yield "document.commissioner_lead", doc.commissioner_lead
    for index, entry in enumerate(doc.change_log):
        yield f"document.change_log[{index}].author", entry.author


def _competitive(answers: Answers) -> bool:
    process = answers.procurement.process
    return process is None or process.value not in _DIRECT_AWARDS


@rule("author-is-provider-lead",
      "Nobody who wrote a specification for a competitive process is named as the provider's lead "
      "or works for the organisation named to host the service.")
def _conflict_of_interest(answers: Answers) -> Iterator[Advice]:
    if not _competitive(answers):
        return
    lead = answers.document.provider_lead
    bidders = _likely_bidders(answers)
    for path, text in writers(answers):
        for person in people(text):
            if any(same_person(person, other) for other in people(lead)):
                yield Advice(path, f"{person} helped write this specification and is named as the "
                             "provider's lead; in a competitive process that is a conflict of "
                             "interest: record it, and keep them out of writing the specification "
                             "and evaluating bids", ("document.provider_lead",))
        for organisation, where in bidders:
            if organisation.casefold() in text.casefold():
                yield Advice(path, f"names someone from {organisation}, which the answers name as "
                             "the service's likely provider; in a competitive process that is a "
                             "conflict of interest: record it and say how it is managed", (where,))


_ORGANISATION = re.compile(
    r"\b(?:[A-Z][\w'\u2019-]*\s+)(?:(?:[A-Z][\w'\u2019-]*|of|for)\s+)*"
    r"(?:NHS Foundation Trust|NHS Trust|Foundation Trust|Trust|Health Board|Council|CIC|Ltd|Limited|"
    r"LLP|Charity|Partnership|Project|Hospital|University)\b")


def _likely_bidders(answers: Answers) -> list[tuple[str, str]]:
    """Organisations the answers name as the service's host or its lead's employer, other than
    the commissioners themselves."""
    team, doc = answers.service.team, answers.document
    commissioners = " ".join(doc.commissioners).casefold()
    found = []
    for path, text in (("service.team.host", team.host), ("document.provider_lead", doc.provider_lead)):
        for organisation in _ORGANISATION.findall(text or ""):
            if organisation.casefold() not in commissioners:
                found.append((organisation, path))
    return found
