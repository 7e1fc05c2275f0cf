"""Warnings about one answer file, located at the answers they concern (for ``specgen validate``)."""

from __future__ import annotations

from pathlib import Path

from specgen.answers import Answers
from specgen.assembly.checks import warning_lines
from specgen.library.vocabulary import load_vocabulary
from specgen.loader import read_answers


def review(path: Path) -> tuple[Answers, list[str]]:
    """Load and validate an answer file, and list its warnings as
    ``FILE:LINE:COL: warning: field.path: message`` (readiness warnings as ``FILE: warning: ...``);
    a warning about answers that contradict each other adds ``(see also FILE:LINE:COL: other.path)``.

    Raises :class:`~specgen.errors.AnswersError` when the file is invalid, as ``load`` does.
    """
    file = read_answers(path)
    return file.answers, warning_lines(str(path), file, file.answers, load_vocabulary())
