"""Compiled clause templates are kept between runs, and used only under the rules they were made for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import FileSystemBytecodeCache, TemplateSyntaxError

from specgen.library import compiled
from specgen.library.sandbox import TemplateLimitError, evaluate, render
from specgen.library.templating import environment

SOURCE = "{% for n in range(3) %}{{ n }}{% endfor %} of {{ total }}"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder in place of the user's."""
    monkeypatch.setattr(compiled, "_store", lambda: FileSystemBytecodeCache(
        str(tmp_path), f"__specgen_{compiled._rules()}_%s.cache"))
    return tmp_path


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("compiled again instead of read from the cache")

    monkeypatch.setattr(environment(), "compile", refuse)


def test_a_template_compiled_once_is_read_back_and_fills_in_the_same(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = render(compiled.template(SOURCE), {"total": 3})
    assert len(list(store.iterdir())) == 1
    _no_compiling(monkeypatch)
    assert render(compiled.template(SOURCE), {"total": 3}) == first == "012 of 3"


def test_a_condition_is_kept_too(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expression = "a.x > 1 and 'b' in a.names"
    compiled.condition.cache_clear()
    assert evaluate(compiled.condition(expression), {"a": {"x": 2, "names": ["b"]}}) is True
    compiled.condition.cache_clear()
    _no_compiling(monkeypatch)
    assert evaluate(compiled.condition(expression), {"a": {"x": 0, "names": []}}) is False


def test_code_compiled_under_other_rules_is_not_used(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled.template(SOURCE)
    monkeypatch.setattr(compiled, "_store", lambda: FileSystemBytecodeCache(
        str(store), "__specgen_othersandbox_%s.cache"))
    _no_compiling(monkeypatch)
    with pytest.raises(AssertionError, match="compiled again"):
        compiled.template(SOURCE)


def test_a_damaged_cache_entry_is_compiled_again(store: Path) -> None:
    compiled.template(SOURCE)
    entry, = store.iterdir()
    entry.write_bytes(entry.read_bytes()[:40])
    assert render(compiled.template(SOURCE), {"total": 1}) == "012 of 1"


def test_code_read_from_the_cache_keeps_the_sandbox_limits(store: Path) -> None:
    endless = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    compiled.template(endless)
    with pytest.raises(TemplateLimitError):
        render(compiled.template(endless), {})


def test_a_condition_that_is_not_one_expression_is_a_syntax_error_at_its_line(store: Path) -> None:
    with pytest.raises(TemplateSyntaxError) as raised:
        compiled.condition("a.x > 1 b")
    assert (raised.value.message, raised.value.lineno) == ("chunk after expression", 1)


def test_without_a_usable_cache_folder_templates_still_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "_store", lambda: None)
    assert render(compiled.template(SOURCE), {"total": 2}) == "012 of 2"
