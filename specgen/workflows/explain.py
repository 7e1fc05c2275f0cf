"""``specgen explain``: why one clause is, or is not, in the specification built from an answer file."""

from __future__ import annotations

import re
from pathlib import Path

from specgen.answers.common import suggest
from specgen.assembly.provenance import Explanation, answer_values
from specgen.document import Document, heading_text
from specgen.errors import SpecgenError
from specgen.library.clauses import ClauseSpec, Library, load_library
from specgen.library.layouts import DEFAULT, Layout, load_layout, placements
from specgen.loader import load
from specgen.pipeline import document_for


def explain(clause_id: str, source: Path, layout: str | None = None,
            snippets: Path | None = None, kind: str = "spec") -> Explanation:
    """Build the document as ``build`` would, then report on one clause in it.

    ``clause_id`` is a clause id, or a clause's number as the document shows it (``3.5``).
    """
    answers = load(source)
    library = load_library(snippets, kind)
    name = str(layout or answers.layout or DEFAULT)
    chosen = load_layout(name, library, kind, snippets)
    document = document_for(answers, kind, snippets, name)
    if _NUMBER.fullmatch(clause_id.strip()):
        clause_id = _numbered(document, clause_id.strip())
    clause = _clause(library, clause_id)
    included = _included(document, clause)
    place = _place(document, clause) if included else _home(chosen, library, clause)
    return Explanation(clause, included, place, answer_values(clause.when, answers, name))


_NUMBER = re.compile(r"\d+(\.\d+)*")


def _numbered(document: Document, number: str) -> str:
    """The id of the clause the document numbers so."""
    for section in document.sections:
        if section.number == number:
            first = f"; its first clause is {section.clauses[0].number}" if section.clauses else ""
            raise SpecgenError(f"{number} is a section ({section.title}), not a clause: give a clause "
                               f"number{first}")
        for clause in section.clauses:
            if clause.number == number:
                return clause.id
    last = [c.number for c in document.clauses() if c.number][-1:]
    raise SpecgenError(f"the document built from these answers has no clause numbered {number}"
                       + (f" (the last is {last[0]})" if last else ""))


def _clause(library: Library, clause_id: str) -> ClauseSpec:
    by_id = {c.id: c for c in library.clauses}
    if clause_id not in by_id:
        raise SpecgenError(f"there is no clause '{clause_id}' in the clause library"
                           f"{suggest(clause_id, list(by_id))}")
    return by_id[clause_id]


def _included(document: Document, clause: ClauseSpec) -> bool:
    return any(c.id == clause.id for c in document.clauses())


def _place(document: Document, clause: ClauseSpec) -> str:
    for section in document.sections:
        for c in section.clauses:
            if c.id == clause.id:
                return f"{heading_text(c.number, c.title)}, in {heading_text(section.number, section.title)}"
    return ""


def _home(layout: Layout, library: Library, clause: ClauseSpec) -> str:
    home = placements(layout, library)[clause.id]
    title = next(s.title for s in layout.sections if s.id == home)
    return f"would appear in '{title}' ({layout.name} layout)"
