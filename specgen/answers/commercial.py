"""The commercial schedule: how the provider is paid, the most we can afford each year, how the
price changes over the term, and what happens when performance falls short.

These answers fill the commercial schedule of the specification and the pricing part of the
invitation to tender. They are choices for the commissioner and its finance lead, not advice.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from specgen.answers.common import Model, Percent, at
from specgen.answers.contract import Pounds


class PaymentBasis(StrEnum):
    """How the provider is paid."""

    block = "block"
    """A fixed annual sum for the service as specified, paid in instalments."""
    cost_and_volume = "cost_and_volume"
    """A fixed sum for a baseline of activity, adjusted for activity above or below it."""
    payment_by_outcomes = "payment_by_outcomes"
    """Most of the price as a fixed sum, and a share paid when agreed outcomes are achieved."""


class Indexation(StrEnum):
    """How the annual price changes during the term."""

    none = "none"
    agreed_annually = "agreed_annually"
    nhs_uplift = "nhs_uplift"
    """In line with the uplift NHS payment rules set for each year."""
    cpi = "cpi"
    """In line with the Consumer Prices Index."""
    fixed = "fixed"
    """A fixed percentage each year (indexation_pct)."""


class Instalments(StrEnum):
    monthly = "monthly"
    quarterly = "quarterly"


class Performance(Model):
    """The performance mechanism: how ratings are set and what follows a missed threshold."""

    approaching_within_pct: Percent = 5
    """For a KPI without its own rating bands: a result short of the target by no more than this
    share of the target is rated approaching target."""
    inadequate_beyond_pct: Percent = 15
    """For a KPI without its own rating bands: short of the target by more than this share is
    rated inadequate (in between: requires improvement)."""
    remedial_plan_working_days: Annotated[int, Field(ge=1, le=60)] = 10
    """Working days after a rating of requires improvement or inadequate by which the provider
    sends a remedial action plan."""
    recovery_months: Annotated[int, Field(ge=1, le=12)] = 3
    """Months within which a remedial action plan brings performance back to target."""
    withhold_pct: Percent | None = None
    """Share of each instalment we may withhold while a remedial action plan is not agreed or not
    kept; left out, no payment is withheld."""

    @model_validator(mode="after")
    def _bands_in_order(self) -> Performance:
        if self.approaching_within_pct >= self.inadequate_beyond_pct:
            raise ValueError(at("commercial.performance.inadequate_beyond_pct", (
                f"{self.inadequate_beyond_pct:g} must be above approaching_within_pct "
                f"({self.approaching_within_pct:g}), so that requires improvement sits between them")))
        return self


class Commercial(Model):
    """Payment basis, affordability ceiling, indexation and the performance mechanism."""

    payment_basis: PaymentBasis = PaymentBasis.block
    instalments: Instalments = Instalments.monthly
    affordability_ceiling_gbp: Annotated[list[Pounds], Field(max_length=15)] = []
    """The most we can pay in each contract year, in pounds, one figure per year (one figure alone
    applies to every year). Left out, the contract's annual value is the ceiling."""
    indexation: Indexation = Indexation.agreed_annually
    indexation_pct: Percent | None = None
    """With indexation: fixed, the percentage added each year."""
    outcome_payment_pct: Percent | None = None
    """With payment_by_outcomes: the share of the annual price paid on achieving agreed outcomes
    (10 if left out)."""
    performance: Performance = Performance()

    @model_validator(mode="after")
    def _details_match_the_choices(self) -> Commercial:
        if self.indexation is Indexation.fixed and self.indexation_pct is None:
            raise ValueError(at("commercial.indexation", "fixed indexation needs indexation_pct: "
                                "the percentage added each year"))
        if self.indexation is not Indexation.fixed and self.indexation_pct is not None:
            raise ValueError(at("commercial.indexation_pct", "indexation_pct applies only with "
                                "indexation: fixed; remove it or change the indexation"))
        by_outcomes = self.payment_basis is PaymentBasis.payment_by_outcomes
        if self.outcome_payment_pct is not None and not by_outcomes:
            raise ValueError(at("commercial.outcome_payment_pct", "outcome_payment_pct applies only "
                                "with payment_basis: payment_by_outcomes"))
        return self

    @property
    def outcome_share(self) -> float:
        """The share of the annual price paid on outcomes (10 unless given)."""
        return 10.0 if self.outcome_payment_pct is None else self.outcome_payment_pct

    def ceilings(self, years: int, annual_value: float | None) -> list[float | None]:
        """The ceiling for each of ``years`` contract years (None where none is known)."""
        given: list[float | None] = list(self.affordability_ceiling_gbp)
        if len(given) == 1:
            return given * years
        if not given:
            return [annual_value] * years
        return (given + [None] * years)[:years]
