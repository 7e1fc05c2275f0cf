"""List questions: adding, editing and removing items (aims, team posts, KPIs ...).

At a list question the person sees the items as they stand and types ``a`` to add one,
``e N`` to edit item N, ``r N`` to remove it, or Enter when the list is complete. For a list of
plain text, typing the text itself adds it. Items with several fields (a post: title,
profession, WTE) are asked field by field, and each field is saved as soon as it is answered;
an item left unfinished by an interruption is picked up again on the next run.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import TypeAdapter, ValidationError

from specgen.interview import check, fields, values
from specgen.interview.questions import Question
from specgen.interview.steps import BACK, HELP, Reply, Step, guidance
from specgen.interview.store import AnswerFile

_ADD = re.compile(r"a|add", re.IGNORECASE)
_EDIT = re.compile(r"(?:e|edit)\s*(\d+)", re.IGNORECASE)
_REMOVE = re.compile(r"(?:r|remove|d|delete)\s*(\d+)", re.IGNORECASE)
TEXT_ITEM = ""  # the draft key of an item in a list of plain text


class Host(Protocol):
    """What a list question needs of the interview around it (so lists never import the flow)."""

    file: AnswerFile

    def default(self, question: Question) -> Any: ...
    def back(self) -> Reply: ...
    def done(self) -> None: ...
    def give(self, question: Question, value: Any) -> list[str]: ...
    def write(self, loc: fields.Loc, value: Any) -> None: ...


@dataclass
class ItemEdit:
    """An item being added or edited, one field at a time."""

    index: int
    draft: dict[str, Any]
    position: int = 0
    new: bool = True
    written: bool = False
    original: frozenset[str] = frozenset()
    made_list: bool = False
    """The file had no list before this item: cancelling the item removes the list again."""


class ListQuestion:
    """The state of one list question while it is being answered."""

    def __init__(self, interview: Host, question: Question) -> None:
        self.interview = interview
        self.question = question
        self.element = fields.element(fields.field_at(question.path).annotation)
        self.model = fields.model_in(self.element)
        self.fields = question.items or (dataclasses.replace(
            question, path=(), kind=fields.kind_of(self.element), prompt="Type the item.", items=()),)
        self._adapter: TypeAdapter[Any] = TypeAdapter(self.element)
        self.edit: ItemEdit | None = None
        self.note = ""
        self._pick_up_unfinished()

    def items(self) -> list[Any]:
        """The list as it stands: the file's, or the default if the file has none yet."""
        current = self.interview.default(self.question)
        if current is fields.MISSING or current is None:
            return []
        if self.interview.file.has(self.question.path):
            return list(current)
        return [self._compact(self._expand(item), frozenset()) for item in current]

    def step(self, base: Step) -> Step:
        if self.edit is None:
            return dataclasses.replace(base, items=tuple(self.items()), note=self.note)
        sub = self.fields[self.edit.position]
        return dataclasses.replace(base, question=sub, of=self.question, item=self.edit.index,
                                   default=self._sub_default(sub), note=self.note)

    def answer(self, text: str) -> Reply:
        self.note = ""
        if self.edit is not None:
            return self._answer_field(text)
        if text.lower() in HELP:
            return Reply(True, f"{guidance(self.question)}\n{commands(self.question)}")
        if text.lower() in BACK:
            return self.interview.back()
        if not text:
            return self._finish()
        for pattern, action in ((_EDIT, self._start_edit), (_REMOVE, self._remove)):
            match = pattern.fullmatch(text)
            if match:
                return action(int(match.group(1)))
        if _ADD.fullmatch(text):
            self.edit = ItemEdit(len(self.items()), {})
            return Reply(True)
        if self.question.kind == "list":
            self.edit = ItemEdit(len(self.items()), {})
            return self._answer_field(text)
        return Reply(False, commands(self.question))

    # -- the list as a whole ---------------------------------------------------------------------

    def _finish(self) -> Reply:
        trouble = self.complete()
        if trouble:
            return Reply(False, "; ".join(trouble))
        self.interview.done()
        return Reply(True)

    def complete(self) -> list[str]:
        """The list is done: check it with the model, and save it if the file has none yet (the
        default's items); returns what is wrong with it."""
        if self.interview.file.has(self.question.path):
            return check.problems(self.interview.file.tree, self.question.field, self.question.checks)
        return self.interview.give(self.question, self.items())

    # -- one whole item at a time (a web form gives every field of an item together) -------------

    def fields_of(self, index: int) -> list[tuple[Question, Any]]:
        """The fields of item ``index`` (the next one: a new item) with what each holds now."""
        current = self.items()
        draft = self._expand(current[index]) if index < len(current) else {}
        self.edit = ItemEdit(index, draft, new=index >= len(current))
        shown = [(sub, self._sub_default(sub)) for sub in self.fields]
        self.edit = None
        return shown

    def put_item(self, index: int, draft: dict[str, Any]) -> list[tuple[str, str]]:
        """Check a whole item (``draft``: field name → value, ``None`` for a field left blank)
        and save it at ``index`` (the next index adds it); returns the problems, each at the
        field it is about (``""`` for the item as a whole)."""
        current = self.items()
        original = frozenset(self._expand(current[index])) if index < len(current) else frozenset()
        draft = {k: v for k, v in draft.items() if v is not None}
        self.edit = ItemEdit(index, draft, new=index >= len(current), original=original)
        try:
            target = f"{self.question.field}[{index}]"
            trouble = check.located(self._candidate(draft), target)
            if not trouble:
                self._write_item(draft)
        finally:
            self.edit = None
        prefix = target + "."
        return [(path.removeprefix(prefix) if path.startswith(prefix) else "", message)
                for path, message in trouble]

    def remove(self, number: int) -> Reply:
        """Remove item ``number`` (counting from 1)."""
        return self._remove(number)

    def _start_edit(self, number: int) -> Reply:
        current = self.items()
        if not 1 <= number <= len(current):
            return Reply(False, f"there is no item {number}; the list has {len(current)}")
        draft = self._expand(current[number - 1])
        self.edit = ItemEdit(number - 1, draft, new=False, written=True, original=frozenset(draft))
        return Reply(True)

    def _remove(self, number: int) -> Reply:
        current = self.items()
        if not 1 <= number <= len(current):
            return Reply(False, f"there is no item {number}; the list has {len(current)}")
        if self.interview.file.has(self.question.path):
            self.interview.file.delete_item((*self.question.path, number - 1))
            self.interview.file.save()
        else:
            self.interview.write(self.question.path, current[: number - 1] + current[number:])
        return Reply(True, f"Removed item {number}.")

    # -- one item, field by field ----------------------------------------------------------------

    def _answer_field(self, text: str) -> Reply:
        assert self.edit is not None
        sub = self.fields[self.edit.position]
        if text.lower() in HELP:
            return Reply(True, guidance(sub))
        if text.lower() in BACK:
            return self._field_back()
        try:
            value = self._read(sub, text)
        except values.Unreadable as error:
            return Reply(False, str(error))
        draft = {k: v for k, v in self.edit.draft.items() if k != _key(sub)}
        if value is not None:
            draft[_key(sub)] = value
        trouble = self._trouble(sub, draft)
        if trouble:
            return Reply(False, "; ".join(trouble))
        self._write_item(draft)
        return self._next_field()

    def _read(self, sub: Question, text: str) -> Any:
        if text and text.lower() in values.NONE_WORDS and sub.kind != "multi":
            return None
        if text:
            return values.parse(sub.kind, text, sub.choices)
        default = self._sub_default(sub)
        if default is fields.MISSING:
            raise values.Unreadable("this needs an answer (type ? for guidance, < to go back)")
        return default

    def _trouble(self, sub: Question, draft: dict[str, Any]) -> list[str]:
        assert self.edit is not None
        target = f"{self.question.field}[{self.edit.index}]" + (f".{sub.field}" if sub.path else "")
        return check.problems(self._candidate(draft), target)

    def _candidate(self, draft: dict[str, Any]) -> dict[str, Any]:
        """The whole answer tree with the item being edited as ``draft``."""
        assert self.edit is not None
        current = self.items()
        if self.edit.index == len(current):
            current.append(None)
        current[self.edit.index] = self._value(draft)
        return check.with_answer(self.interview.file.tree, self.question.path, current)

    def _write_item(self, draft: dict[str, Any]) -> None:
        assert self.edit is not None
        self.edit.draft = draft
        item = self._value(draft)
        if self.interview.file.has(self.question.path):
            self.interview.file.set((*self.question.path, self.edit.index), item)
            self.interview.file.save()
        else:
            current = self.items()
            current[self.edit.index:self.edit.index + 1] = [item]
            self.interview.write(self.question.path, current)
            self.edit.made_list = True
        self.edit.written = True

    def _next_field(self) -> Reply:
        assert self.edit is not None
        self.edit.position += 1
        if self.edit.position < len(self.fields):
            return Reply(True)
        number, self.edit = self.edit.index + 1, None
        return Reply(True, f"Saved item {number}.")

    def _field_back(self) -> Reply:
        assert self.edit is not None
        if self.edit.position > 0:
            self.edit.position -= 1
            return Reply(True)
        edit, self.edit = self.edit, None
        if edit.made_list:
            self.interview.file.delete(self.question.path)
        elif edit.new and edit.written:
            self.interview.file.delete_item((*self.question.path, edit.index))
        if edit.new and edit.written:
            self.interview.file.save()
        return Reply(True, "Item not added." if edit.new else "")

    # -- item values -----------------------------------------------------------------------------

    def _sub_default(self, sub: Question) -> Any:
        assert self.edit is not None
        if _key(sub) in self.edit.draft:
            return self.edit.draft[_key(sub)]
        if sub.default is not fields.MISSING or not sub.path:
            return sub.default
        return self._baseline(self.edit.draft).get(_key(sub), self._model_default(_key(sub)))

    def _baseline(self, draft: Any) -> dict[str, Any]:
        """The item as the model completes it from ``draft`` (a KPI picked by id gets its
        name and target), or nothing while the draft is not yet a valid item."""
        try:
            completed = fields.jsonable(self._adapter.validate_python(draft))
        except ValidationError:
            return {}
        return completed if isinstance(completed, dict) else {}

    def _value(self, draft: dict[str, Any]) -> Any:
        assert self.edit is not None
        if self.question.kind == "list":
            return draft.get(TEXT_ITEM)
        return self._compact(draft, self.edit.original)

    def _expand(self, item: Any) -> dict[str, Any]:
        if self.question.kind == "list":
            return {TEXT_ITEM: item}
        if isinstance(item, dict):
            return dict(item)
        if self.question.shorthand:
            return {self.question.shorthand: item}
        return self._baseline(item)  # another short form the model knows how to complete

    def _compact(self, draft: dict[str, Any], keep: frozenset[str]) -> Any:
        """Leave out fields at their default (unless the item had them), and use a shorthand."""
        if self.question.kind == "list":
            return draft.get(TEXT_ITEM, draft)
        shorthand = self.question.shorthand
        base = self._baseline({shorthand: draft[shorthand]}) if shorthand in draft else {}
        item = {k: v for k, v in draft.items()
                if k == shorthand or k in keep or v != base.get(k, self._model_default(k))}
        return item[shorthand] if shorthand and list(item) == [shorthand] else item

    def _model_default(self, key: str) -> Any:
        if self.model is None:
            return fields.MISSING
        return fields.field_default(fields.field_at((key,), self.model))

    def _pick_up_unfinished(self) -> None:
        if self.question.kind != "items" or not self.interview.file.has(self.question.path):
            return
        for index, item in enumerate(self.items()):
            draft = self._expand(item)
            known = {**self._baseline(draft), **draft}
            missing = [n for n, sub in enumerate(self.fields) if _key(sub) not in known
                       and self._model_default(_key(sub)) is fields.MISSING]
            if missing:
                self.edit = ItemEdit(index, draft, missing[0], new=False, written=True,
                                     original=frozenset(draft))
                self.note = f"Item {index + 1} was not finished; carrying on with it."
                return


def commands(question: Question) -> str:
    adding = "type an item to add it" if question.kind == "list" else "type a to add an item"
    return f"At a list: {adding}, e N to edit item N, r N to remove it, Enter when the list is done."


def _key(sub: Question) -> str:
    return sub.field if sub.path else TEXT_ITEM
