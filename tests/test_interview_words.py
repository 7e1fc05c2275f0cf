"""The interview keeps the person's file as it was (a symlink stays a link, permissions are kept),
speaks plain English (required answers, dates as written in the UK, numbers with thousands
separators, labels rather than ids), toggles multi-select choices, and goes back after resuming."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from specgen.errors import AnswersError
from specgen.interview import start, values
from specgen.interview.flow import Interview
from specgen.interview.prompt import render, summary
from specgen.loader import load

FIRST = ["My title", "Northmoor ICB", ""]  # title, one commissioner, end of the list


def _type(interview: Interview, *lines: str) -> list[str]:
    """Type lines one by one; returns every reply's message."""
    return [interview.answer(line).message for line in lines]


def _field(interview: Interview) -> str:
    step = interview.step()
    assert step is not None
    return step.question.field


REQUIRED = {"document.area": "Northmoor", "document.author": "A. Author", "document.date": "14/03/2025",
            "introduction.context": "Babies need help."}


def _until(interview: Interview, field: str) -> None:
    """Enter (or the required answer) at every question until ``field`` is asked."""
    while _field(interview) != field:
        reply = interview.answer(REQUIRED.get(_field(interview), ""))
        assert reply.accepted, _field(interview)


# -- the file as it was -------------------------------------------------------------------------

def test_saving_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "shared" / "answers.yaml"
    target.parent.mkdir()
    target.write_text("document:\n  title: Old title\n", encoding="utf-8")
    link = tmp_path / "answers.yaml"
    link.symlink_to(target)
    interview = start(link, review=["document"])
    _type(interview, "New title")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "title: New title" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_saving_keeps_the_files_permissions(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("document:\n  title: Old title\n", encoding="utf-8")
    path.chmod(mode)
    _type(start(path, review=["document"]), "New title")
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert "New title" in path.read_text(encoding="utf-8")


def test_a_new_file_is_readable_by_its_owner_and_group(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    _type(start(path), "A title")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


# -- problems and summary after answers given in this session ----------------------------------

def test_problems_name_lines_of_the_saved_file_for_answers_given_in_the_session(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    interview = start(path)
    _type(interview, *FIRST)
    problems = interview.problems()
    with pytest.raises(AnswersError) as raised:
        load(path)
    assert problems == raised.value.problems  # exactly what `specgen validate` says
    assert {p.path for p in problems} >= {"document.area", "introduction", "service"}
    lines = path.read_text(encoding="utf-8").splitlines()
    area = next(p for p in problems if p.path == "document.area")
    assert lines[area.line - 1].strip().startswith("title:")  # inside document:, where area goes


def test_the_summary_shows_labels_and_never_pydantic_internals(tmp_path: Path) -> None:
    interview = start(tmp_path / "answers.yaml")
    _type(interview, *FIRST)
    words = dict(interview.summary())
    shown = summary(interview, interview.problems())
    assert "PydanticUndefined" not in shown and "PydanticUndefined" not in str(words)
    assert words["Area"] == "(not answered)"
    assert words["What is commissioned"].startswith("A new multidisciplinary")  # not "new_team"


# -- plain English --------------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "typed"), [("document.area", "none"), ("document.author", "-"),
                                              ("document.date", "none")])
def test_a_required_answer_left_out_is_refused_in_plain_english(tmp_path: Path, field: str,
                                                                typed: str) -> None:
    interview = start(tmp_path / "answers.yaml")
    _type(interview, *FIRST)
    _type(interview, "Northmoor", "A. Author")
    interview = start(tmp_path / "answers.yaml", review=["document"])
    _until(interview, field)
    reply = interview.answer(typed)
    assert not reply.accepted and reply.message.startswith("an answer is needed here")
    assert "Input should" not in reply.message


def test_an_answer_is_said_to_be_needed_only_where_one_is(tmp_path: Path) -> None:
    interview = start(tmp_path / "answers.yaml")
    _type(interview, *FIRST)
    step = interview.step()
    assert step is not None and step.question.field == "document.area"
    assert step.needed and "(an answer is needed" in render(step)
    _until(interview, "document.contact")
    step = interview.step()
    assert step is not None and not step.needed and "an answer is needed" not in render(step)


def test_a_question_that_opens_an_optional_part_may_be_left_blank(tmp_path: Path) -> None:
    interview = start(tmp_path / "answers.yaml")
    _type(interview, *FIRST)
    _until(interview, "introduction.strategy.name")
    step = interview.step()
    assert step is not None and not step.needed
    assert "[Enter leaves it blank]" in render(step)


@pytest.mark.parametrize(("text", "day"), [("14/03/2025", dt.date(2025, 3, 14)),
                                           ("1.3.2025", dt.date(2025, 3, 1)),
                                           ("2025-03-14", dt.date(2025, 3, 14))])
def test_dates_are_read_day_first_as_written_in_the_uk(text: str, day: dt.date) -> None:
    assert values.parse("date", text) == day
    assert values.show(day) == f"{day:%d/%m/%Y}"


@pytest.mark.parametrize(("text", "number"), [("4,100", 4100), ("1,234,567", 1234567),
                                              ("4,100.5", 4100.5)])
def test_numbers_may_have_thousands_separators(text: str, number: float) -> None:
    assert values.parse("number", text) == number


def test_a_month_that_does_not_exist_says_how_to_write_the_date() -> None:
    with pytest.raises(values.Unreadable, match=r"day/month/year, for example 14/03/2025"):
        values.parse("date", "03/14/2025")


def test_text_with_a_colon_in_a_file_gets_a_hint_to_quote_it(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("document:\n  title: Our aim: to help babies\n", encoding="utf-8")
    with pytest.raises(AnswersError, match="put the whole text in quotes"):
        load(path)


@pytest.mark.parametrize(("line", "message"), [
    ("  date: 14/03/2025", "write the date as year-month-day: 2025-03-14 (if 14/03/2025 means day 14"),
    ("  date: next spring", "not a date; write it as year-month-day, for example 2025-03-14"),
    ("  date: 2025-02-30", "Input should be a valid date or datetime, day value is outside expected"),
])
def test_a_file_gets_the_interviews_plain_words_for_dates(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(f"document:\n{line}\n", encoding="utf-8")
    with pytest.raises(AnswersError) as raised:
        load(path)
    (found,) = [p for p in raised.value.problems if p.path == "document.date"]
    assert found.message.startswith(message) and found.line == 2


def test_a_file_gets_the_interviews_plain_words_for_numbers(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("introduction:\n  demand:\n    live_births_per_year: 4,100\n", encoding="utf-8")
    with pytest.raises(AnswersError) as raised:
        load(path)
    (found,) = [p for p in raised.value.problems if p.path.endswith("live_births_per_year")]
    assert found.message == "write the number without commas: 4100"


def test_an_answer_of_the_wrong_type_in_the_file_does_not_stop_the_interview(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("introduction:\n  age_range:\n    start: two\n    end_birthday: two\n"
                    "  demand:\n    live_births_per_year: many\n", encoding="utf-8")
    interview = start(path, review=["introduction"])
    assert interview.applicable() and interview.step() is not None
    assert {"introduction.age_range.end_birthday", "introduction.demand.live_births_per_year"} <= {
        p.path for p in interview.problems()}


# -- multi-select, back after resuming ---------------------------------------------------------

def test_typed_numbers_toggle_choices_and_ranges_work(tmp_path: Path) -> None:
    interview = start(tmp_path / "answers.yaml")
    _type(interview, *FIRST)
    _until(interview, "introduction.groups_to_reach")
    step = interview.step()
    assert step is not None
    choices = step.question.choices
    before = list(step.default)
    reply = interview.answer("1-3")
    expected = values.toggle("1-3", choices, before)
    assert reply.accepted and reply.message.startswith("Now selected: ")
    assert all(f"{choices.index(c) + 1}. {c}" in reply.message for c in expected)
    assert interview.step().default == expected  # type: ignore[union-attr]
    reply = interview.answer("2")  # untick (or tick) the second again
    assert interview.step().default == values.toggle("2", choices, expected)  # type: ignore[union-attr]
    assert _field(interview) == "introduction.groups_to_reach"  # still here until Enter
    assert interview.answer("").accepted and _field(interview) != "introduction.groups_to_reach"
    saved = start(tmp_path / "answers.yaml").file.get(("introduction", "groups_to_reach"))
    assert list(saved) == values.toggle("2", choices, expected)


def test_toggling_keeps_the_order_of_choices_already_ticked() -> None:
    choices = ["a", "b", "c", "d"]
    assert values.toggle("1 3", choices, ["d", "b"]) == ["d", "b", "a", "c"]
    assert values.toggle("2-4", choices, ["d", "b"]) == ["c"]
    assert values.toggle("none", choices, ["a"]) == []
    with pytest.raises(values.Unreadable, match="smaller first"):
        values.toggle("3-1", choices, [])


def test_back_works_after_resuming(tmp_path: Path) -> None:
    _type(start(tmp_path / "answers.yaml"), *FIRST, "Northmoor", "A. Author")
    interview = start(tmp_path / "answers.yaml")
    assert _field(interview) == "document.contact"
    assert interview.answer("<").accepted and _field(interview) == "document.author"
    assert interview.step().default == "A. Author"  # type: ignore[union-attr]
    _type(interview, "B. Author")
    assert _field(interview) == "document.contact"
    assert start(tmp_path / "answers.yaml").file.get(("document", "author")) == "B. Author"


def test_list_items_are_shown_with_labels_and_choice_wording() -> None:
    from specgen.interview.questions import bundled_catalogue
    from specgen.interview.steps import item_in_words

    roles = next(q for q in bundled_catalogue().questions() if q.field == "service.team.roles")
    shown = item_in_words(roles, {"title": "Therapist", "profession": "clinical_psychologist", "wte": 0.5})
    assert shown == "Title: Therapist; Profession: Clinical psychologist; WTE: 0.5"
    assert item_in_words(roles, "plain text") == "plain text"
