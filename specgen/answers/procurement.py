"""Procurement and workforce expectations (toolkit B.7)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from specgen.answers.common import Model, ShortText


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
