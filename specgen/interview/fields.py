"""What the answers model says about a field: its type, whether it is required, its default.

The interview asks about fields by dotted path (``service.team.lead.profession``); everything it
needs to know beyond the wording comes from here, so the model stays the one source of truth.
"""

from __future__ import annotations

import copy
import datetime as dt
import types
import typing
from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined, to_jsonable_python

from specgen.answers import Answers

Key = str | int
Loc = tuple[Key, ...]
MISSING: Any = PydanticUndefined
"""Marks "no default"; ``None`` is a real default (an optional answer left out)."""


def dotted(loc: Loc) -> str:
    """``("a", "b", 2, "c")`` → ``a.b[2].c``, the form the loader uses in its messages."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def split(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip ``Annotated`` and ``| None``: ``(base type, whether None is allowed)``."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType) and type(None) in typing.get_args(annotation):
            optional = True
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
        else:
            return annotation, optional


def model_in(annotation: Any) -> type[BaseModel] | None:
    base, _ = unwrap(annotation)
    return base if isinstance(base, type) and issubclass(base, BaseModel) else None


def element(annotation: Any) -> Any:
    """The element annotation of a ``list[...]``, validators included; None if not a list."""
    base, _ = unwrap(annotation)
    return typing.get_args(base)[0] if typing.get_origin(base) is list else None


def item_type(annotation: Any) -> Any:
    """The element type of a ``list[...]`` annotation (itself unwrapped), or None."""
    inner = element(annotation)
    return None if inner is None else unwrap(inner)[0]


def field_at(path: tuple[str, ...], root: type[BaseModel] = Answers) -> FieldInfo:
    """The pydantic field a dotted path names; KeyError naming the first unknown part."""
    model: type[BaseModel] | None = root
    field: FieldInfo | None = None
    for depth, part in enumerate(path):
        if model is None or part not in model.model_fields:
            raise KeyError(".".join(path[: depth + 1]))
        field = model.model_fields[part]
        model = model_in(field.annotation)
    if field is None:
        raise KeyError("(empty path)")
    return field


def choices_of(annotation: Any) -> list[str]:
    """The allowed ids of an enum or Literal (or a list of them); empty for anything else."""
    base = item_type(annotation) or unwrap(annotation)[0]
    if isinstance(base, type) and issubclass(base, Enum):
        return [str(member.value) for member in base]
    options: list[str] = []
    for arg in typing.get_args(base) if typing.get_origin(base) in (Union, types.UnionType) else [base]:
        if typing.get_origin(arg) is Literal:
            options.extend(str(v) for v in typing.get_args(arg))
    return options


def kind_of(annotation: Any) -> str:
    """How an answer is typed in: text, number, yesno, date, choice, multi, list, items or scalar."""
    base, _ = unwrap(annotation)
    element = item_type(annotation)
    if element is not None:
        if isinstance(element, type) and issubclass(element, BaseModel):
            return "items"
        return "multi" if choices_of(annotation) else "list"
    if typing.get_origin(base) in (Union, types.UnionType):
        return "scalar"  # e.g. "conception", "birth" or an age in years
    if choices_of(annotation):
        return "choice"
    simple = {bool: "yesno", int: "number", float: "number", dt.date: "date", str: "text"}
    return simple.get(base, "text")


def jsonable(value: Any) -> Any:
    """A default as it would be written in an answer file (models as mappings, enums as ids)."""
    if isinstance(value, dt.date):
        return value
    return _whole_numbers(to_jsonable_python(value))


def _whole_numbers(value: Any) -> Any:
    # 50.0 reads as a measurement; the model takes 50 for a float field, and people write 50.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


def field_default(field: FieldInfo) -> Any:
    if field.is_required():
        return MISSING
    return copy.deepcopy(_default(field))


@cache
def _default(field: FieldInfo) -> Any:
    # pydantic copies a default deeply on every call, which is slow across a whole model.
    return jsonable(field.get_default(call_default_factory=True))


def effective(given: Any, model: type[BaseModel] = Answers) -> dict[str, Any]:
    """The answers as the model would read them: the file's values over the model's defaults.

    Conditions and defaults are worked out against this, so an unanswered question behaves
    exactly as its default will once the file is validated.
    """
    given = given if isinstance(given, Mapping) else {}
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        inner = model_in(field.annotation)
        if name in given:
            value = given[name]
            out[name] = effective(value, inner) if inner and isinstance(value, Mapping) else value
        elif not field.is_required():
            out[name] = field_default(field)
        elif inner is not None:
            out[name] = effective({}, inner)
    return out


def default_for(path: tuple[str, ...], given: Any) -> Any:
    """The value a field takes if left out, given the rest of the file; MISSING if it has none."""
    node: Any = effective(given)
    for part in path:
        if not isinstance(node, Mapping) or part not in node:
            return _class_default(path)
        node = node[part]
    return node if node is not None or not field_at(path).is_required() else MISSING


def _class_default(path: tuple[str, ...]) -> Any:
    # The container is absent (e.g. ``lead: null``): fall back to the field's own default.
    return field_default(field_at(path))


def order_of(path: tuple[str, ...], root: type[BaseModel] = Answers) -> list[str]:
    """The keys of the mapping at ``path`` in the order the model declares them."""
    model: type[BaseModel] | None = root
    for part in path:
        if model is None or part not in model.model_fields:
            return []
        model = model_in(model.model_fields[part].annotation)
    return list(model.model_fields) if model else []
