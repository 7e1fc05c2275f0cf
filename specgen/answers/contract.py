"""The procurement regime and the contract particulars a tender needs.

specgen does not give legal advice: these answers choose which clauses the specification carries
and which conflicts ``specgen validate`` warns about. The procurement lead confirms the regime.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from specgen.answers.common import Model, Percent, ShortText, Text, at


class Nation(StrEnum):
    """Where the commissioning bodies are."""

    england = "england"
    wales = "wales"
    scotland = "scotland"
    northern_ireland = "northern_ireland"


class Regime(StrEnum):
    """The legal regime the contract is procured under."""

    psr_england = "psr_england"
    """England, healthcare services: the Provider Selection Regime 2023."""
    psr_wales = "psr_wales"
    """Wales, health services: the Health Services (Provider Selection Regime) (Wales) Regulations
    2025."""
    procurement_act = "procurement_act"
    """Non-healthcare or mixed services: the Procurement Act 2023."""
    pcsr_scotland = "pcsr_scotland"
    """Scotland: the Public Contracts (Scotland) Regulations 2015."""


PSR = frozenset({Regime.psr_england, Regime.psr_wales})


class Services(StrEnum):
    """What the contract buys, which decides the regime."""

    healthcare = "healthcare"
    mixed = "mixed"
    """Healthcare together with other services, such as family support."""
    non_healthcare = "non_healthcare"


class PsrProcess(StrEnum):
    """The provider selection process chosen under a Provider Selection Regime.

    England has direct award processes A, B and C; Wales has direct award processes 1 and 2.
    Both have the most suitable provider process and the competitive process."""

    direct_award_a = "direct_award_a"
    direct_award_b = "direct_award_b"
    direct_award_c = "direct_award_c"
    direct_award_1 = "direct_award_1"
    direct_award_2 = "direct_award_2"
    most_suitable_provider = "most_suitable_provider"
    competitive = "competitive"


ENGLISH_ONLY = frozenset({PsrProcess.direct_award_a, PsrProcess.direct_award_b, PsrProcess.direct_award_c})
WELSH_ONLY = frozenset({PsrProcess.direct_award_1, PsrProcess.direct_award_2})


class KeyCriterion(StrEnum):
    """The Provider Selection Regime's key criteria."""

    quality_and_innovation = "quality_and_innovation"
    value = "value"
    integration_and_collaboration = "integration_and_collaboration"
    access_and_inequalities = "access_and_inequalities"
    social_value = "social_value"


class Tupe(StrEnum):
    """Whether staff may transfer to the new provider under TUPE."""

    applies = "applies"
    may_apply = "may_apply"
    does_not_apply = "does_not_apply"


Years = Annotated[float, Field(gt=0, le=10, strict=True, allow_inf_nan=False)]
Pounds = Annotated[float, Field(gt=0, le=10_000_000_000, allow_inf_nan=False)]


class Contract(Model):
    """Contract particulars printed in the specification (the term itself is contract_term_years)."""

    extensions_years: list[Years] = []
    """Optional extensions after the initial term, in years, e.g. [1, 1] for two one-year options."""
    value_gbp: Pounds | None = None
    """Estimated total value in pounds over the whole term, including any extensions."""
    annual_value_gbp: Pounds | None = None
    """Estimated value of one year of the service, in pounds."""
    lots: Annotated[int, Field(ge=1, le=50)] = 1
    """How many lots the contract is divided into."""
    no_lots_reason: Text | None = None
    """With a single lot: why the contract is not divided into lots."""
    social_value_weighting_pct: Percent | None = None
    """Share of the evaluation given to social value."""
    tupe: Tupe | None = None
    safeguarding_partnership: ShortText | None = None
    """The local safeguarding partnership whose procedures the provider follows."""
    exit_notice_months: Annotated[int, Field(ge=1, le=24)] = 6
    """How many months before the contract ends the provider agrees its exit plan."""
    lot_titles: list[ShortText] = []
    """With several lots: a short title for each, in order."""
    light_touch: bool | None = None
    """Under the Procurement Act 2023: whether the contract is a light touch contract (many health
    and social care services are), which is exempt from the duty to set and publish KPIs. Left
    out, the specification states the duty conditionally."""

    @model_validator(mode="after")
    def _one_title_per_lot(self) -> Contract:
        if self.lot_titles and len(self.lot_titles) != self.lots:
            raise ValueError(at("procurement.contract.lot_titles", (
                f"{len(self.lot_titles)} titles for {self.lots} lot(s); give one title per lot")))
        return self


def weights_add_up(weights: dict[KeyCriterion, float]) -> dict[KeyCriterion, float]:
    """Validator: key criterion weights, when given, add up to 100."""
    total = sum(weights.values())
    if weights and abs(total - 100) > 1e-9:
        raise ValueError(f"the weights add up to {total:g}; they must add up to 100")
    return weights
