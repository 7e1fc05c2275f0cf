"""Warnings about one answer file, located at the answers they concern (for ``specgen validate``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from specgen.answers import Answers
from specgen.assembly.checks import warning_lines
from specgen.errors import AnswersError, SpecgenError
from specgen.library.vocabulary import load_vocabulary
from specgen.loader import read_answers

Say = Callable[[str], None]


def review(path: Path) -> tuple[Answers, list[str]]:
    """Load and validate an answer file, and list its warnings as
    ``FILE:LINE:COL: warning: field.path: message`` (readiness warnings as ``FILE: warning: ...``);
    a warning about answers that contradict each other adds ``(see also FILE:LINE:COL: other.path)``.

    Raises :class:`~specgen.errors.AnswersError` when the file is invalid, as ``load`` does.
    """
    file = read_answers(path)
    return file.answers, warning_lines(str(path), file, file.answers, load_vocabulary())


def check_files(files: Sequence[Path], say: Say, warn: Say) -> int:
    """``specgen validate``: each problem as one ``FILE:LINE:COL: field: message`` line (``say``),
    warnings and a count of valid files (``warn``). Returns how many files are invalid."""
    failed = 0
    for path in files:
        try:
            for warning in review(path)[1]:
                warn(warning)
        except AnswersError as error:
            failed += 1
            say(str(error))
        except SpecgenError as error:
            failed += 1
            say(f"{path}: {error}")
    warn(f"{len(files) - failed} of {len(files)} file(s) valid")
    return failed
