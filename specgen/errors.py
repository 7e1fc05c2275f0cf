"""Errors meant for a person. Only the CLI prints them.

    SpecgenError
     ├── AnswersError   the answer file cannot be read or is invalid (carries Problems)
     ├── SnippetError   a clause file is malformed or its template fails
     ├── RenderError    a renderer could not write its output
     ├── OutputError    a file could not be written (the folder is a file, read-only or full)
     └── EditedError    an output was changed by hand since specgen wrote it
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One located problem in an answer file: ``FILE:LINE:COL: field.path: message``."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = self.path or "(file)"
        return f"{self.file}:{self.line}:{self.column}: {where}: {self.message}"


class SpecgenError(Exception):
    """Base of every error specgen reports to a person."""


class AnswersError(SpecgenError):
    """An answer file is unreadable or fails validation."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SnippetError(SpecgenError):
    """A clause file is malformed, or rendering its template failed."""


class RenderError(SpecgenError):
    """A document could not be rendered or written."""


class OutputError(SpecgenError):
    """An output could not be written; earlier versions of the outputs are left as they were."""


class EditedError(SpecgenError):
    """Outputs changed by hand since specgen wrote them: nothing was written, so nothing is lost."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = ", ".join(str(path) for path in paths)
        were = "were" if len(paths) > 1 else "was"
        super().__init__(
            f"{names} {were} edited by hand since specgen wrote it, so nothing was written. Rerun with "
            "--keep-edits to keep the edits (specgen's changes then appear in the document as tracked "
            "changes to accept or reject), or with --discard-edits to set the edited file aside "
            "(saved beside it as NAME.edited-XXXXXXXX) and write a fresh one.")
