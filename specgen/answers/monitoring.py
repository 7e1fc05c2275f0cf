"""Monitoring arrangements (toolkit B.6 practice point 4, B.8)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from specgen.answers.common import Model, ShortText, Text, in_menu


class Frequency(StrEnum):
    monthly = "monthly"
    quarterly = "quarterly"
    six_monthly = "six_monthly"
    annually = "annually"


class Reporting(Model):
    performance_reports: Frequency = Frequency.quarterly
    review_meetings_first_year: Frequency = Frequency.quarterly
    """How often commissioner and provider meet in the first operational year."""
    annual_impact_statement: bool = True


class ValidatedTools(Model):
    before: bool = True
    during: bool = True
    after: bool = True
    chosen_in_dialogue: bool = True
    """Leave the exact tools to be agreed between provider, commissioner and families."""
    suggested: list[ShortText] = []
    """Tools you would like considered, e.g. "Goal Based Outcomes"."""


class Monitoring(Model):
    collaborative: bool = True
    """Agree the monitoring approach jointly with the provider."""
    items: Annotated[list[str], in_menu("monitoring")] = [
        "clinical_outcomes",
        "throughput",
        "capacity",
        "spotlights",
        "system_offer_uptake",
        "service_user_feedback",
        "impact_report",
        "stakeholder_feedback",
    ]
    reporting: Reporting = Reporting()
    validated_tools: ValidatedTools = ValidatedTools()
    third_party_data: list[Text] = []
    """Routine data from others, e.g. health visitor contacts or child protection plans."""
    report_on_system_work: bool = True
    """Ask for separate reporting on training, consultation and strategic work."""
