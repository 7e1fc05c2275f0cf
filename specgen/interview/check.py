"""Checking an answer with the model's own rules, so the interview, ``validate`` and ``build`` agree.

An answer is checked by putting it into a copy of the whole answer file and validating that with
:func:`specgen.loader.validate`. Required answers not given yet get stand-ins, so that rules
spanning several fields (a time split adding up to 100, a qualified lead for a specialist team)
run as soon as they can; only problems at the fields being asked about are reported.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from specgen.answers import Answers
from specgen.errors import AnswersError
from specgen.interview import fields
from specgen.loader import validate

_STAND_IN_TEXT = "(not answered yet)"


def problems(tree: Any, field: str, checks: Sequence[str] = ()) -> list[str]:
    """What the model says is wrong in a candidate tree at (or under) the dotted ``field``, or
    exactly at one of ``checks`` (where rules spanning several fields report)."""
    return [_message(path, message, field) for path, message in located(tree, field, checks)]


def located(tree: Any, field: str, checks: Sequence[str] = ()) -> list[tuple[str, str]]:
    """As :func:`problems`, each message in plain English beside the dotted path it is about."""
    try:
        validate(stand_ins(plain(tree)), "answers")
    except AnswersError as error:
        return [(p.path, plain_message(p.message)) for p in error.problems
                if _under(p.path, field) or p.path in checks]
    return []


def with_answer(tree: Any, loc: fields.Loc, value: Any) -> dict[str, Any]:
    """A plain copy of ``tree`` with ``value`` put at ``loc`` (missing mappings created)."""
    candidate: dict[str, Any] = plain(tree)
    node: Any = candidate
    for depth, key in enumerate(loc[:-1]):
        following = node[key] if _has(node, key) else None
        if not isinstance(following, (dict, list)):
            following = [] if isinstance(loc[depth + 1], int) else {}
            node[key] = following
        node = following
    if isinstance(node, list) and loc[-1] == len(node):
        node.append(value)
    else:
        node[loc[-1]] = value
    return candidate


def plain(node: Any) -> Any:
    """ruamel's round-trip nodes as plain dicts, lists and values (a deep copy)."""
    if isinstance(node, Mapping):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return copy.copy(node)


def stand_ins(given: dict[str, Any], model: type[BaseModel] = Answers) -> dict[str, Any]:
    """``given`` with a placeholder for every required answer that is missing."""
    out = dict(given)
    for name, field in model.model_fields.items():
        inner = fields.model_in(field.annotation)
        if name in out:
            if inner is not None and isinstance(out[name], dict):
                out[name] = stand_ins(out[name], inner)
        elif field.is_required():
            out[name] = stand_ins({}, inner) if inner else _stand_in(field.annotation)
    return out


def _stand_in(annotation: Any) -> Any:
    element = fields.item_type(annotation)
    if element is not None:
        return [_stand_in(element)]
    choices = fields.choices_of(annotation)
    if choices:
        return choices[0]
    base, _ = fields.unwrap(annotation)
    simple: dict[Any, Any] = {int: 1, float: 1.0, bool: False, dt.date: "2000-01-01"}
    return simple.get(base, _STAND_IN_TEXT)


def _has(node: Any, key: str | int) -> bool:
    if isinstance(node, list):
        return isinstance(key, int) and key < len(node)
    return key in node


def _under(path: str, target: str) -> bool:
    return path == target or path.startswith((target + ".", target + "["))


def _message(path: str, message: str, field: str) -> str:
    return message if path == field or not path.startswith(field) else f"{path}: {message}"


_NEEDED = "an answer is needed here; it cannot be left blank"
_PLAIN = {
    "Input should be a valid string": _NEEDED,
    "Input should be a valid date": "an answer is needed here: a date, such as 14/03/2025",
    "Input should be a valid number": "an answer is needed here: a number",
    "Input should be a valid integer": "an answer is needed here: a whole number",
    "Input should be a valid boolean": "an answer is needed here: yes or no",
    "Input should be a valid list": "an answer is needed here: at least one item",
    "Input should be a valid dictionary or instance": _NEEDED,
}
_AT_LEAST = re.compile(r"List should have at least (\d+) items? after validation, not \d+")
_REQUIRED = re.compile(r"required; add '[^']+:' here")


def plain_message(message: str) -> str:
    """pydantic's wording for an answer left blank, in plain English (other messages as they are):
    the interview only ever gives a field nothing at all, or a value of the right type."""
    if message in _PLAIN:
        return _PLAIN[message]
    if _REQUIRED.fullmatch(message):
        return _NEEDED
    at_least = _AT_LEAST.fullmatch(message)
    if at_least:
        count = int(at_least.group(1))
        return "add at least one item" if count == 1 else f"add at least {count} items"
    return message
