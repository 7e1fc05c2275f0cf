"""What a batch outcome reports beyond its status: its warnings by kind, its stale documents.

A file that fails keeps the documents an earlier run wrote; they no longer match the answers, so
the report names them as stale, with the time specgen wrote them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_PATH = re.compile(r"^([a-z_][\w.]*(?:\[\d+\][\w.]*)*): (.*)$", re.DOTALL)
OTHER = "other"
_LOCATED = ": warning: "
_LINE = re.compile(r":(\d+):\d+$")


@dataclass(frozen=True)
class Stale:
    """A document an earlier run wrote, kept when the file failed this time."""

    path: Path
    built: dt.datetime
    """When specgen wrote it (UTC)."""

    def to_json(self) -> dict[str, str]:
        return {"file": str(self.path), "built": self.built.isoformat(timespec="seconds")}

    def __str__(self) -> str:
        return f"{self.path} (built {self.built.astimezone().strftime('%Y-%m-%d %H:%M')})"


def warning_kind(warning: str) -> tuple[str, str]:
    """The answer a warning is about, without list positions ("standards.kpis"), and the rest.

    A warning may come located, as ``validate`` prints it (``FILE:LINE:COL: warning: path: …``):
    the file is the report's row already, so only the line is kept ("line 41: …").
    """
    where, marker, text = warning.partition(_LOCATED)
    line = _LINE.search(where) if marker else None
    prefix = f"line {line.group(1)}: " if line else ""
    found = _PATH.match(text if marker else warning)
    if found is None:
        return OTHER, prefix + (text if marker else warning)
    path, message = found.groups()
    kind = re.sub(r"\[\d+\]", "", path)
    return kind, prefix + (message if path == kind else f"{path}: {message}")


def warning_groups(warnings: Iterable[str]) -> dict[str, list[str]]:
    """Warnings grouped by the answer they are about, groups in order of first appearance."""
    groups: dict[str, list[str]] = {}
    for warning in warnings:
        kind, message = warning_kind(warning)
        groups.setdefault(kind, []).append(message)
    return groups


def stale_documents(out: Path, entry: Any, names: Iterable[str]) -> tuple[Stale, ...]:
    """The documents still in ``out`` from an earlier build: those the manifest ``entry``
    recorded (dated as recorded), and any other of the expected ``names`` found there."""
    recorded = entry.get("outputs", {}) if isinstance(entry, dict) else {}
    found: list[Stale] = []
    for name in dict.fromkeys([*recorded, *names]):
        path = out / name
        if path.is_file():
            found.append(Stale(path, _built(path, recorded.get(name))))
    return tuple(found)


def _built(path: Path, record: Any) -> dt.datetime:
    stamp = record.get("mtime_ns") if isinstance(record, dict) else None
    nanoseconds = stamp if isinstance(stamp, int) else path.stat().st_mtime_ns
    return dt.datetime.fromtimestamp(nanoseconds / 1e9, tz=dt.UTC)
