"""Answers as clause templates see them: plain, read-only values and nothing else.

A pydantic model carries methods (some of them deprecated class methods that can unpickle bytes),
its class, and through them the interpreter. Templates must never reach any of that, so every
value handed to a template is first copied into the few types here: :class:`PlainMap` (a read-only
mapping, also standing for a model or a dataclass), tuples, strings, numbers, booleans, ``None``
and dates. Anything else is refused when the context is built, never discovered while rendering.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from enum import Enum
from functools import cached_property
from typing import Any

from pydantic import BaseModel

LEAVES = (str, int, float, bool, type(None), dt.date)
"""The scalar types a template may see (``datetime.datetime`` is a ``date`` too)."""

MAX_VALUES = 1_000_000
"""More distinct values than this in one context means the input is a bomb, not an answer file."""


class PlainMap(Mapping[str, Any]):
    """A read-only mapping. Templates read ``m.key`` or ``m["key"]``; nothing can be changed."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"PlainMap({self._data!r})"


class NotPlainError(TypeError):
    """A value of a type templates must not see reached the template context."""


def to_plain(value: Any) -> Any:
    """A deep, read-only copy of ``value`` made only of plain types (shared parts stay shared)."""
    return _Converter().convert(value)


class _Converter:
    def __init__(self) -> None:
        self.seen: dict[int, Any] = {}
        self.keep: list[Any] = []  # keeps converted sources alive, so their ids stay unique

    def convert(self, value: Any) -> Any:
        if isinstance(value, Enum):
            return self.convert(value.value)
        if isinstance(value, LEAVES):
            return value
        if id(value) in self.seen:  # an alias in YAML: convert it once, share the copy
            return self.seen[id(value)]
        if len(self.seen) >= MAX_VALUES:
            raise NotPlainError(f"more than {MAX_VALUES:,} values: refusing to copy them")
        self.keep.append(value)
        converted = self._container(value)
        self.seen[id(value)] = converted
        return converted

    def _container(self, value: Any) -> Any:
        if isinstance(value, PlainMap):
            return value
        if isinstance(value, Mapping):
            return PlainMap({str(k): self.convert(v) for k, v in value.items()})
        if isinstance(value, list | tuple):
            return tuple(self.convert(v) for v in value)
        if isinstance(value, set | frozenset):
            return tuple(sorted(self.convert(v) for v in value))
        if isinstance(value, BaseModel):
            return PlainMap({**self._fields(value, type(value).model_fields), **self._properties(value)})
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = {f.name: None for f in dataclasses.fields(value)}
            return PlainMap({**self._fields(value, names), **self._properties(value)})
        raise NotPlainError(f"a {type(value).__name__} cannot be handed to a clause template")

    def _fields(self, value: Any, names: Mapping[str, Any]) -> dict[str, Any]:
        return {name: self.convert(getattr(value, name)) for name in names if not name.startswith("_")}

    def _properties(self, value: Any) -> dict[str, Any]:
        """Derived values the answers model defines as properties (e.g. a strategy's gaps)."""
        found: dict[str, Any] = {}
        for klass in type(value).__mro__:
            if klass in (BaseModel, object):
                break
            for name, attr in vars(klass).items():
                if isinstance(attr, property | cached_property) and not name.startswith("_"):
                    found.setdefault(name, self.convert(getattr(value, name)))
        return found
