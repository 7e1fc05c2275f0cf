"""The specification's introduction (toolkit B.6, practice point 1)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from specgen.answers.common import Model, Range, ShortText, Text


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


class Demand(Model):
    """How many families the service is expected to see each year."""

    live_births_per_year: Annotated[int, Field(gt=0, le=1_000_000)] | None = None
    """Annual live births in the area, from local or national statistics."""
    percent_of_live_births: Range = Range(low=1, high=5)
    """Expected share of the year's live births the service will work with (specialised teams are
    typically resourced for 1-5 %)."""


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
