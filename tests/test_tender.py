"""Tender-ready documents: a contract-clean specification, the invitation to tender beside it, the
commercial schedule, mobilisation and commissioned activity."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import EXAMPLES, MINIMAL
from hypothesis import given, settings
from hypothesis import strategies as st
from inline_answers import answers, write
from typer.testing import CliRunner

from specgen.answers import Answers
from specgen.assembly.activity import plan
from specgen.assembly.checks import advice
from specgen.assembly.evaluation import split
from specgen.cli import LAYOUTS, app
from specgen.document import Document, Table, plain_text
from specgen.errors import AnswersError
from specgen.library.clauses import load_library
from specgen.loader import load
from specgen.pipeline import document_for
from specgen.render.text import to_text

runner = CliRunner()
DASH = "\u2013"
BIDDER = re.compile(r"\b(bidders?|tenderers?)\b", re.IGNORECASE)
WEIGHTS = {"quality_and_innovation": 40, "value": 20, "integration_and_collaboration": 15,
           "access_and_inequalities": 15, "social_value": 10}

VARIED: dict[str, dict[str, Any]] = {
    "minimal": {},
    "psr_england": {"procurement": {"regime": "psr_england", "nation": "england"}},
    "psr_england_weighted": {"procurement": {"regime": "psr_england", "key_criteria": {
        "quality_and_innovation": 45.5, "value": 24.5, "integration_and_collaboration": 10,
        "access_and_inequalities": 13, "social_value": 7}}},
    "psr_wales": {"procurement": {"regime": "psr_wales", "nation": "wales", "process": "competitive"}},
    "act_small": {"procurement": {"regime": "procurement_act", "services": "mixed",
                                  "contract": {"value_gbp": 900_000, "social_value_weighting_pct": 20}}},
    "act_weighted": {"procurement": {"regime": "procurement_act", "evaluation": {
        "quality_pct": 55, "price_pct": 35, "social_value_pct": 10}}},
    "scotland": {"procurement": {"regime": "pcsr_scotland", "nation": "scotland"}},
    "no_social_value": {"procurement": {"regime": "psr_england", "key_criteria": {
        "quality_and_innovation": 60, "value": 20, "integration_and_collaboration": 10,
        "access_and_inequalities": 10}}},
    "targeted_only": {"introduction": {"commissioning": "targeted_interventions"},
                      "service": {"levels": {"specialist": {"included": False}}},
                      "procurement": {"regime": "procurement_act", "contract_term_years": 2}},
    "direct_contract": {"document": {"audience": "contract"}},
}
"""Answer sets that reach every regime, weighting rule and audience."""


def _all_answer_sets() -> list[tuple[str, Answers]]:
    return [*((p.stem, load(p)) for p in EXAMPLES), *((k, answers(**v)) for k, v in VARIED.items())]


ANSWER_SETS = _all_answer_sets()


def _tender(chosen: Answers) -> Document:
    return document_for(chosen, "tender")


def _clause(document: Document, clause_id: str) -> Any:
    return next(c for c in document.clauses() if c.id == clause_id)


def _table(document: Document, clause_id: str, first_header: str) -> Table:
    return next(b for b in _clause(document, clause_id).blocks
                if isinstance(b, Table) and plain_text(b.header[0]) == first_header)


def _cells(table: Table) -> list[list[str]]:
    return [[plain_text(cell) for cell in row] for row in table.rows]


# -- the specification is contract-clean ----------------------------------------------------------

@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("name", "chosen"), ANSWER_SETS, ids=[n for n, _ in ANSWER_SETS])
def test_no_specification_in_any_layout_speaks_to_bidders(name: str, chosen: Answers, layout: str) -> None:
    text = to_text(document_for(chosen, layout=layout))
    assert not BIDDER.findall(text), [line for line in text.splitlines() if BIDDER.search(line)]


def test_no_specification_clause_in_the_library_mentions_bidders() -> None:
    for clause in load_library().clauses:
        assert not BIDDER.search(clause.body_source), clause.path


def test_a_specification_for_a_direct_contract_never_mentions_a_tender() -> None:
    text = to_text(document_for(answers(document={"audience": "contract"}, procurement={
        "regime": "psr_england", "process": "direct_award_c"})))
    assert "tender" not in text.lower()
    assert "direct award process C" in text


def test_a_direct_contract_has_no_invitation_to_tender_and_says_where(tmp_path: Path) -> None:
    source = write(tmp_path, document={"audience": "contract"})
    done = runner.invoke(app, ["build", str(source), "--kind", "tender", "--out", str(tmp_path / "o")])
    assert done.exit_code == 1
    line = next(i for i, s in enumerate(source.read_text().splitlines(), 1) if '"audience"' in s)
    assert f"{source}:{line}:" in done.output and "document.audience:" in done.output
    assert not (tmp_path / "o").exists()


def test_a_direct_award_process_with_a_tender_pack_warns() -> None:
    found = [str(w) for w in advice(answers(procurement={
        "regime": "psr_england", "process": "direct_award_c", "key_criteria": WEIGHTS}), load_library())]
    assert found == ["procurement.process: under the direct award c process providers do not compete, "
                     "so there is no invitation to tender; set document.audience: contract, or choose "
                     "the competitive process"]


# -- the invitation to tender ---------------------------------------------------------------------

def test_build_kind_tender_writes_the_invitation_in_word_and_pdf(tmp_path: Path) -> None:
    source = write(tmp_path, procurement={"regime": "psr_england", "key_criteria": WEIGHTS})
    done = runner.invoke(app, ["build", str(source), "--kind", "spec,tender", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    word = docx.Document(str(tmp_path / "answers.tender.docx"))
    assert word.core_properties.title == "Invitation to tender: Parent-Infant Relationship Service"
    assert word.core_properties.category == "Invitation to tender"
    assert (tmp_path / "answers.tender.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "answers.spec.docx").is_file()


@pytest.mark.parametrize(("name", "chosen"), [s for s in ANSWER_SETS if s[0] != "direct_contract"],
                         ids=[n for n, _ in ANSWER_SETS if n != "direct_contract"])
def test_evaluation_weights_add_up_to_100_in_every_tender(name: str, chosen: Answers) -> None:
    tender = _tender(chosen)
    rows = _cells(_table(tender, "tender.evaluation_model", "Criterion"))
    questions = [float(r[3].rstrip("%")) for r in rows[:-1]]
    assert math.isclose(sum(questions), 100)
    criteria = {r[0]: float(r[1].rstrip("%")) for r in rows[:-1]}
    assert math.isclose(sum(criteria.values()), 100)
    for label, weight in criteria.items():  # each criterion's questions share exactly its weight
        assert math.isclose(sum(float(r[3].rstrip("%")) for r in rows[:-1] if r[0] == label), weight)
    assert rows[-1] == ["Total", "100%", "All questions", "100%"]


def test_the_weights_are_shared_by_largest_remainder_in_half_points() -> None:
    from fractions import Fraction as F
    assert split(40, [F(2), F(1), F(1), F(1), F(1)]) == [13.5, 7.0, 6.5, 6.5, 6.5]
    assert split(15, [F(1), F(1)]) == [7.5, 7.5]
    assert sum(split(12.25, [F(1)] * 3)) == pytest.approx(12.25)


def test_social_value_includes_climate_for_nhs_bodies_and_the_well_being_goals_in_wales() -> None:
    england = to_text(_tender(answers(procurement={"regime": "psr_england", "key_criteria": WEIGHTS})))
    wales = to_text(_tender(answers(procurement={"regime": "psr_wales", "nation": "wales"})))
    council = to_text(_tender(answers(procurement={"regime": "procurement_act", "services": "mixed"})))
    assert "Fighting climate change" in england and "carbon reduction plan" in england
    assert "well-being goals of Wales" in wales and "Fighting climate change" not in wales
    assert "Fighting climate change" not in council and "well-being goals" not in council
    spec = to_text(document_for(answers(procurement={"regime": "psr_england"})))
    assert "social value includes fighting climate change" in spec


def test_each_method_statement_question_has_a_word_limit_a_criterion_and_real_clause_numbers() -> None:
    chosen = load(EXAMPLES[-1])
    spec_headings = {f"{c.number} {c.title}".strip() for c in document_for(chosen).clauses()}
    clause = _clause(_tender(chosen), "tender.method_statements")
    text = "\n".join(plain_text(b.spans) if hasattr(b, "spans") else "" for b in clause.blocks)
    headings = [b.text for b in clause.blocks if b.kind == "subheading"]
    assert len(headings) >= 10
    written = [t for t in re.findall(r"Scored under: (.+?)\. Weight: ([\d.]+)%\. (.+?)\.(?:\n|$)", text)]
    assert len(written) == len(headings)
    assert all(limit.startswith("Word limit: ") or limit == "Answered in: the pricing schedule"
               for _, _, limit in written)
    references = [ref for b in clause.blocks if b.kind == "list" for item in b.items
                  for ref in re.findall(r"\(specification (.+?)\)[;.]?$", plain_text(item))]
    assert references and set(references) <= spec_headings


def test_word_limits_can_be_set_per_question_and_unknown_questions_are_refused(tmp_path: Path) -> None:
    chosen = answers(procurement={"evaluation": {"word_limits": {"service_model": 2000}}})
    assert "Word limit: 2,000." in to_text(_tender(chosen))
    with pytest.raises(AnswersError, match="'servise_model' is not a method statement question; "
                                           "did you mean 'service_model'"):
        load(write(tmp_path, procurement={"evaluation": {"word_limits": {"servise_model": 2000}}}))


def test_evaluation_weights_are_given_all_together_adding_up_to_100(tmp_path: Path) -> None:
    path = write(tmp_path, procurement={"evaluation": {"quality_pct": 60, "price_pct": 30,
                                                       "social_value_pct": 20}})
    with pytest.raises(AnswersError, match=r"procurement\.evaluation\.quality_pct: quality, price and "
                                           "social value add up to 110"):
        load(path)


def test_the_pricing_schedule_lists_each_post_and_every_year_with_its_ceiling() -> None:
    chosen = load(next(p for p in EXAMPLES if p.stem.startswith("northmoor")))
    tender = _tender(chosen)
    posts = _cells(_table(tender, "tender.pricing", "Post"))
    assert [r[:2] for r in posts[:-1]] == [[r.title, f"{r.wte:g}"] for r in chosen.service.team.roles]
    assert all(cell == "" for r in posts for cell in r[2:])  # for bidders to complete
    years = _cells(_table(tender, "tender.pricing", "Contract year"))
    assert [r[0] for r in years] == ["Year 1", "Year 2", "Year 3"]
    assert [r[-1] for r in years] == ["£380,000"] * 3


def test_the_tender_asks_for_employee_liability_information_when_staff_may_transfer() -> None:
    text = to_text(_tender(answers(procurement={"contract": {"tupe": "may_apply"}})))
    assert "employee liability information" in text and "pension scheme" in text


def test_the_timetable_counts_the_lead_in_weeks_from_publication() -> None:
    text = to_text(_tender(answers(procurement={"lead_in_weeks": 14, "timetable": {
        "publication": "2025-07-07"}})))
    assert "Opportunity published | 7 July 2025" in text
    assert "Deadline for bids | 13 October 2025" in text
    assert "time to form partnerships and consortia" in text


def test_a_timetable_out_of_order_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, procurement={"timetable": {"publication": "2025-07-07",
                                                      "bid_deadline": "2025-06-01"}})
    with pytest.raises(AnswersError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.path == "procurement.timetable.bid_deadline"
    assert "2025-06-01 is before publication (2025-07-07)" in problem.message


# -- the commercial schedule ----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "chosen"), ANSWER_SETS, ids=[n for n, _ in ANSWER_SETS])
def test_every_kpi_in_the_schedule_has_rating_bands(name: str, chosen: Answers) -> None:
    document = document_for(chosen)
    rows = _cells(_table(document, "commercial.performance", "KPI"))
    assert [r[0] for r in rows] == [k.name for k in chosen.standards.kpis]
    assert all(len(r) == 5 and all(r[1:]) for r in rows)


def test_a_kpi_without_its_own_bands_is_rated_against_its_target() -> None:
    chosen = answers(standards={"kpis": [{"name": "Families seen", "target": "60 a year"}]},
                     commercial={"performance": {"approaching_within_pct": 10,
                                                 "inadequate_beyond_pct": 25}})
    rows = _cells(_table(document_for(chosen), "commercial.performance", "KPI"))
    assert rows == [["Families seen", "Target met: 60 a year", "Missed by up to 10% of the target",
                     "Missed by more than 10% and up to 25%", "Missed by more than 25%"]]


def test_missed_thresholds_lead_to_a_remedial_action_plan_with_timescales() -> None:
    text = to_text(document_for(answers(commercial={"performance": {
        "remedial_plan_working_days": 15, "recovery_months": 4, "withhold_pct": 2}})))
    assert "send us a remedial action plan within 15 working days of the rating" in text
    assert "back to target within 4 months" in text
    assert "we may withhold 2% of each payment" in text


def test_payment_basis_ceiling_per_year_and_indexation_are_stated() -> None:
    text = to_text(document_for(answers(procurement={"regime": "psr_england", "contract_term_years": 3},
                                        commercial={"payment_basis": "payment_by_outcomes",
                                                    "affordability_ceiling_gbp": [300_000, 310_000, 320_000],
                                                    "indexation": "fixed", "indexation_pct": 2})))
    assert "We will pay the provider by payment by outcomes" in text
    assert "90% of each year's price is paid as a fixed sum; the remaining 10%" in text
    assert "Year 1 | £300,000\nYear 2 | £310,000\nYear 3 | £320,000" in text
    assert "The rise is 2% a year" in text


def test_fixed_indexation_needs_its_percentage(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match=r"commercial\.indexation: fixed indexation needs indexation_pct"):
        load(write(tmp_path, commercial={"indexation": "fixed"}))


# -- dates and mobilisation -----------------------------------------------------------------------

def test_a_review_date_before_the_start_date_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "dates.yaml"
    path.write_text(MINIMAL.replace("  date: 2025-01-01\n", "  date: 2025-01-01\n  review_date: 2026-03-31\n")
                    + "mobilisation:\n  service_start: 2026-04-01\n", encoding="utf-8")
    with pytest.raises(AnswersError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (6, "document.review_date")
    assert "before the service start date (2026-04-01" in problem.message


def test_requirements_bind_from_the_end_of_mobilisation_with_a_plan_and_ramp_up() -> None:
    text = to_text(document_for(answers(mobilisation={"service_start": "2026-04-01", "months": 6,
                                                      "ramp_up_pct": [40, 80]})))
    assert "over the 6 months before 1 April 2026, from 1 October 2025" in text
    assert "The requirements of this specification bind the provider from 1 April 2026" in text
    assert "Team lead appointed | Month 2 of mobilisation" in text
    assert "Referral pathway agreed with referrers and publicised; referrals open on the start date " \
           "| Month 6 of mobilisation" in text
    assert "We expect 40%, 80%, 100% and 100% of full activity in its four quarters, so 80%" in text


def test_a_milestone_after_mobilisation_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, mobilisation={"months": 3, "plan": [{"milestone": "premises", "month": 5}]})
    with pytest.raises(AnswersError, match=r"mobilisation\.plan\[0\]\.month: month 5 falls after"):
        load(path)


def test_mobilisation_that_begins_before_the_contract_is_signed_warns() -> None:
    chosen = answers(procurement={"timetable": {"contract_signed": "2026-02-01"}},
                     mobilisation={"service_start": "2026-04-01", "months": 6})
    assert any(str(w).startswith("mobilisation.months: mobilisation would begin on 2025-10-01")
               for w in advice(chosen, load_library()))


# -- commissioned activity ------------------------------------------------------------------------

def test_activity_plan_totals_match_the_wte_and_the_planned_share() -> None:
    chosen = answers(service={"team": {"roles": [
        {"title": "Psychologist", "profession": "clinical_psychologist", "wte": 2.0},
        {"title": "Health visitor", "profession": "health_visitor", "wte": 1.5},
        {"title": "Administrator", "profession": "administrator", "wte": 1.0}]},
        "levels": {"specialist": {"time_split": {"direct_work_pct": 60, "capacity_building_pct": 40}}}},
        introduction={"demand": {"live_births_per_year": 4000,
                                 "percent_of_live_births": {"low": 1, "high": 2}}},
        procurement={"contract_term_years": 3}, mobilisation={"ramp_up_pct": [50, 100]})
    found = plan(chosen)
    direct = 3.5 * 0.6  # the administrator is not clinical time
    assert (found.clinical_wte, found.direct_wte) == (3.5, pytest.approx(direct))
    families = next(r for r in found.rows if r.measure == "Families starting direct work")
    assert families.full_year == pytest.approx(direct * 20)
    assert families.years == (37, 42, 42)  # 42 a year, 87.5% in the first year
    assert families.total == 121
    assert found.planned == (40.0, 80.0)
    text = to_text(document_for(chosen))
    assert "Specialist | Families starting direct work | 37 | 42 | 42 | 121" in text
    assert f"We plan for the service to work with 1{DASH}2% of births, 40{DASH}80 families a year." in text


def test_planned_activity_far_beyond_the_funded_team_warns() -> None:
    cwm_glas = next(p for p in EXAMPLES if p.stem.startswith("cwm-glas"))
    data = json.loads(json.dumps(load(cwm_glas).model_dump(mode="json", exclude_none=True)))
    del data["introduction"]["demand"]["percent_of_live_births"]
    found = [str(w) for w in advice(Answers.model_validate(data), load_library())]
    (warning,) = [w for w in found if w.startswith("introduction.demand:")]
    assert f"likely demand at the levels covered (390{DASH}450 babies a year)" in warning
    assert "funds about 89 new families a year" in warning


def test_a_planned_share_the_team_cannot_meet_warns_and_one_it_can_does_not() -> None:
    roles = {"team": {"roles": [{"title": "P", "profession": "clinical_psychologist", "wte": 4.0}]}}
    def warnings(low: float, high: float) -> list[str]:
        chosen = answers(service=roles, introduction={"demand": {
            "live_births_per_year": 3000, "percent_of_live_births": {"low": low, "high": high}}})
        return [str(w) for w in advice(chosen, load_library())]
    assert not [w for w in warnings(1, 2) if "percent_of_live_births" in w]  # 40 funded, 30-60 planned
    (w,) = [w for w in warnings(5, 6) if "percent_of_live_births" in w]
    assert f"150{DASH}180 families a year, but the team's 2 WTE of direct work funds about 40" in w


# -- publication ----------------------------------------------------------------------------------

def test_a_final_build_has_no_working_appendices_and_validate_says_so(tmp_path: Path) -> None:
    source = write(tmp_path, document={"status": "final"})
    done = runner.invoke(app, ["build", str(source), "--out", str(tmp_path / "o"), "--format", "docx"])
    assert done.exit_code == 0, done.output
    headings = [p.text for p in docx.Document(str(tmp_path / "o" / "answers.spec.docx")).paragraphs
                if p.style.name == "Heading 1"]
    assert headings and not [h for h in headings if "Readiness" in h or "Where each clause" in h]
    checked = runner.invoke(app, ["validate", str(source)])
    assert "warning: document.status: the document is final, so the readiness and provenance " \
           "appendices (working aids) are left out" in checked.stderr


def test_publish_drops_the_working_appendices_of_a_draft(tmp_path: Path) -> None:
    source = write(tmp_path)
    runner.invoke(app, ["build", str(source), "--out", str(tmp_path / "d"), "--format", "docx"])
    runner.invoke(app, ["build", str(source), "--out", str(tmp_path / "p"), "--format", "docx",
                        "--publish"])
    def heads(folder: str) -> list[str]:
        return [p.text for p in docx.Document(str(tmp_path / folder / "answers.spec.docx")).paragraphs
                if p.style.name == "Heading 1"]
    assert "Appendix B: Readiness checklist" in heads("d")
    assert not [h for h in heads("p") if "Readiness" in h or "Where each clause" in h]


# -- the regulatory clauses, each with the answers that switch it on ------------------------------

REGULATORY = {
    "procurement.registration": "procurement.regulated_activity, procurement.regime, document.audience",
    "procurement.clinical_governance": "procurement.regime, document.audience",
    "procurement.incidents": "procurement.regime, document.audience",
    "procurement.complaints": "procurement.regime, document.audience",
    "procurement.information_governance": "procurement.regime, document.audience",
    "procurement.safer_recruitment": "procurement.regime, document.audience",
    "procurement.subcontracting": "procurement.regime, document.audience",
    "procurement.business_continuity": "procurement.regime, document.audience",
    "procurement.commissioning": "document.commissioners, procurement.commissioning.lead_commissioner, "
                                 "procurement.commissioning.contracting_authority, "
                                 "procurement.commissioning.pooled_budget",
}


def test_each_contract_clause_names_its_source_and_switches_in_the_provenance_appendix() -> None:
    chosen = answers(document={"commissioners": ["An ICB", "A council"]},
                     procurement={"regime": "psr_england"})
    document = document_for(chosen)
    appendix = next(b for b in _clause(document, "provenance.clauses").blocks if isinstance(b, Table))
    rows = {r[0]: r for r in _cells(appendix)}
    for clause_id, switched_by in REGULATORY.items():
        clause = _clause(document, clause_id)
        row = rows[f"{clause.number} {clause.title}"]
        assert row[1] == clause.source and row[1]
        assert row[2] == switched_by


def test_england_names_psirf_dspt_mhsds_and_the_cqc_and_wales_its_own_arrangements() -> None:
    england = to_text(document_for(answers(procurement={"regime": "psr_england", "nation": "england",
                                                        "regulated_activity": True}), publish=True))
    wales = to_text(document_for(answers(procurement={"regime": "psr_wales", "nation": "wales"}),
                                 publish=True))
    for words in ("Patient Safety Incident Response Framework", "Data Security and Protection Toolkit",
                  "Mental Health Services Data Set", "registered with the Care Quality Commission",
                  "Caldicott Guardian", "children's barred list"):
        assert words in england
    for words in ("Putting Things Right", "Wales Accord on the Sharing of Personal Information",
                  "Healthcare Inspectorate Wales", "Welsh Language Standards",
                  "Well-being of Future Generations (Wales) Act 2015",
                  "Social Partnership and Public Procurement (Wales) Act 2023", "socio-economic duty",
                  "Welsh-speaking practitioners"):
        assert words in wales
    assert "Patient Safety Incident Response Framework" not in wales


def test_several_commissioners_name_the_lead_and_a_pooled_budget() -> None:
    text = to_text(document_for(answers(
        document={"commissioners": ["North ICB", "North Council"]},
        procurement={"commissioning": {"lead_commissioner": "North Council", "pooled_budget": True,
                                       "pooled_budget_host": "North ICB"}})))
    assert "North Council is the lead commissioner" in text
    assert "section 75 of the National Health Service Act 2006, hosted by North ICB" in text


# -- the NHS layout's named schedules --------------------------------------------------------------

def test_the_nhs_layout_moves_activity_payment_and_reporting_to_named_schedules() -> None:
    document = document_for(load(EXAMPLES[-1]), layout="nhs")
    homes = {c.id: s.title for s in document.sections for c in s.clauses}
    assert homes["service.activity_plan"] == "Schedule 2B: Indicative activity plan"
    assert homes["commercial.payment"] == "Schedule 3: Payment"
    assert homes["commercial.performance"] == "Schedule 4: Quality requirements and performance"
    assert homes["monitoring.reporting"] == "Schedule 6A: Reporting requirements"
    assert homes["procurement.safeguarding"] == "Schedule 2K: Safeguarding policies"


def test_batch_and_diff_accept_the_tender(tmp_path: Path) -> None:
    old = write(tmp_path, "old.yaml")
    new = write(tmp_path, "new.yaml", procurement={"lead_in_weeks": 20})
    done = runner.invoke(app, ["diff", str(old), str(new), "--kind", "tender"])
    assert done.exit_code == 1, done.output
    assert "~ 2.2 Timetable" in done.stdout and "{+20+}" in done.stdout
    built = runner.invoke(app, ["batch", str(new), "--kind", "tender", "-f", "docx", "--json",
                                "--out", str(tmp_path / "o"), "--jobs", "1"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "o" / "new.tender.docx").is_file()


# -- properties -----------------------------------------------------------------------------------

def _parts(cuts: list[int]) -> list[int]:
    points = [0, *sorted(cuts), 100]
    return [b - a for a, b in itertools.pairwise(points)]


@given(cuts=st.lists(st.integers(0, 100), min_size=4, max_size=4), wales=st.booleans())
@settings(max_examples=40, deadline=None)
def test_any_key_criteria_weights_give_a_tender_whose_weights_add_up_to_100(cuts: list[int],
                                                                               wales: bool) -> None:
    weights = dict(zip(WEIGHTS, _parts(cuts), strict=True))
    chosen = answers(procurement={"regime": "psr_wales" if wales else "psr_england",
                                  "key_criteria": weights})
    model = _tender(chosen)
    rows = _cells(_table(model, "tender.evaluation_model", "Criterion"))
    assert math.isclose(sum(float(r[3].rstrip("%")) for r in rows[:-1]), 100)
    assert {float(r[1].rstrip("%")) for r in rows[:-1]} <= {float(w) for w in weights.values() if w}


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip())


@given(title=TEXT, lot=TEXT, document=TEXT, channel=TEXT)
@settings(max_examples=25, deadline=None)
def test_answer_text_in_the_tender_is_printed_literally(title: str, lot: str, document: str,
                                                        channel: str) -> None:
    chosen = answers(service={"team": {"roles": [{"title": title, "profession": "nurse", "wte": 1.0}]}},
                     procurement={"contract": {"lots": 2, "lot_titles": [lot, "Second"]},
                                  "bid_documents": [document], "clarifications": {"channel": channel}})
    text = " ".join(to_text(_tender(chosen)).split())
    for given_text in (title, lot, document, channel):
        assert " ".join(given_text.split()) in text
