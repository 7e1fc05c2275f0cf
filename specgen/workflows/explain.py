"""``specgen explain``: why one clause is, or is not, in the specification built from an answer file."""

from __future__ import annotations

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
    """Build the document as ``build`` would, then report on one clause in it."""
    answers = load(source)
    library = load_library(snippets, kind)
    clause = _clause(library, clause_id)
    name = str(layout or answers.layout or DEFAULT)
    chosen = load_layout(name, library, kind, snippets)
    document = document_for(answers, kind, snippets, name)
    included = _included(document, clause)
    place = _place(document, clause) if included else _home(chosen, library, clause)
    return Explanation(clause, included, place, answer_values(clause.when, answers, name))


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
