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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from specgen.files import write_atomic

MANIFEST = ".specgen-manifest.json"
FORMAT = 1

Entry = dict[str, Any]
"""One manifest entry: source, fingerprint, clauses used, and a record of each output."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out: Path) -> dict[str, Entry]:
    """The entries recorded by earlier runs; an unreadable manifest just means rebuilding."""
    try:
        data = json.loads((out / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def write_manifest(out: Path, entries: dict[str, Entry]) -> None:
    data = {"format": FORMAT, "entries": dict(sorted(entries.items()))}
    write_atomic(out / MANIFEST, json.dumps(data, indent=1).encode())


def output_record(path: Path) -> dict[str, Any]:
    status = path.stat()
    return {"sha256": digest(path.read_bytes()), "size": status.st_size, "mtime_ns": status.st_mtime_ns}


def intact(path: Path, record: dict[str, Any]) -> bool:
    """The output is the one we wrote: same size, and same time stamp or else same content."""
    try:
        status = path.stat()
    except OSError:
        return False
    if status.st_size != record.get("size"):
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
