"""National outcome measures: current frameworks from data, each printed with its source and edition."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES
from inline_answers import answers, write

from specgen.answers.common import menu
from specgen.assembly.checks import advice
from specgen.errors import AnswersError
from specgen.library.clauses import load_library
from specgen.loader import load
from specgen.pipeline import document_for
from specgen.render.text import to_text


def _clause(text: str) -> str:
    start = text.index("National outcome measures\n")
    return text[start:text.index("\n## ", start)]


def test_every_measure_belongs_to_a_framework_with_its_publisher_edition_and_layouts() -> None:
    frameworks = menu("outcome_frameworks")
    for key, framework in frameworks.items():
        assert {"name", "publisher", "edition", "check", "layouts"} <= set(framework), key
        assert set(framework["layouts"]) <= {"nhs", "council"}, key
    for key, measure in menu("national_measures").items():
        assert measure["framework"] in frameworks, key
        assert {"name", "counts", "contribution"} <= set(measure), key


def test_chosen_measures_are_printed_under_their_framework_with_its_edition() -> None:
    chosen = answers(standards={"national_measures": ["phof_child_development", "cyp_mental_health_access"]})
    clause = _clause(to_text(document_for(chosen)))
    nhs, phof = clause.index("### NHS mental health access measures"), clause.index(
        "### Public Health Outcomes Framework")
    assert nhs < phof  # in the order of the frameworks' menu, not of the answers
    assert "Published by NHS England. Edition checked:" in clause
    assert "2025/26" in clause and "Office for Health Improvement and Disparities" in clause
    assert "Child development at 2 to 2½ years" in clause[phof:]
    assert "Core20PLUS5" not in clause  # not chosen


def test_without_measures_the_clause_is_left_out() -> None:
    assert "National outcome measures" not in to_text(document_for(answers()))


def test_the_retired_outcome_framework_domains_are_refused_with_what_to_use_instead(
        tmp_path: Path) -> None:
    source = write(tmp_path, standards={"national_outcome_domains": ["recovery"]})
    with pytest.raises(AnswersError) as caught:
        load(source)
    (problem,) = caught.value.problems
    assert problem.path == "standards.national_outcome_domains" and problem.line > 1
    assert "choose national_measures instead" in problem.message


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("layout", ["toolkit", "nhs", "council"])
def test_no_layout_of_any_example_cites_the_outcome_framework_domains(example: Path, layout: str) -> None:
    text = to_text(document_for(load(example), layout=layout))
    assert "NHS Outcomes Framework" not in text and "Domain 3" not in text


def test_a_measure_meant_for_another_layout_is_warned_about() -> None:
    library = load_library()
    council = answers(layout="council", standards={"national_measures": ["phof_child_development",
                                                                         "cyp_mental_health_access"]})
    (found,) = [a for a in advice(council, library) if a.path.startswith("standards.national")]
    assert found.path == "standards.national_measures[1]" and "meant for the nhs layout" in found.message
    nhs = answers(layout="nhs", standards={"national_measures": ["cyp_mental_health_access"]})
    assert not [a for a in advice(nhs, library) if a.path.startswith("standards.national")]
