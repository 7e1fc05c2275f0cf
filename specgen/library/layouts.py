"""Layouts: one clause library, arranged into different section structures.

A layout (``snippets/<kind>/layouts/<name>.yaml``) lists its sections in order. Each section
``takes`` clauses: a clause id (``service.eligibility``), optionally with a new title for that
layout, or ``<library section>.*`` for every clause of a library section that the layout does not
take by id elsewhere. Every clause of the library is placed exactly once, or loading fails: a
layout can never silently drop a clause. The toolkit layout is the library's own sections.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specgen.errors import SnippetError
from specgen.library.clauses import ClauseSpec, Library
from specgen.library.reading import read_yaml
from specgen.resources import bundled

DEFAULT = "toolkit"


@dataclass(frozen=True)
class Take:
    """A clause id, or ``section.*`` for the rest of a library section; ``title`` renames it."""

    ref: str
    title: str = ""

    @property
    def library_section(self) -> str | None:
        return self.ref[:-2] if self.ref.endswith(".*") else None


@dataclass(frozen=True)
class LayoutSection:
    id: str
    title: str
    numbered: bool
    takes: tuple[Take, ...]


@dataclass(frozen=True)
class Layout:
    name: str
    sections: tuple[LayoutSection, ...]
    origin: str = "sections.yaml"
    """The file the layout came from, for error messages."""


@dataclass(frozen=True)
class Placed:
    """A clause in its place: the layout's title for it and its number ("" when unnumbered)."""

    clause: ClauseSpec
    title: str
    number: str


@dataclass(frozen=True)
class PlacedSection:
    section: LayoutSection
    number: str
    clauses: tuple[Placed, ...]


def load_layout(name: str, library: Library, kind: str = "spec", extra: Path | None = None) -> Layout:
    """The named layout for a kind of document, an organisation's file winning over ours.

    A kind without any layouts (or the toolkit layout) follows the library's own sections.
    """
    roots = _roots(extra)
    folders = [root / kind / "layouts" for root in roots]
    found = [(root, root / kind / "layouts" / f"{name}.yaml") for root in reversed(roots)]
    found = [(root, path) for root, path in found if path.exists()]
    if found:
        root, path = found[0]
        return _read(name, path, root, library)
    if name == DEFAULT or not any(folder.is_dir() for folder in folders):
        return library_layout(library)
    raise SnippetError(f"there is no '{name}' layout for {kind} documents (looked in {kind}/layouts/)")


def library_layout(library: Library, name: str = DEFAULT, origin: str = "sections.yaml") -> Layout:
    """The library's sections.yaml as a layout: each section takes all of its clauses."""
    sections = tuple(LayoutSection(s.id, s.title, s.numbered, (Take(f"{s.id}.*"),))
                     for s in library.sections)
    return Layout(name, sections, origin)


def _roots(extra: Path | None) -> list[Path]:
    return [bundled("snippets")] + ([extra.resolve()] if extra else [])


def _read(name: str, path: Path, root: Path, library: Library) -> Layout:
    data = read_yaml(path, root) or {}
    entries = data.get("sections") if isinstance(data, dict) else None
    if entries == "library":
        return library_layout(library, name, str(path))
    if not isinstance(entries, list):
        raise SnippetError(f"{path}: a layout has 'sections:', a list of sections (or 'library')")
    return Layout(name, tuple(_section(entry, path) for entry in entries), str(path))


def _section(entry: Any, path: Path) -> LayoutSection:
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("title"):
        raise SnippetError(f"{path}: each section needs an id and a title: {entry!r}")
    takes = entry.get("take") or []
    if not isinstance(takes, list):
        raise SnippetError(f"{path}: section '{entry['id']}' needs 'take:' as a list of clause ids")
    return LayoutSection(str(entry["id"]), str(entry["title"]), bool(entry.get("numbered", True)),
                         tuple(_take(t, path) for t in takes))


def _take(item: Any, path: Path) -> Take:
    if isinstance(item, str):
        return Take(item)
    if isinstance(item, dict) and len(item) == 1:
        ((ref, title),) = item.items()
        return Take(str(ref), str(title))
    raise SnippetError(f"{path}: take a clause id, 'section.*', or 'clause.id: New title', not {item!r}")


def arrange(layout: Layout, library: Library, chosen: Iterable[str]) -> tuple[PlacedSection, ...]:
    """The chosen clauses in the layout's order, numbered; empty sections are left out.

    Placement is checked for every clause in the library, chosen or not.
    """
    homes = placements(layout, library)
    wanted = set(chosen)
    out: list[PlacedSection] = []
    count = 0
    for section in layout.sections:
        items = [(c, title) for c, title in _expand(section, layout, library, homes) if c.id in wanted]
        if not items:
            continue
        count += section.numbered
        prefix = str(count) if section.numbered else ""
        out.append(PlacedSection(section, prefix, tuple(
            Placed(c, title or c.title, f"{prefix}.{i}" if prefix else "")
            for i, (c, title) in enumerate(items, start=1))))
    return tuple(out)


def placements(layout: Layout, library: Library) -> dict[str, str]:
    """Clause id → the layout section that holds it; every library clause exactly once."""
    by_id = {c.id: c for c in library.clauses}
    explicit = _explicit(layout, by_id)
    rests = _rests(layout, library)
    homes: dict[str, str] = {}
    for clause in library.clauses:
        home = explicit.get(clause.id) or rests.get(clause.section)
        if home is None:
            raise SnippetError(
                f"{layout.origin}: the {layout.name} layout does not place clause '{clause.id}'; "
                f"take '{clause.id}' or '{clause.section}.*' in one of its sections")
        homes[clause.id] = home
    return homes


def _explicit(layout: Layout, by_id: dict[str, ClauseSpec]) -> dict[str, str]:
    explicit: dict[str, str] = {}
    for section in layout.sections:
        for take in section.takes:
            if take.library_section is not None:
                continue
            if take.ref not in by_id:
                raise SnippetError(f"{layout.origin}: section '{section.id}' takes '{take.ref}', "
                                   "which is not a clause in the library")
            if take.ref in explicit:
                raise SnippetError(f"{layout.origin}: clause '{take.ref}' is taken twice, in "
                                   f"'{explicit[take.ref]}' and '{section.id}'")
            explicit[take.ref] = section.id
    return explicit


def _rests(layout: Layout, library: Library) -> dict[str, str]:
    known = {s.id for s in library.sections}
    rests: dict[str, str] = {}
    for section in layout.sections:
        for take in section.takes:
            name = take.library_section
            if name is None:
                continue
            if name not in known:
                raise SnippetError(f"{layout.origin}: section '{section.id}' takes '{take.ref}', "
                                   f"but '{name}' is not a section in sections.yaml")
            if name in rests:
                raise SnippetError(f"{layout.origin}: '{take.ref}' is taken twice")
            rests[name] = section.id
    return rests


def _expand(section: LayoutSection, layout: Layout, library: Library,
            homes: dict[str, str]) -> list[tuple[ClauseSpec, str]]:
    by_id = {c.id: c for c in library.clauses}
    items: list[tuple[ClauseSpec, str]] = []
    for take in section.takes:
        name = take.library_section
        if name is None:
            items.append((by_id[take.ref], take.title))
            continue
        rest = [c for c in library.in_section(name) if homes[c.id] == section.id
                and not _taken_by_id(c.id, layout)]
        items.extend((c, "") for c in rest)
    return items


def _taken_by_id(clause_id: str, layout: Layout) -> bool:
    return any(t.ref == clause_id for s in layout.sections for t in s.takes)
