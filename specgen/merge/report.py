"""What a merge did, clause by clause: for the build's report and its --json."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Status = Literal["unchanged", "kept", "updated", "merged", "conflict", "added", "removed"]
STATUSES: tuple[Status, ...] = ("kept", "updated", "merged", "conflict", "added", "removed", "unchanged")
MEANING: dict[Status, str] = {
    "kept": "your edits kept; specgen had nothing new here",
    "updated": "specgen's new text, as tracked changes (you had not changed it)",
    "merged": "your edits and specgen's new text, both kept",
    "conflict": "you and specgen changed the same words: the new wording is a tracked change, "
                "and a comment quotes yours",
    "added": "a clause the answers now call for, inserted as a tracked change",
    "removed": "a clause the answers no longer call for, deleted as a tracked change",
    "unchanged": "nobody changed it",
}


@dataclass(frozen=True)
class ClauseMerge:
    id: str
    number: str
    heading: str
    status: Status
    note: str = ""

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "number": self.number, "heading": self.heading, "status": self.status,
                "note": self.note}


@dataclass(frozen=True)
class FileMerge:
    path: Path
    clauses: tuple[ClauseMerge, ...]

    def counts(self) -> dict[Status, int]:
        return {status: sum(c.status == status for c in self.clauses) for status in STATUSES}

    def summary(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in self.counts().items() if n)
        return f"{self.path}: edits kept ({counts})"

    def lines(self) -> list[str]:
        """One line per clause that anyone changed."""
        return [f"  {c.status:<9} {c.number + ' ' if c.number else ''}{c.heading or c.id} ({c.id})"
                + (f": {c.note}" if c.note else "")
                for c in self.clauses if c.status != "unchanged"]

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "counts": self.counts(),
                "clauses": [c.to_json() for c in self.clauses]}
