"""The interview's strategy questions (snippets/questions/80-strategy.yaml)."""

from __future__ import annotations

from specgen.answers.strategy import PairStrategy
from specgen.interview.questions import bundled_catalogue


def test_the_interview_asks_about_every_part_of_the_strategy() -> None:
    (section,) = [s for s in bundled_catalogue().sections if s.id == "strategy"]
    covered = [q.field for q in section.questions] + list(section.not_asked)
    for name in PairStrategy.model_fields:
        assert any(f == f"strategy.{name}" or f.startswith(f"strategy.{name}.") for f in covered), name
