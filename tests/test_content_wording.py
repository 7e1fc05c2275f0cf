"""Wording that must stay right whatever the answers: safeguarding-safe responses to parents'
wishes, and the guidance and strategy elements the toolkit's B.4 and B.9 call for."""

from __future__ import annotations

from inline_answers import answers

from specgen.assembly.checks import advice
from specgen.library.clauses import load_library
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


# --- B.9: guidance offered where it applies -----------------------------------------------------

def _suggested(**parts: object) -> list[str]:
    return [a.message.split("'")[1] for a in advice(answers(**parts), load_library())
            if a.path == "standards.benchmarks"]


def test_the_default_benchmarks_include_the_antenatal_guideline_and_the_midwives_report() -> None:
    text = to_text(document_for(answers()))
    benchmarks = _section(text, "Benchmarks")
    assert "NICE NG201: Antenatal care" in benchmarks
    professional = benchmarks[benchmarks.index("Royal Colleges and professional bodies"):]
    assert "Royal College of Midwives: Parental emotional wellbeing and infant development (2019)" \
        in professional
    assert _suggested() == []


def test_guidance_that_applies_but_is_left_out_is_suggested() -> None:
    assert _suggested(standards={"benchmarks": ["nice_qs133"]}) == ["nice_ng201", "rcm_2019"]


def test_guidance_that_does_not_apply_is_not_suggested() -> None:
    born = {"age_range": {"start": "birth"}}
    assert _suggested(introduction=born, standards={"benchmarks": ["nice_qs133"]}) == []
    no_midwives = {"partner_services": ["camhs"]}
    assert _suggested(introduction=no_midwives, service={"referral": {"routes": ["camhs"]}},
                      standards={"benchmarks": ["nice_qs133"]}) == ["nice_ng201"]


# --- B.4: the Equality Impact Assessment and the economic case ---------------------------------

def _strategy_text(**strategy: object) -> str:
    return to_text(document_for(answers(strategy=strategy), "strategy"))


def test_a_strategy_without_an_equality_impact_assessment_says_it_is_still_to_be_done() -> None:
    clause = _section(_strategy_text(), "Equality impact")
    assert "An Equality Impact Assessment of this strategy is still to be done" in clause
    assert "public sector equality duty" in clause and "Welsh" not in clause


def test_a_completed_assessment_is_reported_with_its_findings_and_actions() -> None:
    clause = _section(_strategy_text(equality_impact={
        "stage": "complete", "where": "EIA 2025", "findings": ["Fathers are rarely asked."],
        "actions": ["Invite fathers to every contact."]}), "Equality impact")
    assert clause.count("We have assessed the effect of this strategy") == 1
    assert "The assessment is published in: EIA 2025." in clause
    assert "It found that:\n\n- Fathers are rarely asked." in clause
    assert "In response, we will:\n\n- Invite fathers to every contact." in clause


def test_welsh_bodies_also_consider_the_socio_economic_duty_and_the_welsh_language() -> None:
    chosen = answers(procurement={"nation": "wales"}, strategy={})
    clause = _section(to_text(document_for(chosen, "strategy")), "Equality impact")
    assert "socio-economic duty" in clause and "Welsh language" in clause


def test_a_strategy_without_an_economic_case_says_it_is_still_to_be_made() -> None:
    clause = _section(_strategy_text(), "The case for investment")
    assert "The economic case for this strategy is still to be made" in clause


def test_the_economic_case_sets_costs_and_benefits_beside_published_studies() -> None:
    clause = _section(_strategy_text(cost_benefit={
        "costs": "£415,000 a year.", "benefits": ["Fewer care proceedings."],
        "evidence": ["wsipp_benefit_cost"]}), "The case for investment")
    assert "What it costs. £415,000 a year." in clause
    assert "- Fewer care proceedings." in clause
    assert "Washington State Institute for Public Policy" in clause and "Liverpool" not in clause
    assert "not a forecast for Northmoor" in clause
