"""The whole flow in one place: answers file → validated model → document → rendered files."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from specgen import __version__
from specgen.answers import Answers
from specgen.assembly.assemble import KINDS as DOCUMENT_KINDS
from specgen.assembly.assemble import assemble
from specgen.document import Document
from specgen.errors import AnswersError, Problem
from specgen.figures.choice import figures_for
from specgen.files import write_all_atomic
from specgen.library.clauses import load_library
from specgen.library.layouts import DEFAULT as DEFAULT_LAYOUT
from specgen.library.layouts import load_layout
from specgen.loader import load
from specgen.render import RenderOptions, renderer

FORMATS = ("docx", "pdf")
KINDS = tuple(DOCUMENT_KINDS)  # one list of kinds, named where their titles live


@dataclass(frozen=True)
class BuildResult:
    outputs: tuple[Path, ...]
    warnings: tuple[str, ...]
    documents: tuple[Document, ...] = ()
    """The assembled documents, one per kind (batch records which clauses they used)."""


def document_for(answers: Answers, kind: str = "spec", snippets: Path | None = None,
                 layout: str | None = None) -> Document:
    """Assemble one kind of document; the layout is the one given, else the answers', else toolkit."""
    library = load_library(snippets, kind)
    chosen = load_layout(str(layout or answers.layout or DEFAULT_LAYOUT), library, kind, snippets)
    return assemble(answers, library, kind, figures=figures_for(answers, kind), layout=chosen)


def _check_part_for(answers: Answers, kind: str, source: Path) -> None:
    if kind == "strategy" and answers.strategy is None:
        raise AnswersError([Problem(
            str(source), 1, 1, "strategy", "the answers have no 'strategy:' part, which --kind "
            "strategy needs; add one (see examples/northmoor-new-team.yaml) or build --kind spec")])


def _stamped(document: Document, source: Path) -> Document:
    """Note what the document was built from and by what (recorded inside the .docx)."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    meta = replace(document.meta, source_digest=digest, generator=f"specgen {__version__}")
    return replace(document, meta=meta)


def output_path(source: Path, out: Path, kind: str, fmt: str) -> Path:
    return out / f"{source.stem}.{kind}.{fmt}"


def build(source: Path, out: Path, kinds: Sequence[str] = ("spec",), formats: Sequence[str] = FORMATS,
          options: RenderOptions | None = None, snippets: Path | None = None,
          layout: str | None = None) -> BuildResult:
    """Render every requested kind and format in memory first, then write them all atomically.

    A failure anywhere leaves every previous output untouched.
    """
    options = options or RenderOptions()
    answers = load(source)
    rendered: dict[Path, bytes] = {}
    warnings: list[str] = []
    documents: list[Document] = []
    for kind in kinds:
        _check_part_for(answers, kind, source)
        document = _stamped(document_for(answers, kind, snippets, layout), source)
        documents.append(document)
        warnings.extend(document.warnings)
        for fmt in formats:
            rendered[output_path(source, out, kind, fmt)] = renderer(fmt)(document, options)
    write_all_atomic(rendered)
    return BuildResult(tuple(rendered), tuple(dict.fromkeys(warnings)), tuple(documents))
