"""Procurement and workforce expectations (toolkit B.7), and what the invitation to tender needs:
the timetable, clarification questions, the evaluation model, the commissioning arrangements and
the documents a bid must include."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from specgen.answers.common import Model, Percent, ShortText, Text, at, known_id
from specgen.answers.contract import (
    ENGLISH_ONLY,
    PSR,
    WELSH_ONLY,
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


TIMETABLE_ORDER = ("market_engagement", "publication", "clarification_deadline", "bid_deadline",
                   "presentations", "award_decision", "contract_signed")


class Timetable(Model):
    """Dates of the procurement, in the order they happen. Any may be left out."""

    market_engagement: dt.date | None = None
    """An event or session for interested providers before the opportunity is published."""
    publication: dt.date | None = None
    """When the opportunity is published."""
    clarification_deadline: dt.date | None = None
    """The last day bidders may ask clarification questions."""
    bid_deadline: dt.date | None = None
    """When bids are due; left out, it is the publication date plus the lead-in weeks."""
    presentations: dt.date | None = None
    """Presentations or clarification interviews with shortlisted bidders, if any."""
    award_decision: dt.date | None = None
    """When bidders are told the outcome."""
    contract_signed: dt.date | None = None
    """When the contract is expected to be signed and mobilisation to begin."""

    @model_validator(mode="after")
    def _in_order(self) -> Timetable:
        given = [(name, getattr(self, name)) for name in TIMETABLE_ORDER if getattr(self, name)]
        for (before, early), (after, late) in itertools.pairwise(given):
            if late < early:
                raise ValueError(at(f"procurement.timetable.{after}", (
                    f"{late.isoformat()} is before {before} ({early.isoformat()}); the steps of "
                    "the timetable run in order")))
        return self


class Clarifications(Model):
    """How bidders ask questions during the procurement."""

    channel: ShortText = "the messaging area of the e-tendering portal"
    """Where bidders send questions, written to follow "through ..."."""
    response_working_days: Annotated[int, Field(ge=1, le=30)] = 5
    """Working days within which we answer a question."""


def _known_questions(limits: dict[str, int]) -> dict[str, int]:
    for key in limits:
        known_id(key, "method_statements", "a method statement question")
    return limits


class Evaluation(Model):
    """The top-level evaluation weights where no Provider Selection Regime applies (under a regime,
    its key criteria carry the weights), and word limits for the method statement questions."""

    quality_pct: Percent | None = None
    price_pct: Percent | None = None
    social_value_pct: Percent | None = None
    """Left out, social value takes contract.social_value_weighting_pct, or 10."""
    word_limits: Annotated[dict[str, Annotated[int, Field(ge=100, le=5000)]],
                           AfterValidator(_known_questions)] = {}
    """Word limits that replace the standard ones, by method statement question id."""
    presentations: bool = False
    """Invite shortlisted bidders to present and answer questions; scores may be moderated after."""

    @model_validator(mode="after")
    def _all_or_none(self) -> Evaluation:
        given = [v for v in (self.quality_pct, self.price_pct, self.social_value_pct) if v is not None]
        if given and len(given) < 3:
            raise ValueError(at("procurement.evaluation", "give quality_pct, price_pct and "
                                "social_value_pct together (adding up to 100), or none of them"))
        if given and abs(sum(given) - 100) > 1e-9:
            raise ValueError(at("procurement.evaluation.quality_pct", (
                f"quality, price and social value add up to {sum(given):g}; they must add up to 100")))
        return self


class Commissioning(Model):
    """Who commissions, who signs the contract, and how the money is held, when several bodies
    commission together."""

    lead_commissioner: ShortText | None = None
    """The lead (co-ordinating) commissioner that manages the contract for all of them."""
    contracting_authority: ShortText | None = None
    """The body that runs the procurement and signs the contract (the lead commissioner if left out)."""
    pooled_budget: bool = False
    """The commissioners pool their money under a section 75 agreement (NHS Act 2006)."""
    pooled_budget_host: ShortText | None = None
    """The body that hosts the pooled budget."""
    nhs_body: bool | None = None
    """At least one commissioner is an NHS body (left out: yes under a Provider Selection Regime)."""


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
    commissioning: Commissioning = Commissioning()
    timetable: Timetable = Timetable()
    clarifications: Clarifications = Clarifications()
    evaluation: Evaluation = Evaluation()
    regulated_activity: bool | None = None
    """The service includes an activity regulated by the Care Quality Commission (in England,
    psychological treatment by health professionals usually is). Left out, the CQC clause is
    stated conditionally."""
    subcontracting_allowed: bool = True
    """The provider may subcontract parts of the service with our written consent."""
    bid_documents: list[Text] = []
    """Documents a bid must include beyond the standard list, one per item."""

    @model_validator(mode="after")
    def _process_belongs_to_the_regime(self) -> Procurement:
        process = self.process
        if self.regime is Regime.psr_wales and process in ENGLISH_ONLY:
            raise ValueError(at("procurement.process", (
                f"'{process}' is an English process; in Wales the direct award processes are "
                "direct_award_1 and direct_award_2 (there is no process B)")))
        if self.regime is Regime.psr_england and process in WELSH_ONLY:
            raise ValueError(at("procurement.process", (
                f"'{process}' is a Welsh process; in England the direct award processes are "
                "direct_award_a, direct_award_b and direct_award_c")))
        return self

    @property
    def bid_deadline(self) -> dt.date | None:
        """The bid deadline given, or the publication date plus the lead-in time."""
        t = self.timetable
        if t.bid_deadline or t.publication is None:
            return t.bid_deadline
        return t.publication + dt.timedelta(weeks=self.lead_in_weeks)

    @property
    def nhs(self) -> bool:
        """At least one commissioner is an NHS body."""
        given = self.commissioning.nhs_body
        return self.regime in PSR if given is None else given

    @property
    def competitive(self) -> bool:
        """Bidders compete: no process is chosen, or the chosen one runs a competition."""
        return self.process is None or self.process in (PsrProcess.competitive,)
