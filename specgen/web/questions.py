"""Question pages: one question per page, list questions with their items, one item per page.

Every answer goes through the interview engine (:meth:`Interview.give`, the list's
:meth:`~specgen.interview.lists.ListQuestion.put_item`), which checks it with the answers model
and saves the file at once, keeping its comments, as ``specgen interview`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import Response

from specgen.interview import Interview, forms, values
from specgen.interview.flow import LIST_KINDS
from specgen.interview.lists import ListQuestion
from specgen.interview.questions import Question
from specgen.interview.steps import item_in_words
from specgen.web.site import Site, file_url, page, redirect
from specgen.web.widgets import Widget, widget

Form = dict[str, list[str]]
ANSWER = "answer"


def question_by_field(interview: Interview, field: str) -> Question:
    for question in interview.questions:
        if question.field == field:
            return question
    raise HTTPException(404, f"There is no question about '{field}'.")


def resume_url(interview: Interview, name: str) -> str:
    """Where to carry on: the first question that applies and has no answer, else the check page."""
    for question in interview.applicable():
        if not interview.file.has(question.path):
            return question_url(name, question)
    return file_url(name, "check")


def question_url(name: str, question: Question, then: str = "") -> str:
    return file_url(name, "q", question.field) + ("?then=check" if then == "check" else "")


# -- one question ------------------------------------------------------------------------------

def show(site: Site, name: str, field: str, then: str = "") -> Response:
    with site.interview(name) as interview:
        question = question_by_field(interview, field)
        if question not in interview.applicable():
            return redirect(_after(interview, name, question, then))
        return _page(site, interview, name, question, then)


def answer(site: Site, name: str, field: str, form: Form) -> Response:
    then = _one(form, "then")
    with site.interview(name) as interview:
        question = question_by_field(interview, field)
        if question.kind in LIST_KINDS:
            trouble = [(ANSWER, m) for m in interview.list_question(question).complete()]
            return _done_or_again(site, interview, name, question, then, trouble)
        typed: Any = form.get(ANSWER, []) if question.kind == "multi" else _one(form, ANSWER)
        try:
            value = _value(question, typed)
        except values.Unreadable as error:
            return _page(site, interview, name, question, then, [(ANSWER, str(error))], typed)
        trouble = [(ANSWER, m) for m in interview.give(question, value)]
        return _done_or_again(site, interview, name, question, then, trouble, typed)


def _value(question: Question, typed: Any) -> Any:
    if question.kind == "multi":
        return forms.from_choices(question, typed)
    return forms.from_text(question, typed)


def _done_or_again(site: Site, interview: Interview, name: str, question: Question, then: str,
                   trouble: list[tuple[str, str]], typed: Any = None) -> Response:
    if trouble:
        return _page(site, interview, name, question, then, trouble, typed)
    return redirect(_after(interview, name, question, then))


def _after(interview: Interview, name: str, question: Question, then: str) -> str:
    """The page after ``question``: the next question that applies now, else the check page."""
    if then == "check":
        return file_url(name, "check") + f"#{question.section}"
    order = interview.questions
    applicable = interview.applicable()
    later = order[order.index(question) + 1:]
    following = next((q for q in later if q in applicable), None)
    return question_url(name, following) if following else file_url(name, "check")


def _before(interview: Interview, name: str, question: Question) -> str:
    order = interview.questions
    applicable = interview.applicable()
    earlier = [q for q in order[:order.index(question)] if q in applicable]
    return question_url(name, earlier[-1]) if earlier else "/"


def _page(site: Site, interview: Interview, name: str, question: Question, then: str,
          errors: Sequence[tuple[str, str]] = (), typed: Any = None) -> Response:
    applicable = interview.applicable()
    number = applicable.index(question) + 1 if question in applicable else len(applicable)
    context: dict[str, Any] = dict(name=name, question=question, section=interview.section_title(question),
                   number=number, total=len(applicable), then=then, errors=list(errors),
                   back=file_url(name, "check") if then == "check" else _before(interview, name, question),
                   action=question_url(name, question, then))
    if question.kind in LIST_KINDS:
        items = interview.list_question(question).items()
        return page(site, "list.html", **context, items=[item_in_words(question, i) for i in items],
                    adds_text=question.kind == "list",
                    add_url=_item_url(name, question, len(items) + 1, then),
                    item_url=lambda n: _item_url(name, question, n, then),
                    error=" ".join(m for _, m in errors))
    shown = widget(question, interview.default(question), ANSWER, " ".join(m for _, m in errors), typed)
    return page(site, "question.html", **context, widget=shown)


# -- items of a list ---------------------------------------------------------------------------

def _item_url(name: str, question: Question, number: int, then: str = "") -> str:
    return file_url(name, "q", question.field, "item", str(number)) + (
        "?then=check" if then == "check" else "")


def show_item(site: Site, name: str, field: str, number: int, then: str = "") -> Response:
    with site.interview(name) as interview:
        question = question_by_field(interview, field)
        items = _list(interview, question)
        return _item_page(site, interview, name, question, items, number, then=then)


def save_item(site: Site, name: str, field: str, number: int, form: Form) -> Response:
    with site.interview(name) as interview:
        question = question_by_field(interview, field)
        items = _list(interview, question)
        _check_number(items, number, adding=True)
        draft, unreadable = _draft(items, number, form)
        trouble = unreadable or items.put_item(number - 1, draft)
        if trouble:
            return _item_page(site, interview, name, question, items, number, trouble, form,
                              _one(form, "then"))
        return redirect(question_url(name, question, _one(form, "then")))


def remove_item(site: Site, name: str, field: str, number: int, form: Form) -> Response:
    with site.interview(name) as interview:
        question = question_by_field(interview, field)
        items = _list(interview, question)
        _check_number(items, number, adding=False)
        items.remove(number)
        return redirect(question_url(name, question, _one(form, "then")))


def _list(interview: Interview, question: Question) -> ListQuestion:
    if question.kind not in LIST_KINDS:
        raise HTTPException(404, f"'{question.field}' is not a list.")
    return interview.list_question(question)


def _check_number(items: ListQuestion, number: int, adding: bool) -> None:
    if not 1 <= number <= len(items.items()) + (1 if adding else 0):
        raise HTTPException(404, f"There is no item {number} in this list.")


def _draft(items: ListQuestion, number: int, form: Form) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The item's fields as the form gives them, and what could not be read."""
    draft: dict[str, Any] = {}
    unreadable: list[tuple[str, str]] = []
    for sub, _ in items.fields_of(number - 1):
        key = sub.field if sub.path else ""
        typed: Any = form.get(_name(key), []) if sub.kind == "multi" else _one(form, _name(key))
        try:
            draft[key] = _value(sub, typed)
        except values.Unreadable as error:
            unreadable.append((key, str(error)))
    return draft, unreadable


def _name(key: str) -> str:
    return f"f-{key}" if key else "f-text"


def _item_page(site: Site, interview: Interview, name: str, question: Question, items: ListQuestion,
               number: int, errors: Sequence[tuple[str, str]] = (), form: Form | None = None,
               then: str = "") -> Response:
    _check_number(items, number, adding=True)
    fields = items.fields_of(number - 1)
    keys = [sub.field if sub.path else "" for sub, _ in fields]
    listed = [(_name(k if k in keys else keys[0]), m) for k, m in errors]
    beside: dict[str, str] = {}
    for target, message in listed:
        beside[target] = f"{beside[target]} {message}".strip() if target in beside else message
    shown: list[Widget] = []
    for (sub, current), key in zip(fields, keys, strict=True):
        typed = None if form is None else (form.get(_name(key), []) if sub.kind == "multi"
                                           else _one(form, _name(key)))
        shown.append(widget(sub, current, _name(key), beside.get(_name(key), ""), typed, root=question))
    return page(site, "item.html", name=name, question=question, number=number,
                section=interview.section_title(question), widgets=shown, errors=listed,
                adding=number > len(items.items()), back=question_url(name, question, then),
                action=_item_url(name, question, number), then=then)


def _one(form: Form, key: str) -> str:
    given = form.get(key, [])
    return given[0] if given else ""
