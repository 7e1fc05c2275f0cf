"""The needs model applied to an answer file, and its figures made readable.

:mod:`specgen.needs` works in unrounded shares of live births. This module picks the inputs out
of the answers (or the command line), and turns an estimate into what people read: the labelled,
rounded figures a clause fills in (:func:`view`) and the table ``specgen needs`` prints
(:func:`as_table`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from specgen.answers import Answers
from specgen.answers.introduction import Demand
from specgen.needs import (
    CAPACITY,
    MISSED,
    REACHED,
    SPECIALIST,
    SUBGROUP_RATES,
    SUBGROUP_UPPER_LIMITS,
    Adversity,
    Estimate,
    NeedsInputError,
    Share,
    adversity_rule,
    attachment,
    estimate,
    missed_share,
    need,
    parse_adversity,
    parse_live_births,
    total,
)
from specgen.numbers import fraction_words, shown, shown_range, signed

LEVEL_LABELS = {
    "universal_only": "Universal offer only",
    "targeted": "Targeted support, mild to moderate difficulties",
    "specialist_short_term": "Specialist team, short-term work, moderate difficulties",
    "specialist_long_term": "Specialist team, longer-term work, severe difficulties",
    "unmet_mild_moderate": "Mild to moderate, unlikely to reach services before age two",
    "unmet_severe": "Severe, little or no contact with services",
}
ATTACHMENT_LABELS = {
    "secure": "Secure",
    "insecure": "Insecure (avoidant or ambivalent)",
    "disorganised": "Disorganised",
}
INDICATOR_LABELS = {
    "aces": "adverse childhood experiences",
    "deprivation": "deprivation",
    "child_poverty": "child poverty",
    "looked_after_children": "looked-after children",
    "teenage_pregnancy": "teenage pregnancy",
    "low_birth_weight": "low birth weight",
    "unemployment": "unemployment",
}
SUBGROUP_LABELS = {
    "domestic_abuse": "babies whose mothers experience domestic abuse",
    "parental_substance_use": "babies whose mothers misuse drugs or alcohol",
    "maternal_depression": "babies whose mothers have depression",
    "abuse_or_neglect": "babies who experience abuse or neglect",
}
# The levels of need each level of care serves; universal care is for everyone, so not counted.
CARE_LEVELS = {"targeted": ("targeted",), "specialist": SPECIALIST}


@dataclass(frozen=True)
class Amount:
    """A share of live births for people, e.g. "6.5-8%" and "208-256" babies ("" if births unknown).

    Ranges are written with an en dash."""

    pct: str
    babies: str


@dataclass(frozen=True)
class Proportion:
    """A share of a group, e.g. "67%", and in words: "two thirds" (or the figure again)."""

    pct: str
    words: str
    phrase: str
    """Both for a sentence: "two thirds (67%)", or just "67%" when no fraction fits."""


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    amount: Amount


@dataclass(frozen=True)
class Subgroup:
    label: str
    size: str
    rate: str
    babies: str
    up_to: bool = False
    """The toolkit gives the rate as a ceiling ("up to"), so the estimate is a ceiling too."""


@dataclass(frozen=True)
class View:
    """Everything the demand clause says about the model, rounded for reading."""

    births: str
    """"3,200", or "" when the answers give no live births."""
    adversity_pct: float
    adversity_size: str
    """How far from the UK average, without a sign: "25" for both +25 % and -25 %."""
    source: str
    indicators: tuple[str, ...]
    attachment: dict[str, Amount]
    need: dict[str, Amount]
    levels: tuple[Row, ...]
    likely: Amount
    missed: Amount
    missed_share: Proportion
    """Of the babies needing more than universal help, the share likely to be missed."""
    specialist: Amount
    capacity: Amount
    covered: Amount | None
    covered_levels: tuple[str, ...]
    planned: Amount | None
    subgroups: tuple[Subgroup, ...]


def view(answers: Answers) -> View:
    demand = answers.introduction.demand
    adversity = demand.adversity()
    births = demand.live_births_per_year

    def amount(share: Share) -> Amount:
        return _amount(share, births)

    levels, covered = need(adversity.pct), _covered(answers)
    return View(
        births=shown(births, 0) if births else "",
        adversity_pct=adversity.pct, adversity_size=shown(abs(adversity.pct)),
        source=adversity.source, indicators=_indicators(adversity),
        attachment={key: amount(s) for key, s in attachment(adversity.pct).items()},
        need={key: amount(s) for key, s in levels.items()},
        levels=tuple(Row(key, LEVEL_LABELS[key], amount(s)) for key, s in levels.items()),
        likely=amount(total(levels[key] for key in REACHED)),
        missed=amount(total(levels[key] for key in MISSED)),
        missed_share=proportion(missed_share(levels)),
        specialist=amount(total(levels[key] for key in SPECIALIST)),
        capacity=amount(CAPACITY),
        covered=amount(total(levels[k] for c in covered for k in CARE_LEVELS[c])) if covered else None,
        covered_levels=covered,
        planned=_planned(demand, births),
        subgroups=_subgroup_rows(demand),
    )


def _amount(share: Share, births: int | None) -> Amount:
    babies = shown_range(*share.of(births), places=0) if births else ""
    return Amount(shown_range(share.low, share.high, "%"), babies)


def proportion(share: Share) -> Proportion:
    """A share of a group for people: "67%" and "two thirds"."""
    pct = shown_range(share.low, share.high, "%", places=0)
    low, high = fraction_words(share.low), fraction_words(share.high)
    words = low if low is not None and low == high else pct
    return Proportion(pct, words, pct if words == pct else f"{words} ({pct})")


def _covered(answers: Answers) -> tuple[str, ...]:
    levels = answers.service.levels
    return tuple(name for name in CARE_LEVELS if getattr(levels, name).included)


def _planned(demand: Demand, births: int | None) -> Amount | None:
    chosen = demand.percent_of_live_births
    return _amount(Share(chosen.low, chosen.high), births) if chosen else None


def _indicators(adversity: Adversity) -> tuple[str, ...]:
    return tuple(f"{INDICATOR_LABELS[key]} {signed(value)}%" for key, value in adversity.indicators)


def _subgroup_rows(demand: Demand) -> tuple[Subgroup, ...]:
    sizes = demand.subgroups.given() if demand.subgroups else {}
    return tuple(
        Subgroup(SUBGROUP_LABELS[key], shown(size, 0), shown(SUBGROUP_RATES[key], 0),
                 shown(size * SUBGROUP_RATES[key] / 100, 0), key in SUBGROUP_UPPER_LIMITS)
        for key, size in sizes.items()
    )


def estimate_from(file: Path | None, live_births: str | None, adversity: str | None) -> Estimate:
    """``specgen needs``: figures from an answer file, each overridden by a command-line value."""
    from specgen.loader import load  # only when a file is given

    demand = load(file).introduction.demand if file else Demand()
    births = parse_live_births(live_births) if live_births is not None else demand.live_births_per_year
    if births is None:
        raise NeedsInputError(f"{file}: introduction.demand.live_births_per_year is not set; add it "
                              "to the file or pass --live-births N")
    chosen = Adversity(parse_adversity(adversity), "direct") if adversity is not None else None
    sizes = demand.subgroups.given() if demand.subgroups else {}
    return estimate(births, chosen or demand.adversity(), sizes)


def as_table(result: Estimate) -> str:
    """The estimate for people: rounded figures in aligned columns, and the model's assumptions."""
    lines = [
        f"Population need (toolkit B.1) for {shown(result.live_births, 0)} live births a year",
        f"Adversity: {signed(result.adversity.pct)}% against the UK average "
        f"({adversity_rule(result.adversity, INDICATOR_LABELS)})",
        "",
        *_rows(result, "Attachment pattern", ATTACHMENT_LABELS, result.attachment),
        "",
        *_rows(result, "Level of need", LEVEL_LABELS, result.need),
        "",
        *_rows(result, "Need and likely demand", DEMAND_LABELS,
               {"likely": result.likely, "missed": result.missed, "capacity": CAPACITY}),
    ]
    if result.subgroups:
        lines += ["", *_rows(result, "Likely disorganised attachment in", _subgroup_labels(),
                             result.subgroups)]
    return "\n".join([*lines, "", assumptions(result)])


def _subgroup_labels() -> dict[str, str]:
    return {key: f"{label} (at most)" if key in SUBGROUP_UPPER_LIMITS else label
            for key, label in SUBGROUP_LABELS.items()}


DEMAND_LABELS = {
    "likely": "Likely to reach services before age two",
    "missed": "In need but likely to be missed",
    "capacity": "Typical specialised team capacity",
}


def assumptions(result: Estimate) -> str:
    """The model's assumptions under the table, with the missed share worked out from it."""
    missed = proportion(result.missed_share)
    return textwrap.fill(
        "Assumptions: insecure and disorganised attachment rise and fall in proportion to local "
        "adversity, and secure attachment is the rest. Of the babies who need more than the "
        f"universal offer, {missed.phrase} are in the groups services are likely to "
        "miss before age two. Figures are rounded for reading; --format json gives them unrounded.",
        width=_WIDTH + 29)
_WIDTH = 62


def _rows(result: Estimate, title: str, labels: dict[str, str],
          shares: dict[str, Share]) -> list[str]:
    header = f"{title:<{_WIDTH}}{'% of births':>13}{'babies a year':>16}"
    return [header, *(
        f"  {labels[key]:<{_WIDTH - 2}}{shown_range(s.low, s.high, '%'):>13}"
        f"{shown_range(*result.babies(s), places=0):>16}"
        for key, s in shares.items()
    )]
