"""The work itself: readiness against the strategy, eligibility against the levels of care, and
training and activity numbers against the strategy's objectives."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from specgen.answers import Answers
from specgen.answers.service import Difficulty
from specgen.assembly.advice import Advice
from specgen.assembly.consistency.registry import rule
from specgen.assembly.phrases import period, words

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
    """The day the service starts: the service start date if given, else the first day of the
    period the specification covers, or None."""
    if answers.mobilisation.service_start is not None:
        return answers.mobilisation.service_start
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
