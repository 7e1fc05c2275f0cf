"""The optional strategy part: a parent-infant relationship strategy (toolkit B.4).

It covers the fourteen things an effective strategy describes. The scale of need comes from the
introduction's demand answers, and gaps from the service mapping rows, so nothing is typed twice.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator, model_validator

from specgen.answers.common import Model, ShortText, Text, in_menu, menu_id
from specgen.answers.grid import SelfAssessment
from specgen.answers.mapping import Gap, MappingRow, derive_gaps
from specgen.answers.monitoring import Frequency


class Scale(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class Voice(Model):
    """One group that was heard while the strategy was written."""

    who: ShortText
    """Who was heard, e.g. "Parents' panel: 14 parents, four of them fathers"."""
    how: ShortText
    """How, e.g. "three listening events and an online survey"."""
    said: list[Text] = Field(min_length=1)
    """What they said, one point per item."""


class Views(Model):
    """Element 4: the views of local families and stakeholders (toolkit B.2, B.3)."""

    summary: Text | None = None
    heard: list[Voice] = []


class TheoryOfChange(Model):
    """Element 7: from what is put in to the change it should make (toolkit A.3). A step left
    empty is shown as still to be agreed."""

    inputs: list[Text] = []
    activities: list[Text] = []
    outputs: list[Text] = []
    short_term: list[Text] = []
    """Outcomes expected within about a year."""
    medium_term: list[Text] = []
    long_term: list[Text] = []

    def is_empty(self) -> bool:
        return not any(steps for _, steps in self)


class ActionStatus(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    complete = "complete"
    delayed = "delayed"


class Term(StrEnum):
    short = "short"
    long = "long"


class Action(Model):
    """Element 8: one action, with who is accountable and by when."""

    action: Text
    owner: ShortText
    deadline: ShortText
    """When it is due, as you would write it, e.g. "March 2026" or "Q3 2025-26"."""
    status: ActionStatus = ActionStatus.not_started
    term: Term = Term.short
    """"short" for the next year or so, "long" for later."""


class Resource(Model):
    """Element 9: a resource the strategy needs and how it is provided."""

    resource: ShortText
    amount: ShortText | None = None
    """e.g. "£420,000 a year" or "0.2 WTE"."""
    provided_by: Text
    """Who provides or funds it, and how, e.g. "pooled budget: ICB 70 %, council 30 %"."""
    secured: bool = False
    for_this_service: bool | None = None
    """Whether it pays for the service the specification buys: its yearly amount is then checked
    against the contract's annual value. Left out, a resource whose name matches the service's is."""


class CostBenefit(Model):
    """The economic case: what the strategy costs and what it should save or create (toolkit
    A.2's cost-benefit evidence; B.4 on making the case for partnership funding)."""

    summary: Text | None = None
    """The case in a sentence or two; a standard introduction is used if left out."""
    costs: Text | None = None
    """What the strategy costs, e.g. "£415,000 a year, of which £380,000 for the team"; the
    resources are listed if left out."""
    benefits: list[Text] = []
    """Savings or value expected locally, one per item, e.g. "fewer care proceedings"."""
    evidence: Annotated[list[str], in_menu("economic_evidence")] = [
        "liverpool_2017", "attachment_and_public_costs", "sensitive_parenting_savings"]
    """Published studies to cite (snippets/menus/economic_evidence.yaml)."""
    evaluation: Text | None = None
    """How the case will be tested locally, e.g. "a social return on investment study in year three"."""


class AssessmentStage(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    complete = "complete"


class EqualityImpact(Model):
    """An Equality Impact Assessment of the strategy (toolkit B.4): how it affects people who
    share protected characteristics, and families facing disadvantage."""

    stage: AssessmentStage
    where: Text | None = None
    """Where the assessment is, or will be, published."""
    findings: list[Text] = []
    """What it found, one point per item: who could gain or lose, and why."""
    actions: list[Text] = []
    """What the strategy does about the findings, one per item."""


class Governance(Model):
    """Element 10: who steers the strategy, to whom they answer and who decides."""

    group: ShortText
    """The parent-infant relationships (sub)group that steers the work."""
    chair: ShortText | None = None
    members: list[ShortText] = []
    terms_of_reference: Text | None = None
    """Where the terms of reference are, or a summary; leave out if they are still to be agreed."""
    meets: ShortText | None = None
    """How often, e.g. "every two months"."""
    reports_to: ShortText | None = None
    """The board the group reports to, e.g. "the Health and Wellbeing Board"."""
    decisions: Text | None = None
    """Who decides what: for example, what the group decides and what goes to the board."""


class Stakeholder(Model):
    """One row of the stakeholder analysis."""

    stakeholder: ShortText
    interest: Scale
    influence: Scale
    engagement: Text
    """How they are engaged, e.g. "member of the steering group"."""


class Communications(Model):
    """Element 11: consultation and communications, with a stakeholder analysis."""

    consultation: Text | None = None
    """How the draft strategy will be consulted on before it is published."""
    channels: list[ShortText] = []
    """How the strategy is shared, e.g. "staff briefings", "family hub notice boards"."""
    stakeholders: list[Stakeholder] = []


class WorkforcePlan(Model):
    """Element 12: the workforce development plan."""

    summary: Text | None = None
    actions: list[Text] = []


class Review(Model):
    """Element 13: how the strategy is used, monitored, reviewed and updated."""

    how_used: Text | None = None
    """How the strategy guides the work day to day, e.g. "every paper to the board cites it"."""
    progress_reports: Frequency = Frequency.quarterly
    """How often progress goes to the governance group."""
    annual_review: bool = True
    refresh_years: Annotated[int, Field(ge=1, le=10)] = 3
    """After how many years the strategy is rewritten."""


def _risk_shorthand(value: Any) -> Any:
    # A bare id ("- insecure_funding") takes the typical risk with its suggested mitigation.
    return {"typical": value} if isinstance(value, str) else value


class Risk(Model):
    """Element 14: a risk and how it is mitigated. Name a typical risk, or write your own."""

    typical: Annotated[str, menu_id("risks", "a typical risk",
                                   "; write your own under 'risk:' instead")] | None = None
    """An id from snippets/menus/risks.yaml; its wording and suggested mitigation are used
    unless you write your own."""
    risk: Text | None = None
    likelihood: Scale = Scale.medium
    impact: Scale = Scale.medium
    mitigation: Text | None = None
    owner: ShortText | None = None

    @model_validator(mode="after")
    def _says_what_the_risk_is(self) -> Risk:
        if self.typical is None and self.risk is None:
            raise ValueError("name a typical risk (typical: ...) or describe one (risk: ...)")
        return self


RiskItem = Annotated[Risk, BeforeValidator(_risk_shorthand)]
TYPICAL_RISKS = ("low_awareness", "low_engagement", "time_and_funding_pressure",
                 "insecure_funding", "stakeholder_turnover", "unilateral_initiatives")


class PairStrategy(Model):
    """A parent-infant relationship strategy drawn from the same answers (toolkit B.4).

    Build it with ``specgen build FILE --kind strategy``.
    """

    title: ShortText = "Parent-infant relationship (PAIR) strategy"
    period: ShortText | None = None
    """The years the strategy covers, e.g. "2025 to 2030"."""
    vision: Text | None = None
    """Element 2: the local vision in a sentence or two; a standard vision is used if left out."""
    views: Views = Views()
    mapping: list[MappingRow] = []
    """Element 5: service mapping rows; gaps are derived from them."""
    other_gaps: list[Text] = []
    """Gaps the mapping rows do not show, one per item."""
    self_assessment: SelfAssessment | None = None
    aims: list[Text] = []
    """Element 6: aims; standard aims are used if left out."""
    objectives: list[Text] = []
    theory_of_change: TheoryOfChange | None = None
    actions: list[Action] = []
    resources: list[Resource] = []
    cost_benefit: CostBenefit | None = None
    """The economic case for the strategy; left out, the strategy says it is still to be made."""
    governance: Governance | None = None
    communications: Communications = Communications()
    equality_impact: EqualityImpact | None = None
    """The Equality Impact Assessment; left out, the strategy says it is still to be done."""
    workforce_plan: WorkforcePlan = WorkforcePlan()
    review: Review = Review()
    risks: list[RiskItem] = [Risk(typical=r) for r in TYPICAL_RISKS]
    """Element 14: the typical risks by default; replace or add to them."""

    @field_validator("theory_of_change")
    @classmethod
    def _empty_theory_is_none(cls, value: TheoryOfChange | None) -> TheoryOfChange | None:
        # Six empty steps say nothing: the strategy then reports the theory as still to come.
        return None if value is not None and value.is_empty() else value

    @property
    def gaps(self) -> list[Gap]:
        """Gaps derived from the mapping rows."""
        return derive_gaps(self.mapping)
