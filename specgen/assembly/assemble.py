"""Answers + clause library → :class:`Document`. Every content decision is made here or in a clause."""

from __future__ import annotations

import re
from typing import Any

from specgen.answers import Answers
from specgen.assembly.activity import plan as activity_plan
from specgen.assembly.checks import advice, readiness_warnings
from specgen.assembly.demand import view as demand_view
from specgen.assembly.evaluation import model as evaluation_model
from specgen.assembly.provenance import rows as provenance_rows
from specgen.assembly.tender_terms import nhs_england, welsh
from specgen.document import Clause, Document, Figure, Meta, Section, heading_text, plain_text
from specgen.errors import SnippetError
from specgen.library.clauses import ClauseSpec, Library
from specgen.library.compiled import condition
from specgen.library.layouts import Layout, PlacedSection, arrange, library_layout
from specgen.library.markup import MarkupError, parse
from specgen.library.plain import to_plain
from specgen.library.sandbox import document_time, evaluate, render
from specgen.library.templating import and_list, long_date

KINDS = {"spec": "Service specification", "strategy": "Parent-infant relationship strategy",
         "tender": "Invitation to tender"}


def assemble(answers: Answers, library: Library, kind: str = "spec",
             figures: dict[str, Figure] | None = None, layout: Layout | None = None,
             outline: dict[str, str] | None = None) -> Document:
    """Fill in every clause that applies, arrange them by the layout (default: the library's own
    sections), number them, and add the glossary of terms used.

    ``outline`` (the specification's clauses by id, as "3.5 Referrals") lets a document that goes
    with the specification, the invitation to tender, refer to its clauses and ask about them.
    """
    layout = layout or library_layout(library)
    extra = {"spec": outline, "evaluation": evaluation_model(answers, library, outline)} \
        if outline is not None else {}
    context = template_context(answers, library, figures=tuple(sorted(figures or {})), layout=layout.name,
                               **extra)
    with document_time():
        chosen = [c for c in library.clauses if _applies(c, context)]
        arranged = arrange(layout, library, (c.id for c in chosen))
        bodies = {c.id: _render(c, context, figures) for c in chosen if not c.late}
        used = glossary_terms(" ".join(_texts(bodies.values())), answers, library)
        late_context = {**context, **to_plain({"glossary_terms": used,
                                                "provenance": provenance_rows(arranged)})}
        bodies.update({c.id: _render(c, late_context, figures) for c in chosen if c.late})
    return Document(
        kind=kind,
        meta=_meta(answers, library, kind),
        sections=_sections(arranged, bodies),
        warnings=tuple(readiness_warnings(answers, library) + [str(w) for w in advice(answers, library)]),
    )


def outline(answers: Answers, library: Library, layout: Layout | None = None) -> dict[str, str]:
    """The clauses a document built from these answers holds, by id: "3.5 Referrals", or the
    title alone for a clause in an unnumbered section. Nothing is filled in."""
    layout = layout or library_layout(library)
    context = template_context(answers, library, figures=(), layout=layout.name)
    with document_time():
        chosen = [c.id for c in library.clauses if _applies(c, context)]
    return {p.clause.id: heading_text(p.number, p.title)
            for section in arrange(layout, library, chosen) for p in section.clauses}


def template_context(answers: Answers, library: Library, **extra: Any) -> dict[str, Any]:
    """What clause templates and conditions see: plain, read-only values only (see library.plain)."""
    return dict(to_plain({
        "a": answers,
        "needs": demand_view(answers),
        "activity": activity_plan(answers),
        "nhs_england": nhs_england(answers),
        "welsh": welsh(answers),
        "_labels": library.labels,
        "_menus": library.menus,
        **extra,
    }))


def _applies(clause: ClauseSpec, context: dict[str, Any]) -> bool:
    try:
        return bool(evaluate(condition(clause.when), context))
    except Exception as exc:  # the condition is untrusted code: any failure is the clause's
        raise SnippetError(f"{clause.path}: the 'when' condition failed: {_reason(exc)}") from exc


def _render(clause: ClauseSpec, context: dict[str, Any],
            figures: dict[str, Figure] | None) -> tuple[Any, ...]:
    body = clause.body  # a syntax error is reported as such, by ClauseSpec
    try:
        return parse(render(body, context), figures)
    except MarkupError as exc:
        raise SnippetError(f"{clause.path}: {exc}") from exc
    except Exception as exc:  # the template is untrusted code: any failure is the clause's
        line = _template_line(exc)
        raise SnippetError(f"{clause.path}{line}: cannot fill in clause '{clause.id}': "
                           f"{_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "it calls itself too deeply (a macro without an end?)"
    if isinstance(exc, MemoryError):
        return "it needs more memory than a clause may use"
    return str(exc) or type(exc).__name__


def _template_line(exc: BaseException) -> str:
    tb = exc.__traceback__
    line = ""
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = f":{tb.tb_lineno}"
        tb = tb.tb_next
    return line


def _sections(arranged: tuple[PlacedSection, ...],
              bodies: dict[str, tuple[Any, ...]]) -> tuple[Section, ...]:
    return tuple(
        Section(id=placed.section.id, number=placed.number, title=placed.section.title,
                clauses=tuple(Clause(id=p.clause.id, number=p.number, title=p.title,
                                     blocks=bodies[p.clause.id], source=p.clause.source)
                              for p in placed.clauses))
        for placed in arranged
    )


def _texts(bodies: Any) -> list[str]:
    out: list[str] = []
    for blocks in bodies:
        for block in blocks:
            out.extend(_block_texts(block))
    return out


def _block_texts(block: Any) -> list[str]:
    if hasattr(block, "spans"):
        return [plain_text(block.spans)]
    if hasattr(block, "items"):
        return [plain_text(item) for item in block.items]
    if hasattr(block, "rows"):
        cells = [*block.header, *(cell for row in block.rows for cell in row)]
        return [plain_text(cell) for cell in cells]
    return [getattr(block, "text", "")]


def glossary_terms(text: str, answers: Answers, library: Library) -> list[dict[str, str]]:
    """The library's terms the text actually uses, plus every local term from the answers."""
    found = {term: definition for term, definition in library.glossary.items()
             if _uses(text, term)}
    found.update({t.term: t.definition for t in answers.introduction.glossary})
    return [{"term": t, "definition": d} for t, d in sorted(found.items(), key=lambda i: i[0].casefold())]


def _uses(text: str, term: str) -> bool:
    flags = 0 if term.isupper() else re.IGNORECASE
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, flags) is not None


def _meta(answers: Answers, library: Library, kind: str) -> Meta:
    doc, intro = answers.document, answers.introduction
    title, subtitle = doc.title, f"{intro.service_name}: {doc.area}"
    if kind == "strategy" and answers.strategy:  # the strategy is about the area, not one service
        plan = answers.strategy
        title, subtitle = plan.title, f"{doc.area}, {plan.period}" if plan.period else doc.area
    if kind == "tender":  # the invitation goes with the specification, under its own title
        title, subtitle = f"Invitation to tender: {intro.service_name}", doc.area
    return Meta(
        title=title,
        subtitle=subtitle,
        author=doc.author,
        organisations=tuple(doc.commissioners),
        area=doc.area,
        status=doc.status.value,
        version=doc.version,
        date=doc.date.isoformat(),
        keywords=("parent-infant relationships", "PAIR", KINDS.get(kind, kind), doc.area),
        category=KINDS.get(kind, kind),
        reference=doc.reference or "",
        cover_note=f"{and_list(list(doc.commissioners))}. Version {doc.version}, "
                   f"{library.labels.get('status', {}).get(doc.status.value, doc.status.value).lower()}, "
                   f"{long_date(doc.date)}.",
        running_header=f"{title} ({doc.status.value}, version {doc.version})",
    )
