"""The specification's introduction (toolkit B.6, practice point 1)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from specgen.answers.common import Model, Range, ShortText, Text, at
from specgen.needs import Adversity, check_adversity, from_indicators


class Commissioning(StrEnum):
    """What is being bought."""

    new_team = "new_team"
    """A new multidisciplinary specialised parent-infant relationship team."""
    expansion = "expansion"
    """Expanding or strengthening services that already exist."""
    targeted_interventions = "targeted_interventions"
    """Specific interventions at universal or targeted level, without a specialist team."""


class CoreFunction(StrEnum):
    specialist_therapy = "specialist_therapy"
    case_consultation = "case_consultation"
    workforce_development = "workforce_development"
    system_expertise = "system_expertise"


class Purpose(StrEnum):
    repair_relationships = "repair_relationships"
    support_colleagues = "support_colleagues"
    multi_agency_promotion = "multi_agency_promotion"
    system_expertise = "system_expertise"


class AdditionalNeed(StrEnum):
    mental_health = "mental_health"
    substance_use = "substance_use"
    disability = "disability"
    language = "language"
    learning_disability = "learning_disability"
    domestic_abuse = "domestic_abuse"
    housing_insecurity = "housing_insecurity"


class Group(StrEnum):
    """Families a provider is asked to reach who services often miss."""

    fathers = "fathers"
    black_and_brown_parents = "black_and_brown_parents"
    young_parents = "young_parents"
    sole_parents = "sole_parents"
    lgbtqi_parents = "lgbtqi_parents"
    facing_adversity = "facing_adversity"
    hard_to_reach = "hard_to_reach"
    edge_of_care = "edge_of_care"
    refugee_and_asylum = "refugee_and_asylum"
    care_experienced_parents = "care_experienced_parents"


class Partner(StrEnum):
    perinatal_mental_health = "perinatal_mental_health"
    camhs = "camhs"
    health_visiting = "health_visiting"
    midwifery = "midwifery"
    family_support = "family_support"
    voluntary_sector = "voluntary_sector"
    childrens_social_care = "childrens_social_care"
    family_hubs = "family_hubs"
    primary_care = "primary_care"
    adult_mental_health = "adult_mental_health"
    neonatal = "neonatal"


class Principle(StrEnum):
    relational = "relational"
    trauma_informed = "trauma_informed"
    timely = "timely"
    evidence_based = "evidence_based"
    collaborative = "collaborative"
    co_produced = "co_produced"
    inclusive = "inclusive"


class AgeRange(Model):
    """Who is eligible by age: from conception or birth up to a birthday."""

    start: Literal["conception", "birth"] | Annotated[int, Field(ge=0, le=6)] = "conception"
    """"conception", "birth", or an age in whole years."""
    end_birthday: Annotated[int, Field(ge=1, le=7)] = 2
    """Support runs up to this birthday: 2 is the most common; some services go to 4 or beyond."""

    @model_validator(mode="after")
    def _end_after_start(self) -> AgeRange:
        start_years = self.start if isinstance(self.start, int) else 0
        if self.end_birthday <= start_years:
            raise ValueError(
                f"end_birthday ({self.end_birthday}) must come after the start (age {start_years}); "
                "raise end_birthday or lower start"
            )
        return self


Indicator = Annotated[float, Field(ge=-100, le=1000, strict=True, allow_inf_nan=False)]
"""A local figure as % above (positive) or below (negative) the national one: 30 means 30 % higher."""
BabiesPerYear = Annotated[int, Field(ge=0, le=1_000_000, strict=True)]


class LocalIndicators(Model):
    """Local indicators of adversity, each as % above or below the national figure.

    specgen takes their plain average as the area's adversity, and says so in the document."""

    aces: Indicator | None = None
    """Adverse childhood experiences (ACEs)."""
    deprivation: Indicator | None = None
    """Index of Multiple Deprivation (or the Welsh, Scottish or Northern Irish equivalent)."""
    child_poverty: Indicator | None = None
    """Children living in poverty."""
    looked_after_children: Indicator | None = None
    """Looked-after children (children in care)."""
    teenage_pregnancy: Indicator | None = None
    """Teenage pregnancy (conceptions under 18)."""
    low_birth_weight: Indicator | None = None
    """Babies born with a low birth weight."""
    unemployment: Indicator | None = None
    """Unemployment."""

    @model_validator(mode="after")
    def _at_least_one(self) -> LocalIndicators:
        if not self.given():
            raise ValueError("no indicator given; add at least one (e.g. child_poverty: 30) or remove "
                             "local_indicators")
        return self

    def given(self) -> dict[str, float]:
        return {key: value for key, value in self if value is not None}


class Subgroups(Model):
    """Babies born each year into groups where disorganised attachment is far more common."""

    domestic_abuse: BabiesPerYear | None = None
    """Babies a year whose mothers experience domestic abuse."""
    parental_substance_use: BabiesPerYear | None = None
    """Babies a year whose mothers misuse drugs or alcohol."""
    maternal_depression: BabiesPerYear | None = None
    """Babies a year whose mothers have depression."""
    abuse_or_neglect: BabiesPerYear | None = None
    """Babies a year who experience abuse or neglect."""

    def given(self) -> dict[str, int]:
        return {key: value for key, value in self if value is not None}


class Demand(Model):
    """Local figures for the population needs model (toolkit B.1), and the demand to plan for."""

    live_births_per_year: Annotated[int, Field(gt=0, le=1_000_000)] | None = None
    """Annual live births in the area, from local or national statistics."""
    adversity_pct: Annotated[float, Field(strict=True, allow_inf_nan=False),
                             AfterValidator(check_adversity)] | None = None
    """Local adversity and trauma as % above the UK average (negative if below; 0 is average).
    Give this or local_indicators; with neither, UK-average adversity is assumed."""
    local_indicators: LocalIndicators | None = None
    """Local indicators of adversity; specgen averages them to get adversity_pct."""
    subgroups: Subgroups | None = None
    """Optional sizes of groups at higher risk, for extra estimates in the specification."""
    beyond_second_birthday: Text | None = None
    """For a service that runs past the second birthday: how demand from older children was
    estimated. The needs model describes babies up to their second birthday only."""
    percent_of_live_births: Range | None = None
    """Override: the share of the year's live births the service is planned to work with. Left
    out, specgen uses the needs model's likely demand at the levels of care you include."""

    @model_validator(mode="after")
    def _consistent(self) -> Demand:
        where = "introduction.demand.local_indicators"
        if self.local_indicators and self.adversity_pct is not None:
            raise ValueError(at(where, "give adversity_pct or local_indicators, not both; remove "
                                       "one (specgen averages the indicators into adversity_pct)"))
        if self.local_indicators:
            check_adversity_at(where, self.adversity().pct)
        births = self.live_births_per_year
        for key, size in (self.subgroups.given() if self.subgroups else {}).items():
            if births is not None and size > births:
                raise ValueError(at(f"introduction.demand.subgroups.{key}",
                                    f"{size:,} babies a year is more than the {births:,} born in a "
                                    "year; give the number of babies, not a percentage"))
        return self

    def adversity(self) -> Adversity:
        """The area's adversity, and the rule that produced it."""
        if self.local_indicators:
            return from_indicators(self.local_indicators.given())
        if self.adversity_pct is not None:
            return Adversity(self.adversity_pct, "direct")
        return Adversity()


def check_adversity_at(where: str, pct: float) -> None:
    try:
        check_adversity(pct)
    except ValueError as exc:
        raise ValueError(at(where, f"their average: {exc}")) from None


class Strategy(Model):
    """The local strategy this service helps to deliver."""

    name: ShortText
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None


class Background(Model):
    """What already exists (from the service mapping)."""

    existing_service: bool = False
    """True if a service is already running and this specification renews or changes it."""
    description: Text | None = None
    already_in_place: list[Text] = []
    """Services and support families can already use, one per item."""


class GlossaryTerm(Model):
    term: ShortText
    definition: Text


class Introduction(Model):
    """Context, scope, users, principles and background."""

    service_name: ShortText = "Parent-Infant Relationship Service"
    context: Text
    """The local context and the problem the service should solve, in a few sentences."""
    strategy: Strategy | None = None
    commissioning: Commissioning = Commissioning.new_team
    age_range: AgeRange = AgeRange()
    core_functions: list[CoreFunction] = list(CoreFunction)
    user_group: Text | None = None
    """Who the service is for, in your own words; a standard description is used if left out."""
    purposes: list[Purpose] = list(Purpose)
    aims: list[Text] = []
    """Local aims in addition to the standard purposes."""
    demand: Demand = Demand()
    additional_needs: list[AdditionalNeed] = [
        AdditionalNeed.mental_health,
        AdditionalNeed.substance_use,
        AdditionalNeed.disability,
        AdditionalNeed.language,
    ]
    groups_to_reach: list[Group] = [
        Group.fathers,
        Group.black_and_brown_parents,
        Group.hard_to_reach,
        Group.facing_adversity,
        Group.edge_of_care,
    ]
    partner_services: list[Partner] = [
        Partner.perinatal_mental_health,
        Partner.camhs,
        Partner.health_visiting,
        Partner.midwifery,
        Partner.family_support,
        Partner.voluntary_sector,
    ]
    care_pathway_required: bool = True
    """Ask bidders to describe their care pathway and how it varies by presenting need."""
    principles: list[Principle] = [
        Principle.relational,
        Principle.trauma_informed,
        Principle.timely,
        Principle.evidence_based,
        Principle.collaborative,
    ]
    local_principles: list[Text] = []
    glossary: list[GlossaryTerm] = []
    """Local terms and abbreviations to define, in addition to those specgen finds in the text."""
    background: Background = Background()
