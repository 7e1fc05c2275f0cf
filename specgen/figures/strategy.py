"""The strategy's figures: the self-assessment chart and the theory of change diagram.

Clauses place them with ``![…](figure:strategy-grid)`` and ``![…](figure:strategy-toc)``. The alt
text carries every rating and every step, so the figures add nothing a screen reader misses.
"""

from __future__ import annotations

from typing import Any

from specgen.answers.common import menu
from specgen.answers.grid import SelfAssessment
from specgen.answers.strategy import PairStrategy, TheoryOfChange
from specgen.document import Figure
from specgen.figures.charts import Bar, bar_chart
from specgen.figures.diagrams import Box, flow_diagram

GRID_ID, TOC_ID = "strategy-grid", "strategy-toc"
_TOC_STEPS = (
    ("inputs", ("Inputs",)),
    ("activities", ("Activities",)),
    ("outputs", ("Outputs",)),
    ("short_term", ("Short-term", "outcomes")),
    ("medium_term", ("Medium-term", "outcomes")),
    ("long_term", ("Long-term", "outcomes")),
)


def strategy_figures(plan: PairStrategy | None) -> dict[str, Figure]:
    """Every figure the strategy's clauses may place, keyed by figure id."""
    figures: dict[str, Figure] = {}
    if plan and plan.self_assessment:
        figures[GRID_ID] = grid_chart(plan.self_assessment)
    if plan and plan.theory_of_change:
        figures[TOC_ID] = theory_of_change_diagram(plan.theory_of_change)
    return figures


def grid_chart(grid: SelfAssessment) -> Figure:
    """One bar per domain, from 1 (the first stage) to 4 (the last)."""
    wording: dict[str, Any] = menu("grid")
    stages, domains = wording["stages"], wording["domains"]
    bars = [Bar(f"{domains[d]['title']}: {stages[r.stage].lower()}", r.stage.number, r.stage.number)
            for d, r in grid.ratings]
    scale = ", ".join(f"{i} {name.lower()}" for i, name in enumerate(stages.values(), start=1))
    rated = "; ".join(f"{domains[d]['title']} {r.stage.number}" for d, r in grid.ratings)
    return bar_chart(
        GRID_ID, "Self-assessment: stage reached in each domain", bars, unit="",
        alt=f"Bar chart of the stage reached in each of {len(bars)} domains ({scale}). {rated}.",
        caption="Stage reached in each domain of the self-assessment grid", axis_end=len(stages),
    )


def theory_of_change_diagram(theory: TheoryOfChange) -> Figure:
    """Six boxes, inputs to long-term outcomes, each noting how many items it holds."""
    boxes = [Box(lines, _count(len(getattr(theory, key)))) for key, lines in _TOC_STEPS]
    steps = " Then ".join(f"{' '.join(lines).lower()}: {'; '.join(getattr(theory, key)) or 'to be agreed'}."
                          for key, lines in _TOC_STEPS)
    return flow_diagram(
        TOC_ID, "Theory of change", boxes,
        alt=f"Diagram of six steps joined by arrows, each leading to the next. {steps[0].upper()}{steps[1:]}",
        caption="Theory of change, from inputs to long-term outcomes",
    )


def _count(n: int) -> str:
    return "to be agreed" if n == 0 else f"{n} item" if n == 1 else f"{n} items"
