"""Standards, targets and outcomes (toolkit B.6 practice point 3, B.9)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from specgen.answers.common import (
    Model,
    Requirement,
    ShortText,
    Text,
    at,
    in_menu,
    known_id,
    menu,
    menu_id,
)
from specgen.answers.monitoring import Frequency


def _shorthand(value: Any) -> Any:
    # A bare id is the common case: "- nice_qs133" means a binding requirement.
    return {"id": value} if isinstance(value, str) else value


class Benchmark(Model):
    id: Annotated[str, menu_id("benchmarks", "a known benchmark")]
    status: Requirement = Requirement.requirement


BenchmarkItem = Annotated[Benchmark, BeforeValidator(_shorthand)]


def _named(value: Any) -> Any:
    # A bare name is the common case: "- Mellow Babies".
    return {"name": value} if isinstance(value, str) else value


class InterventionChoice(Model):
    """One intervention named at a level: by id, name or alias from the intervention map, or in
    your own words (specgen then warns that it is not on the map)."""

    name: ShortText
    or_equivalent: bool = False
    """Add "or equivalent" after the name, so any comparable programme may be offered. The
    Procurement Act 2023 regime warns about named programmes without it."""


InterventionItem = Annotated[InterventionChoice, BeforeValidator(_named)]


class Interventions(Model):
    """Interventions named at each level. Bidders may propose others with their rationale.

    specgen warns when one is placed at a level the toolkit's intervention map does not design it
    for (snippets/menus/interventions.yaml)."""

    universal: list[InterventionItem] = []
    targeted: list[InterventionItem] = []
    specialist: list[InterventionItem] = []
    providers_propose: bool = True
    """Ask bidders to explain which interventions they would offer, why, and how they decide."""


class Outcome(Model):
    outcome: Text
    measure: Text | None = None
    status: Requirement = Requirement.flexible


class RatingBands(Model):
    """What each performance rating means for one KPI."""

    good: ShortText
    approaching_target: ShortText
    requires_improvement: ShortText
    inadequate: ShortText


def _from_kpi_menu(value: Any) -> Any:
    # "- triage_time" or "- {id: triage_time, target: ...}" starts from the PAIR default KPI.
    if isinstance(value, str):
        value = {"id": value}
    if not isinstance(value, dict) or "id" not in value:
        return value
    known_id(str(value["id"]), "kpis", "a default KPI", hint="; or give name and target instead of id")
    # A commissioner who sets a target has made the local choice the default leaves open, and
    # the default rating bands, which belong to the default target, no longer apply.
    chosen = {"local_choice": False, "rating_bands": None} if "target" in value else {}
    return {**menu("kpis")[value["id"]], **chosen, **value}


class Kpi(Model):
    """One key performance indicator of the KPI schedule."""

    id: str | None = None
    """A default PAIR KPI (snippets/menus/kpis.yaml) to start from; the other fields override it."""
    name: ShortText
    target: ShortText
    status: Requirement = Requirement.requirement
    definition: Text | None = None
    """Exactly what is counted, so provider and commissioner calculate it the same way."""
    data_source: ShortText | None = None
    frequency: Frequency = Frequency.quarterly
    """How often the provider reports it."""
    rating_bands: RatingBands | None = None
    local_choice: bool = False
    """The target is a local choice still to be confirmed (true for the PAIR defaults)."""


KpiItem = Annotated[Kpi, BeforeValidator(_from_kpi_menu)]


def default_kpis() -> list[Kpi]:
    """The PAIR default KPI schedule, in the order of snippets/menus/kpis.yaml."""
    return [Kpi.model_validate(_from_kpi_menu(kpi_id)) for kpi_id in menu("kpis")]


RETIRED_DOMAINS = (
    "the NHS Outcomes Framework's domains no longer structure new specifications; remove "
    "national_outcome_domains and choose national_measures instead (ids from "
    "snippets/menus/national_measures.yaml: NHS measures for the nhs layout, the Public Health "
    "Outcomes Framework for the council layout)")


class Standards(Model):
    benchmarks: list[BenchmarkItem] = [
        Benchmark(id="rcpsych_cr232"),
        Benchmark(id="pif_characteristics"),
        Benchmark(id="nice_qs133"),
        Benchmark(id="nice_ng26", status=Requirement.flexible),
        Benchmark(id="nice_cg192", status=Requirement.flexible),
        Benchmark(id="nice_ng201", status=Requirement.flexible),
        Benchmark(id="rcm_2019", status=Requirement.flexible),
    ]
    """National guidance the service is benchmarked against (snippets/menus/benchmarks.yaml).
    The default suits a service that starts in pregnancy and works with midwifery; specgen
    validate suggests guidance that applies to the answers but is left out."""
    interventions: Interventions = Interventions()
    innovation: Text | None = None
    """Any opportunity for innovation, joint working or growth you want bidders to address."""
    outcomes: list[Outcome] = [
        Outcome(outcome="Improved quality of the parent-infant relationship",
                measure="Validated relationship measure before and after intervention"),
        Outcome(outcome="Parents feel more confident and connected with their baby",
                measure="Goal-based outcomes and parent feedback"),
        Outcome(outcome="Practitioners across the system are more confident to identify and "
                        "support relationship difficulties",
                measure="Pre- and post-training confidence ratings"),
    ]
    national_measures: Annotated[list[str], in_menu("national_measures")] = []
    """National measures the service contributes to (snippets/menus/national_measures.yaml): NHS
    England's measures for the nhs layout, the Public Health Outcomes Framework for the council
    layout. Each is printed with its framework, publisher and the edition checked."""
    local_standards: list[Text] = []
    """Local standards the provider must meet, e.g. the area's safeguarding procedures."""
    kpis: list[KpiItem] = Field(default_factory=default_kpis)
    """The KPI schedule. Left out, it holds the PAIR defaults, each target marked a local choice."""

    @model_validator(mode="before")
    @classmethod
    def _retired_domains(cls, data: Any) -> Any:
        if isinstance(data, dict) and "national_outcome_domains" in data:
            raise ValueError(at("standards.national_outcome_domains", RETIRED_DOMAINS))
        return data
