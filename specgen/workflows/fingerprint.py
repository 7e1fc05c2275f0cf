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

import hashlib
import json
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from specgen import __version__
from specgen.files import write_atomic
from specgen.resources import bundled

MANIFEST = ".specgen-manifest.json"
_FORMAT = 1
_FRONT = b"---"

Entry = dict[str, Any]
"""One manifest entry: source, fingerprint, clauses used, and a record of each output."""


@dataclass(frozen=True)
class Inputs:
    """Digests of everything shared by the files of one batch, computed once per run."""

    shared: str
    """Code, options, templates, reference document and the library apart from clause bodies."""
    clauses: dict[str, str]
    """Every clause file, by key (``bundled/spec/service/80-specialist.md``), to its digest."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


# --- the manifest beside the outputs ---------------------------------------------------------


def read_manifest(out: Path) -> dict[str, Entry]:
    """The entries recorded by earlier runs; an unreadable manifest just means rebuilding.

    The manifest is a file anyone could have edited, so an entry is kept only if it is one we
    could have written: its outputs are plain file names, inside ``out``. Any other entry is
    dropped unread, and its file rebuilt.
    """
    try:
        data = json.loads(_read_regular(out / MANIFEST))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {stem: entry for stem, entry in entries.items() if _well_formed(entry)}


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file (a pipe or device in its place is an OSError, not a wait)."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise OSError(f"{path} is not a regular file")
    return path.read_bytes()


def _well_formed(entry: Any) -> bool:
    outputs = entry.get("outputs") if isinstance(entry, dict) else None
    return isinstance(outputs, dict) and all(plain_name(name) and isinstance(record, dict)
                                             for name, record in outputs.items())


def plain_name(name: object) -> bool:
    """Whether ``name`` names a file directly inside a folder: no folder part, no way out."""
    return (isinstance(name, str) and name not in ("", ".", "..") and PurePath(name).name == name
            and not any(ch in name for ch in "/\\\0"))


def write_manifest(out: Path, entries: dict[str, Entry]) -> None:
    data = {"format": _FORMAT, "entries": dict(sorted(entries.items()))}
    write_atomic(out / MANIFEST, json.dumps(data, indent=1).encode())


def output_record(path: Path) -> dict[str, Any]:
    status = path.stat()
    return {"sha256": digest(path.read_bytes()), "size": status.st_size, "mtime_ns": status.st_mtime_ns}


def intact(path: Path, record: dict[str, Any]) -> bool:
    """The output is the one we wrote: a regular file (not a link to one), same size, and same time
    stamp or else same content."""
    try:
        status = path.lstat()
    except OSError:
        return False
    if not stat.S_ISREG(status.st_mode) or status.st_size != record.get("size"):
        return False
    return status.st_mtime_ns == record.get("mtime_ns") or digest(path.read_bytes()) == record.get("sha256")
