"""The interview's questions, read from ``snippets/questions/*.yaml``.

Each file is one section of the interview (document control, introduction, ...); files are
taken in name order, so adding a section is adding a file. A question names the answer field it
fills; its type, choices and default come from the answers model (:mod:`.fields`), its wording
and guidance from the file. See ``snippets/questions/README.md`` for the format.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, TemplateSyntaxError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from specgen.answers.common import menu
from specgen.errors import SnippetError
from specgen.interview import fields
from specgen.library.plain import to_plain
from specgen.library.sandbox import PlainSandbox, evaluate, sandbox
from specgen.resources import bundled

_KEYS = frozenset({"field", "prompt", "guidance", "source", "label", "kind", "choices", "labels",
                   "menu", "default", "default_expr", "when", "none_at", "checks", "items",
                   "shorthand", "summary"})
_REQUIRED = ("field", "prompt", "guidance")


_WRONG_TYPE = (TypeError, ValueError, ArithmeticError)
"""What an expression raises over a file that holds an answer of the wrong type ("two" > 2)."""


@dataclass(frozen=True)
class Question:
    """One question: the field it fills and how to ask about it."""

    path: tuple[str, ...]
    """Dotted field path, split; relative to the item for the fields of a list item."""
    section: str
    prompt: str
    guidance: str
    source: str = ""
    label: str = ""
    kind: str = "text"
    choices: tuple[str, ...] = ()
    wording: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Plain-English wording of each choice, shown beside its id."""
    default: Any = fields.MISSING
    """A default set in the question file, used instead of the model's."""
    default_expr: str | None = None
    when: str | None = None
    none_at: tuple[str, ...] | None = None
    """Leaving this question blank removes this whole optional part (e.g. the local strategy)."""
    checks: tuple[str, ...] = ()
    """Fields whose cross-field rules this answer completes (e.g. a time split adding to 100)."""
    items: tuple[Question, ...] = ()
    shorthand: str | None = None
    summary: bool = False

    @property
    def field(self) -> str:
        return ".".join(self.path)

    def applies(self, answers: Mapping[str, Any]) -> bool:
        if not self.when:
            return True
        try:
            return bool(_evaluate(self.when, answers))
        except _WRONG_TYPE:  # an answer of the wrong type, which the model reports: ask, not guess
            return True

    def computed_default(self, answers: Mapping[str, Any]) -> Any:
        if not self.default_expr:
            return self.default
        try:
            return _evaluate(self.default_expr, answers)
        except _WRONG_TYPE:
            return fields.MISSING  # the model's own default, if it has one


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]
    not_asked: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Fields deliberately left to editing the file by hand, each with the reason."""


@dataclass(frozen=True)
class Catalogue:
    sections: tuple[Section, ...]

    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def title(self, section_id: str) -> str:
        return next(s.title for s in self.sections if s.id == section_id)


@cache
def _environment() -> PlainSandbox:
    # Lenient about missing values: conditions are asked of a file that is still being filled in.
    env = sandbox(ChainableUndefined)
    env.globals["menu"] = _menu  # e.g. default_expr: "menu('kpis') | list", the ids of a menu
    return env


def _menu(name: str) -> Any:
    return to_plain(menu(name))


@cache
def _expression(source: str) -> Any:
    return _environment().compile_expression(source)


def _evaluate(source: str, answers: Mapping[str, Any]) -> Any:
    """A question's expression over the answers so far, as plain read-only data, within limits."""
    return plain_values(evaluate(_expression(source), {"a": to_plain(answers)}))


def plain_values(value: Any) -> Any:
    """Back from template values to ordinary ones (a default is written into the answer file)."""
    if isinstance(value, Mapping):
        return {key: plain_values(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [plain_values(item) for item in value]
    return value


@cache
def bundled_catalogue() -> Catalogue:
    return load_catalogue(bundled("snippets") / "questions")


def load_catalogue(folder: Path) -> Catalogue:
    """Read every ``*.yaml`` in ``folder`` (in name order) as one section of questions."""
    sections = tuple(_section(path) for path in sorted(folder.glob("*.yaml")))
    if not sections:
        raise SnippetError(f"{folder}: no question files (*.yaml) found")
    return Catalogue(sections)


def _section(path: Path) -> Section:
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
        raise SnippetError(f"{path}: cannot read the question file: {exc}") from exc
    if not isinstance(data, dict) or not {"section", "title", "questions"} <= data.keys():
        raise SnippetError(f"{path}: a question file needs section:, title: and questions:")
    section = str(data["section"])
    try:
        questions = tuple(_question(raw, section, ()) for raw in data["questions"])
    except (KeyError, TypeError, ValueError, TemplateSyntaxError) as exc:
        raise SnippetError(f"{path}: {exc}") from exc
    not_asked = {str(k): str(v) for k, v in (data.get("not_asked") or {}).items()}
    return Section(section, str(data["title"]), questions, not_asked)


def _question(raw: dict[str, Any], section: str, item_of: tuple[str, ...]) -> Question:
    unknown = set(raw) - _KEYS
    missing = [k for k in _REQUIRED if k not in raw]
    if unknown or missing:
        raise ValueError(f"question {raw.get('field', '?')}: unknown keys {sorted(unknown)} "
                         f"or missing keys {missing}")
    path = fields.split(str(raw["field"]))
    try:
        annotation = _annotation(item_of, path)
    except KeyError as exc:
        raise ValueError(f"question {raw['field']}: the answers model has no field {exc}") from None
    kind = str(raw.get("kind") or _kind(annotation, bool(raw.get("menu"))))
    choices, wording = _choices(raw, annotation)
    for expression in (raw.get("when"), raw.get("default_expr")):
        if expression:
            _expression(str(expression))  # fail at load time, naming the file, not mid-interview
    items = tuple(_question(sub, section, item_of + path) for sub in raw.get("items", ()))
    return Question(
        path=path, section=section, prompt=str(raw["prompt"]).strip(),
        guidance=" ".join(str(raw["guidance"]).split()), source=str(raw.get("source", "")),
        label=str(raw.get("label") or path[-1].replace("_", " ")), kind=kind,
        choices=tuple(choices), wording=wording, default=raw.get("default", fields.MISSING),
        default_expr=raw.get("default_expr"), when=raw.get("when"),
        none_at=fields.split(raw["none_at"]) if raw.get("none_at") else None,
        checks=tuple(raw.get("checks", ())), items=items, shorthand=raw.get("shorthand"),
        summary=bool(raw.get("summary", False)),
    )


def _kind(annotation: Any, from_menu: bool) -> str:
    if from_menu:  # ids from a clause-library menu: one, or a list of them
        return "multi" if fields.element(annotation) is not None else "choice"
    return fields.kind_of(annotation)


def _annotation(item_of: tuple[str, ...], path: tuple[str, ...]) -> Any:
    if not item_of:
        return fields.field_at(path).annotation
    element = fields.item_type(fields.field_at(item_of).annotation)
    return fields.field_at(path, element).annotation


def _choices(raw: dict[str, Any], annotation: Any) -> tuple[list[str], dict[str, str]]:
    if raw.get("menu"):
        name, _, group = str(raw["menu"]).partition(".")
        entries = menu(name)[group] if group else menu(name)
        return list(entries), {k: _entry_words(v) for k, v in entries.items()}
    choices = [str(c) for c in raw.get("choices", ())] or fields.choices_of(annotation)
    label_group = raw.get("labels")
    wording = _labels()[label_group] if label_group else {}
    return choices, {c: " ".join(str(wording[c]).split()) for c in choices if c in wording}


def _entry_words(entry: Any) -> str:
    text = entry.get("name", entry.get("summary", "")) if isinstance(entry, dict) else entry
    return " ".join(str(text).split())


@cache
def _labels() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = YAML(typ="safe").load(
        (bundled("snippets") / "labels.yaml").read_text(encoding="utf-8"))
    return labels
