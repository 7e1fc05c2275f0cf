"""The interview engine, driven line by line without a terminal: it asks what is open, saves
after every answer, holds answers to the model's rules, handles lists, goes back, resumes, fills
in defaults, and keeps the comments of a file it edits."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import EXAMPLES, MINIMAL, ROOT
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from ruamel.yaml import YAML
from typer.testing import CliRunner

from specgen.answers import Answers
from specgen.cli import app
from specgen.errors import AnswersError
from specgen.interview import fields, fill_defaults, start, values
from specgen.interview.check import plain
from specgen.interview.flow import Interview
from specgen.interview.prompt import render
from specgen.interview.questions import bundled_catalogue
from specgen.interview.steps import Step
from specgen.interview.store import AnswerFile
from specgen.loader import load, parse

NORTHMOOR = ROOT / "examples" / "northmoor-new-team.yaml"


def _where(step: Step) -> str:
    if step.of is None:
        return step.question.field
    item = f"{step.of.field}[{step.item}]"
    return f"{item}.{step.question.field}" if step.question.path else item


def _type(interview: Interview, *lines: str) -> list[str]:
    """Type lines one by one; returns the messages of refused ones."""
    refused = []
    for line in lines:
        reply = interview.answer(line)
        if not reply.accepted:
            refused.append(reply.message)
    return refused


def _answer_until(interview: Interview, field: str, answers: dict[str, str] | None = None) -> None:
    """Press Enter (or type the given answer) at every step until ``field`` is asked."""
    answers = answers or {}
    while (step := interview.step()) is not None and _where(step) != field:
        reply = interview.answer(answers.get(_where(step), ""))
        assert reply.accepted, f"{_where(step)}: {reply.message}"
    assert step is not None, f"{field} was never asked"


REQUIRED = {"document.area": "Northmoor", "document.author": "A. Author",
            "document.date": "2025-01-01", "introduction.context": "Babies need help.",
            "service.team.lead.profession": "clinical_psychologist",
            "service.eligibility.geography": "Northmoor"}


def _finish(interview: Interview) -> None:
    """Answer everything still open: the required answers above, Enter for the rest."""
    commissioners_typed = False
    while (step := interview.step()) is not None:
        where = _where(step)
        if where == "document.commissioners" and not commissioners_typed and not step.items:
            text, commissioners_typed = "Northmoor ICB", True
        else:
            text = REQUIRED.get(where, "")
        reply = interview.answer(text)
        assert reply.accepted, f"{where}: {reply.message}"


def _new(tmp_path: Path, review: Iterable[str] = ()) -> Interview:
    return start(tmp_path / "answers.yaml", review=tuple(review))


def _saved(path: Path) -> dict[str, object]:
    return dict(plain(YAML(typ="rt").load(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A valid file answering every question: the defaults, the required answers, blanks."""
    path = tmp_path_factory.mktemp("complete") / "answers.yaml"
    fill_defaults(path)
    answers = AnswerFile.open(path)
    by_field = {q.field: q for q in bundled_catalogue().questions()}
    for note in _todo(path.read_text(encoding="utf-8")):
        question = by_field[note[0]]
        value = REQUIRED.get(question.field)
        answers.set(question.path if value else question.none_at or question.path, value)
    answers.set(("document", "commissioners"), ["Northmoor ICB"])
    answers.set(("document", "date"), dt.date(2025, 1, 1))
    answers.save()
    assert fill_defaults(path) == []  # the questions those answers opened have defaults
    load(path)
    return path.read_text(encoding="utf-8")


def _open_at(tmp_path: Path, text: str, *removed: str, review: Iterable[str] = ()) -> Interview:
    """An interview of a complete file with some answers taken out (so they are asked)."""
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    answers = AnswerFile.open(path)
    for field in removed:
        *parents, last = field.split(".")
        del answers.get(tuple(parents))[last]
    answers.save()
    return start(path, review=tuple(review))


# -- asking and saving -----------------------------------------------------------------------------

def test_it_starts_with_the_first_question_and_the_models_default(tmp_path: Path) -> None:
    step = _new(tmp_path).step()
    assert step is not None
    assert step.question.field == "document.title"
    assert step.default == Answers.model_fields["document"].annotation.model_fields["title"].default
    assert step.section == "Document control" and step.number == 1 and step.total > 50


def test_it_writes_the_file_after_every_answer(tmp_path: Path) -> None:
    interview = _new(tmp_path)
    _type(interview, "My title")
    assert _saved(tmp_path / "answers.yaml") == {"document": {"title": "My title"}}
    _type(interview, "Northmoor ICB", "NHS Northmoor Council")
    assert _saved(tmp_path / "answers.yaml")["document"] == {
        "title": "My title", "commissioners": ["Northmoor ICB", "NHS Northmoor Council"]}


def test_enter_accepts_the_default_and_writes_it_down(tmp_path: Path) -> None:
    interview = _new(tmp_path)
    _type(interview, "")
    assert _saved(tmp_path / "answers.yaml")["document"] == {
        "title": "Service specification: parent-infant relationship (PAIR) service"}


def test_question_mark_shows_the_guidance_with_its_toolkit_section(tmp_path: Path) -> None:
    interview = _new(tmp_path)
    _answer_until(interview, "document.commissioners")
    reply = interview.answer("?")
    assert reply.accepted and "integrated care board" in reply.message
    assert "(PAIR Commissioning Toolkit, B.6)" in reply.message
    assert _where(interview.step()) == "document.commissioners"  # type: ignore[arg-type]


# -- the model's own rules -------------------------------------------------------------------------

def test_an_answer_the_model_refuses_is_refused_with_its_reason_and_not_saved(tmp_path: Path,
                                                                             complete: str) -> None:
    interview = _open_at(tmp_path, complete, "introduction.age_range.end_birthday")
    refused = _type(interview, "9")
    assert refused and "less than or equal to 7" in refused[0]
    assert _saved(tmp_path / "answers.yaml")["introduction"]["age_range"] == {  # type: ignore[index]
        "start": "conception"}


@pytest.mark.parametrize("end", [0, 1, 2, 7, 8])
def test_the_interview_accepts_exactly_what_validate_accepts(tmp_path: Path, complete: str,
                                                             end: int) -> None:
    text = complete.replace("start: conception", "start: 1")
    by_hand = tmp_path / "by-hand.yaml"
    by_hand.write_text(text.replace("end_birthday: 2", f"end_birthday: {end}"), encoding="utf-8")
    try:
        load(by_hand)
        valid = True
    except AnswersError:
        valid = False
    interview = _open_at(tmp_path, text, "introduction.age_range.end_birthday")
    assert _where(interview.step()) == "introduction.age_range.end_birthday"  # type: ignore[arg-type]
    assert (not _type(interview, str(end))) == valid


def test_a_rule_across_fields_is_checked_when_its_last_part_is_answered(tmp_path: Path,
                                                                       complete: str) -> None:
    interview = _open_at(tmp_path, complete, "service.levels.specialist.time_split")
    assert not _type(interview, "60")  # alone it is fine: the other half is not yet given
    step = interview.step()
    assert step is not None and step.default == 40  # the rest of the time, worked out
    refused = _type(interview, "50")
    assert refused and "add up to 110" in refused[0]
    assert not _type(interview, "")


def test_a_specialist_team_cannot_be_led_by_a_profession_the_model_refuses(tmp_path: Path,
                                                                          complete: str) -> None:
    interview = _open_at(tmp_path, complete, "service.team.lead")
    refused = _type(interview, "health_visitor")
    assert refused and "psychology or psychotherapy" in refused[0]
    assert not _type(interview, "clinical_psychologist")


# -- conditions, back, resume, review --------------------------------------------------------------

def test_questions_whose_condition_fails_are_not_asked(tmp_path: Path) -> None:
    interview = _new(tmp_path)
    asked = []
    answers = {**REQUIRED, "service.levels.specialist.included": "no",
               "service.team.lead.profession": "", "introduction.strategy.name": ""}
    typed = False
    while (step := interview.step()) is not None:
        asked.append(_where(step))
        text = answers.get(_where(step), "")
        if _where(step) == "document.commissioners" and not typed:
            text, typed = "Northmoor ICB", True
        assert interview.answer(text).accepted
    assert "service.levels.specialist.time_split.direct_work_pct" not in asked
    assert "introduction.strategy.year" not in asked
    assert "service.team.lead.imh_competency_level" not in asked
    saved = _saved(tmp_path / "answers.yaml")
    assert saved["introduction"]["strategy"] is None  # type: ignore[index]
    load(tmp_path / "answers.yaml")


def test_back_returns_to_the_previous_question_with_its_answer_as_default(tmp_path: Path) -> None:
    interview = _new(tmp_path)
    _type(interview, "First title", "Northmoor ICB", "", "Northmoor")
    assert _where(interview.step()) == "document.author"  # type: ignore[arg-type]
    _type(interview, "<")
    step = interview.step()
    assert step is not None and _where(step) == "document.area" and step.default == "Northmoor"
    _type(interview, "<", "<")
    step = interview.step()
    assert step is not None and _where(step) == "document.title" and step.default == "First title"
    assert interview.answer("<").accepted is False  # nothing before the first question
    _type(interview, "Second title", "", "")
    assert _where(interview.step()) == "document.author"  # type: ignore[arg-type]
    assert _saved(tmp_path / "answers.yaml")["document"]["title"] == "Second title"  # type: ignore[index]


def test_a_second_run_asks_only_what_is_still_unanswered(tmp_path: Path) -> None:
    _type(_new(tmp_path), "Title", "Northmoor ICB", "", "Northmoor")
    step = _new(tmp_path).step()
    assert step is not None and _where(step) == "document.author"


def test_review_revisits_a_sections_answers_with_them_as_defaults(tmp_path: Path) -> None:
    copy = tmp_path / "northmoor.yaml"
    shutil.copy(NORTHMOOR, copy)
    assert start(copy).step() is not None  # the example leaves some questions open ...
    interview = start(copy, review=["procurement"])
    _answer_until(interview, "procurement.lead_in_weeks")
    step = interview.step()
    assert step is not None and step.default == 16  # ... and review shows the file's answer


def test_review_refuses_an_unknown_section(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown section servise"):
        start(tmp_path / "a.yaml", review=["servise"])


# -- lists -----------------------------------------------------------------------------------------

def test_a_list_of_text_takes_typed_items_and_edits_and_removes_them(tmp_path: Path) -> None:
    interview = _new(tmp_path)
    _answer_until(interview, "document.commissioners")
    assert "List should have at least 1 item" in _type(interview, "")[0]
    _type(interview, "Northmoor ICB", "Northmoor Council", "Someone else")
    _type(interview, "e 2", "Northmoor Metropolitan Borough Council", "r 3")
    step = interview.step()
    assert step is not None and step.items == ("Northmoor ICB", "Northmoor Metropolitan Borough Council")
    _type(interview, "")
    assert _where(interview.step()) == "document.area"  # type: ignore[arg-type]
    assert _saved(tmp_path / "answers.yaml")["document"]["commissioners"] == [  # type: ignore[index]
        "Northmoor ICB", "Northmoor Metropolitan Borough Council"]


def test_items_with_several_fields_are_asked_field_by_field_and_checked(tmp_path: Path,
                                                                        complete: str) -> None:
    interview = _open_at(tmp_path, complete, "service.team.roles")
    _type(interview, "a", "Parent-infant therapist")
    step = interview.step()
    assert step is not None and _where(step) == "service.team.roles[0].profession"
    assert _type(interview, "child_psychotherapist", "0")[0] == "Input should be greater than 0"
    _type(interview, "0.8", "")
    saved = _saved(tmp_path / "answers.yaml")["service"]["team"]["roles"]  # type: ignore[index]
    assert saved == [{"title": "Parent-infant therapist", "profession": "child_psychotherapist",
                      "wte": 0.8}]


def test_going_back_from_the_first_field_of_a_new_item_drops_it(tmp_path: Path,
                                                                 complete: str) -> None:
    interview = _open_at(tmp_path, complete, "service.team.roles")
    _type(interview, "a", "Therapist", "<", "<")
    step = interview.step()
    assert step is not None and _where(step) == "service.team.roles" and step.items == ()
    assert "roles" not in _saved(tmp_path / "answers.yaml")["service"]["team"]  # type: ignore[index]


def test_an_unfinished_item_is_picked_up_where_it_stopped(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(MINIMAL.replace("    lead:", "    roles:\n      - title: Therapist\n    lead:"))
    interview = start(path, review=["service"])
    _answer_until(interview, "service.team.roles[0].profession")
    step = interview.step()
    assert step is not None and "Item 1 was not finished" in step.note


def test_a_shorthand_item_is_written_in_its_short_form(tmp_path: Path, complete: str) -> None:
    interview = _open_at(tmp_path, complete, "standards.benchmarks")
    _type(interview, "a", "nice_ng76", "", "")
    benchmarks = _saved(tmp_path / "answers.yaml")["standards"]["benchmarks"]  # type: ignore[index]
    assert benchmarks[0] == "rcpsych_cr232" and benchmarks[-1] == "nice_ng76"
    assert {"id": "nice_ng26", "status": "flexible"} in benchmarks


# -- the end, --defaults ------------------------------------------------------------------------------------

def test_problems_found_at_the_end_bring_back_their_questions(tmp_path: Path, complete: str) -> None:
    text = complete.replace("capacity_building_pct: 50", "capacity_building_pct: 20")
    interview = _open_at(tmp_path, text, "service.premises")
    _finish(interview)
    (problem,) = interview.problems()
    assert problem.path == "service.levels.specialist.time_split"
    assert interview.revisit([problem]) == 1
    assert _where(interview.step()) == "service.levels.specialist.time_split.capacity_building_pct"  # type: ignore[arg-type]
    assert _type(interview, "") and not _type(interview, "50")
    assert interview.problems() == []


def _todo(text: str) -> list[tuple[str, bool]]:
    return [(m.group(2), not m.group(1))
            for m in re.finditer(r"# TODO( \(optional\))?: ([\w.]+): ", text)]


def test_defaults_writes_a_file_whose_problems_are_its_todo_comments(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    notes = fill_defaults(path)
    todo = _todo(path.read_text(encoding="utf-8"))
    assert sorted(re.sub(r"TODO( \(optional\))?: ", "", n).split(":")[0] for n in notes) == sorted(
        p for p, _ in todo)
    with pytest.raises(AnswersError) as raised:
        load(path)
    required = {p for p, needed in todo if needed}
    # The model checks the lead of a specialist team once the rest of the file is valid.
    assert {p.path for p in raised.value.problems} == required - {"service.team.lead.profession"}
    assert {"document.area", "introduction.context", "service.eligibility.geography"} <= required


def test_after_defaults_the_interview_asks_exactly_the_todos(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    fill_defaults(path)
    todo = {p for p, _ in _todo(path.read_text(encoding="utf-8"))}
    interview = start(path)
    asked = []
    while (step := interview.step()) is not None:
        asked.append(_where(step))
        text = REQUIRED.get(_where(step), "")
        if _where(step) == "document.commissioners":
            text = "" if step.items else "ICB"
        assert interview.answer(text).accepted, _where(step)
    # A team lead, once named, brings its competency level (with a default) into play.
    assert set(asked) == todo | {"service.team.lead.imh_competency_level"}
    assert "# TODO" not in path.read_text(encoding="utf-8")
    load(path)


# -- keeping an existing file's comments -----------------------------------------------------------

def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_opening_and_saving_an_example_changes_nothing(tmp_path: Path, example: Path) -> None:
    copy = tmp_path / example.name
    shutil.copy(example, copy)
    AnswerFile.open(copy).save()
    assert copy.read_bytes() == example.read_bytes()


def test_editing_an_example_through_the_interview_keeps_every_comment(tmp_path: Path) -> None:
    copy = tmp_path / "northmoor.yaml"
    shutil.copy(NORTHMOOR, copy)
    interview = start(copy, review_all=True)
    changes = {"document.area": "Northmoor and District",
               "introduction.groups_to_reach": "1 2 edge_of_care",
               "service.levels.specialist.time_split.direct_work_pct": "60",
               "service.levels.specialist.time_split.capacity_building_pct": "40",
               "standards.kpis": "r 2", "monitoring.validated_tools.suggested": "r 3",
               "service.premises": "Family hubs and home visits across the borough."}
    seen: set[str] = set()
    while (step := interview.step()) is not None:
        where = _where(step)
        text = changes.get(where, "") if where not in seen else ""
        seen.add(where)
        assert interview.answer(text).accepted, where
    original, edited = NORTHMOOR.read_text(encoding="utf-8"), copy.read_text(encoding="utf-8")
    assert _comments(original) == [c for c in _comments(edited) if not c.startswith("# TODO")]
    answers = load(copy)
    assert answers.document.area == "Northmoor and District"
    assert [g.value for g in answers.introduction.groups_to_reach] == [
        "fathers", "black_and_brown_parents", "edge_of_care"]
    assert len(answers.standards.kpis) == len(load(NORTHMOOR).standards.kpis) - 1
    assert answers.service.premises == "Family hubs and home visits across the borough."


def test_answering_a_todo_removes_its_comment_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    fill_defaults(path)
    answers = AnswerFile.open(path)
    answers.set(("document", "area"), "Northmoor")
    text = answers.text()
    assert "# TODO: document.area:" not in text and "# TODO: document.author:" in text
    assert re.search(r"\n  area: Northmoor\n", text)


# -- the question files themselves -----------------------------------------------------------------

LATER = {"strategy": "the strategy questions arrive with issue 5 (build --kind strategy)"}


def _leaves(model: type, prefix: tuple[str, ...] = ()) -> list[str]:
    out = []
    for name, field in model.model_fields.items():  # type: ignore[attr-defined]
        inner = fields.model_in(field.annotation)
        if inner is not None and fields.kind_of(field.annotation) != "items":
            out.extend(_leaves(inner, (*prefix, name)))
        else:
            out.append(".".join((*prefix, name)))
    return out


def test_every_answer_field_has_a_question_or_a_reason_not_to() -> None:
    catalogue = bundled_catalogue()
    asked = {q.field for q in catalogue.questions()}
    reasons = {k for s in catalogue.sections for k in s.not_asked}
    parts_with_questions = {f.split(".")[0] for f in asked}
    open_parts = {p for p in LATER if p not in parts_with_questions}
    missing = [f for f in _leaves(Answers) if f not in asked and f.split(".")[0] not in open_parts
               and not any(f == r or f.startswith(r + ".") for r in reasons)]
    assert missing == [], "add questions to snippets/questions/ (or not_asked: with a reason)"


def test_every_condition_and_computed_default_reads_real_answer_fields() -> None:
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    strict.globals["menu"] = lambda name: {}
    answers = fields.effective(plain(parse(NORTHMOOR)))
    for question in bundled_catalogue().questions():
        for expression in (question.when, question.default_expr):
            if expression and not question.field.startswith("strategy"):
                strict.compile_expression(expression)(a=answers)  # raises on a misspelt field


def test_every_choice_shown_with_wording_has_some() -> None:
    for question in bundled_catalogue().questions():
        for sub in (question, *question.items):
            if sub.wording:
                assert set(sub.choices) == set(sub.wording), sub.field


def test_the_command_needs_a_terminal_unless_asked_for_defaults(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["interview", str(tmp_path / "a.yaml")])
    assert result.exit_code == 2 and "needs a terminal" in result.output
    assert not (tmp_path / "a.yaml").exists()
    result = runner.invoke(app, ["interview", str(tmp_path / "a.yaml"), "--defaults"])
    assert result.exit_code == 0 and "# TODO" in (tmp_path / "a.yaml").read_text()
    assert "document.area" in result.output


def test_the_command_reports_an_unreadable_file_with_its_location(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("document: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["interview", str(broken)])
    assert result.exit_code == 1 and result.output.startswith(f"{broken}:2:1: ")
    assert broken.read_text(encoding="utf-8") == "document: [unclosed\n"


def test_an_impossible_date_in_the_file_is_reported_by_the_model_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("document:\n  date: 2025-13-45\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["interview", str(path), "--defaults"]).exit_code == 0
    with pytest.raises(AnswersError) as raised:
        load(path)
    assert "month value is outside expected range" in str(raised.value)


def test_the_command_refuses_an_unknown_review_section(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["interview", str(tmp_path / "a.yaml"), "--review", "nope"])
    assert result.exit_code == 2 and "unknown section nope" in result.output


# -- typing answers, writing them, showing them ------------------------------------------------------------

@pytest.mark.parametrize(("kind", "text", "value"), [
    ("number", "3,200", 3200), ("number", "50%", 50), ("number", "1.5", 1.5),
    ("yesno", "Y", True), ("yesno", "no", False), ("date", "2025-03-14", dt.date(2025, 3, 14)),
    ("choice", "2", "birth"), ("choice", "bi", "birth"), ("multi", "2, conception", ["birth", "conception"]),
    ("multi", "none", []), ("scalar", "3", 3), ("scalar", "birth", "birth"), ("text", "  words ", "words"),
])
def test_typed_text_is_read_as_the_kind_of_answer_asked_for(kind: str, text: str, value: object) -> None:
    assert values.parse(kind, text, ["conception", "birth"]) == value


@pytest.mark.parametrize(("kind", "text", "hint"), [
    ("number", "many", "write a number"), ("yesno", "maybe", "yes or no"),
    ("date", "14/03/2025", "year-month-day"), ("choice", "brith", "did you mean 'birth'?")])
def test_unreadable_text_says_what_to_type(kind: str, text: str, hint: str) -> None:
    with pytest.raises(values.Unreadable, match=re.escape(hint)):
        values.parse(kind, text, ["conception", "birth"])


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=400))
def test_long_answers_are_folded_so_that_they_read_back_unchanged(text: str) -> None:
    answers = AnswerFile(Path("unused.yaml"), None)
    answers.set(("introduction", "context"), text)
    assert YAML(typ="safe", pure=True).load(answers.text())["introduction"]["context"] == text


def test_the_prompt_shows_section_progress_choices_and_the_default(tmp_path: Path,
                                                                   complete: str) -> None:
    interview = _open_at(tmp_path, complete, "service.eligibility.difficulty")
    step = interview.step()
    assert step is not None
    shown = render(step)
    assert re.search(r"Service description — question \d+ of \d+  \[service\.eligibility\.difficulty\]",
                     shown)
    # every level of care is included, so the default takes every level of difficulty
    assert "2. moderate_to_severe - " in shown and shown.endswith("[all_levels]")
