"""The figures a document can show, computed from the answers before assembly.

The pipeline calls :func:`figures_for` and hands the result to ``assemble(..., figures=...)``; a
clause places one with a line ``![alt](figure:ID)``. Each figure carries alt text that gives its
numbers, so a reader who cannot see the chart loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from specgen.answers import Answers
from specgen.assembly.demand import LEVEL_LABELS, view
from specgen.document import Figure
from specgen.figures.charts import Bar, bar_chart
from specgen.figures.strategy import strategy_figures
from specgen.needs import need
from specgen.numbers import signed


def figures_for(answers: Answers, kind: str) -> dict[str, Figure]:
    """Every figure the clauses of ``kind`` may place, by id."""
    makers = _MAKERS.get(kind, ())
    figures = {figure.id: figure for figure in (make(answers) for make in makers)}
    if kind == "strategy":  # these depend on which strategy answers are given, so may be absent
        figures.update(strategy_figures(answers.strategy))
    return figures


def needs_levels(answers: Answers) -> Figure:
    """The six levels of need as shares of the year's live births (toolkit B.1)."""
    adversity = answers.introduction.demand.adversity().pct
    levels = need(adversity)
    shown = view(answers)
    numbers = "; ".join(
        f"{row.label.lower()}: {row.amount.pct}" + (f" ({row.amount.babies} babies)" if shown.births else "")
        for row in shown.levels
    )
    births = f", {shown.births} live births a year" if shown.births else ""
    return bar_chart(
        "needs-levels",
        "Estimated share of the year's live births at each level of need",
        [Bar(LEVEL_LABELS[key], share.low, share.high) for key, share in levels.items()],
        unit="%",
        alt=f"Bar chart of estimated need among babies born each year in {answers.document.area}: "
            f"{numbers}.",
        caption=f"Levels of need in {answers.document.area} (adversity {signed(adversity)}% against "
                f"the UK average{births})",
    )


_MAKERS: dict[str, tuple[Callable[[Answers], Figure], ...]] = {
    "spec": (needs_levels,),
    "strategy": (needs_levels,),
}
