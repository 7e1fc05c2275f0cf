"""Procurement regimes: each brings its award process to the invitation to tender and the contract
clauses to the specification, and warns on conflicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from inline_answers import answers, write
from typer.testing import CliRunner

from specgen.answers import Answers
from specgen.assembly.checks import advice
from specgen.cli import app
from specgen.errors import AnswersError
from specgen.library.clauses import load_library
from specgen.loader import load
from specgen.pipeline import document_for
from specgen.render.text import to_text

REGIME_CLAUSES = {"psr_england": "tender.psr_england", "psr_wales": "tender.psr_wales",
                  "procurement_act": "tender.procurement_act", "pcsr_scotland": "tender.pcsr_scotland"}
PARTICULARS = {"procurement.safeguarding", "procurement.data_protection", "procurement.equalities",
               "procurement.exit", "procurement.clinical_governance", "procurement.incidents",
               "procurement.complaints", "procurement.information_governance",
               "procurement.safer_recruitment", "procurement.subcontracting",
               "procurement.business_continuity", "commercial.payment"}
WEIGHTS = {"quality_and_innovation": 40, "value": 20, "integration_and_collaboration": 15,
           "access_and_inequalities": 15, "social_value": 10}


def _warnings(chosen: Answers) -> list[str]:
    return [str(w) for w in advice(chosen, load_library())]


def _ids(chosen: Answers, kind: str = "spec") -> set[str]:
    return {c.id for c in document_for(chosen, kind).clauses()}


def _act(**contract: Any) -> dict[str, Any]:
    return {"regime": "procurement_act", "services": "mixed", "contract": contract}


@pytest.mark.parametrize(("regime", "says"), [
    ("psr_england", "Health Care Services (Provider Selection Regime) Regulations 2023"),
    ("psr_wales", "Health Services (Provider Selection Regime) (Wales) Regulations 2025"),
    ("procurement_act", "under the Procurement Act 2023"),
    ("pcsr_scotland", "Public Contracts (Scotland) Regulations 2015"),
])
def test_each_regime_brings_its_award_process_to_the_tender_and_contract_clauses_to_the_spec(
        regime: str, says: str) -> None:
    chosen = answers(procurement={"regime": regime})
    tender = _ids(chosen, "tender")
    assert {c for c in REGIME_CLAUSES.values() if c in tender} == {REGIME_CLAUSES[regime]}
    assert says in to_text(document_for(chosen, "tender"))
    assert _ids(chosen) >= PARTICULARS


def test_without_a_regime_the_tender_says_so_and_the_spec_has_no_contract_clauses() -> None:
    assert "tender.no_regime" in _ids(answers(), "tender")
    assert not _ids(answers()) & PARTICULARS


def test_a_specification_for_a_direct_contract_carries_the_contract_clauses_without_a_regime() -> None:
    assert _ids(answers(document={"audience": "contract"})) >= PARTICULARS


def test_the_provider_selection_regime_names_the_process_and_weighs_the_key_criteria() -> None:
    weights = {**WEIGHTS, "quality_and_innovation": 50, "integration_and_collaboration": 10,
               "access_and_inequalities": 10}
    text = to_text(document_for(answers(procurement={
        "regime": "psr_england", "process": "competitive", "key_criteria": weights}), "tender"))
    assert "using the competitive process" in text
    assert "Quality and innovation | 50% | Q1 Service model and care pathway |" in text
    assert "Improving access, reducing health inequalities and facilitating choice | 10% | Q" in text


def test_welsh_answers_print_the_welsh_process_and_key_criteria_names() -> None:
    chosen = answers(procurement={"regime": "psr_wales", "nation": "wales", "process": "direct_award_2",
                                  "key_criteria": WEIGHTS})
    spec, tender = to_text(document_for(chosen)), to_text(document_for(chosen, "tender"))
    assert "The Health Services (Provider Selection Regime) (Wales) Regulations 2025, Direct Award " \
           "Process 2" in spec
    assert "using the Direct Award Process 2" in tender
    assert "- Social responsibility" in tender and "- Collaboration and service sustainability" in tender


@pytest.mark.parametrize(("regime", "process", "suggests"), [
    ("psr_wales", "direct_award_c", "direct_award_1 and direct_award_2 (there is no process B)"),
    ("psr_england", "direct_award_1", "direct_award_a, direct_award_b and direct_award_c"),
])
def test_a_process_of_the_other_nation_is_refused_at_its_line(tmp_path: Path, regime: str, process: str,
                                                              suggests: str) -> None:
    path = write(tmp_path, procurement={"regime": regime, "process": process})
    with pytest.raises(AnswersError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.path == "procurement.process" and suggests in problem.message
    assert problem.line == next(i for i, s in enumerate(path.read_text().splitlines(), 1) if '"process"' in s)


def test_key_criteria_weights_must_add_up_to_100(tmp_path: Path) -> None:
    path = write(tmp_path, procurement={"regime": "psr_england", "key_criteria": {"value": 60,
                                                                                   "social_value": 30}})
    with pytest.raises(AnswersError, match=r"procurement\.key_criteria: the weights add up to 90"):
        load(path)


def test_the_procurement_act_tender_sets_outcomes_and_equivalents() -> None:
    text = to_text(document_for(answers(procurement=_act(value_gbp=6_000_000)), "tender"))
    assert "The specification describes what the service must achieve." in text
    assert "an equivalent that the bidder shows will achieve the same outcomes" in text
    assert "most advantageous tender" in text


def test_above_5m_the_kpi_duty_is_stated_with_its_exemptions() -> None:
    text = to_text(document_for(answers(procurement=_act(value_gbp=6_000_000))))
    assert "where a contract's estimated value is above £5 million and no exemption applies " \
           "(light touch contracts" in text
    assert "we must set at least three key performance indicators, publish them" in text
    assert "whether it is a light touch contract will be confirmed" in text
    assert "good, approaching target, requires improvement or inadequate" in text


def test_at_or_below_5m_the_kpi_duty_is_said_not_to_apply() -> None:
    text = to_text(document_for(answers(procurement=_act(value_gbp=900_000))))
    assert "applies only to contracts with an estimated value above £5 million" in text
    assert "so the duty does not apply" in text and "we must set at least three" not in text


def test_a_light_touch_contract_is_exempt_from_the_kpi_duty_and_its_warning() -> None:
    chosen = answers(procurement=_act(value_gbp=6_000_000, light_touch=True, no_lots_reason="One team."),
                     standards={"kpis": [{"name": "A", "target": "1"}]})
    assert "This contract is a light touch contract, to which that duty does not apply" in to_text(
        document_for(chosen))
    assert not any(w.startswith("standards.kpis") for w in _warnings(chosen))


def test_above_5m_fewer_than_three_kpis_warns_under_the_procurement_act() -> None:
    two = [{"name": "A", "target": "1"}, {"name": "B", "target": "2"}]
    chosen = answers(procurement=_act(value_gbp=5_000_001, no_lots_reason="One team."),
                     standards={"kpis": two})
    assert _warnings(chosen) == ["standards.kpis: the contract is worth more than £5 million, so at "
                                 "least three KPIs are to be published; the answers give 2"]
    three = answers(procurement=_act(value_gbp=5_000_001, no_lots_reason="One team."),
                    standards={"kpis": [*two, {"name": "C", "target": "3"}]})
    assert _warnings(three) == []


def test_a_single_lot_without_a_reason_warns_under_the_procurement_act() -> None:
    assert any(w.startswith("procurement.contract: give no_lots_reason")
               for w in _warnings(answers(procurement=_act())))


@pytest.mark.parametrize("choice", [{"name": "Mellow Babies"}, {"name": "VIG"}])
def test_a_named_programme_without_or_equivalent_warns_under_the_procurement_act(
        choice: dict[str, Any]) -> None:
    chosen = answers(procurement=_act(no_lots_reason="One team."),
                     standards={"interventions": {"targeted": [choice]}})
    (warning,) = _warnings(chosen)
    assert warning.startswith("standards.interventions.targeted[0]: ")
    assert "add or_equivalent: true" in warning


@pytest.mark.parametrize(("level", "choice"), [
    ("targeted", {"name": "Mellow Babies", "or_equivalent": True}),
    ("targeted", "Mellow Babies or equivalent"),
    ("specialist", "Parent-infant psychotherapy"),  # a kind of therapy, not a brand
])
def test_an_equivalent_or_a_generic_therapy_does_not_warn(level: str, choice: Any) -> None:
    chosen = answers(procurement=_act(no_lots_reason="One team."),
                     standards={"interventions": {level: [choice]}})
    assert _warnings(chosen) == []


def test_a_named_programme_is_fine_under_a_provider_selection_regime() -> None:
    chosen = answers(procurement={"regime": "psr_england", "key_criteria": WEIGHTS},
                     standards={"interventions": {"targeted": ["Mellow Babies"]}})
    assert _warnings(chosen) == []


def test_the_interventions_table_adds_or_equivalent_once() -> None:
    text = to_text(document_for(answers(standards={"interventions": {"targeted": [
        {"name": "Mellow Babies", "or_equivalent": True}, "Circle of Security or equivalent"]}})))
    assert "Targeted | Mellow Babies or equivalent | Group" in text
    assert "Targeted | Circle of Security or equivalent | Group" in text


@pytest.mark.parametrize(("regime", "nation", "expected"), [
    ("psr_wales", "england", "procurement.regime: the Health Services (Provider Selection Regime) "
                             "(Wales) Regulations 2025 is for Wales, but the commissioners are in England"),
    ("psr_england", "wales", "procurement.regime: the Provider Selection Regime 2023 (England) is for "
                             "England, but the commissioners are in Wales"),
    ("pcsr_scotland", "england", "is for Scotland, but the commissioners are in England"),
    ("procurement_act", "scotland", "the commissioners are in Scotland"),
])
def test_a_regime_for_another_nation_warns(regime: str, nation: str, expected: str) -> None:
    found = _warnings(answers(procurement={"regime": regime, "nation": nation}))
    assert any(expected in w for w in found), found


def test_a_regime_matching_the_nation_does_not_warn() -> None:
    assert _warnings(answers(procurement={"regime": "psr_wales", "nation": "wales",
                                          "key_criteria": WEIGHTS})) == []


def test_a_provider_selection_regime_for_mixed_services_warns() -> None:
    found = _warnings(answers(procurement={"regime": "psr_england", "services": "mixed"}))
    assert found and found[0].startswith("procurement.services: the services are a mix of")


def test_the_procurement_act_for_healthcare_in_england_warns() -> None:
    found = _warnings(answers(procurement={**_act(no_lots_reason="x"), "services": "healthcare",
                                           "nation": "england"}))
    assert found == ["procurement.services: healthcare services are procured under the Provider "
                     "Selection Regime in England (psr_england), not the Procurement Act 2023; check "
                     "the regime with your procurement lead"]


def test_a_selection_process_or_key_criteria_outside_a_provider_selection_regime_warn() -> None:
    found = _warnings(answers(procurement={**_act(no_lots_reason="x"), "process": "competitive",
                                           "key_criteria": {"value": 100}}))
    assert [w.split(":")[0] for w in found] == ["procurement.process", "procurement.key_criteria"]


def test_a_social_value_weighting_that_disagrees_with_the_key_criterion_warns() -> None:
    chosen = answers(procurement={"regime": "psr_england", "contract": {"social_value_weighting_pct": 15},
                                  "key_criteria": {"value": 90, "social_value": 10}})
    assert _warnings(chosen) == ["procurement.contract.social_value_weighting_pct: says 15%, but the "
                                 "social value key criterion weighs 10%; make them agree"]


def test_welsh_bodies_get_the_welsh_language_clause_and_others_do_not() -> None:
    assert "procurement.welsh_language" in _ids(answers(procurement={"nation": "wales"}))
    assert "procurement.welsh_language" not in _ids(answers(procurement={"nation": "england"}))


def test_the_contract_particulars_give_term_extensions_and_value_and_the_tender_lots_and_tupe() -> None:
    chosen = answers(procurement={
        "regime": "psr_england", "contract_term_years": 3, "contract": {
            "extensions_years": [1, 1], "value_gbp": 1_900_000, "annual_value_gbp": 380_000,
            "no_lots_reason": "One team works across all levels.", "social_value_weighting_pct": 10,
            "tupe": "may_apply", "exit_notice_months": 9}})
    spec, tender = to_text(document_for(chosen)), to_text(document_for(chosen, "tender"))
    assert "We may extend it twice, by 1 year each time, to a maximum of 5 years in all." in spec
    assert "£1,900,000 over the whole term, including any extensions (about £380,000 a year)" in spec
    assert "At least 9 months before the contract ends" in spec
    assert "The contract is let as a single lot. One team works across all levels." in tender
    assert "Social value | 10% | Q" in tender
    assert "employee liability information" in tender and "employee liability" not in spec


def test_validate_prints_located_warnings_on_stderr_and_still_exits_0(tmp_path: Path) -> None:
    source = write(tmp_path, procurement={"regime": "psr_wales", "nation": "england"})
    done = CliRunner().invoke(app, ["validate", str(source)])
    assert done.exit_code == 0
    line = next(s for s in done.stderr.splitlines() if "procurement.regime" in s)
    expected_line = next(i for i, s in enumerate(source.read_text().splitlines(), start=1)
                         if '"regime"' in s)
    assert line.startswith(f"{source}:{expected_line}:")
    assert ": warning: procurement.regime: " in line
    assert "procurement.regime" not in done.stdout


def test_build_prints_the_regime_warnings_with_the_document(tmp_path: Path) -> None:
    source = write(tmp_path, procurement={"regime": "psr_wales", "nation": "england"})
    done = CliRunner().invoke(app, ["build", str(source), "--out", str(tmp_path), "--format", "docx"])
    assert done.exit_code == 0
    line = next(s for s in done.stderr.splitlines() if "procurement.regime" in s)
    assert line.startswith(f"{source}:") and ": warning: procurement.regime: " in line
