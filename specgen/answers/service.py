"""The detailed service description (toolkit B.6 practice point 2, B.5)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, model_validator

from specgen.answers.common import Model, Percent, ShortText, Text, in_menu


class Profession(StrEnum):
    clinical_psychologist = "clinical_psychologist"
    counselling_psychologist = "counselling_psychologist"
    child_psychotherapist = "child_psychotherapist"
    parent_infant_psychotherapist = "parent_infant_psychotherapist"
    adult_psychotherapist = "adult_psychotherapist"
    psychiatrist = "psychiatrist"
    family_therapist = "family_therapist"
    health_visitor = "health_visitor"
    nurse = "nurse"
    midwife = "midwife"
    social_worker = "social_worker"
    occupational_therapist = "occupational_therapist"
    infant_mental_health_practitioner = "infant_mental_health_practitioner"
    nursery_nurse = "nursery_nurse"
    peer_supporter = "peer_supporter"
    administrator = "administrator"
    other = "other"


#: Specialist parent-infant work is led from psychology or psychotherapy (toolkit B.5, B.7).
PSYCHOLOGY_OR_PSYCHOTHERAPY = frozenset(
    {
        Profession.clinical_psychologist,
        Profession.counselling_psychologist,
        Profession.child_psychotherapist,
        Profession.parent_infant_psychotherapist,
        Profession.adult_psychotherapist,
    }
)


class Lead(Model):
    """The clinical lead of the team."""

    profession: Profession
    imh_competency_level: Annotated[int, Field(ge=1, le=4)] = 3
    """Level on the AIMH UK Infant Mental Health Competencies Framework."""


class Role(Model):
    """One post (or group of identical posts) in the team."""

    title: ShortText
    profession: Profession
    wte: Annotated[float, Field(gt=0, le=50, strict=True, allow_inf_nan=False)]
    """Whole-time equivalent: 1.0 is one full-time post."""
    joint_with: ShortText | None = None
    """For a joint post, the other organisation that hosts it."""


class Team(Model):
    host: ShortText | None = None
    """The directorate or organisation the team sits in, e.g. "CAMHS, Northmoor NHS Trust"."""
    line_manager: ShortText | None = None
    """Who manages the team, e.g. "Head of Children's Psychological Services"."""
    lead: Lead | None = None
    roles: list[Role] = []
    joint_posts_welcome: bool = True
    """Invite providers to propose posts shared with local agencies."""


class Difficulty(StrEnum):
    mild_to_moderate = "mild_to_moderate"
    moderate_to_severe = "moderate_to_severe"
    all_levels = "all_levels"


class Eligibility(Model):
    geography: Text
    """Where families must live (or be registered with a GP) to use the service."""
    difficulty: Difficulty | None = None
    """The severity of difficulty the service takes. Left out, it follows the levels of care:
    moderate_to_severe for the specialist level alone, mild_to_moderate for the targeted level
    without the specialist one, all_levels otherwise."""
    include_high_risk_factors: bool = True
    """Also accept families with many risk factors before difficulties are visible."""
    diagnosis_required: bool = False
    """Specialised teams do not need a diagnosis in parent or baby; leave False unless you must."""


class ReferralRoute(StrEnum):
    health_visiting = "health_visiting"
    midwifery = "midwifery"
    primary_care = "primary_care"
    perinatal_mental_health = "perinatal_mental_health"
    camhs = "camhs"
    childrens_social_care = "childrens_social_care"
    early_help = "early_help"
    voluntary_sector = "voluntary_sector"
    paediatrics = "paediatrics"
    adult_mental_health = "adult_mental_health"


class Referral(Model):
    routes: list[ReferralRoute] = list(ReferralRoute)
    self_referral: bool = True


class Universal(Model):
    included: bool = True
    activities: Annotated[list[str], in_menu("activities", "universal")] = [
        "pair_content_in_all_contacts",
        "routine_enquiry",
        "workforce_identification_training",
        "parents_know_where_to_ask",
    ]
    other_activities: list[Text] = []


class Targeted(Model):
    included: bool = True
    activities: Annotated[list[str], in_menu("activities", "targeted")] = [
        "relationship_interventions",
        "relationship_focused_parenting",
        "relationships_in_assessments",
    ]
    other_activities: list[Text] = []


class TimeSplit(Model):
    """How a specialist team divides its time (the toolkit suggests half and half)."""

    direct_work_pct: Percent = 50
    """Share of time spent in direct work with families."""
    capacity_building_pct: Percent = 50
    """Share of time spent building capacity across the system."""

    @model_validator(mode="after")
    def _sums_to_100(self) -> TimeSplit:
        total = self.direct_work_pct + self.capacity_building_pct
        if abs(total - 100) > 1e-9:
            raise ValueError(
                f"direct_work_pct ({self.direct_work_pct:g}) and capacity_building_pct "
                f"({self.capacity_building_pct:g}) add up to {total:g}; they must add up to 100"
            )
        return self


class Specialist(Model):
    included: bool = True
    time_split: TimeSplit = TimeSplit()
    direct_activities: Annotated[list[str], in_menu("activities", "specialist_direct")] = [
        "specialist_assessment",
        "tailored_therapy",
    ]
    capacity_activities: Annotated[list[str], in_menu("activities", "specialist_capacity")] = [
        "system_consultation",
        "relational_risk",
        "joint_working",
        "observations",
        "team_around_family",
        "strategy_input",
        "research_access",
        "imh_training",
    ]
    other_activities: list[Text] = []


class Levels(Model):
    """Which levels of care the specification covers, and what is asked for at each."""

    universal: Universal = Universal()
    targeted: Targeted = Targeted()
    specialist: Specialist = Specialist()

    @model_validator(mode="after")
    def _at_least_one(self) -> Levels:
        if not (self.universal.included or self.targeted.included or self.specialist.included):
            raise ValueError("no level of care is included; set included: true on at least one")
        return self


def _included(levels: Any, name: str) -> bool:
    level = levels.get(name) if isinstance(levels, dict) else None
    return not isinstance(level, dict) or level.get("included", True) is not False


def difficulty_for(targeted: bool, specialist: bool) -> Difficulty:
    """The severity of difficulty that fits the levels of care covered."""
    if specialist and not targeted:
        return Difficulty.moderate_to_severe
    if targeted and not specialist:
        return Difficulty.mild_to_moderate
    return Difficulty.all_levels


class Service(Model):
    """Size, management, team, eligibility, referral and the levels of care."""

    @model_validator(mode="before")
    @classmethod
    def _difficulty_follows_levels(cls, data: Any) -> Any:
        # Left out, the eligible severity is the one the levels of care imply, so the default
        # can never contradict them.
        eligibility = data.get("eligibility") if isinstance(data, dict) else None
        if not isinstance(eligibility, dict) or eligibility.get("difficulty") is not None:
            return data
        levels = data.get("levels")
        chosen = difficulty_for(_included(levels, "targeted"), _included(levels, "specialist"))
        return {**data, "eligibility": {**eligibility, "difficulty": chosen.value}}

    size_and_nature: Text | None = None
    """A summary of the size and nature of the service, drawn from your analysis work."""
    team: Team = Team()
    eligibility: Eligibility
    referral: Referral = Referral()
    parents_asked_for: list[Text] = []
    """What local parents said they want from services, one point per item."""
    levels: Levels = Levels()
    premises: Text | None = None
    """Where the service is based and where it sees families; bidders are asked if left out."""
    system_good_practice: Annotated[
        list[str], in_menu("activities", "system_good_practice")
    ] = ["relationships_in_all_assessments", "workforce_confidence", "coordination",
         "community_brokerage"]
