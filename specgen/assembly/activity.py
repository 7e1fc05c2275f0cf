"""The activity plan: what the funded team is commissioned to do each year, at each level of care.

Commissioned activity is worked out from the team's whole-time equivalents (WTE), the share of
its time spent on direct work, and the planning assumptions in ``activity.assumptions``; the first
year is reduced by the mobilisation ramp-up. It is kept apart from the population's modelled need
(:mod:`specgen.assembly.demand`): :func:`capacity_advice` warns when the two tell different stories,
for example when the planned share of births is far more than the team could see.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from specgen.answers import Answers
from specgen.answers.service import Profession
from specgen.assembly.demand import CARE_LEVELS
from specgen.needs import CAPACITY, need, total
from specgen.numbers import shown, shown_range

MAX_YEARS = 8
"""The most contract years the activity plan gives a column each."""
TOLERANCE = 0.1
"""How far funded capacity may sit outside the planned range before specgen warns (a tenth)."""


@dataclass(frozen=True)
class Row:
    level: str
    measure: str
    full_year: float
    """A full year's activity once the service runs at capacity, unrounded."""
    years: tuple[int, ...]
    """Each contract year's figure, rounded; year one reduced by the ramp-up."""

    @property
    def total(self) -> int:
        return sum(self.years)


@dataclass(frozen=True)
class Plan:
    """The activity plan and the figures it was worked out from."""

    columns: tuple[str, ...]
    """"Year 1" … "Year N", or "Year 1" and "Each later year" when the term is not known."""
    term_known: bool
    rows: tuple[Row, ...]
    clinical_wte: float
    direct_wte: float
    capacity_wte: float
    families: float
    """New families a full year, from the WTE (0 without a team)."""
    caseload: int
    """The most families the team holds at once."""
    planned: tuple[float, float] | None
    """Families a year from the planned share of live births, when both are known."""
    year_one_pct: float
    share_of_births: float | None
    """The new families of a full year as a share of the year's live births, when both are known."""


def whole(value: float) -> int:
    """Half rounds up, as a reader expects (see :func:`specgen.numbers.shown`)."""
    return int(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plan(answers: Answers) -> Plan:
    wte = _wte(answers)
    direct_share = _direct_share(answers)
    direct, capacity = wte * direct_share / 100, wte * (100 - direct_share) / 100
    assume = answers.activity.assumptions
    families = direct * assume.new_families_per_direct_wte
    ramp = answers.mobilisation.year_one_pct
    columns, years = _columns(answers.procurement.contract_term_years)
    measures = _measures(answers, families, capacity)
    rows = tuple(Row(level, measure, full, _by_year(full, ramp, years))
                 for level, measure, full in measures if full > 0)
    births = answers.introduction.demand.live_births_per_year
    share = families * 100 / births if births and families else None
    return Plan(columns, years > 0, rows, wte, direct, capacity, families,
                whole(direct * answers.activity.caseload_per_direct_wte), _planned(answers), ramp, share)


def _wte(answers: Answers) -> float:
    """Clinical WTE: every post but administration."""
    return sum(r.wte for r in answers.service.team.roles if r.profession is not Profession.administrator)


def _direct_share(answers: Answers) -> float:
    specialist = answers.service.levels.specialist
    return specialist.time_split.direct_work_pct if specialist.included else 100.0


def _direct_level(answers: Answers) -> str:
    levels = answers.service.levels
    for name in ("specialist", "targeted", "universal"):
        if getattr(levels, name).included:
            return name.capitalize()
    return "Specialist"  # unreachable: the model insists on one level


def _measures(answers: Answers, families: float, capacity: float) -> list[tuple[str, str, float]]:
    assume, levels = answers.activity.assumptions, answers.service.levels
    direct = _direct_level(answers)
    system = [name.capitalize() for name in ("targeted", "universal") if getattr(levels, name).included]
    return [
        (direct, "Families starting direct work", families),
        (direct, "Direct sessions offered", families * assume.sessions_per_family),
        (system[0] if system else "Across the system", "Case consultations for practitioners in "
         "other services", capacity * assume.consultations_per_capacity_wte),
        (system[-1] if system else "Across the system", "Training places for practitioners in "
         "other services", capacity * assume.training_places_per_capacity_wte),
    ]


def _columns(term: float | None) -> tuple[tuple[str, ...], int]:
    """A column for each year of the term; beyond MAX_YEARS (or with no term), the first year and
    each year after it, so that the table stays readable."""
    if not term or math.ceil(term) > MAX_YEARS:
        return ("Year 1", "Each later year"), 0
    years = math.ceil(term)
    return tuple(f"Year {n}" for n in range(1, years + 1)), years


def _by_year(full: float, ramp: float, years: int) -> tuple[int, ...]:
    first = whole(full * ramp / 100)
    return (first, *[whole(full)] * (max(years, 2) - 1))


def _planned(answers: Answers) -> tuple[float, float] | None:
    demand = answers.introduction.demand
    share, births = demand.percent_of_live_births, demand.live_births_per_year
    if share is None or births is None:
        return None
    return births * share.low / 100, births * share.high / 100


def capacity_advice(answers: Answers) -> Iterator[tuple[str, str]]:
    """(path, message) where the planned activity and the funded capacity disagree."""
    found = plan(answers)
    if not found.families:
        return
    funded = (f"the team's {shown(found.direct_wte, 2)} WTE of direct work funds about "
              f"{whole(found.families)} new families a year (at "
              f"{shown(answers.activity.assumptions.new_families_per_direct_wte)} per WTE, "
              "activity.assumptions.new_families_per_direct_wte)")
    if found.planned is not None:
        yield from _against_plan(found, found.planned, funded)
    else:
        yield from _against_model(answers, found, funded)
    yield from _against_typical(answers, found)


def _against_plan(found: Plan, planned: tuple[float, float], funded: str) -> Iterator[tuple[str, str]]:
    low, high = planned
    if low * (1 - TOLERANCE) <= found.families <= high * (1 + TOLERANCE):
        return
    yield ("introduction.demand.percent_of_live_births",
           f"the planned share of births means {shown_range(low, high, places=0)} families a year, "
           f"but {funded}; change the planned share, the team or the assumption so that they agree")


def _against_model(answers: Answers, found: Plan, funded: str) -> Iterator[tuple[str, str]]:
    demand = answers.introduction.demand
    births = demand.live_births_per_year
    levels = need(demand.adversity().pct)
    covered = [c for c in CARE_LEVELS if getattr(answers.service.levels, c).included]
    if births is None or not covered:
        return
    low, high = total(levels[k] for c in covered for k in CARE_LEVELS[c]).of(births)
    if found.families < low * (1 - TOLERANCE):
        yield ("introduction.demand", f"no planned share of births is given, so the model's likely "
               f"demand at the levels covered ({shown_range(low, high, places=0)} babies a year) "
               f"reads as the demand to meet, but {funded}; add percent_of_live_births with the "
               "share the team is funded to see")


def _against_typical(answers: Answers, found: Plan) -> Iterator[tuple[str, str]]:
    share = found.share_of_births
    if share is None or CAPACITY.low <= share <= CAPACITY.high:
        return
    yield ("service.team.roles", f"the funded team would see about {shown(share)}% of the year's "
           f"births, while specialised teams are typically resourced for "
           f"{shown_range(CAPACITY.low, CAPACITY.high, '%')}; check the team size and the assumptions")
