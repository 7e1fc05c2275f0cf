"""Service mapping (toolkit B.3 and the Tools section): what each service area offers today.

Each row answers the mapping tool's questions for one service. Gaps are not typed in twice:
:func:`derive_gaps` reads them off the rows, and both the strategy and the specification's
background print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import Field

from specgen.answers.common import Model, ShortText, Text


class ServiceArea(StrEnum):
    """The service areas the mapping tool asks about."""

    midwifery = "midwifery"
    health_visiting = "health_visiting"
    social_care = "social_care"
    perinatal_mental_health = "perinatal_mental_health"
    neonatal = "neonatal"
    child_development = "child_development"
    voluntary_sector = "voluntary_sector"
    other = "other"


class Focus(StrEnum):
    """What a service mainly aims to support."""

    parent_mental_health = "parent_mental_health"
    relationship = "relationship"
    both = "both"


class Level(StrEnum):
    universal = "universal"
    targeted = "targeted"
    specialist = "specialist"


class Capacity(StrEnum):
    """Whether the service can see every family who needs it."""

    sufficient = "sufficient"
    limited = "limited"
    """Sees most families who need it, with waits or rationing."""
    insufficient = "insufficient"
    """Cannot see many of the families who need it."""


class MappingRow(Model):
    """One service, activity or intervention in one service area, and its answers to the mapping
    questions. Leave a yes/no question out if you do not know yet: only a clear "no" is a gap."""

    area: ServiceArea
    service: ShortText
    """The service, activity or intervention, e.g. "Mellow Babies groups (Families First)"."""
    focus: Focus
    """Does it mainly support the parent's own mental health, the relationship, or both?"""
    levels: list[Level] = Field(min_length=1)
    """The level or levels of care it works at; several means a mix."""
    assessment: bool | None = None
    """Does each family get an individual assessment of the relationship before help starts?"""
    details: Text | None = None
    fathers: bool | None = None
    """Is it open to fathers and co-parents?"""
    age_range: ShortText | None = None
    """The ages it accepts, e.g. "conception to first birthday"."""
    self_referral: bool | None = None
    """Can parents refer themselves?"""
    antenatal: bool | None = None
    """Is it offered during pregnancy?"""
    restrictions: Text | None = None
    """Who cannot be referred, e.g. by age, complexity, diagnosis, address or threshold."""
    capacity: Capacity | None = None
    needed: Text | None = None
    """What else would help more parents and babies get the support they need."""


@dataclass(frozen=True)
class Gap:
    """A gap found in the mapping. ``kind`` is an id worded in labels.yaml (group ``gaps``);
    ``service`` and ``area`` are empty for gaps in the system as a whole."""

    kind: str
    service: str = ""
    area: str = ""
    detail: str = ""


def derive_gaps(rows: list[MappingRow]) -> list[Gap]:
    """Every gap the rows show: service by service in their order, then levels nobody covers."""
    gaps = [gap for row in rows for gap in _row_gaps(row)]
    return gaps + _uncovered_levels(rows)


def _row_gaps(row: MappingRow) -> list[Gap]:
    found = [
        ("parent_focus_only", row.focus is Focus.parent_mental_health),
        ("no_assessment", row.assessment is False and _beyond_universal(row)),
        ("not_for_fathers", row.fathers is False),
        ("no_self_referral", row.self_referral is False),
        ("no_antenatal", row.antenatal is False),
        ("restricted", row.restrictions is not None),
        ("capacity_limited", row.capacity is Capacity.limited),
        ("capacity_insufficient", row.capacity is Capacity.insufficient),
    ]
    detail = {"restricted": row.restrictions or ""}
    return [Gap(kind, row.service, row.area.value, detail.get(kind, ""))
            for kind, present in found if present]


def _beyond_universal(row: MappingRow) -> bool:
    # Offers made to every family need no individual assessment first; help for some families does.
    return any(level is not Level.universal for level in row.levels)


def _uncovered_levels(rows: list[MappingRow]) -> list[Gap]:
    if not rows:  # nothing mapped yet: no grounds to say a level is missing
        return []
    # A service aimed only at the parent's own mental health does not cover the relationship.
    covered = {level for row in rows if row.focus is not Focus.parent_mental_health
               for level in row.levels}
    return [Gap(f"no_{level.value}") for level in Level if level not in covered]
