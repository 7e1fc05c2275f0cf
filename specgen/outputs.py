"""What specgen wrote into an output folder, so that a later run can tell whether people changed it.

The manifest (``.specgen-manifest.json`` beside the outputs) keeps, per answer file, a record of
each output: its SHA-256, size and modification time. ``specgen batch`` also keeps there the
fingerprint of the inputs (see :mod:`specgen.workflows.fingerprint`); ``specgen build`` records
only the outputs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import Any

from specgen.files import write_atomic

MANIFEST = ".specgen-manifest.json"
FORMAT = 1

Entry = dict[str, Any]
"""One manifest entry: source, fingerprint, clauses used, and a record of each output."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
    if not isinstance(data, dict) or data.get("format") != FORMAT:
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
    data = {"format": FORMAT, "entries": dict(sorted(entries.items()))}
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


def recorded(out: Path, path: Path) -> dict[str, Any] | None:
    """The manifest's record of one output, if a run wrote it there."""
    for entry in read_manifest(out).values():
        outputs = entry.get("outputs") if isinstance(entry, dict) else None
        if isinstance(outputs, dict) and isinstance(outputs.get(path.name), dict):
            record: dict[str, Any] = outputs[path.name]
            return record
    return None


def remember(out: Path, stem: str, paths: Iterable[Path]) -> None:
    """Record the outputs ``build`` just wrote for one answer file (its other records stay)."""
    with _locked(out):
        entries = read_manifest(out)
        entry = entries.get(stem)
        entry = dict(entry) if isinstance(entry, dict) else {}
        outputs = dict(entry.get("outputs") or {})
        outputs.update({path.name: output_record(path) for path in paths})
        entry["outputs"] = outputs
        entry.pop("fingerprint", None)  # built by hand, perhaps with other options: batch rebuilds it
        entries[stem] = entry
        write_manifest(out, entries)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Serialise read-modify-write of the manifest between processes, by locking the folder itself
    (no lock file left behind). Where the OS cannot, a lost record only means one more rebuild."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    out.mkdir(parents=True, exist_ok=True)
    folder = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # closing releases the lock
