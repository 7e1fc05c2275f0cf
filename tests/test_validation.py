"""How specgen checks an answer file, rule by rule.

Every test writes a small answer file next to its assertion and checks the one problem it
expects: the field path, the line and column it points at (1-based, as editors count), and the
phrase in the message that tells the commissioner what to do. Nothing here renders a document.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from specgen.answers import Answers
from specgen.answers.common import Requirement
from specgen.errors import AnswersError, Problem
from specgen.loader import load

# --------------------------------------------------------------------------------------- helpers


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(path: Path) -> list[Problem]:
    with pytest.raises(AnswersError) as caught:
        load(path)
    return caught.value.problems


def the_problem(path: Path) -> Problem:
    found = problems(path)
    assert len(found) == 1, "\n".join(str(p) for p in found)
    return found[0]


def located(problem: Problem) -> tuple[str, int, int]:
    return problem.path, problem.line, problem.column


# The smallest valid file, written in flow style so each required section is one line.
REQUIRED = """\
document: {commissioners: [Northmoor ICB], area: Northmoor, author: A. Author, date: 2025-01-01}
introduction: {context: Babies and parents need help.}
service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: Northmoor}}
"""


# ----------------------------------------------------------------------------- reading problems


def test_a_minimal_file_with_only_the_required_answers_loads(tmp_path: Path) -> None:
    answers = load(write(tmp_path, REQUIRED))

    assert answers.document.area == "Northmoor"
    assert answers.service.levels.specialist.time_split.direct_work_pct == 50


def test_a_problem_prints_as_file_line_column_path_message(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document:
          commissioners: [Northmoor ICB]
          area: Northmoor
          author: A. Author
          date: 2025-01-01
          statsu: draft
        introduction: {context: Babies and parents need help.}
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    assert str(the_problem(path)) == (
        f"{path}:6:3: document.statsu: unknown key 'statsu'; did you mean 'status'?"
    )


def test_every_problem_in_a_file_is_reported_in_file_order(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document:
          commissioners: [Northmoor ICB]
          area: Northmoor
          author: A. Author
          date: 2025-01-01
          statsu: draft
        introduction:
          context: Babies and parents need help.
          age_range: {start: birth, end_birthday: 9}
        service:
          team: {lead: {profession: clinical_psychologist}}
          eligibility: {geography: Northmoor}
          referral: {self_referral: maybe}
    """)

    assert [located(p) for p in problems(path)] == [
        ("document.statsu", 6, 3),
        ("introduction.age_range.end_birthday", 9, 29),
        ("service.referral.self_referral", 13, 14),
    ]


# ---------------------------------------------------------------------------- structural rules


def test_an_unknown_key_is_refused_and_the_nearest_known_key_suggested(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document:
          commissioners: [Northmoor ICB]
          area: Northmoor
          author: A. Author
          date: 2025-01-01
          statsu: draft
        introduction: {context: Babies and parents need help.}
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    problem = the_problem(path)

    assert located(problem) == ("document.statsu", 6, 3)
    assert "unknown key 'statsu'; did you mean 'status'?" in problem.message


def test_an_unknown_key_with_no_near_match_lists_the_known_keys(tmp_path: Path) -> None:
    path = write(tmp_path, REQUIRED + "procurement: {budget: 250000}\n")

    problem = the_problem(path)

    assert located(problem) == ("procurement.budget", 4, 15)
    assert "unknown key 'budget' (known keys: lead_in_weeks," in problem.message


def test_a_missing_required_field_points_into_the_section_it_belongs_to(tmp_path: Path) -> None:
    # The problem points at the first line inside `document:`, where `area:` should be added.
    path = write(tmp_path, """
        document:
          commissioners: [Northmoor ICB]
          author: A. Author
          date: 2025-01-01
        introduction: {context: Babies and parents need help.}
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    problem = the_problem(path)

    assert located(problem) == ("document.area", 2, 3)
    assert problem.message == "required; add 'area:' here"


def test_a_number_field_refuses_words(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction: {context: Babies and parents need help.}
        service:
          eligibility: {geography: Northmoor}
          team:
            lead: {profession: clinical_psychologist}
            roles:
              - title: Clinical psychologist
                profession: clinical_psychologist
                wte: lots
    """)

    problem = the_problem(path)

    assert located(problem) == ("service.team.roles[0].wte", 10, 9)
    assert "should be a valid number" in problem.message


def test_a_choice_outside_the_fixed_list_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction:
          context: Babies and parents need help.
          commissioning: brand_new_team
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    problem = the_problem(path)

    assert located(problem) == ("introduction.commissioning", 4, 3)
    assert "'new_team', 'expansion' or 'targeted_interventions'" in problem.message


# ---------------------------------------------------------------------------- numbers and ranges


def test_a_whole_time_equivalent_of_zero_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction: {context: Babies and parents need help.}
        service:
          eligibility: {geography: Northmoor}
          team:
            lead: {profession: clinical_psychologist}
            roles:
              - {title: Administrator, profession: administrator, wte: 0}
    """)

    problem = the_problem(path)

    assert located(problem) == ("service.team.roles[0].wte", 8, 59)
    assert "greater than 0" in problem.message


def test_a_percentage_over_100_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction:
          context: Babies and parents need help.
          demand:
            percent_of_live_births:
              low: 2
              high: 120
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    problem = the_problem(path)

    assert located(problem) == ("introduction.demand.percent_of_live_births.high", 7, 7)
    assert "less than or equal to 100" in problem.message


def test_a_range_whose_low_end_is_above_its_high_end_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction:
          context: Babies and parents need help.
          demand:
            percent_of_live_births: {low: 5, high: 1}
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    problem = the_problem(path)

    assert located(problem) == ("introduction.demand.percent_of_live_births", 5, 5)
    assert "low (5) must not be above high (1); swap them" in problem.message


def test_a_time_split_must_add_up_to_100(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction: {context: Babies and parents need help.}
        service:
          team: {lead: {profession: clinical_psychologist}}
          eligibility: {geography: Northmoor}
          levels:
            specialist:
              time_split:
                direct_work_pct: 60
                capacity_building_pct: 50
    """)

    problem = the_problem(path)  # one problem for the pair, not one per number

    assert located(problem) == ("service.levels.specialist.time_split", 8, 7)
    assert "add up to 110; they must add up to 100" in problem.message


def test_the_age_range_must_end_after_it_starts(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction:
          context: Babies and parents need help.
          age_range:
            start: 2
            end_birthday: 2
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    problem = the_problem(path)

    assert located(problem) == ("introduction.age_range", 4, 3)
    assert "end_birthday (2) must come after the start (age 2)" in problem.message


# ------------------------------------------------------------------------- who leads the team


def test_a_specialist_level_needs_a_team_lead(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction: {context: Babies and parents need help.}
        service:
          team:
            host: CAMHS
          eligibility: {geography: Northmoor}
    """)

    problem = the_problem(path)

    assert located(problem) == ("service.team", 4, 3)
    assert "a specialist level needs a team lead" in problem.message


def test_without_a_specialist_level_no_lead_is_needed(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction: {context: Babies and parents need help., commissioning: targeted_interventions}
        service:
          eligibility: {geography: Northmoor}
          levels:
            specialist: {included: false}
    """)

    assert load(path).service.team.lead is None


def test_a_specialist_team_must_be_led_from_psychology_or_psychotherapy(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction: {context: Babies and parents need help.}
        service:
          eligibility: {geography: Northmoor}
          team:
            lead:
              profession: health_visitor
    """)

    problem = the_problem(path)

    assert located(problem) == ("service.team.lead.profession", 7, 7)
    assert "led from psychology or psychotherapy, not 'health_visitor'" in problem.message


# ------------------------------------------------------------------------- menus and benchmarks


def test_an_activity_not_on_the_menu_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction: {context: Babies and parents need help.}
        service:
          team: {lead: {profession: clinical_psychologist}}
          eligibility: {geography: Northmoor}
          levels:
            targeted:
              activities: [relationship_interventons, peer_consultation]
    """)

    problem = the_problem(path)

    assert located(problem) == ("service.levels.targeted.activities", 8, 7)
    assert (
        "'relationship_interventons' is not in the targeted menu; "
        "did you mean 'relationship_interventions'?"
    ) in problem.message


def test_a_monitoring_item_not_on_the_menu_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, REQUIRED + "monitoring:\n  items: [throughput, case_study]\n")

    problem = the_problem(path)

    assert located(problem) == ("monitoring.items", 5, 3)
    assert "'case_study' is not in the monitoring menu; did you mean 'case_studies'?" in (
        problem.message
    )


def test_the_same_menu_choice_twice_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document: {commissioners: [Northmoor ICB], area: Northmoor, author: A, date: 2025-01-01}
        introduction: {context: Babies and parents need help.}
        service:
          team: {lead: {profession: clinical_psychologist}}
          eligibility: {geography: Northmoor}
          levels:
            universal:
              activities:
                - routine_enquiry
                - public_awareness
                - routine_enquiry
    """)

    problem = the_problem(path)

    assert located(problem) == ("service.levels.universal.activities", 8, 7)
    assert "lists the same choice twice" in problem.message


def test_an_unknown_benchmark_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, REQUIRED + textwrap.dedent("""\
        standards:
          benchmarks:
            - nice_qs133
            - id: who_nurturing_care
              status: flexible
    """))

    problem = the_problem(path)

    assert located(problem) == ("standards.benchmarks[1].id", 7, 7)
    assert "'who_nurturing_care' is not a known benchmark" in problem.message
    assert "(choices: rcpsych_cr232, pif_characteristics," in problem.message


def test_a_benchmark_may_be_given_as_a_bare_id_meaning_a_requirement(tmp_path: Path) -> None:
    path = write(tmp_path, REQUIRED + textwrap.dedent("""\
        standards:
          benchmarks:
            - nice_qs133
            - {id: nice_ng26, status: flexible}
    """))

    benchmarks = load(path).standards.benchmarks

    assert [(b.id, b.status) for b in benchmarks] == [
        ("nice_qs133", Requirement.requirement),
        ("nice_ng26", Requirement.flexible),
    ]


# ------------------------------------------------------------------------------ text is checked


def test_a_control_character_in_text_is_refused_and_named(tmp_path: Path) -> None:
    # "\x07" is YAML's escape for the bell character, as pasting from some programs produces.
    path = write(tmp_path, r"""
        document:
          commissioners: [Northmoor ICB]
          area: "North\x07moor"
          author: A. Author
          date: 2025-01-01
        introduction: {context: Babies and parents need help.}
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    problem = the_problem(path)

    assert located(problem) == ("document.area", 3, 3)
    assert "control character U+0007 at position 6" in problem.message


def test_text_over_its_length_limit_is_measured_in_characters(tmp_path: Path) -> None:
    path = write(tmp_path, f"""
        document:
          commissioners: [Northmoor ICB]
          area: {"Northmoor " * 40}
          author: A. Author
          date: 2025-01-01
        introduction: {{context: Babies and parents need help.}}
        service: {{team: {{lead: {{profession: clinical_psychologist}}}}, eligibility: {{geography: N}}}}
    """)

    problem = the_problem(path)

    assert located(problem) == ("document.area", 3, 3)
    assert problem.message == "is 399 characters long; shorten it to at most 300 characters"


# --------------------------------------------------------------------------- unreadable files


def test_a_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document:
          commissioners: [Northmoor ICB]
          area: Northmoor: North
    """)

    problem = the_problem(path)

    assert located(problem) == ("", 3, 18)
    assert problem.message == "YAML syntax: mapping values are not allowed here"


def test_a_duplicate_key_is_located_at_its_second_appearance(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document:
          commissioners: [Northmoor ICB]
          area: Northmoor
          author: A. Author
          area: Southmoor
    """)

    problem = the_problem(path)

    assert located(problem) == ("", 5, 3)
    assert 'duplicate key "area"' in problem.message


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing answered yet\n"])
def test_an_empty_file_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")

    problem = the_problem(path)

    assert located(problem) == ("", 1, 1)
    assert "the file is empty" in problem.message


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_bytes("document:\n  area: Ynys Môn\n".encode("cp1252"))

    problem = the_problem(path)

    assert located(problem) == ("", 1, 1)
    assert "not UTF-8 text; save the file as UTF-8" in problem.message


def test_a_file_that_is_a_list_not_sections_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "- document\n- service\n")

    assert "expected a mapping of sections" in the_problem(path).message


# ---------------------------------------------------------------------------------------- JSON


def test_a_json_answer_file_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, """
        {
          "document": {"commissioners": ["Northmoor ICB"], "area": "Northmoor",
                       "author": "A. Author", "date": "2025-01-01"},
          "introduction": {"context": "Babies and parents need help."},
          "service": {"team": {"lead": {"profession": "clinical_psychologist"}},
                      "eligibility": {"geography": "Northmoor"},
                      "levels": {"specialist": {"time_split": {"direct_work_pct": 70,
                                                               "capacity_building_pct": 30}}}}
        }
    """, name="answers.json")

    answers = load(path)

    assert answers.document.area == "Northmoor"
    assert answers.service.levels.specialist.time_split.capacity_building_pct == 30


def test_a_problem_in_a_json_file_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, """
        {
          "document": {"commissioners": ["Northmoor ICB"], "area": "Northmoor",
                       "author": "A. Author", "date": "2025-01-01"},
          "introduction": {"context": "Babies and parents need help.",
                           "age_range": {"end_birthday": "soon"}},
          "service": {"team": {"lead": {"profession": "clinical_psychologist"}},
                      "eligibility": {"geography": "Northmoor"}}
        }
    """, name="answers.json")

    problem = the_problem(path)

    assert located(problem) == ("introduction.age_range.end_birthday", 5, 34)
    assert "should be a valid integer" in problem.message


def test_a_json_syntax_error_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, """
        {
          "document": {"commissioners": ["Northmoor ICB"],, "area": "Northmoor"}
        }
    """, name="answers.json")

    problem = the_problem(path)

    assert located(problem) == ("", 2, 51)
    assert problem.message.startswith("YAML syntax:")


# ------------------------------------------------------------------------------------ examples


@pytest.mark.parametrize("name", ["northmoor-new-team.yaml", "cwm-glas-strengthening.yaml"])
def test_each_example_loads_without_problems(name: str) -> None:
    assert isinstance(load(ROOT / "examples" / name), Answers)


def test_the_examples_show_different_choices() -> None:
    northmoor = load(ROOT / "examples" / "northmoor-new-team.yaml")
    cwm_glas = load(ROOT / "examples" / "cwm-glas-strengthening.yaml")

    assert (northmoor.introduction.commissioning, cwm_glas.introduction.commissioning) == (
        "new_team", "expansion",
    )
    assert (northmoor.introduction.age_range.end_birthday,
            cwm_glas.introduction.age_range.end_birthday) == (2, 4)
    assert cwm_glas.service.levels.specialist.time_split.direct_work_pct == 60
    assert not northmoor.readiness.theory_of_change.answered
    assert all(answer.answered for _, answer in cwm_glas.readiness)


# ---------------------------------------------------------------------------- property: splits


def answers_with_split(direct: float, capacity: float) -> dict[str, object]:
    return {
        "document": {"commissioners": ["N"], "area": "N", "author": "A", "date": "2025-01-01"},
        "introduction": {"context": "c"},
        "service": {
            "team": {"lead": {"profession": "clinical_psychologist"}},
            "eligibility": {"geography": "N"},
            "levels": {"specialist": {"time_split": {
                "direct_work_pct": direct, "capacity_building_pct": capacity,
            }}},
        },
    }


percentages = st.integers(0, 100) | st.floats(0, 100, allow_nan=False)


@settings(database=None)
@given(direct=percentages)
def test_any_split_adding_up_to_100_is_accepted(direct: float) -> None:
    answers = Answers.model_validate(answers_with_split(direct, 100 - direct))

    assert answers.service.levels.specialist.time_split.direct_work_pct == direct


@settings(database=None)
@given(direct=percentages, capacity=percentages)
def test_any_split_not_adding_up_to_100_is_refused(direct: float, capacity: float) -> None:
    if abs(direct + capacity - 100) < 1e-6:
        return  # a valid split; the test above covers it

    with pytest.raises(ValidationError, match="they must add up to 100"):
        Answers.model_validate(answers_with_split(direct, capacity))


# ------------------------------------------------------------------ dates and raw characters


def test_a_bad_date_names_the_date_field(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document:
          commissioners: [Northmoor ICB]
          area: Northmoor
          author: A. Author
          date: 2025-1-1
        introduction: {context: Babies and parents need help.}
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    assert located(the_problem(path)) == ("document.date", 5, 3)


def test_an_impossible_calendar_date_is_a_located_problem(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document:
          commissioners: [Northmoor ICB]
          area: Northmoor
          author: A. Author
          date: 2025-02-30
        introduction: {context: Babies and parents need help.}
        service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}
    """)

    assert located(the_problem(path)) == ("document.date", 5, 3)


def test_a_raw_control_character_in_the_file_is_located_and_named(tmp_path: Path) -> None:
    path = write(tmp_path, """
        document:
          commissioners: [Northmoor ICB]
          area: North\x07moor
    """)

    problem = the_problem(path)

    assert (problem.line, problem.column) == (3, 14)
    assert "U+0007" in problem.message


def test_an_alias_bomb_is_refused_quickly_with_a_clear_message(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    problem = the_problem(path)

    assert "expands to more than" in problem.message
