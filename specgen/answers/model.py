"""The answers model: everything a commissioner tells specgen, validated as a whole."""

from __future__ import annotations

import datetime as dt
import math

from pydantic import model_validator

from specgen.answers.activity import Activity
from specgen.answers.commercial import Commercial
from specgen.answers.common import Model, at
from specgen.answers.document import DocumentControl, LayoutName, Readiness
from specgen.answers.introduction import Introduction
from specgen.answers.mobilisation import Mobilisation
from specgen.answers.monitoring import Monitoring
from specgen.answers.procurement import Procurement
from specgen.answers.service import PSYCHOLOGY_OR_PSYCHOTHERAPY, Service
from specgen.answers.standards import Standards
from specgen.answers.strategy import PairStrategy


class Answers(Model):
    """One answer file: the commissioner's answers for one specification."""

    layout: LayoutName | None = None
    """How sections are arranged: toolkit (default), nhs or council; build --layout overrides it."""
    document: DocumentControl
    readiness: Readiness = Readiness()
    introduction: Introduction
    service: Service
    standards: Standards = Standards()
    monitoring: Monitoring = Monitoring()
    procurement: Procurement = Procurement()
    activity: Activity = Activity()
    """Commissioned activity: planning assumptions, caseload and waiting times, exclusions, discharge."""
    mobilisation: Mobilisation = Mobilisation()
    """The service start date, the mobilisation period and plan, and the year-one ramp-up."""
    commercial: Commercial = Commercial()
    """The commercial schedule: payment basis, affordability ceiling, indexation, performance."""
    strategy: PairStrategy | None = None
    """Optional: a parent-infant relationship strategy, built with --kind strategy."""

    @model_validator(mode="after")
    def _specialist_team_needs_qualified_lead(self) -> Answers:
        if not self.service.levels.specialist.included:
            return self
        lead = self.service.team.lead
        allowed = ", ".join(sorted(PSYCHOLOGY_OR_PSYCHOTHERAPY))
        if lead is None:
            raise ValueError(at(
                "service.team", "a specialist level needs a team lead; add "
                f"lead: {{profession: clinical_psychologist}} (one of: {allowed})"
            ))
        if lead.profession not in PSYCHOLOGY_OR_PSYCHOTHERAPY:
            raise ValueError(at(
                "service.team.lead.profession", f"specialist parent-infant work must be led from "
                f"psychology or psychotherapy, not '{lead.profession}'; choose one of: {allowed}"
            ))
        return self

    @property
    def service_end(self) -> dt.date | None:
        """The last day of the initial term, when the start date and the term are known."""
        return self.mobilisation.service_end(self.procurement.contract_term_years)

    @property
    def affordability_ceilings(self) -> list[float | None]:
        """The affordability ceiling of each year of the initial term (one year if the term is not
        known), from the commercial schedule or else the contract's annual value."""
        term = self.procurement.contract_term_years
        years = math.ceil(term) if term else 1
        return self.commercial.ceilings(years, self.procurement.contract.annual_value_gbp)

    @model_validator(mode="after")
    def _review_not_before_start(self) -> Answers:
        review, start = self.document.review_date, self.mobilisation.service_start
        if review is not None and start is not None and review < start:
            raise ValueError(at("document.review_date", (
                f"the review date ({review.isoformat()}) is before the service start date "
                f"({start.isoformat()}, mobilisation.service_start); review the service after it starts")))
        return self
