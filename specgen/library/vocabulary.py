"""The clause library's words without its clauses: labels, glossary and menus, each read when asked.

Warnings about answers read a few labels and menus; reading the clauses too (and the template
engine they need) would cost ``specgen validate`` more than validating the file. An organisation's
folder is layered over the bundled one as for clauses: entries are merged key by key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Protocol

from specgen.errors import SnippetError
from specgen.library.reading import mapping_of_text, read_yaml
from specgen.resources import bundled

MENUS = ("activities", "monitoring", "benchmarks", "grid", "risks", "interventions", "kpis",
         "national_measures", "outcome_frameworks", "economic_evidence", "method_statements")
"""The menus a library holds, one file each under ``menus/``."""


class Words(Protocol):
    """What warnings read of a library: a :class:`Vocabulary` or a whole ``Library``."""

    @property
    def labels(self) -> Mapping[str, Mapping[str, str]]: ...

    @property
    def menus(self) -> Mapping[str, Any]: ...


def load_vocabulary(extra: Path | None = None) -> Vocabulary:
    """The bundled labels, glossary and menus, with an organisation's folder layered over them."""
    return _load(extra.resolve() if extra else None)


@cache
def _load(extra: Path | None) -> Vocabulary:
    if extra and not extra.is_dir():
        raise SnippetError(f"{extra}: --snippets must name a folder laid out like snippets/")
    roots = (bundled("snippets"), *([extra] if extra else []))
    return Vocabulary(roots, _Menus(roots))


@dataclass(frozen=True)
class Vocabulary:
    roots: tuple[Path, ...]
    menus: Mapping[str, Any] = field(repr=False)
    """Menu name → its entries; each menu file is read on first look-up."""

    @cached_property
    def labels(self) -> dict[str, dict[str, str]]:
        """labels.yaml: group → id → wording."""
        return {group: {str(key): str(text) for key, text in entries.items()}
                for group, entries in merged(self.roots, "labels.yaml").items()}

    @cached_property
    def glossary(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in merged(self.roots, "menus/glossary.yaml").items()}


class _Menus(Mapping[str, Any]):
    def __init__(self, roots: tuple[Path, ...]) -> None:
        self._roots = roots
        self._read: dict[str, dict[str, Any]] = {}

    def __getitem__(self, name: str) -> dict[str, Any]:
        if name not in MENUS:
            raise KeyError(name)
        if name not in self._read:
            self._read[name] = merged(self._roots, f"menus/{name}.yaml")
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(MENUS)

    def __len__(self) -> int:
        return len(MENUS)


def merged(roots: tuple[Path, ...], name: str) -> dict[str, Any]:
    """One library file (``labels.yaml``, ``menus/NAME.yaml``) from every root, merged key by key."""
    result: dict[str, Any] = {}
    for root in roots:
        path = root / name
        if path.exists() or path.is_symlink():
            for key, value in mapping_of_text(read_yaml(path, root), path, name).items():
                if name == "labels.yaml" and not isinstance(value, dict):
                    raise SnippetError(f"{path}: group '{key}' must list 'id: wording' lines")
                if isinstance(value, dict) and isinstance(result.get(key), dict):
                    result[key] = {**result[key], **value}
                else:
                    result[key] = value
    return result
