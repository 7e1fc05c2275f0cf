"""Commissioned activity and access: what the funded team is expected to do each year, and how
families get in, wait, and leave.

The activity plan is worked out from the team's whole-time equivalents (WTE) with these planning
assumptions, and is kept apart from the population's modelled need (toolkit B.1): need says how
many babies might benefit, the plan says what this contract pays for.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from specgen.answers.common import Model, Text, at

Rate = Annotated[float, Field(gt=0, le=10_000, strict=True, allow_inf_nan=False)]
Days = Annotated[int, Field(ge=1, le=365)]
Weeks = Annotated[int, Field(ge=1, le=104)]


class Assumptions(Model):
    """Planning assumptions that turn the team's WTE into activity. Local choices: change them to
    fit your service model, and say where the figures came from."""

    new_families_per_direct_wte: Rate = 20
    """New families starting specialist work each year for each WTE of time spent on direct work."""
    sessions_per_family: Rate = 12
    """Average direct sessions (assessment and intervention) for each family seen."""
    consultations_per_capacity_wte: Rate = 120
    """Case consultations for practitioners in other services each year, per WTE of time spent
    building capacity."""
    training_places_per_capacity_wte: Rate = 60
    """Training places for practitioners in other services each year, per WTE of time spent
    building capacity."""


class Waiting(Model):
    """How quickly families are seen. Keep these in step with the KPI targets."""

    triage_working_days: Days = 5
    """Working days from referral to a clinician's triage decision, shared with family and referrer."""
    urgent_working_days: Days = 5
    """Working days from an urgent referral (for example a pre-birth assessment with court
    timescales) to first contact."""
    assessment_weeks: Weeks = 6
    """Weeks from an accepted referral to the first assessment appointment."""
    intervention_weeks: Weeks = 12
    """Weeks from the end of assessment to the start of the agreed intervention."""


class Activity(Model):
    """Commissioned activity, caseload and waiting times, exclusions, discharge and transfer."""

    assumptions: Assumptions = Assumptions()
    caseload_per_direct_wte: Annotated[int, Field(ge=1, le=100)] = 12
    """Families on the active caseload of one WTE of direct clinical time, at most."""
    waiting: Waiting = Waiting()
    exclusions: list[Text] = []
    """Families the service does not accept, and where they are directed instead, one per item."""
    discharge_summary_working_days: Days = 10
    """Working days after the end of the work by which the family, the referrer and the GP
    receive a written summary."""
    transfer_notice_weeks: Weeks = 8
    """Weeks before a baby reaches the upper age limit (or a family moves away) by which the
    provider plans the handover to the next service with the family."""

    @model_validator(mode="after")
    def _caseload_fits_new_families(self) -> Activity:
        # A caseload smaller than a tenth of a year's new families would mean episodes of a few
        # days; far larger means families are held for years. Both are usually a typing slip.
        yearly = self.assumptions.new_families_per_direct_wte
        if self.caseload_per_direct_wte > yearly * 4:
            raise ValueError(at("activity.caseload_per_direct_wte", (
                f"a caseload of {self.caseload_per_direct_wte} with {yearly:g} new families a year "
                "means each family is held for more than four years; lower the caseload or raise "
                "assumptions.new_families_per_direct_wte")))
        return self
