"""The PAIR strategy (toolkit B.4): derived gaps, the self-assessment grid, and the built document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from conftest import EXAMPLES, MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from word_reading import headings

from specgen.answers.common import menu
from specgen.answers.grid import Rating, SelfAssessment, Stage, priorities
from specgen.answers.mapping import MappingRow, derive_gaps
from specgen.cli import app
from specgen.errors import AnswersError
from specgen.loader import load, validate
from specgen.pipeline import build, document_for
from specgen.render.text import to_text

DOMAINS = list(SelfAssessment.model_fields)
# The fourteen things toolkit B.4 says a strategy describes, by the clause that describes each.
ELEMENTS = ("why.nature", "why.vision", "now.need", "now.views", "now.gaps", "plan.aims",
            "plan.theory_of_change", "plan.actions", "plan.resources", "delivery.governance",
            "delivery.communications", "plan.workforce", "delivery.review", "delivery.risks")
STAGE_NAMES = ("Foundations", "Early growth", "Good progress", "Well-established")


def row(**answers: Any) -> MappingRow:
    base = {"area": "health_visiting", "service": "Health visiting", "focus": "relationship",
            "levels": ["targeted"]}
    return MappingRow.model_validate({**base, **answers})


def kinds(rows: list[MappingRow]) -> list[str]:
    """The gaps found in the services themselves (not the levels nobody covers)."""
    return [gap.kind for gap in derive_gaps(rows) if gap.service]


def write(tmp_path: Path, strategy: str) -> Path:
    path = tmp_path / "area.yaml"
    path.write_text(MINIMAL + strategy, encoding="utf-8")
    return path


def grid_yaml(stages: dict[str, str] | None = None, leave_out: str = "") -> str:
    chosen = stages or {}
    return "".join(f"    {d}: {{stage: {chosen.get(d, 'early_growth')}, evidence: Seen.}}\n"
                   for d in DOMAINS if d != leave_out)


# --- gaps derived from the service mapping ---------------------------------------------------

def test_it_derives_a_gap_from_each_clear_no_in_a_mapping_row() -> None:
    gaps = kinds([row(assessment=False, fathers=False, self_referral=False, antenatal=False,
                      capacity="insufficient")])
    assert gaps == ["no_assessment", "not_for_fathers", "no_self_referral", "no_antenatal",
                    "capacity_insufficient"]


def test_it_derives_no_gap_from_a_question_left_unanswered() -> None:
    assert kinds([row()]) == []


def test_it_keeps_a_restriction_in_the_words_of_the_mapping() -> None:
    (gap, *_) = derive_gaps([row(restrictions="mothers under the perinatal team only")])
    assert (gap.kind, gap.service, gap.area, gap.detail) == (
        "restricted", "Health visiting", "health_visiting", "mothers under the perinatal team only")


def test_it_does_not_expect_an_individual_assessment_before_a_universal_offer() -> None:
    assert "no_assessment" not in kinds([row(levels=["universal"], assessment=False)])
    assert "no_assessment" in kinds([row(levels=["universal", "targeted"], assessment=False)])


def test_it_reports_each_level_no_relationship_focused_service_covers() -> None:
    rows = [row(levels=["universal", "targeted"]),
            row(service="Perinatal team", focus="parent_mental_health", levels=["specialist"])]
    assert [gap.kind for gap in derive_gaps(rows)] == ["parent_focus_only", "no_specialist"]


def test_it_reports_no_missing_level_before_anything_is_mapped() -> None:
    assert derive_gaps([]) == []


def test_a_service_with_a_mix_of_levels_covers_each_of_them() -> None:
    assert [g.kind for g in derive_gaps([row(levels=["universal", "targeted", "specialist"])])] == []


def test_limited_and_insufficient_capacity_are_different_gaps() -> None:
    assert kinds([row(capacity="limited")]) == ["capacity_limited"]
    assert kinds([row(capacity="sufficient")]) == []


def test_derived_gaps_reach_the_specification_background(tmp_path: Path) -> None:
    path = write(tmp_path, "strategy:\n  mapping:\n    - {area: midwifery, service: Antenatal classes,"
                           " focus: relationship, levels: [universal], fathers: false}\n")
    background = next(c for c in document_for(load(path), "spec").clauses()
                      if c.id == "introduction.background")
    text = "\n".join(_block_text(block) for block in background.blocks)
    assert "Antenatal classes (midwifery): not open to fathers or co-parents" in text
    assert "No service offers specialist parent-infant relationship intervention" in text


def test_a_specification_without_mapping_says_nothing_about_gaps(tmp_path: Path) -> None:
    text = to_text(document_for(load(write(tmp_path, "")), "spec"))
    assert "found these gaps" not in text


# --- the self-assessment grid ------------------------------------------------------------------

def test_every_domain_of_the_grid_must_be_rated(tmp_path: Path) -> None:
    path = write(tmp_path, "strategy:\n  self_assessment:\n" + grid_yaml(leave_out="coordination"))
    with pytest.raises(AnswersError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.path == "strategy.self_assessment.coordination"
    assert "required" in problem.message


def test_a_domain_is_given_one_stage_not_several(tmp_path: Path) -> None:
    grid = grid_yaml().replace("{stage: early_growth,", "{stage: [foundations, early_growth],", 1)
    with pytest.raises(AnswersError) as caught:
        load(write(tmp_path, "strategy:\n  self_assessment:\n" + grid))
    (problem,) = caught.value.problems
    assert problem.path == f"strategy.self_assessment.{DOMAINS[0]}.stage"
    assert "one stage per domain" in problem.message


def test_a_domain_cannot_be_rated_twice(tmp_path: Path) -> None:
    grid = grid_yaml() + f"    {DOMAINS[0]}: {{stage: well_established, evidence: Again.}}\n"
    with pytest.raises(AnswersError) as caught:
        load(write(tmp_path, "strategy:\n  self_assessment:\n" + grid))
    assert "duplicate" in str(caught.value)


def test_a_stage_must_be_one_of_the_four(tmp_path: Path) -> None:
    grid = grid_yaml().replace("early_growth", "early_grwth", 1)
    with pytest.raises(AnswersError) as caught:
        load(write(tmp_path, "strategy:\n  self_assessment:\n" + grid))
    assert "early_growth" in str(caught.value)


def test_the_grid_wording_covers_every_domain_and_stage() -> None:
    wording = menu("grid")
    assert list(wording["domains"]) == DOMAINS
    assert list(wording["stages"]) == [stage.value for stage in Stage]
    for domain in wording["domains"].values():
        assert all(domain[stage.value].strip() for stage in Stage)


def test_stages_are_numbered_one_to_four() -> None:
    assert [stage.number for stage in Stage] == [1, 2, 3, 4]


def _rated(*stages: str) -> list[tuple[str, Rating]]:
    return [(f"d{i}", Rating(stage=Stage(s), evidence="x")) for i, s in enumerate(stages)]


def test_priorities_start_from_the_lowest_rated_domains() -> None:
    ratings = _rated("good_progress", "foundations", "well_established", "early_growth", "good_progress")
    assert priorities(ratings) == ["d1", "d3", "d0", "d4"]


def test_priorities_include_every_domain_tied_at_the_cut() -> None:
    assert priorities(_rated("foundations", "early_growth", "early_growth", "early_growth",
                             "good_progress")) == ["d0", "d1", "d2", "d3"]


def test_a_well_established_domain_is_never_a_priority() -> None:
    assert priorities(_rated("well_established", "well_established")) == []


# --- risks -----------------------------------------------------------------------------------

def test_a_typical_risk_can_be_named_by_its_id_alone(tmp_path: Path) -> None:
    answers = load(write(tmp_path, "strategy:\n  risks: [insecure_funding]\n"))
    assert answers.strategy is not None
    (risk,) = answers.strategy.risks
    assert (risk.typical, risk.risk) == ("insecure_funding", None)


def test_a_mistyped_risk_id_gets_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(AnswersError) as caught:
        load(write(tmp_path, "strategy:\n  risks: [insecure_fundng]\n"))
    assert "did you mean 'insecure_funding'" in str(caught.value)


def test_a_risk_must_say_what_it_is(tmp_path: Path) -> None:
    with pytest.raises(AnswersError) as caught:
        load(write(tmp_path, "strategy:\n  risks:\n    - {likelihood: high}\n"))
    assert "name a typical risk" in str(caught.value)


def test_the_typical_risks_are_the_default_register(tmp_path: Path) -> None:
    answers = load(write(tmp_path, "strategy: {}\n"))
    assert answers.strategy is not None
    assert [r.typical for r in answers.strategy.risks] == list(menu("risks"))


# --- building the strategy -------------------------------------------------------------------

def test_building_a_strategy_without_a_strategy_part_names_the_missing_key(
        minimal_answers: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(minimal_answers), "--kind", "strategy",
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"{minimal_answers}:1:1: strategy: the answers have no 'strategy:' part, which --kind "
        "strategy needs; add one (see examples/northmoor-new-team.yaml) or build --kind spec"]
    assert not (tmp_path / "out").exists()


def test_an_empty_strategy_still_has_every_element(tmp_path: Path) -> None:
    document = document_for(load(write(tmp_path, "strategy: {}\n")), "strategy")
    assert set(ELEMENTS) <= {clause.id for clause in document.clauses()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("strategy")
    return {example.stem: {path.suffix: path for path in
                           build(example, out, kinds=("strategy",)).outputs}
            for example in EXAMPLES}


def test_each_example_strategy_has_a_heading_for_every_element_in_both_formats(
        built: dict[str, dict[str, Path]]) -> None:
    for example in EXAMPLES:
        titles = [c.title for c in document_for(load(example), "strategy").clauses()
                  if c.id in ELEMENTS]
        assert len(titles) == len(ELEMENTS)
        word, pdf = _word_headings(built[example.stem][".docx"]), _pdf_outline(built[example.stem][".pdf"])
        for title in titles:
            assert any(h.endswith(" " + title) for h in word), (example.stem, title)
            assert any(h.endswith(" " + title) for h in pdf), (example.stem, title)


def test_each_example_strategy_shows_the_four_stages_and_charts_in_both_formats(
        built: dict[str, dict[str, Path]]) -> None:
    for files in built.values():
        word = docx.Document(str(files[".docx"]))
        word_text = "\n".join(cell.text for table in word.tables for cell in table.rows[0].cells)
        pdf = pypdf.PdfReader(str(files[".pdf"]))
        pdf_text = " ".join(page.extract_text() for page in pdf.pages)
        for stage in STAGE_NAMES:
            assert stage in word_text and stage in pdf_text
        assert len(word.inline_shapes) >= 2  # the grid chart and the theory of change at least
        # The PDF draws charts as vector graphics, so look for text that only the drawings hold.
        assert "Self-assessment: stage reached in each domain" in pdf_text
        assert "Medium-term" in pdf_text and "3 items" in pdf_text


def _word_headings(path: Path) -> list[str]:
    return headings(path, ("Heading 2",))  # numbered as Word numbers them


def _pdf_outline(path: Path) -> list[str]:
    def walk(items: list[Any]) -> list[str]:
        return [t for item in items for t in (walk(item) if isinstance(item, list) else [item.title])]

    return walk(pypdf.PdfReader(str(path)).outline)


def _block_text(block: Any) -> str:
    if hasattr(block, "items"):
        return "\n".join("".join(s.text for s in item) for item in block.items)
    return "".join(s.text for s in getattr(block, "spans", ()))


# --- any strategy answers assemble -----------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip())


@st.composite
def strategies(draw: st.DrawFn) -> dict[str, Any]:
    rows = draw(st.lists(st.fixed_dictionaries({
        "area": st.sampled_from(["midwifery", "neonatal", "other"]), "service": TEXT,
        "focus": st.sampled_from(["parent_mental_health", "relationship", "both"]),
        "levels": st.lists(st.sampled_from(["universal", "targeted", "specialist"]), min_size=1),
        "fathers": st.none() | st.booleans(), "restrictions": st.none() | TEXT,
    }), max_size=3))
    grid = {d: {"stage": draw(st.sampled_from(list(Stage))).value, "evidence": draw(TEXT)}
            for d in DOMAINS}
    return {"vision": draw(TEXT), "mapping": rows, "other_gaps": draw(st.lists(TEXT, max_size=2)),
            "self_assessment": draw(st.none() | st.just(grid)),
            "actions": [{"action": draw(TEXT), "owner": draw(TEXT), "deadline": draw(TEXT)}],
            "risks": [{"risk": draw(TEXT), "mitigation": draw(TEXT)}, "low_awareness"]}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies())
def test_any_valid_strategy_assembles_with_its_text_kept_literal(plan: dict[str, Any]) -> None:
    from ruamel.yaml import YAML

    tree = YAML(typ="rt").load(MINIMAL)
    answers = validate({**tree, "strategy": plan}, "generated")
    text = to_text(document_for(answers, "strategy"))
    assert " ".join(plan["vision"].split()) in text

