"""What a batch report says about each file: its warnings by kind, stale documents, progress.

    warning_groups(outcome.warnings)   # {"readiness": ["not yet answered: …"], …}
    stale_documents(source, out, manifest, kinds, formats)   # a failed file's earlier documents
    progress_line(outcome, done, total), summary_line(outcomes, seconds)

A file that fails keeps the documents an earlier run wrote; they no longer match the answers, so
the report names them as stale, with the time specgen wrote them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from specgen.workflows.batch import Outcome, Plan

_PATH = re.compile(r"^([a-z_][\w.]*(?:\[\d+\][\w.]*)*): (.*)$", re.DOTALL)
OTHER = "other"
SUMMARY = (("built", "built"), ("unchanged", "skipped as unchanged"), ("failed", "failed"),
           ("edited", "edited"))
"""The statuses the summary line counts, and how it names them."""


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
    """The answer a warning is about, without list positions ("standards.kpis"), and the rest."""
    found = _PATH.match(warning)
    if found is None:
        return OTHER, warning
    path, message = found.groups()
    kind = re.sub(r"\[\d+\]", "", path)
    return kind, message if path == kind else warning


def warning_groups(warnings: Iterable[str]) -> dict[str, list[str]]:
    """Warnings grouped by the answer they are about, groups in order of first appearance."""
    groups: dict[str, list[str]] = {}
    for warning in warnings:
        kind, message = warning_kind(warning)
        groups.setdefault(kind, []).append(message)
    return groups


def mark_stale(outcome: Outcome, todo: Plan) -> Outcome:
    """A failed file's outcome with the documents its earlier build left in the output folder.

    Not for a file refused because another has the same name: those documents are the other's.
    """
    stem = outcome.file.stem
    if outcome.status != "failed" or sum(p.stem == stem for p in todo.order) > 1:
        return outcome
    names = [f"{stem}.{kind}.{fmt}" for kind in todo.options.kinds for fmt in todo.options.formats]
    return replace(outcome, stale=stale_documents(todo.out, todo.manifest.get(stem), names))


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


def details(outcome: Outcome) -> str:
    """The result table's details cell: what was done, then every warning or stale document."""
    if outcome.status == "failed":
        lines = [outcome.reason]
        if outcome.stale:
            lines += ["Earlier documents kept, now stale:", *(f"  {s}" for s in outcome.stale)]
        return "\n".join(lines)
    first = "up to date" if outcome.status == "unchanged" else (
        f"{len(outcome.outputs)} file(s) in {outcome.seconds:.1f} s")
    if not outcome.warnings:
        return first
    lines = [f"{first}; {len(outcome.warnings)} warning(s):"]
    for kind, messages in warning_groups(outcome.warnings).items():
        lines += [f"{kind} ({len(messages)}):", *(f"  - {m}" for m in messages)]
    return "\n".join(lines)


def progress_line(outcome: Outcome, done: int, total: int) -> str:
    """One plain line per finished file, for a log rather than a terminal."""
    width = len(str(total))
    note = outcome.reason if outcome.status == "failed" else (
        f"{len(outcome.warnings)} warning(s)" if outcome.warnings else "")
    return f"[{done:>{width}}/{total}] {outcome.file}: {outcome.status}" + (f": {note}" if note else "")


def counts(outcomes: Sequence[Outcome]) -> dict[str, int]:
    found = Counter(str(o.status) for o in outcomes)
    return {status: found[status] for status, _ in SUMMARY}


def summary_line(outcomes: Sequence[Outcome], seconds: float) -> str:
    numbers = counts(outcomes)
    return ", ".join(f"{numbers[status]} {words}" for status, words in SUMMARY) + f" in {seconds:.2f} s"
