"""Consistency rules: answers that contradict each other are reported, located at both answers.

Each rule has a minimal answer set that sets it off and a close neighbour that does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from inline_answers import answers, write
from typer.testing import CliRunner

from specgen.assembly.advice import Advice
from specgen.assembly.consistency import RULES
from specgen.cli import app
from specgen.loader import load


def _found(rule: str, **parts: Any) -> list[Advice]:
    return list(RULES[rule](answers(**parts)))


def _strategy(**parts: Any) -> dict[str, Any]:
    return {"strategy": parts}


def _team_budget(amount: str, **extra: Any) -> dict[str, Any]:
    return {"resource": "Specialised parent-infant relationship team", "amount": amount,
            "provided_by": "Pooled budget", "secured": True, **extra}


NAMED_SERVICE = {"service_name": "Northmoor Parent-Infant Relationship Team",
                 "context": "Babies and parents in Northmoor need help."}


# --- annual-value-vs-strategy-budget ----------------------------------------------------------

def test_a_yearly_budget_unlike_the_contracts_annual_value_is_reported_at_both() -> None:
    (found,) = _found("annual-value-vs-strategy-budget", introduction=NAMED_SERVICE,
                      procurement={"contract": {"annual_value_gbp": 380000}},
                      **_strategy(resources=[_team_budget("£420,000 a year")]))
    assert found.path == "procurement.contract.annual_value_gbp"
    assert found.also == ("strategy.resources[0].amount",)
    assert "£380,000 a year" in found.message and "£420,000 a year" in found.message


@pytest.mark.parametrize("resource", [
    _team_budget("£380,000 a year"),
    _team_budget("£0.38 million per year"),
    _team_budget("£420,000 a year", for_this_service=False),
    {**_team_budget("£35,000 a year"), "resource": "Multi-agency training programme"},
])
def test_a_matching_budget_or_one_for_something_else_is_not_reported(resource: dict[str, Any]) -> None:
    assert _found("annual-value-vs-strategy-budget", introduction=NAMED_SERVICE,
                  procurement={"contract": {"annual_value_gbp": 380000}},
                  **_strategy(resources=[resource])) == []


def test_a_resource_marked_for_this_service_is_compared_whatever_its_name() -> None:
    marked = {**_team_budget("£50,000 a year"), "resource": "Pooled fund", "for_this_service": True}
    (found,) = _found("annual-value-vs-strategy-budget", introduction=NAMED_SERVICE,
                      procurement={"contract": {"annual_value_gbp": 380000}},
                      **_strategy(resources=[marked]))
    assert found.also == ("strategy.resources[0].amount",)


# --- unfunded-text-vs-secured-funding ---------------------------------------------------------

def _grid_saying(evidence: str) -> dict[str, Any]:
    stages = {d: {"stage": "foundations", "evidence": "Early days."} for d in (
        "strategic_leadership", "research_and_evidence", "financial_investment",
        "community_involvement", "strategies_and_policies", "workforce_development",
        "services_and_interventions", "capacity_building", "service_user_experience",
        "coordination", "outcomes_and_impact")}
    stages["financial_investment"]["evidence"] = evidence
    return stages


def test_text_saying_the_service_is_unfunded_while_its_funding_is_secured_is_reported() -> None:
    (found,) = _found("unfunded-text-vs-secured-funding", introduction=NAMED_SERVICE, **_strategy(
        resources=[_team_budget("£420,000 a year")],
        self_assessment=_grid_saying("Mapping was paid for; the new team is not yet funded.")))
    assert found.path == "strategy.self_assessment.financial_investment.evidence"
    assert found.also == ("strategy.resources[0].secured",)


@pytest.mark.parametrize(("evidence", "secured"), [
    ("The new team is not yet funded.", False),
    ("Pooled funding for the team was agreed in February 2025.", True),
    ("The training programme is not yet funded.", True),
    ("The peer support scheme is not yet funded beyond March 2026.", True),
])
def test_unfunded_text_about_something_unsecured_or_funding_not_secured_is_not_reported(
        evidence: str, secured: bool) -> None:
    resources = [_team_budget("£420,000 a year", secured=secured),
                 {"resource": "Multi-agency training programme", "provided_by": "Council"}]
    assert _found("unfunded-text-vs-secured-funding", introduction=NAMED_SERVICE, **_strategy(
        resources=resources, self_assessment=_grid_saying(evidence))) == []


# --- readiness-vs-strategy --------------------------------------------------------------------

def _heard(who: str) -> dict[str, Any]:
    return {"views": {"heard": [{"who": who, "how": "a survey", "said": ["Help comes too late."]}]}}


FULL_THEORY = {step: ["Something"] for step in (
    "inputs", "activities", "outputs", "short_term", "medium_term", "long_term")}


@pytest.mark.parametrize(("question", "who"), [
    ("parent_voice", "Parents' panel (14 parents)"),
    ("workforce_views", "Health visitors and midwives (83 practitioners)"),
])
def test_views_heard_while_readiness_says_not_yet_are_reported(question: str, who: str) -> None:
    (found,) = _found("readiness-vs-strategy", **_strategy(**_heard(who)))
    assert (found.path, found.also) == (f"readiness.{question}", ("strategy.views.heard[0].who",))


def test_views_heard_with_readiness_answered_are_not_reported() -> None:
    done = {"answered": True, "where": "Listening report"}
    assert _found("readiness-vs-strategy", readiness={"parent_voice": done, "workforce_views": done},
                  **_strategy(**_heard("Parents and health visitors"))) == []


def test_a_complete_theory_of_change_while_readiness_says_not_yet_is_reported() -> None:
    (found,) = _found("readiness-vs-strategy", **_strategy(theory_of_change=FULL_THEORY))
    assert (found.path, found.also) == ("readiness.theory_of_change", ("strategy.theory_of_change",))


def test_a_draft_theory_of_change_while_readiness_says_not_yet_is_not_reported() -> None:
    draft = {**FULL_THEORY, "medium_term": [], "long_term": []}
    assert _found("readiness-vs-strategy", **_strategy(theory_of_change=draft)) == []


# --- eligibility-vs-levels --------------------------------------------------------------------

def _eligible(difficulty: str, **levels: bool) -> dict[str, Any]:
    return {"service": {"team": {"lead": {"profession": "clinical_psychologist"}},
                        "eligibility": {"geography": "Northmoor", "difficulty": difficulty},
                        "levels": {name: {"included": on} for name, on in levels.items()}}}


@pytest.mark.parametrize(("difficulty", "level"), [("moderate_to_severe", "targeted"),
                                                   ("mild_to_moderate", "specialist")])
def test_eligibility_that_excludes_a_covered_levels_families_is_reported(difficulty: str,
                                                                         level: str) -> None:
    (found,) = _found("eligibility-vs-levels", **_eligible(difficulty))
    assert (found.path, found.also) == ("service.eligibility.difficulty",
                                        (f"service.levels.{level}.included",))


@pytest.mark.parametrize(("difficulty", "levels"), [
    ("all_levels", {}),
    ("moderate_to_severe", {"targeted": False}),
    ("mild_to_moderate", {"specialist": False}),
])
def test_eligibility_that_fits_the_levels_covered_is_not_reported(difficulty: str,
                                                                  levels: dict[str, bool]) -> None:
    assert _found("eligibility-vs-levels", **_eligible(difficulty, **levels)) == []


# --- completed-action-after-document-date -----------------------------------------------------

def _action(deadline: str, status: str = "complete") -> dict[str, Any]:
    return _strategy(actions=[{"action": "Agree terms of reference", "owner": "DPH",
                               "deadline": deadline, "status": status}])


@pytest.mark.parametrize("deadline", ["April 2025", "Q1 2025-26", "2025-06-30", "2026"])
def test_an_action_complete_before_its_deadline_month_has_begun_is_reported(deadline: str) -> None:
    (found,) = _found("completed-action-after-document-date",
                      document={"date": "2025-03-14"}, **_action(deadline))
    assert found.path == "strategy.actions[0].status"
    assert found.also == ("strategy.actions[0].deadline", "document.date")


@pytest.mark.parametrize(("deadline", "status"), [("March 2025", "complete"), ("February 2025", "complete"),
                                                  ("April 2025", "in_progress"), ("when funded", "complete")])
def test_a_complete_action_due_by_the_document_date_or_one_still_open_is_not_reported(
        deadline: str, status: str) -> None:
    assert _found("completed-action-after-document-date", document={"date": "2025-03-14"},
                  **_action(deadline, status)) == []


# --- activity-kpi-vs-objectives ---------------------------------------------------------------

def _training(objective: str, target: str, period: str | None = "1 April 2026 to 31 March 2029",
              name: str = "Practitioners trained") -> dict[str, Any]:
    kpi = {"id": "training_and_consultation_reach", "name": name, "target": target}
    return {"document": {"period": period} if period else {}, "standards": {"kpis": [kpi]},
            **_strategy(objectives=[objective])}


def test_a_training_objective_the_kpi_cannot_reach_in_time_is_reported() -> None:
    (found,) = _found("activity-kpi-vs-objectives", **_training(
        "Train 400 practitioners in identifying relationship difficulties by March 2027.",
        "150 in year one, 250 a year thereafter"))
    assert (found.path, found.also) == ("strategy.objectives[0]", ("standards.kpis[0].target",))
    assert "about 150 by then" in found.message and "1 April 2026" in found.message


def test_a_consultation_objective_the_kpi_cannot_reach_in_time_is_reported() -> None:
    (found,) = _found("activity-kpi-vs-objectives", **_training(
        "Deliver 300 case consultations to health visitors by March 2027.", "At least 8 a month",
        name="Consultation sessions delivered"))
    assert "aims to deliver 300 by March 2027" in found.message and "about 96 by then" in found.message


def test_a_kpi_counting_something_else_is_not_compared() -> None:
    assert _found("activity-kpi-vs-objectives", **_training(
        "Train 400 practitioners by March 2027.", "At least 8 a month",
        name="Consultation sessions delivered")) == []


@pytest.mark.parametrize(("objective", "target", "period"), [
    ("Train 400 practitioners by March 2028.", "150 in year one, 250 a year thereafter",
     "1 April 2026 to 31 March 2029"),
    ("Train 100 practitioners by March 2027.", "At least 10 a month", "1 April 2026 to 31 March 2029"),
    ("Train 400 practitioners by March 2027.", "150 in year one", None),
    ("Agree a care pathway by September 2026.", "150 in year one", "1 April 2026 to 31 March 2029"),
])
def test_a_training_objective_the_kpi_reaches_or_cannot_be_dated_is_not_reported(
        objective: str, target: str, period: str | None) -> None:
    assert _found("activity-kpi-vs-objectives", **_training(objective, target, period)) == []


# --- contract-term-vs-dates -------------------------------------------------------------------

def _dated(period: str | None = None, term: float | None = None, review: str | None = None,
           extensions: list[float] | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {"date": "2025-03-14"}
    if period:
        document["period"] = period
    if review:
        document["review_date"] = review
    procurement: dict[str, Any] = {"contract": {"extensions_years": extensions or []}}
    if term is not None:
        procurement["contract_term_years"] = term
    return {"document": document, "procurement": procurement}


def test_a_contract_term_unlike_the_period_covered_is_reported() -> None:
    (found,) = _found("contract-term-vs-dates", **_dated("1 April 2026 to 31 March 2029", 5))
    assert (found.path, found.also) == ("procurement.contract_term_years", ("document.period",))
    assert "is 5 years, but the period the specification covers is 3.0 years" in found.message


@pytest.mark.parametrize(("review", "also"), [("2025-03-01", "document.date"),
                                              ("2030-01-31", "document.period"),
                                              ("2026-03-01", "document.period")])
def test_a_review_date_before_the_document_or_outside_the_period_is_reported(review: str,
                                                                             also: str) -> None:
    (found,) = _found("contract-term-vs-dates", **_dated("1 April 2026 to 31 March 2029", 3, review))
    assert (found.path, found.also) == ("document.review_date", (also,))


@pytest.mark.parametrize("parts", [
    _dated("1 April 2026 to 31 March 2029", 3, "2027-03-31"),
    _dated("April 2026 to March 2031", 3, extensions=[1, 1]),
    _dated("From April 2026", 5, "2026-09-30"),
    _dated(None, 3, "2026-03-31"),
])
def test_dates_that_agree_or_cannot_be_read_are_not_reported(parts: dict[str, Any]) -> None:
    assert _found("contract-term-vs-dates", **parts) == []


def _starting(start: str, period: str | None = None, term: float | None = 3,
              review: str | None = None) -> dict[str, Any]:
    parts = _dated(period, term, review)
    return {**parts, "mobilisation": {"service_start": start}}


def test_a_review_date_after_the_initial_term_is_reported_without_a_stated_period() -> None:
    (found,) = _found("contract-term-vs-dates", **_starting("2026-04-01", review="2029-06-30"))
    assert (found.path, found.also) == ("document.review_date",
                                        ("mobilisation.service_start", "procurement.contract_term_years"))
    assert "falls outside the initial term (2026-04-01 to 2029-03-31)" in found.message


def test_a_review_date_within_the_initial_term_is_not_reported() -> None:
    assert _found("contract-term-vs-dates", **_starting("2026-04-01", review="2027-03-31")) == []


# --- start-date-vs-period ---------------------------------------------------------------------

@pytest.mark.parametrize("period", ["1 April 2026 to 31 March 2029", "April 2026 to March 2029"])
def test_a_start_date_where_the_period_begins_is_not_reported(period: str) -> None:
    assert _found("start-date-vs-period", **_starting("2026-04-01", period)) == []


def test_a_start_date_outside_the_periods_first_month_is_reported() -> None:
    (found,) = _found("start-date-vs-period", **_starting("2026-09-01", "April 2026 to March 2029"))
    assert (found.path, found.also) == ("mobilisation.service_start", ("document.period",))
    assert "(2026-09-01) is not when the period the specification covers begins (April 2026)" \
        in found.message


def test_the_service_start_date_is_where_kpi_targets_are_counted_from() -> None:
    parts = _training("Train 400 practitioners by March 2027.", "150 in year one, 250 a year thereafter",
                      period=None)
    assert _found("activity-kpi-vs-objectives", **parts) == []
    (found,) = _found("activity-kpi-vs-objectives",
                      **{**parts, "mobilisation": {"service_start": "2026-04-01"}})
    assert "counting from the service's start on 1 April 2026" in found.message


# --- author-is-provider-lead ------------------------------------------------------------------

def _written_by(author: str, provider_lead: str | None = None, host: str | None = None,
                process: str | None = None) -> dict[str, Any]:
    parts: dict[str, Any] = {
        "document": {"commissioners": ["Cwm Glas University Health Board"],
                     "change_log": [{"version": "0.4", "date": "2025-03-21", "author": author,
                                     "summary": "Changed the time split."}],
                     **({"provider_lead": provider_lead} if provider_lead else {})},
        "service": {"team": {"lead": {"profession": "clinical_psychologist"},
                             **({"host": host} if host else {})},
                    "eligibility": {"geography": "Cwm Glas"}}}
    if process:
        parts["procurement"] = {"nation": "wales", "services": "healthcare", "regime": "psr_wales",
                                "process": process}
    return parts


def test_an_author_named_as_the_providers_lead_is_reported_for_a_competitive_process() -> None:
    (found,) = _found("author-is-provider-lead", **_written_by(
        "Rhiannon Pryce-Jenkins and Dr Gethin Morgan (consultant child psychotherapist)",
        provider_lead="Dr Gethin Morgan, Consultant Child Psychotherapist (interim)",
        process="competitive"))
    assert (found.path, found.also) == ("document.change_log[0].author", ("document.provider_lead",))
    assert found.message.startswith("Gethin Morgan helped write this specification")


def test_an_author_from_the_organisation_named_to_host_the_service_is_reported() -> None:
    (found,) = _found("author-is-provider-lead", **_written_by(
        "Dr Owen Hale (clinical adviser, Northmoor NHS Foundation Trust)",
        host="the CAMHS directorate of Northmoor NHS Foundation Trust"))
    assert (found.path, found.also) == ("document.change_log[0].author", ("service.team.host",))
    assert "Northmoor NHS Foundation Trust" in found.message


@pytest.mark.parametrize("parts", [
    _written_by("Rhiannon Pryce-Jenkins", provider_lead="Dr Gethin Morgan"),
    _written_by("Dr Gethin Morgan", provider_lead="Dr Gethin Morgan", process="direct_award_2"),
    _written_by("Rhiannon Pryce-Jenkins, Cwm Glas University Health Board",
                host="the Infant Mental Health Service, Cwm Glas University Health Board"),
])
def test_authors_apart_from_the_provider_or_a_direct_award_are_not_reported(
        parts: dict[str, Any]) -> None:
    assert _found("author-is-provider-lead", **parts) == []


# --- Every rule, every example; and where the warnings appear ---------------------------------

def test_every_rule_has_a_name_a_summary_and_a_test_above() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for name, each in RULES.items():
        assert each.summary.endswith("."), name
        assert f'"{name}"' in source, f"rule {name} has no test in {Path(__file__).name}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_rule_finds_a_contradiction_in_any_example(example: Path) -> None:
    chosen = load(example)
    assert [str(found) for each in RULES.values() for found in each(chosen)] == []


def _contradicting(tmp_path: Path) -> Path:
    return write(tmp_path, **_eligible("moderate_to_severe", targeted=True))


def _line_of(path: Path, text: str) -> int:
    return next(i for i, s in enumerate(path.read_text().splitlines(), start=1) if text in s)


def test_validate_locates_a_contradiction_at_both_answers(tmp_path: Path) -> None:
    source = _contradicting(tmp_path)
    done = CliRunner().invoke(app, ["validate", str(source)])
    assert done.exit_code == 0
    line = next(s for s in done.stderr.splitlines() if "eligibility.difficulty" in s)
    difficulty, targeted = _line_of(source, '"difficulty"'), _line_of(source, '"targeted"') + 1
    assert line.startswith(f"{source}:{difficulty}:")
    assert f"(see also {source}:{targeted}:" in line
    assert line.endswith(": service.levels.targeted.included)")


def test_build_prints_the_same_located_warnings_as_validate(tmp_path: Path) -> None:
    source = _contradicting(tmp_path)
    checked = CliRunner().invoke(app, ["validate", str(source)])
    built = CliRunner().invoke(app, ["build", str(source), "--out", str(tmp_path), "--format", "docx"])
    assert built.exit_code == 0
    warned = [s for s in built.stderr.splitlines() if ": warning: " in s]
    assert warned and warned == [s for s in checked.stderr.splitlines() if ": warning: " in s]
