"""Clause templates and conditions see plain, read-only data, and only that.

Every context a template or condition is given while the examples are built (every kind, every
layout) and while the interview asks its questions is recorded and walked: by item, every value
must be a read-only mapping, a tuple, text, a number, a boolean, None or a date; by attribute,
through the sandbox exactly as a template would reach it, nothing but keys and a short list of
harmless methods may come back. No model, class, method, module or file handle is reachable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from jinja2.runtime import Undefined

from specgen.assembly import assemble as assembly
from specgen.interview import questions
from specgen.interview.check import plain
from specgen.interview.questions import bundled_catalogue
from specgen.library import sandbox as sandbox_module
from specgen.library.plain import LEAVES, PlainMap
from specgen.library.sandbox import budget
from specgen.library.templating import environment
from specgen.loader import load, parse
from specgen.pipeline import document_for

METHODS = {PlainMap: {"items", "keys", "values", "get"},
           str: {"lower", "upper", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith",
                 "endswith", "split", "isdigit"}}


def values_in(value: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every value reachable by item from ``value`` (each shared part once)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if isinstance(value, Mapping):
        for key, item in value.items():
            assert isinstance(key, str), f"a key that is not text: {key!r}"
            yield from values_in(item, seen)
    elif isinstance(value, tuple):
        for item in value:
            yield from values_in(item, seen)


def assert_plain(context: Mapping[str, Any]) -> None:
    env = environment()
    checked: set[type] = set()  # what an attribute gives depends on the type, so once per type
    for value in values_in(PlainMap(dict(context))):
        assert isinstance(value, (PlainMap, tuple, *LEAVES)), f"{type(value).__name__} reached a template"
        if type(value) in checked:
            continue
        checked.add(type(value))
        with budget():
            for name in dir(value):
                _assert_attribute_is_harmless(env.getattr(value, name), value, name)


def _assert_attribute_is_harmless(found: Any, owner: Any, name: str) -> None:
    if isinstance(found, (Undefined, PlainMap, tuple, *LEAVES)):
        return
    allowed = next((names for kind, names in METHODS.items() if isinstance(owner, kind)), set())
    assert getattr(found, "__self__", None) is owner and name in allowed, \
        f"{type(owner).__name__}.{name} gives a template {type(found).__name__}"


def _recorded(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Mapping[str, Any]]:
    contexts: list[Mapping[str, Any]] = []
    original = getattr(module, name)

    def record(template: Any, context: Mapping[str, Any], *args: Any) -> Any:
        contexts.append(context)
        return original(template, context, *args)

    monkeypatch.setattr(module, name, record)
    return contexts


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_clause_templates_and_conditions_see_only_plain_values(monkeypatch: pytest.MonkeyPatch,
                                                              example: Path) -> None:
    bodies = _recorded(monkeypatch, assembly, "render")
    conditions = _recorded(monkeypatch, assembly, "evaluate")
    answers = load(example)
    for layout in ("toolkit", "nhs", "council"):
        document_for(answers, "spec", layout=layout)
    document_for(answers, "strategy")
    document_for(answers, "tender")
    assert bodies and conditions
    for context in {id(c): c for c in bodies + conditions}.values():
        assert_plain(context)


def test_the_interview_expressions_see_only_plain_values(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _recorded(monkeypatch, questions, "evaluate")
    answers = plain(parse(EXAMPLES[0]))
    for question in bundled_catalogue().questions():
        question.applies(answers)
        question.computed_default(answers)
    assert seen
    for context in seen:
        assert_plain(context)


def test_templates_can_call_only_what_we_registered() -> None:
    env = environment()
    assert set(env.globals) == {"range", "namespace", "menu"}
    ours_or_jinjas = ("specgen.", "jinja2.filters", "markupsafe", "builtins")
    unknown = {name for name, f in env.filters.items() if not f.__module__.startswith(ours_or_jinjas)}
    assert not unknown


def test_a_template_outside_the_limits_cannot_run() -> None:
    template = environment().from_string("{% for i in range(3) %}{{ i }}{% endfor %}")
    with pytest.raises(sandbox_module.TemplateLimitError, match="outside specgen's limits"):
        template.render()


def test_dates_keep_their_parts_and_nothing_else() -> None:
    with budget():
        assert environment().getattr(dt.date(2025, 3, 14), "year") == 2025
        assert isinstance(environment().getattr(dt.date(2025, 3, 14), "replace"), Undefined)
