"""The whole flow in one place: answers file → validated model → document → rendered files."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from specgen import __version__
from specgen.answers import Answers
from specgen.answers.document import Audience
from specgen.assembly.assemble import KINDS as DOCUMENT_KINDS
from specgen.assembly.assemble import assemble, outline
from specgen.assembly.checks import warning_lines
from specgen.document import Document
from specgen.errors import AnswersError, EditedError, Problem
from specgen.figures.choice import figures_for
from specgen.files import write_all_atomic
from specgen.library.clauses import load_library
from specgen.library.layouts import DEFAULT as DEFAULT_LAYOUT
from specgen.library.layouts import load_layout
from specgen.loader import parse, position, read_answers
from specgen.merge.detect import aside_path, edited
from specgen.merge.report import FileMerge
from specgen.outputs import remember
from specgen.render import RenderOptions, renderer
from specgen.render.jobs import render_all

FORMATS = ("docx", "pdf")
KINDS = tuple(DOCUMENT_KINDS)  # one list of kinds, named where their titles live
Edits = Literal["refuse", "keep", "discard"]
"""What to do about an output changed by hand since specgen wrote it."""


@dataclass(frozen=True)
class BuildResult:
    outputs: tuple[Path, ...]
    warnings: tuple[str, ...]
    """As ``specgen validate`` prints them: ``FILE:LINE:COL: warning: field.path: message``."""
    documents: tuple[Document, ...] = ()
    """The assembled documents, one per kind (batch records which clauses they used)."""
    set_aside: tuple[Path, ...] = ()
    """Edited outputs saved before being replaced (``--discard-edits``)."""
    merges: tuple[FileMerge, ...] = ()
    """What happened to each clause of each Word file whose edits were kept."""


def document_for(answers: Answers, kind: str = "spec", snippets: Path | None = None,
                 layout: str | None = None, publish: bool = False) -> Document:
    """Assemble one kind of document; the layout is the one given, else the answers', else toolkit.

    ``publish`` leaves out the working appendices (readiness, provenance) whatever the answers say.
    The invitation to tender refers to the specification's clauses, laid out the same way.
    """
    answers = published(answers) if publish else answers
    name = str(layout or answers.layout or DEFAULT_LAYOUT)
    library = load_library(snippets, kind)
    chosen = load_layout(name, library, kind, snippets)
    spec = spec_outline(answers, snippets, name) if kind == "tender" else None
    return assemble(answers, library, kind, figures=figures_for(answers, kind), layout=chosen,
                    outline=spec)


def spec_outline(answers: Answers, snippets: Path | None, layout: str) -> dict[str, str]:
    library = load_library(snippets, "spec")
    return outline(answers, library, load_layout(layout, library, "spec", snippets))


def published(answers: Answers) -> Answers:
    """The answers as published: without the working appendices."""
    document = answers.document.model_copy(update={"readiness_appendix": False,
                                                   "provenance_appendix": False})
    return answers.model_copy(update={"document": document})


def require_part(answers: Answers, kind: str, source: Path, instead: str = "build --kind spec") -> None:
    """Refuse, located, a kind of document whose part the answers leave out (``instead``: what to do)."""
    if kind == "strategy" and answers.strategy is None:
        raise AnswersError([Problem(
            str(source), 1, 1, "strategy", "the answers have no 'strategy:' part, which --kind "
            f"strategy needs; add one (see examples/northmoor-new-team.yaml) or {instead}")])
    if kind == "tender" and answers.document.audience is Audience.contract:
        line, column = _located(source, "document.audience")
        raise AnswersError([Problem(
            str(source), line, column, "document.audience", "the specification is agreed with a "
            "provider directly (audience: contract), so there is no invitation to tender; set "
            f"audience: tender_pack or {instead}")])


def _located(source: Path, path: str) -> tuple[int, int]:
    try:
        return position(parse(source), path)
    except AnswersError:
        return 1, 1


def _stamped(document: Document, source: Path) -> Document:
    """Note what the document was built from and by what (recorded inside the .docx)."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    meta = replace(document.meta, source_digest=digest, generator=f"specgen {__version__}")
    return replace(document, meta=meta)


def output_path(source: Path, out: Path, kind: str, fmt: str) -> Path:
    return out / f"{source.stem}.{kind}.{fmt}"


def build(source: Path, out: Path, kinds: Sequence[str] = ("spec",), formats: Sequence[str] = FORMATS,
          options: RenderOptions | None = None, snippets: Path | None = None,
          layout: str | None = None, edits: Edits = "refuse", record: bool = True,
          publish: bool = False) -> BuildResult:
    """Render every requested kind and format in memory first, then write them all atomically.

    A failure anywhere leaves every previous output untouched. An output changed by hand since
    specgen wrote it is never overwritten silently: ``edits`` says whether to refuse (raise
    :class:`EditedError`, writing nothing), to keep the edits (merge them with the new text), or
    to discard them (after saving the edited file beside it).
    """
    options = options or RenderOptions()
    file = read_answers(source)  # the file's positions are parsed only if a warning needs them
    answers = file.answers
    run = _Run(edits)
    documents: list[Document] = []
    for kind in kinds:
        require_part(answers, kind, source)
        document = _stamped(document_for(answers, kind, snippets, layout, publish), source)
        documents.append(document)
        run.render(document, {fmt: output_path(source, out, kind, fmt) for fmt in formats}, options)
    if run.edited:
        raise EditedError(run.edited)
    write_all_atomic({**run.aside, **run.rendered})
    if record:  # batch keeps its own manifest, written by its main process alone
        remember(out, source.stem, run.rendered)
    warnings = warning_lines(str(source), file, answers, load_library(snippets))
    return BuildResult(tuple(run.rendered), tuple(warnings), tuple(documents),
                       tuple(run.aside), tuple(run.merges))


class _Run:
    """The files of one build, and what was done about outputs people had edited."""

    def __init__(self, edits: Edits) -> None:
        self.edits = edits
        self.rendered: dict[Path, bytes] = {}
        self.aside: dict[Path, bytes] = {}
        self.edited: list[Path] = []
        self.merges: list[FileMerge] = []

    def render(self, document: Document, paths: dict[str, Path], options: RenderOptions) -> None:
        """Word first: with --keep-edits, the other formats show the merged text (rendered again
        from it: the formats are rendered side by side first, when a core is free)."""
        first = document
        formats = sorted(paths, key=lambda f: f != "docx")
        ready = render_all({paths[fmt]: (fmt, document) for fmt in formats}, options)
        for fmt in formats:
            data = ready[paths[fmt]] if document is first else renderer(fmt)(document, options)
            if edited(paths[fmt], data):
                document, data = self._edited(paths[fmt], document, data)
            self.rendered[paths[fmt]] = data

    def _edited(self, path: Path, document: Document, data: bytes) -> tuple[Document, bytes]:
        theirs = path.read_bytes()
        if self.edits == "refuse":
            self.edited.append(path)
        elif self.edits == "keep" and path.suffix == ".docx":
            from specgen.merge.word import merge_word

            merged = merge_word(path, theirs, data, document)
            self.merges.append(merged.report)
            return merged.document, merged.data
        else:  # discarded, or kept where only Word files can be merged: saved beside it first
            self.aside[aside_path(path, theirs)] = theirs
        return document, data
