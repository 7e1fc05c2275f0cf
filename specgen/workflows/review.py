"""Warnings about one answer file, located at the answers they concern (for ``specgen validate``)."""

from __future__ import annotations

from pathlib import Path

from specgen.answers import Answers
from specgen.assembly.assemble import readiness_warnings
from specgen.assembly.checks import advice
from specgen.library.clauses import load_library
from specgen.loader import parse, position, validate


def review(path: Path) -> tuple[Answers, list[str]]:
    """Load and validate an answer file, and list its warnings as
    ``FILE:LINE:COL: warning: field.path: message`` (readiness warnings as ``FILE: warning: ...``).

    Raises :class:`~specgen.errors.AnswersError` when the file is invalid, as ``load`` does.
    """
    tree = parse(path)
    answers = validate(tree, str(path))
    library = load_library()
    lines = [f"{path}: warning: {w}" for w in readiness_warnings(answers, library)]
    for item in advice(answers, library):
        line, col = position(tree, item.path)
        lines.append(f"{path}:{line}:{col}: warning: {item}")
    return answers, lines
