"""The clause library: clause files, sections, labels and menus, read from ``snippets/``.

An organisation may layer its own folder over the bundled one: a clause with the same id
replaces ours, a new id adds a clause, and label or glossary entries are merged key by key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateSyntaxError

from specgen.errors import SnippetError
from specgen.library.compiled import condition, template
from specgen.library.reading import mapping_of_text, read_text, read_yaml
from specgen.library.vocabulary import load_vocabulary
from specgen.resources import bundled

_FRONT = "---"
_REQUIRED = ("id", "title", "section")


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    numbered: bool = True


@dataclass(frozen=True)
class ClauseSpec:
    """A clause file, parsed: front matter, condition, and the body compiled when first needed.

    Compiling every body costs more than validating an answer file, and ``validate`` needs none.
    """

    id: str
    title: str
    section: str
    order: int
    source: str
    when: str
    late: bool
    path: Path
    body_source: str = field(compare=False, repr=False)
    body_line: int = field(default=1, compare=False, repr=False)

    @cached_property
    def body(self) -> Template:
        # Blank lines keep template line numbers equal to file line numbers in error messages.
        try:
            return template("\n" * (self.body_line - 1) + self.body_source)
        except TemplateSyntaxError as exc:
            raise SnippetError(f"{self.path}:{exc.lineno}: template syntax: {exc.message}") from exc


@dataclass(frozen=True)
class Library:
    sections: tuple[SectionSpec, ...]
    clauses: tuple[ClauseSpec, ...]
    labels: dict[str, dict[str, str]]
    glossary: dict[str, str]
    menus: dict[str, Any]

    def in_section(self, section_id: str) -> list[ClauseSpec]:
        chosen = [c for c in self.clauses if c.section == section_id]
        return sorted(chosen, key=lambda c: (c.order, c.id))


def load_library(extra: Path | None = None, kind: str = "spec") -> Library:
    """The bundled library, with an organisation's folder layered over it."""
    return _load(extra.resolve() if extra else None, kind)


@cache
def _load(extra: Path | None, kind: str) -> Library:
    roots = [bundled("snippets")] + ([extra] if extra else [])
    if extra and not extra.is_dir():
        raise SnippetError(f"{extra}: --snippets must name a folder laid out like snippets/")
    clauses: dict[str, ClauseSpec] = {}
    for root in roots:
        for path in sorted((root / kind).glob("*/*.md")):
            clause = _read_clause(path, root)
            clauses[clause.id] = clause
    sections = _read_sections(roots, kind)
    known = {s.id for s in sections}
    for clause in clauses.values():
        if clause.section not in known:
            raise SnippetError(
                f"{clause.path}: section '{clause.section}' is not listed in {kind}/sections.yaml"
            )
    words = load_vocabulary(extra)
    return Library(sections=sections, clauses=tuple(clauses.values()), labels=words.labels,
                   glossary=words.glossary, menus=dict(words.menus))


def _read_sections(roots: list[Path], kind: str) -> tuple[SectionSpec, ...]:
    for root in reversed(roots):
        path = root / kind / "sections.yaml"
        if path.exists() or path.is_symlink():
            entries = read_yaml(path, root) or []
            if not isinstance(entries, list):
                raise SnippetError(f"{path}: sections.yaml is a list of '- id: …, title: …' entries")
            return tuple(_section(entry, path) for entry in entries)
    raise SnippetError(f"no {kind}/sections.yaml in the clause library")


def _section(entry: Any, path: Path) -> SectionSpec:
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("title") or \
            not set(entry) <= {"id", "title", "numbered"}:
        raise SnippetError(f"{path}: each section has an id, a title and optionally numbered "
                           f"(true or false), not {entry!r}")
    return SectionSpec(str(entry["id"]), str(entry["title"]), bool(entry.get("numbered", True)))


def _read_clause(path: Path, root: Path) -> ClauseSpec:
    lines = read_text(path, root).splitlines()
    if not lines or lines[0].strip() != _FRONT or _FRONT not in (s.strip() for s in lines[1:]):
        raise SnippetError(f"{path}:1: a clause file starts with front matter between '---' lines")
    end = next(i for i, s in enumerate(lines[1:], start=1) if s.strip() == _FRONT)
    front = _front_matter(path, root, lines[1:end])
    when = str(front.get("when", "true"))
    try:
        condition(when)
    except TemplateSyntaxError as exc:
        raise SnippetError(f"{path}:{exc.lineno}: template syntax: {exc.message}") from exc
    return ClauseSpec(
        id=str(front["id"]), title=str(front["title"]), section=str(front["section"]),
        order=_order(front.get("order", 100), path), source=str(front.get("source", "")), when=when,
        late=front.get("late", False) is True, path=path,
        body_source="\n".join(lines[end + 1 :]), body_line=end + 2,
    )


def _front_matter(path: Path, root: Path, lines: list[str]) -> dict[str, Any]:
    front = mapping_of_text(read_yaml(path, root, "\n".join(lines), first_line=2), path, "the front matter")
    missing = [key for key in _REQUIRED if not front.get(key)]
    if missing:
        raise SnippetError(f"{path}:1: front matter lacks {', '.join(missing)}")
    return front


def _order(value: Any, path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SnippetError(f"{path}: order must be a whole number (lower comes first), not {value!r}")
    return value
