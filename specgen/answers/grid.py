"""The self-assessment grid (toolkit Tools section): where the local system stands, domain by domain.

Each domain is a field, so a domain can be rated only once (YAML refuses a repeated key) and a
grid that leaves a domain out is refused with the domain's name. Each rating is one stage.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator

from specgen.answers.common import Model, Text


class Stage(StrEnum):
    """The four stages of development, from first steps to an embedded, well-run system."""

    foundations = "foundations"
    early_growth = "early_growth"
    good_progress = "good_progress"
    well_established = "well_established"

    @property
    def number(self) -> int:
        """1 for foundations up to 4 for well-established."""
        return list(Stage).index(self) + 1


def _one_stage(value: Any) -> Any:
    # A grid marks one cell per row; a list usually means "somewhere between", which the
    # priorities cannot use, so the commissioner is asked to choose.
    if isinstance(value, list | tuple):
        raise ValueError(
            "give one stage per domain, the one that best describes where things stand now "
            f"(choices: {', '.join(Stage)}); put the rest in the evidence"
        )
    return value


class Rating(Model):
    """One domain's rating: the stage reached, and the evidence for it."""

    stage: Annotated[Stage, BeforeValidator(_one_stage)]
    """The single stage that best describes the domain today."""
    evidence: Text
    """What shows the domain is at this stage: documents, data, examples."""

    @property
    def next_stage(self) -> Stage | None:
        """The stage to reach next, or None when the domain is well-established."""
        stages = list(Stage)
        return stages[self.stage.number] if self.stage.number < len(stages) else None


class SelfAssessment(Model):
    """A rating for every domain of the grid. Domain names and stage descriptions are in
    snippets/menus/grid.yaml."""

    strategic_leadership: Rating
    research_and_evidence: Rating
    financial_investment: Rating
    community_involvement: Rating
    strategies_and_policies: Rating
    workforce_development: Rating
    services_and_interventions: Rating
    capacity_building: Rating
    service_user_experience: Rating
    coordination: Rating
    outcomes_and_impact: Rating

    @property
    def ratings(self) -> list[tuple[str, Rating]]:
        """(domain id, rating) in the grid's order."""
        return [(name, getattr(self, name)) for name in type(self).model_fields]

    @property
    def priorities(self) -> list[str]:
        """Domain ids to work on first: the lowest-rated, in grid order (see :func:`priorities`)."""
        return priorities(self.ratings)


def priorities(ratings: list[tuple[str, Rating]], at_least: int = 3) -> list[str]:
    """The lowest-rated domains first, at least ``at_least`` of them (more when stages tie).

    Well-established domains are never suggested: there is no next stage to reach.
    """
    ranked = sorted((r.stage.number, i, name) for i, (name, r) in enumerate(ratings)
                    if r.stage is not Stage.well_established)
    if len(ranked) <= at_least:
        return [name for _, _, name in ranked]
    cut = ranked[at_least - 1][0]
    return [name for stage, _, name in ranked if stage <= cut]
