"""The population needs model of toolkit B.1 (design.md §3): how many babies born in a year may
need help with the parent-infant relationship, and at which level.

Attachment research gives a baseline for an area of UK-average adversity. Local adversity ``a``
(per cent above or below the UK average) scales insecure and disorganised attachment, and every
level of need drawn from them, by (100 + a) / 100; secure attachment is whatever remains, so the
three patterns always add up to 100 %. Every figure is a range of percentages of live births and
stays unrounded here; :mod:`specgen.numbers` rounds it when a person reads it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from specgen.errors import SpecgenError

MAX_LIVE_BIRTHS = 1_000_000


class NeedsInputError(SpecgenError, ValueError):
    """A figure the model cannot work with. A ValueError too, so answer validation reports it."""


@dataclass(frozen=True)
class Share:
    """A range of percentages of the year's live births; ``low == high`` for a single figure."""

    low: float
    high: float

    def scaled(self, adversity_pct: float) -> Share:
        # Multiply before dividing: 25 * 105 / 100 is exactly 26.25, 25 * 1.05 is not.
        return Share(self.low * (100 + adversity_pct) / 100, self.high * (100 + adversity_pct) / 100)

    def __add__(self, other: Share) -> Share:
        return Share(self.low + other.low, self.high + other.high)

    def of(self, births: float) -> tuple[float, float]:
        """The same range as numbers of babies out of ``births``."""
        return births * self.low / 100, births * self.high / 100


def total(shares: Iterable[Share]) -> Share:
    return sum(shares, Share(0, 0))


# Baseline for UK-average adversity. Secure is not listed: it is always the remainder.
INSECURE = Share(25, 30)
DISORGANISED = Share(15, 15)

# The five levels of need beyond the universal offer, each a part of one attachment group:
# targeted, specialist short-term and unmet mild-moderate come from insecure attachment;
# specialist long-term and unmet severe from disorganised. "universal_only" is secure attachment.
SCALED_LEVELS: dict[str, Share] = {
    "targeted": Share(6.5, 8),
    "specialist_short_term": Share(1.5, 2),
    "specialist_long_term": Share(5, 5),
    "unmet_mild_moderate": Share(16, 20),
    "unmet_severe": Share(10, 10),
}
NEED_KEYS = ("universal_only", *SCALED_LEVELS)
REACHED = ("targeted", "specialist_short_term", "specialist_long_term")
"""Levels whose families are likely to reach services before the baby is two: likely demand."""
MISSED = ("unmet_mild_moderate", "unmet_severe")
"""Levels of need services are likely to miss: the gap between need and likely demand."""
SPECIALIST = ("specialist_short_term", "specialist_long_term")
CAPACITY = Share(1, 5)
"""What specialised parent-infant relationship teams are typically resourced to see."""

# Disorganised attachment is far commoner in some groups; B.1 cites these rates (% of the group).
SUBGROUP_RATES: dict[str, float] = {
    "domestic_abuse": 57,
    "parental_substance_use": 43,
    "maternal_depression": 21,
    "abuse_or_neglect": 80,
}
SUBGROUP_UPPER_LIMITS = frozenset({"abuse_or_neglect"})
"""Rates the toolkit gives as a ceiling ("up to 80 %"), so estimates from them are ceilings too."""

# Local indicators of adversity, each given as % above (+) or below (-) the national figure.
INDICATORS = ("aces", "deprivation", "child_poverty", "looked_after_children",
              "teenage_pregnancy", "low_birth_weight", "unemployment")

_PEAK = INSECURE.high + DISORGANISED.high
MAX_ADVERSITY_PCT = 100 * (100 - _PEAK) / _PEAK
"""Above this (about +122 %), insecure and disorganised attachment would exceed 100 %."""


@dataclass(frozen=True)
class Adversity:
    """Local adversity against the UK average, and where the figure came from."""

    pct: float = 0.0
    source: str = "default"
    """"default" (none given: UK average), "direct" (a single figure) or "indicators"."""
    indicators: tuple[tuple[str, float], ...] = ()
    """For "indicators": each indicator used and its value, in the order given."""


def from_indicators(indicators: Mapping[str, float]) -> Adversity:
    """The rule for local indicators: their plain average, each counting once."""
    if not indicators:
        raise NeedsInputError("no local indicators given; give at least one, or give adversity_pct")
    pct = sum(indicators.values()) / len(indicators)
    return Adversity(pct, "indicators", tuple(indicators.items()))


def check_adversity(pct: float) -> float:
    """Refuse an adversity the model cannot use; return it unchanged otherwise."""
    if not math.isfinite(pct):
        raise NeedsInputError("adversity must be a number, such as 25 or -5")
    if pct < -100:
        raise NeedsInputError(
            f"adversity of {pct:g}% is impossible: -100% already means no adversity at all")
    if attachment(pct)["secure"].low < 0:
        raise NeedsInputError(
            f"adversity of {pct:g}% would push secure attachment below zero; the model allows at "
            f"most +{MAX_ADVERSITY_PCT:.1f}%. Give adversity as % above the UK average (25 for a "
            "quarter above), not as a ratio or an index score")
    return pct


def check_live_births(births: int) -> int:
    if not 0 < births <= MAX_LIVE_BIRTHS:
        raise NeedsInputError(
            f"live births must be a whole number from 1 to {MAX_LIVE_BIRTHS:,}; got {births:,}")
    return births


def attachment(adversity_pct: float) -> dict[str, Share]:
    """Secure, insecure and disorganised attachment; secure is the remainder of 100 %."""
    insecure, disorganised = INSECURE.scaled(adversity_pct), DISORGANISED.scaled(adversity_pct)
    # The low end of secure pairs with the high ends of the others, and the other way round.
    secure = Share(100 - insecure.high - disorganised.high, 100 - insecure.low - disorganised.low)
    return {"secure": secure, "insecure": insecure, "disorganised": disorganised}


def missed_share(levels: Mapping[str, Share]) -> Share:
    """Of the babies who need more than the universal offer, the share (in %) in the levels that
    services are likely to miss. Adversity scales every level alike, so this does not depend on
    it; with no need at all (adversity of -100 %) the baseline's share is given."""
    beyond = total(levels[key] for key in (*REACHED, *MISSED))
    if beyond.low <= 0:
        return missed_share(need(0))
    missed = total(levels[key] for key in MISSED)
    return Share(100 * missed.low / beyond.low, 100 * missed.high / beyond.high)


def need(adversity_pct: float) -> dict[str, Share]:
    """The six levels of need, in the order of design.md §3."""
    levels = {"universal_only": attachment(adversity_pct)["secure"]}
    levels.update({key: base.scaled(adversity_pct) for key, base in SCALED_LEVELS.items()})
    return levels


@dataclass(frozen=True)
class Estimate:
    """The model for one area: every figure as a share of live births, plus the babies it means."""

    live_births: int
    adversity: Adversity
    attachment: dict[str, Share]
    need: dict[str, Share]
    subgroups: dict[str, Share] = field(default_factory=dict)
    """Babies likely to have disorganised attachment within each group given, as % of births."""

    @property
    def likely(self) -> Share:
        return total(self.need[key] for key in REACHED)

    @property
    def missed(self) -> Share:
        return total(self.need[key] for key in MISSED)

    @property
    def specialist(self) -> Share:
        return total(self.need[key] for key in SPECIALIST)

    @property
    def missed_share(self) -> Share:
        """Of the babies needing more than universal help, the share (in %) likely to be missed."""
        return missed_share(self.need)

    def babies(self, share: Share) -> tuple[float, float]:
        return share.of(self.live_births)

    def to_json(self) -> dict[str, Any]:
        """design.md §3, then the demand, capacity and subgroup figures and the adversity rule."""
        return {
            "live_births": self.live_births,
            "adversity_pct": float(self.adversity.pct),
            "attachment": {key: self._leaf(share) for key, share in self.attachment.items()},
            "need": {key: self._leaf(share) for key, share in self.need.items()},
            "demand": {"likely": self._leaf(self.likely), "missed": self._leaf(self.missed)},
            "capacity": self._leaf(CAPACITY),
            "subgroups": {key: self._leaf(share) for key, share in self.subgroups.items()},
            "adversity_rule": adversity_rule(self.adversity),
        }

    def _leaf(self, share: Share) -> dict[str, list[float]]:
        return {"pct": [share.low, share.high], "babies": list(self.babies(share))}


def estimate(live_births: int, adversity: Adversity | None = None,
             subgroups: Mapping[str, int] | None = None) -> Estimate:
    """Check the inputs and run the model. ``subgroups`` maps a SUBGROUP_RATES key to babies a year."""
    adversity = adversity or Adversity()
    births = check_live_births(live_births)
    pct = check_adversity(adversity.pct)
    return Estimate(births, adversity, attachment(pct), need(pct),
                    _subgroups(births, subgroups or {}))


def _subgroups(births: int, sizes: Mapping[str, int]) -> dict[str, Share]:
    shares: dict[str, Share] = {}
    for key, size in sizes.items():
        if not 0 <= size <= births:
            raise NeedsInputError(
                f"{key}: {size:,} babies a year is more than the {births:,} born; check the figure")
        pct = size * SUBGROUP_RATES[key] / births
        shares[key] = Share(pct, pct)
    return shares


def adversity_rule(adversity: Adversity, names: Mapping[str, str] | None = None) -> str:
    """How the adversity figure was arrived at, in a sentence fragment; ``names`` relabels indicators."""
    if adversity.source == "direct":
        return "given directly"
    if adversity.source == "indicators":
        used = ", ".join(f"{(names or {}).get(key, key)} {value:+g}%"
                         for key, value in adversity.indicators)
        count = len(adversity.indicators)
        return f"the average of {count} local indicator{'s' if count > 1 else ''}: {used}"
    return "none given, so the UK average is assumed"


def parse_live_births(text: str) -> int:
    """A command-line value: "3200" or "3,200"; anything else is refused with a reason."""
    cleaned = text.replace(",", "").replace("_", "").strip()
    if not re.fullmatch("[0-9]{1,7}", cleaned) or not 0 < int(cleaned) <= MAX_LIVE_BIRTHS:
        raise NeedsInputError(
            f"--live-births must be a whole number from 1 to {MAX_LIVE_BIRTHS:,}; got '{text}'")
    return int(cleaned)


def parse_adversity(text: str) -> float:
    """A command-line value: "25", "+25", "-5" or "25%"."""
    try:
        pct = float(text.strip().removesuffix("%"))
    except ValueError:
        raise NeedsInputError(
            f"--adversity must be a percentage above (or, with a minus, below) the UK average, "
            f"such as 25 or -5; got '{text}'") from None
    try:
        return check_adversity(pct)
    except NeedsInputError as exc:
        raise NeedsInputError(f"--adversity: {exc}") from None
