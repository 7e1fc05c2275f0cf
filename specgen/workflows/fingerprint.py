"""What a batch build's outputs depend on, as digests, and the manifest that remembers them.

A file's documents depend on its answer bytes; on the clause files they contain; on everything
else in the clause library that can change which clauses apply or how they read (front matter,
section lists, labels, menus); on the templates and reference document; on specgen's version;
and on the build options. Only the bodies of clauses a document does *not* contain are left out,
so editing one clause rebuilds just the documents that use it. specgen's own code counts by its
version only: after changing the code in a checkout, rebuild with ``specgen batch --force``.

This module stays light on purpose: the "nothing changed" path of ``specgen batch`` runs only
this code, never the assembler or a renderer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specgen import __version__
from specgen.outputs import FORMAT as _FORMAT
from specgen.outputs import MANIFEST as MANIFEST
from specgen.outputs import Entry as Entry
from specgen.outputs import digest as digest
from specgen.outputs import intact as intact
from specgen.outputs import output_record as output_record
from specgen.outputs import plain_name as plain_name
from specgen.outputs import read_manifest as read_manifest
from specgen.outputs import write_manifest as write_manifest
from specgen.resources import bundled

_FRONT = b"---"


@dataclass(frozen=True)
class Inputs:
    """Digests of everything shared by the files of one batch, computed once per run."""

    shared: str
    """Code, options, templates, reference document and the library apart from clause bodies."""
    clauses: dict[str, str]
    """Every clause file, by key (``bundled/spec/service/80-specialist.md``), to its digest."""


def library_roots(snippets: Path | None) -> dict[str, Path]:
    """The clause library folders by the label their keys start with."""
    roots = {"bundled": bundled("snippets")}
    if snippets is not None:
        roots["snippets"] = snippets.resolve()
    return roots


def clause_key(path: Path, roots: dict[str, Path]) -> str:
    for label, root in roots.items():
        if path.is_relative_to(root):
            return f"{label}/{path.relative_to(root).as_posix()}"
    raise ValueError(f"{path} is not inside the clause library")


def gather(options: dict[str, Any], snippets: Path | None, reference_doc: Path | None) -> Inputs:
    """Read and digest every shared input. ``options`` holds the build options that shape outputs."""
    clauses: dict[str, str] = {}
    library: list[tuple[str, str]] = []
    for label, root in library_roots(snippets).items():
        for relative, data in _tree(root):
            key = f"{label}/{relative}"
            if _is_clause(relative):
                clauses[key] = digest(data)
                library.append((key, digest(_front_matter(data))))
            else:
                library.append((key, digest(data)))
    shared = {
        "manifest": _FORMAT, "specgen": __version__, "options": options,
        "templates": sorted((name, digest(data)) for name, data in _tree(bundled("templates"))),
        "reference_doc": digest(reference_doc.read_bytes()) if reference_doc else None,
        "library": library,
    }
    return Inputs(digest(json.dumps(shared, sort_keys=True).encode()), clauses)


def fingerprint(inputs: Inputs, answers: str, used: list[str]) -> str | None:
    """The fingerprint of one file's outputs, or None if a clause it used no longer exists."""
    if any(key not in inputs.clauses for key in used):
        return None
    parts = [inputs.shared, answers, *(f"{key}={inputs.clauses[key]}" for key in sorted(used))]
    return digest("\n".join(parts).encode())


def _tree(root: Path) -> list[tuple[str, bytes]]:
    """Every file under ``root`` (hidden files and caches aside), by sorted relative path."""
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(part.startswith((".", "__")) for part in relative.parts):
            found.append((relative.as_posix(), path.read_bytes()))
    return found


def _is_clause(relative: str) -> bool:
    """Clause files sit at KIND/SECTION/NAME.md; menus, labels and section lists do not."""
    return relative.endswith(".md") and relative.count("/") == 2


def _front_matter(data: bytes) -> bytes:
    """The header that decides whether and where a clause appears (its whole text if malformed)."""
    lines = data.split(b"\n")
    ends = [i for i, line in enumerate(lines[1:], start=1) if line.strip() == _FRONT]
    if lines[0].strip() != _FRONT or not ends:
        return data
    return b"\n".join(lines[: ends[0] + 1])
