"""Procurement and workforce expectations (toolkit B.7)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from specgen.answers.common import Model, Percent, ShortText
from specgen.answers.contract import (
    Contract,
    KeyCriterion,
    Nation,
    PsrProcess,
    Regime,
    Services,
    weights_add_up,
)


class Workforce(Model):
    competency_framework: ShortText = "AIMH UK Infant Mental Health Competencies Framework"
    workforce_audit: bool = True
    """Ask the provider to take part in an audit of workforce strengths and gaps."""
    training_ring_fenced: bool = True
    clinical_supervision: bool = True


class Procurement(Model):
    lead_in_weeks: Annotated[int, Field(ge=1, le=104)] = 12
    """Weeks between advertising and the bid deadline; long lead-in times let partners form
    collaborative bids. Twelve weeks is specgen's default, not a national rule."""
    collaborative_bids_welcome: bool = True
    contract_term_years: Annotated[float, Field(gt=0, le=15)] | None = None
    workforce: Workforce = Workforce()
    nation: Nation | None = None
    """Where the commissioning bodies are; Welsh bodies get the Welsh language clause."""
    services: Services | None = None
    """Whether the contract buys healthcare, non-healthcare or mixed services."""
    regime: Regime | None = None
    """The procurement regime; choosing one adds its clauses and the contract particulars."""
    process: PsrProcess | None = None
    """Under a Provider Selection Regime: the selection process chosen."""
    key_criteria: Annotated[dict[KeyCriterion, Percent], AfterValidator(weights_add_up)] = {}
    """Under a Provider Selection Regime: the weight of each key criterion, adding up to 100."""
    contract: Contract = Contract()
