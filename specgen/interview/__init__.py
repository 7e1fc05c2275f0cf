"""``specgen interview``: questions with guidance and defaults, saved after every answer.

The questions are data (``snippets/questions/*.yaml``, read by :mod:`.questions`); the engine
(:mod:`.flow`, with :mod:`.lists` for list questions) needs no terminal and serves both faces:
:mod:`.prompt` is the terminal side, and :mod:`.forms` reads answers as the web's forms give them
(``specgen serve``); :mod:`.store` edits the answer file keeping its comments, and :mod:`.check`
holds each answer to the answers model's own rules.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from specgen.errors import SpecgenError
from specgen.interview.flow import Interview
from specgen.interview.questions import Catalogue, bundled_catalogue
from specgen.interview.store import AnswerFile

__all__ = ["Interview", "UnknownSection", "fill_defaults", "open_file", "sections", "start"]


class UnknownSection(ValueError):
    """``--review`` named a section the questions do not have; the message lists those they do."""


def sections(catalogue: Catalogue | None = None) -> list[str]:
    """The section ids ``--review`` accepts, in interview order."""
    return [s.id for s in (catalogue or bundled_catalogue()).sections]


def start(path: Path, review: Collection[str] = (), review_all: bool = False,
          catalogue: Catalogue | None = None) -> Interview:
    """Open ``path`` (created on the first answer if missing) for an interview."""
    catalogue = catalogue or bundled_catalogue()
    unknown = sorted(set(review) - set(sections(catalogue)))
    if unknown:
        raise UnknownSection(f"unknown section {', '.join(unknown)}; choose from "
                         f"{', '.join(sections(catalogue))}")
    chosen = sections(catalogue) if review_all else review
    return Interview(catalogue, _open(path, catalogue), chosen)


def fill_defaults(path: Path, catalogue: Catalogue | None = None) -> list[str]:
    """Write every unanswered question's default into ``path``; returns the TODO notes left."""
    catalogue = catalogue or bundled_catalogue()
    return Interview(catalogue, _open(path, catalogue)).fill_defaults()


def open_file(path: Path, catalogue: Catalogue | None = None) -> AnswerFile:
    """Open ``path`` for editing as the interview does (new parts get their section's heading)."""
    return _open(path, catalogue or bundled_catalogue())


def _open(path: Path, catalogue: Catalogue) -> AnswerFile:
    if path.suffix.lower() == ".json":
        raise SpecgenError(f"{path}: the interview writes YAML; convert the file to YAML (or "
                           "start a new .yaml file) to use it")
    headings: dict[str, str] = {}
    for question in catalogue.questions():
        headings.setdefault(str(question.path[0]), catalogue.title(question.section))
    return AnswerFile.open(path, headings)
