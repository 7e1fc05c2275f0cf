"""Property tests: every valid answer set assembles and renders; clause references resolve."""

from __future__ import annotations

import io
from typing import Any

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specgen.answers import Answers
from specgen.answers.common import menu
from specgen.answers.introduction import AdditionalNeed, Commissioning, Group, Partner, Principle
from specgen.answers.service import PSYCHOLOGY_OR_PSYCHOTHERAPY, Profession
from specgen.assembly.assemble import assemble
from specgen.library.clauses import load_library
from specgen.render import RenderOptions, renderer

# Printable text, including markup and template syntax, never XML-illegal characters.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
    lambda s: s.strip())


def subset(options: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(options), unique=True) if options else st.just([])


@st.composite
def answers(draw: st.DrawFn) -> Answers:
    activities = menu("activities")
    direct = draw(st.integers(0, 100))
    specialist = draw(st.booleans())
    data: dict[str, Any] = {
        "document": {"commissioners": draw(st.lists(TEXT, min_size=1, max_size=3)),
                     "area": draw(TEXT), "author": draw(TEXT), "date": "2026-02-01"},
        "introduction": {
            "context": draw(TEXT),
            "commissioning": draw(st.sampled_from(list(Commissioning))).value,
            "age_range": {"start": draw(st.sampled_from(["conception", "birth"])),
                          "end_birthday": draw(st.integers(1, 7))},
            "groups_to_reach": [g.value for g in draw(subset(list(Group)))],
            "partner_services": [p.value for p in draw(subset(list(Partner)))],
            "additional_needs": [n.value for n in draw(subset(list(AdditionalNeed)))],
            "principles": [p.value for p in draw(subset(list(Principle)))],
            "aims": draw(st.lists(TEXT, max_size=2)),
            "glossary": [{"term": draw(TEXT), "definition": draw(TEXT)}],
        },
        "service": {
            "eligibility": {"geography": draw(TEXT)},
            "team": {"lead": {"profession": draw(st.sampled_from(sorted(PSYCHOLOGY_OR_PSYCHOTHERAPY)))},
                     "roles": [{"title": draw(TEXT), "profession": draw(st.sampled_from(list(Profession))),
                                "wte": draw(st.floats(0.1, 5))}]},
            "parents_asked_for": draw(st.lists(TEXT, max_size=2)),
            "levels": {
                "universal": {"included": draw(st.booleans()),
                              "activities": draw(subset(list(activities["universal"])))},
                "targeted": {"included": True,
                             "activities": draw(subset(list(activities["targeted"]))),
                             "other_activities": draw(st.lists(TEXT, max_size=1))},
                "specialist": {"included": specialist,
                               "time_split": {"direct_work_pct": direct,
                                              "capacity_building_pct": 100 - direct}},
            },
        },
        "standards": {"kpis": [{"name": draw(TEXT), "target": draw(TEXT)}],
                      "innovation": draw(st.none() | TEXT)},
        "readiness": {"evidence": {"answered": draw(st.booleans()), "where": draw(TEXT)}},
    }
    return Answers.model_validate(data)


@given(answers())
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_every_valid_answer_set_assembles_and_renders_to_word(candidate: Answers) -> None:
    document = assemble(candidate, load_library())
    assert [s.id for s in document.sections][:2] == ["control", "introduction"]
    text = renderer("txt")(document, RenderOptions()).decode("utf-8")
    assert candidate.document.area.split()[0] in text
    word = docx.Document(io.BytesIO(renderer("docx")(document, RenderOptions())))
    assert word.core_properties.title == candidate.document.title


@given(answers())
@settings(max_examples=4, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_valid_answers_render_to_pdf(candidate: Answers) -> None:
    pdf = renderer("pdf")(assemble(candidate, load_library()), RenderOptions())
    assert pdf.startswith(b"%PDF-")


def test_every_menu_id_used_as_a_default_exists() -> None:
    # Building a model with all defaults runs the menu validators on the default choices.
    base = Answers.model_validate({
        "document": {"commissioners": ["X"], "area": "X", "author": "X", "date": "2026-01-01"},
        "introduction": {"context": "X"},
        "service": {"eligibility": {"geography": "X"},
                    "team": {"lead": {"profession": "clinical_psychologist"}}},
    })
    assert base.service.levels.specialist.time_split.direct_work_pct == 50
