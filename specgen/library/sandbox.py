"""The sandbox clause templates run in: plain data in, bounded work, nothing else reachable.

A clause folder may come from another organisation, so its templates are treated as untrusted
code. Jinja's own sandbox blocks private attributes; this one goes further and allows by name:

- **Reading.** Mappings give their keys (``a.service.team``) and ``items``/``keys``/``values``/
  ``get``; strings a few harmless methods; dates their parts; loops their counters. Everything
  else is undefined, so no class, method, module or file is reachable (the context itself holds
  only plain values: see :mod:`specgen.library.plain`).
- **Working.** Every loop step, call and ``range`` is charged to a budget, with a step limit and a
  deadline, and every value a template builds (``*``, ``+``, ``~``, ``replace``, ``join``) is
  checked for size *before* it is built. Output per clause is capped too.
- **Files.** There is no loader, and ``include``/``import``/``extends`` are refused when a clause
  is compiled.

Templates run only inside :func:`budget` (``render`` and ``evaluate`` set one up): outside it,
the first step fails, so no caller can forget the limits.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes, pass_environment
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError, TemplateRuntimeError, TemplateSyntaxError
from jinja2.filters import FILTERS, make_attrgetter
from jinja2.runtime import LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace


@dataclass(frozen=True)
class Limits:
    steps: int = 2_000_000
    """Loop steps, calls and range items one clause (or condition) may use."""
    seconds: float = 5.0
    """Wall-clock time one clause may take: a backstop for work the step count cannot see."""
    document_seconds: float = 60.0
    """Wall-clock time all the clauses of one document may take together."""
    value_chars: int = 1_000_000
    """The longest string or list a template may build."""
    output_chars: int = 2_000_000
    """The most text one clause may produce."""


LIMITS = Limits()
MAX_RANGE = 100_000


class TemplateLimitError(TemplateRuntimeError):
    """A template tried to do more work, or build a bigger value, than a clause may."""


@dataclass
class _Budget:
    limits: Limits
    deadline: float
    steps: int = 0

    def spend(self, steps: int) -> None:
        self.steps += steps
        if self.steps > self.limits.steps:
            raise TemplateLimitError(
                f"stopped after {self.limits.steps:,} steps: a loop that never ends, or far more "
                "work than a clause needs")
        if time.monotonic() > self.deadline:
            raise TemplateLimitError("stopped: it ran longer than a clause may "
                                     f"({self.limits.seconds:g} s, {self.limits.document_seconds:g} s "
                                     "for the whole document)")


_current: ContextVar[_Budget | None] = ContextVar("specgen_template_budget", default=None)
_document_deadline: ContextVar[float | None] = ContextVar("specgen_document_deadline", default=None)


@contextmanager
def document_time(limits: Limits = LIMITS) -> Iterator[None]:
    """All clause renders inside share one deadline (``Limits.document_seconds``)."""
    token = _document_deadline.set(time.monotonic() + limits.document_seconds)
    try:
        yield
    finally:
        _document_deadline.reset(token)


@contextmanager
def budget(limits: Limits = LIMITS) -> Iterator[None]:
    deadline = time.monotonic() + limits.seconds
    document = _document_deadline.get()
    token = _current.set(_Budget(limits, min(deadline, document or deadline)))
    try:
        yield
    finally:
        _current.reset(token)


def spend(steps: int = 1) -> None:
    current = _current.get()
    if current is None:
        raise TemplateLimitError("a clause template ran outside specgen's limits")
    current.spend(steps)


def render(template: Any, context: Mapping[str, Any], limits: Limits = LIMITS) -> str:
    """Render a compiled template within the limits, capping its output."""
    chunks, size = [], 0
    with budget(limits):
        for chunk in template.generate(context):
            size += len(chunk)
            if size > limits.output_chars:
                raise TemplateLimitError(f"stopped: it wrote more than {limits.output_chars:,} characters")
            chunks.append(chunk)
    return "".join(chunks)


def evaluate(expression: Callable[..., Any], context: Mapping[str, Any], limits: Limits = LIMITS) -> Any:
    """Evaluate a compiled expression (a ``when:`` condition) within the limits."""
    with budget(limits):
        return expression(**context)


# --- what templates may read ---------------------------------------------------------------

_MAPPING_METHODS = frozenset({"items", "keys", "values", "get"})
_ALLOWED: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...] = (
    (str, frozenset({"lower", "upper", "title", "capitalize", "strip", "lstrip", "rstrip",
                     "startswith", "endswith", "split", "isdigit"})),
    (dt.date, frozenset({"year", "month", "day"})),
    (LoopContext, frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length",
                             "depth", "depth0", "previtem", "nextitem", "cycle", "changed"})),
)


def _allowed_attribute(obj: Any, attribute: str) -> bool:
    return any(isinstance(obj, kind) and attribute in names for kind, names in _ALLOWED)


class PlainSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, reading by allowlist and charging work to a budget."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def getattr(self, obj: Any, attribute: str) -> Any:
        spend()
        if isinstance(obj, Mapping):
            if attribute in obj:
                return obj[attribute]
            if attribute in _MAPPING_METHODS:
                return getattr(obj, attribute)
            return self._missing(obj, attribute)
        elif isinstance(obj, Namespace | Undefined) or _allowed_attribute(obj, attribute):
            return super().getattr(obj, attribute)
        if attribute.startswith("_"):
            return self.unsafe_undefined(obj, attribute)
        return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        spend()
        if isinstance(obj, Mapping) and isinstance(argument, str | int | float | None):
            return obj[argument] if argument in obj else self._missing(obj, argument)
        if isinstance(obj, str | tuple | list) and isinstance(argument, int | slice):
            try:
                return obj[argument]
            except IndexError:
                return self.undefined(obj=obj, name=str(argument))
        if isinstance(obj, Undefined):
            return super().getitem(obj, argument)
        return self.undefined(obj=obj, name=str(argument))

    def _missing(self, obj: Mapping[Any, Any], key: Any) -> Undefined:
        return self.undefined(f"no answer or value called {key!r} (clause templates read answers "
                              "and menus as plain values, without methods)", obj=obj, name=str(key))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        spend()
        if not __self._callable(__obj):
            raise SecurityError(f"clause templates cannot call {type(__obj).__name__} objects")
        return __context.call(__obj, *args, **kwargs)

    def _callable(self, obj: Any) -> bool:
        if isinstance(obj, Macro | LoopContext | Undefined):
            return True
        if any(obj is value for value in self.globals.values()):
            return True
        owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", "")
        if isinstance(owner, Mapping):
            return name in _MAPPING_METHODS
        return owner is not None and _allowed_attribute(owner, name)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        spend()
        _check_binop(operator, left, right, LIMITS)
        return self.binop_table[operator](left, right)

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        return super()._generate(_bounded(source), name, filename, defer_init)


def _check_binop(operator: str, left: Any, right: Any, limits: Limits) -> None:
    sequences = (str, list, tuple)
    if operator == "%" and isinstance(left, str):
        raise SecurityError("clause templates cannot format strings with %; use the filters")
    if operator == "+" and isinstance(left, sequences) and isinstance(right, sequences):
        _check_size(len(left) + len(right), limits)
    if operator == "*":
        if isinstance(left, sequences) and isinstance(right, int):
            _check_size(len(left) * right, limits)
        elif isinstance(right, sequences) and isinstance(left, int):
            _check_size(len(right) * left, limits)
        elif isinstance(left, int) and isinstance(right, int) and \
                left.bit_length() + right.bit_length() > 4096:
            raise TemplateLimitError("a number in a clause template grew too large")
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and \
            abs(right) * max(left.bit_length(), 1) > 4096:
        raise TemplateLimitError("a number in a clause template grew too large")


def _check_size(size: int, limits: Limits = LIMITS) -> None:
    if size > limits.value_chars:
        raise TemplateLimitError(f"a clause template tried to build a value of {size:,} characters "
                                 f"or items (at most {limits.value_chars:,})")


# --- compiling: no files, counted loops, sized joins -----------------------------------------

_FILE_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _bounded(template: nodes.Template) -> nodes.Template:
    """Refuse file-reading tags; route every loop through ``_sg_steps`` and every ``~`` through
    ``_sg_join``, so both are charged and sized."""
    for node in template.find_all(_FILE_NODES):
        raise TemplateSyntaxError("clause templates cannot include, import or extend other files",
                                  node.lineno)
    for loop in template.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, "_sg_steps", [], [], None, None, lineno=loop.lineno)
    for concat in list(template.find_all(nodes.Concat)):
        joined = nodes.Filter(nodes.List(concat.nodes, lineno=concat.lineno), "_sg_join", [], [],
                              None, None, lineno=concat.lineno)
        concat.nodes = [joined]
    return template


def _steps(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        spend()
        yield item


def _join_sized(parts: list[Any]) -> str:
    texts = [str(part) for part in parts]
    _check_size(sum(map(len, texts)))
    return "".join(texts)


def bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimitError(f"range() of {len(numbers):,} numbers (at most {MAX_RANGE:,})")
    spend(len(numbers))
    return numbers


def _replace(text: Any, old: str, new: str, count: int | None = None) -> str:
    source = str(text)
    found = source.count(old) if old else len(source) + 1
    found = min(found, count) if count is not None and count >= 0 else found
    _check_size(len(source) + found * (len(new) - len(old)))
    return source.replace(old, new, -1 if count is None else count)


@pass_environment
def _join(env: Environment, items: Iterable[Any], separator: str = "",
          attribute: str | int | None = None) -> str:
    if attribute is not None:
        items = map(make_attrgetter(env, attribute), items)
    texts = [str(item) for item in _steps(items)]
    _check_size(sum(map(len, texts)) + len(separator) * max(len(texts) - 1, 0))
    return separator.join(texts)


# Jinja's filters that cannot build large values or reach outside the data; join and replace are
# replaced by sized versions; format, center, indent, wordwrap, attr, pprint and the like are left out.
_SAFE_FILTERS = ("abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first",
                 "float", "groupby", "int", "items", "last", "length", "list", "lower", "map", "max",
                 "min", "reject", "rejectattr", "reverse", "round", "select", "selectattr", "sort",
                 "string", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount")


def sandbox(undefined: type[Undefined], **options: Any) -> PlainSandbox:
    """A fresh sandbox with only the safe filters and globals (callers add their own)."""
    env = PlainSandbox(undefined=undefined, **options)
    env.filters = {name: FILTERS[name] for name in _SAFE_FILTERS}
    env.filters.update(replace=_replace, join=_join, _sg_steps=_steps, _sg_join=_join_sized)
    env.globals = {"range": bounded_range, "namespace": Namespace}
    return env
