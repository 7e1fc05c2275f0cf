"""The interview without a terminal: which question comes next, and what an answer does.

:class:`Interview` is driven by text, one line at a time, exactly as a person types it::

    interview = Interview(bundled_catalogue(), AnswerFile.open(path))
    while (step := interview.step()) is not None:
        reply = interview.answer(input(render(step)))

Every accepted answer is written to the file at once. A question is asked when it applies (its
condition holds) and is not answered in the file yet, or its section is being reviewed, or it
was answered earlier in this session (so that going back and forth shows it again).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from specgen.errors import AnswersError, Problem
from specgen.interview import check, fields, values
from specgen.interview.lists import ListQuestion
from specgen.interview.questions import Catalogue, Question
from specgen.interview.steps import BACK, HELP, Reply, Step, guidance, in_words
from specgen.interview.store import AnswerFile, todo_note
from specgen.loader import validate

LIST_KINDS = frozenset({"list", "items"})


@dataclass
class _Session:
    touched: set[int] = field(default_factory=set)
    extra: set[int] = field(default_factory=set)
    history: list[int] = field(default_factory=list)


class Interview:
    """Asks the catalogue's questions about one answer file, saving after every answer."""

    def __init__(self, catalogue: Catalogue, answers: AnswerFile, review: Collection[str] = ()) -> None:
        self.file = answers
        self._questions = catalogue.questions()
        self._titles = {s.id: s.title for s in catalogue.sections}
        self._review = set(review)
        self._session = _Session()
        self._list: ListQuestion | None = None
        self._picked: list[str] | None = None
        """At a multi-select question: the choices ticked so far, until Enter keeps them."""
        self._effective: tuple[int, dict[str, Any]] = (-1, {})
        self._index = self._next(-1)
        self._enter()

    # -- what to ask ---------------------------------------------------------------------------

    def step(self) -> Step | None:
        """The current step, or None when every question that needs asking has been asked."""
        if self._index is None:
            return None
        question = self._questions[self._index]
        answers = self._answers()
        applicable = [i for i, q in enumerate(self._questions) if q.applies(answers)]
        number = applicable.index(self._index) + 1 if self._index in applicable else len(applicable)
        default = self.default(question) if self._picked is None else self._picked
        base = Step(self._titles[question.section], number, len(applicable), question, default)
        return self._list.step(base) if self._list else base

    def default(self, question: Question) -> Any:
        """What Enter gives: the answer in the file, else the question's or the model's default."""
        if self.file.has(question.path):
            return check.plain(self.file.get(question.path))
        given = question.computed_default(self._answers())
        if given is not fields.MISSING:
            return given
        return fields.default_for(question.path, check.plain(self.file.tree))

    def finished(self) -> bool:
        return self._index is None

    @property
    def questions(self) -> list[Question]:
        """Every question of the catalogue, in order."""
        return list(self._questions)

    def applicable(self) -> list[Question]:
        """The questions that apply to the answers as they stand, in order."""
        answers = self._answers()
        return [q for q in self._questions if q.applies(answers)]

    def section_title(self, question: Question) -> str:
        return self._titles[question.section]

    def about(self, path: str) -> list[Question]:
        """The questions a problem at the dotted ``path`` is about."""
        return [self._questions[i] for i in self._about(path)]

    def list_question(self, question: Question) -> ListQuestion:
        """The items of a list question, to add, change and remove them one at a time."""
        return ListQuestion(self, question)

    # -- answering -----------------------------------------------------------------------------

    def answer(self, text: str) -> Reply:
        """Take one line typed by the person: an answer, ``?`` for guidance or ``<`` to go back."""
        text = text.strip()
        if self._index is None:
            return Reply(False, "The interview is finished.")
        if self._list:
            return self._list.answer(text)
        question = self._questions[self._index]
        if text.lower() in HELP:
            return Reply(True, guidance(question))
        if text.lower() in BACK:
            return self.back()
        if question.kind == "multi" and text:
            return self._toggle(question, text)
        return self._answer_value(question, text)

    def _toggle(self, question: Question, text: str) -> Reply:
        current = self.default(question) if self._picked is None else self._picked
        ticked = current if isinstance(current, list) else []
        try:
            self._picked = values.toggle(text, question.choices, ticked)
        except values.Unreadable as error:
            return Reply(False, str(error))
        return Reply(True, f"Now selected: {_numbered(question, self._picked)}. Type more numbers "
                           "to change the selection, or press Enter to keep it.")

    def back(self) -> Reply:
        """Return to the question answered before this one: in this session, or else (after
        resuming) the question before it in the file's order."""
        if self._session.history:
            self._index = self._session.history.pop()
        else:
            earlier = self._before(self._index)
            if earlier is None:
                return Reply(False, "This is the first question; there is none before it.")
            self._session.extra.add(earlier)
            self._index = earlier
        self._enter()
        return Reply(True)

    def _before(self, index: int | None) -> int | None:
        """The applicable question just before ``index`` (before the end if None)."""
        answers = self._answers()
        end = len(self._questions) if index is None else index
        return next((i for i in range(end - 1, -1, -1) if self._questions[i].applies(answers)), None)

    def done(self) -> None:
        """The current question is answered: record it and move on."""
        assert self._index is not None
        self._session.touched.add(self._index)
        self._session.history.append(self._index)
        self._index = self._next(self._index)
        self._enter()

    def keep(self, question: Question) -> Reply:
        """Enter on an answered question: keep the answer untouched, if the model accepts it."""
        trouble = check.problems(self.file.tree, question.field, question.checks)
        if trouble:
            return Reply(False, "; ".join(trouble))
        self.done()
        return Reply(True)

    def write(self, loc: fields.Loc, value: Any) -> None:
        self.file.set(loc, value)
        self.file.save()

    def _answer_value(self, question: Question, text: str) -> Reply:
        if not text and self.file.has(question.path) and self._picked is None:
            return self.keep(question)
        try:
            value = self._read(question, text)
        except values.Unreadable as error:
            return Reply(False, str(error))
        trouble = self.give(question, value)
        if trouble:
            return Reply(False, "; ".join(trouble))
        self.done()
        return Reply(True)

    def give(self, question: Question, value: Any) -> list[str]:
        """Check a whole answer with the model's rules and, if it passes, save it; returns what
        is wrong with it. ``None`` leaves the answer out (and the part it opens, if any)."""
        loc = question.none_at if value is None and question.none_at else question.path
        trouble = check.problems(check.with_answer(self.file.tree, loc, value), question.field,
                                 question.checks)
        if not trouble:
            self.write(loc, value)
        return trouble

    def _read(self, question: Question, text: str) -> Any:
        if not text and self._picked is not None:
            return self._picked
        if text:
            if text.lower() in values.NONE_WORDS and question.kind not in ("multi",):
                return None
            return values.parse(question.kind, text, question.choices)
        default = self.default(question)
        if default is fields.MISSING and question.none_at:
            return None  # blank leaves out the optional part this question opens
        if default is fields.MISSING:
            raise values.Unreadable("this question needs an answer (type ? for guidance)")
        return default

    # -- without asking --------------------------------------------------------------------------

    def fill_defaults(self) -> list[str]:
        """Answer every open question with its default; leave a TODO comment where there is none.

        The comments are written after all the answers, so that placing answers never moves them.
        Returns the TODO notes, in question order.
        """
        todo: list[tuple[Question, bool]] = []
        for question in self._questions:
            if not question.applies(self._answers()) or self.file.has(question.path):
                continue
            value = self.default(question)
            if value is fields.MISSING or value is None:
                todo.append((question, self._required(question)))
            elif question.kind in LIST_KINDS:
                self.file.set(question.path, ListQuestion(self, question).items())
            else:
                self.file.set(question.path, value)
        notes = [todo_note(q.path, q.prompt, required) for q, required in todo]
        for (question, _), note in zip(todo, notes, strict=True):
            self.file.todo(question.path, note)
        self.file.save()
        return notes

    def _required(self, question: Question) -> bool:
        """Whether the model refuses this question left blank (it may say so only in context)."""
        loc = question.none_at or question.path
        candidate = check.with_answer(self.file.tree, loc, None)
        return bool(check.problems(candidate, question.field, question.checks))

    # -- the end ---------------------------------------------------------------------------------

    def summary(self) -> list[tuple[str, str]]:
        """The key answers (questions marked ``summary``), as label and the answer in words."""
        answers = self._answers()
        return [(q.label, in_words(q, self.default(q))) for q in self._questions
                if q.summary and q.applies(answers)]

    def problems(self) -> list[Problem]:
        """What ``specgen validate`` would say about the file now, at its lines as saved.

        Answers given in this session have no line of their own in the tree being edited, so the
        text as saved is read back for the positions."""
        try:
            validate(self.file.reread(), str(self.file.path))
        except AnswersError as error:
            return error.problems
        return []

    def revisit(self, problems: Collection[Problem]) -> int:
        """Ask again the questions the problems are about; returns how many."""
        for problem in problems:
            self._session.extra.update(self._about(problem.path))
        self._index = self._next(-1)
        self._enter()
        return len(self._session.extra)

    def _about(self, path: str) -> list[int]:
        """The questions a problem at ``path`` is about: the field it is in, the question whose
        rule reports there, or else the questions inside the part it names."""
        numbered = list(enumerate(self._questions))
        return ([i for i, q in numbered if _under(path, q.field)]
                or [i for i, q in numbered if path in q.checks]
                or [i for i, q in numbered if _under(q.field, path)])

    # -- moving along ----------------------------------------------------------------------------

    def _answers(self) -> dict[str, Any]:
        """The answers as the model reads them; worked out again only after the file changes."""
        if self._effective[0] != self.file.changes:
            self._effective = (self.file.changes, fields.effective(check.plain(self.file.tree)))
        return self._effective[1]

    def _next(self, after: int) -> int | None:
        answers = self._answers()
        for index in range(after + 1, len(self._questions)):
            if self._wanted(index, answers):
                return index
        return None

    def _wanted(self, index: int, answers: dict[str, Any]) -> bool:
        question = self._questions[index]
        if not question.applies(answers):
            return False
        return (not self.file.has(question.path) or question.section in self._review
                or index in self._session.touched or index in self._session.extra)

    def _enter(self) -> None:
        self._list = None
        self._picked = None
        if self._index is not None and self._questions[self._index].kind in LIST_KINDS:
            self._list = ListQuestion(self, self._questions[self._index])


def _numbered(question: Question, picked: list[str]) -> str:
    if not picked:
        return "nothing"
    return ", ".join(f"{question.choices.index(c) + 1}. {c}" for c in picked)


def _under(path: str, target: str) -> bool:
    return path == target or path.startswith((target + ".", target + "["))
