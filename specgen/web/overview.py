"""Pages about a whole answer file: the start page, starting a new file, checking the answers,
and the needs estimate (toolkit B.1) worked out from them."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import Response

from specgen.assembly.demand import view
from specgen.errors import AnswersError, Problem
from specgen.figures.choice import needs_levels
from specgen.interview import Interview, check, fields
from specgen.interview.flow import LIST_KINDS
from specgen.interview.questions import Question
from specgen.interview.steps import in_words, item_in_words
from specgen.loader import validate
from specgen.numbers import signed
from specgen.web.folder import BadName
from specgen.web.questions import question_url, resume_url
from specgen.web.site import Site, file_url, page, redirect

FIRST_QUESTION = "document.title"


@dataclass(frozen=True)
class Progress:
    name: str
    answered: int
    total: int
    resume: str


def start_page(site: Site, typed: str = "", error: str = "") -> Response:
    files = []
    for path in site.folder.files():
        try:
            with site.interview(path.name) as interview:
                files.append(_progress(interview, path.name))
        except HTTPException:  # an unreadable file is listed as such
            files.append(Progress(path.name, 0, 0, file_url(path.name, "check")))
    return page(site, "start.html", files=files, typed=typed, error=error,
                errors=[("name", error)] if error else [])


def _progress(interview: Interview, name: str) -> Progress:
    applicable = interview.applicable()
    answered = sum(1 for q in applicable if interview.file.has(q.path))
    return Progress(name, answered, len(applicable), resume_url(interview, name))


def new_file(site: Site, typed: str) -> Response:
    try:
        name = site.folder.new_name(typed)
    except BadName as error:
        return start_page(site, typed, str(error))
    return redirect(file_url(name, "q", FIRST_QUESTION))


def resume(site: Site, name: str) -> Response:
    with site.interview(name) as interview:
        return redirect(resume_url(interview, name))


# -- check your answers ------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    label: str
    lines: tuple[str, ...]
    answered: bool
    change: str


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    rows: tuple[Row, ...]


def check_page(site: Site, name: str) -> Response:
    with site.interview(name) as interview:
        problems = [(str_problem(p), _fix_url(interview, name, p)) for p in interview.problems()]
        parts = _parts(interview, name)
        return page(site, "check.html", name=name, parts=parts, problems=problems,
                    errors=[], exists=interview.file.path.exists())


def _parts(interview: Interview, name: str) -> list[Part]:
    parts: dict[str, list[Row]] = {}
    titles: dict[str, str] = {}
    for question in interview.applicable():
        titles[question.section] = interview.section_title(question)
        parts.setdefault(question.section, []).append(_row(interview, name, question))
    return [Part(key, titles[key], tuple(rows)) for key, rows in parts.items()]


def _row(interview: Interview, name: str, question: Question) -> Row:
    answered = interview.file.has(question.path)
    current = interview.default(question)
    if question.kind in LIST_KINDS:
        items = interview.list_question(question).items()
        lines = tuple(item_in_words(question, item) for item in items) or ("(none)",)
    else:
        lines = (in_words(question, current),)
    label = question.label[:1].upper() + question.label[1:]
    return Row(label, lines, answered, question_url(name, question, "check"))


def str_problem(problem: Problem) -> str:
    where = f"{problem.path}: " if problem.path else ""
    return f"{where}{check.plain_message(problem.message)} (line {problem.line})"


def _fix_url(interview: Interview, name: str, problem: Problem) -> str:
    """The question to answer for a problem: the first one about it that still needs an answer
    (a whole part missing names many), else the first one about it."""
    about = [q for q in interview.about(problem.path) if q in interview.applicable()]
    needed = [q for q in about if not interview.file.has(q.path) and q.none_at is None
              and interview.default(q) is fields.MISSING]
    chosen = needed or about
    return question_url(name, chosen[0], "check") if chosen else file_url(name, "check")


# -- needs -------------------------------------------------------------------------------------

def needs_page(site: Site, name: str) -> Response:
    with site.interview(name) as interview:
        tree = _demand_only(check.plain(interview.file.tree))
        context: dict[str, Any] = {"name": name, "errors": [], "shown": None, "figure": None,
                                   "problems": []}
        try:
            answers = validate(tree, name)
        except AnswersError as error:
            context["problems"] = [(str_problem(p), _fix_url(interview, name, p)) for p in error.problems]
            return page(site, "needs.html", **context)
        demand = question_url(name, _question(interview, "introduction.demand.live_births_per_year"))
        figure = needs_levels(answers)
        data = base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
        return page(site, "needs.html", **{**context, "shown": view(answers), "figure": figure,
                                            "figure_data": data, "demand_url": demand,
                                            "adversity": signed(answers.introduction.demand.adversity().pct)})


def _demand_only(given: dict[str, Any]) -> dict[str, Any]:
    """The answers the estimate reads (the area and the local demand figures), with stand-ins
    for the rest, so that the estimate shows as soon as those are given, whatever else is open."""
    document, introduction = (_part(given, key) for key in ("document", "introduction"))
    picked: dict[str, Any] = {"service": {"levels": {"specialist": {"included": False}}}}
    if "area" in document:
        picked["document"] = {"area": document["area"]}
    if "demand" in introduction:
        picked["introduction"] = {"demand": introduction["demand"]}
    return check.stand_ins(picked)


def _part(given: dict[str, Any], key: str) -> dict[str, Any]:
    part = given.get(key)
    return part if isinstance(part, dict) else {}


def _question(interview: Interview, field: str) -> Question:
    return next(q for q in interview.questions if q.field == field)
