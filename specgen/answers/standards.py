"""Standards, targets and outcomes (toolkit B.6 practice point 3, B.9)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from specgen.answers.common import Model, Requirement, ShortText, Text, menu, suggest


def _known_benchmark(value: str) -> str:
    options = list(menu("benchmarks"))
    if value not in options:
        raise ValueError(f"'{value}' is not a known benchmark{suggest(value, options)} "
                         f"(choices: {', '.join(options)})")
    return value


def _shorthand(value: Any) -> Any:
    # A bare id is the common case: "- nice_qs133" means a binding requirement.
    return {"id": value} if isinstance(value, str) else value


class Benchmark(Model):
    id: Annotated[str, AfterValidator(_known_benchmark)]
    status: Requirement = Requirement.requirement


BenchmarkItem = Annotated[Benchmark, BeforeValidator(_shorthand)]


class Interventions(Model):
    """Interventions named at each level. Bidders may propose others with their rationale."""

    universal: list[ShortText] = []
    targeted: list[ShortText] = []
    specialist: list[ShortText] = []
    providers_propose: bool = True
    """Ask bidders to explain which interventions they would offer, why, and how they decide."""


class Outcome(Model):
    outcome: Text
    measure: Text | None = None
    status: Requirement = Requirement.flexible


class Kpi(Model):
    name: ShortText
    target: ShortText
    status: Requirement = Requirement.requirement


class Standards(Model):
    benchmarks: list[BenchmarkItem] = [
        Benchmark(id="rcpsych_cr232"),
        Benchmark(id="pif_characteristics"),
        Benchmark(id="nice_qs133"),
        Benchmark(id="nice_ng26", status=Requirement.flexible),
        Benchmark(id="nice_cg192", status=Requirement.flexible),
    ]
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
    kpis: list[Kpi] = []
