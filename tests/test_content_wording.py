"""Wording that must stay right whatever the answers: safeguarding-safe responses to parents'
wishes, and the guidance and strategy elements the toolkit's B.4 and B.9 call for."""

from __future__ import annotations

from inline_answers import answers

from specgen.pipeline import document_for
from specgen.render.text import to_text

WISH = "To be reassured that asking for help will not mean social care involvement."


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start)
    return text[start:end if end > 0 else None]


def test_a_quoted_wish_is_answered_within_safeguarding_duties_never_promised() -> None:
    chosen = answers(service={"parents_asked_for": [WISH]},
                     procurement={"contract": {"safeguarding_partnership": "the Northmoor Partnership"}})
    clause = _section(to_text(document_for(chosen)), "What local parents have asked for")
    assert f"- {WISH}" in clause
    assert "as far as its safeguarding duties allow, and will not promise what those duties " \
           "rule out" in clause
    assert "cannot, for example, promise a family that asking for help will never lead to " \
           "children's social care becoming involved" in clause
    assert "under the procedures of the Northmoor Partnership" in clause


def test_without_a_named_partnership_the_local_procedures_are_meant() -> None:
    clause = _section(to_text(document_for(answers(service={"parents_asked_for": [WISH]}))),
                      "What local parents have asked for")
    assert "under the procedures of the local safeguarding partnership" in clause


def test_the_strategy_quotes_parents_wishes_with_the_same_limit() -> None:
    chosen = answers(service={"parents_asked_for": [WISH]}, strategy={"views": {"heard": [
        {"who": "Parents' panel", "how": "listening events", "said": ["Help comes too late."]}]}})
    clause = _section(to_text(document_for(chosen, "strategy")), "What families and partners told us")
    assert f"- {WISH}" in clause
    assert "No service can promise that social care will never be involved" in clause
