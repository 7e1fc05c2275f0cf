"""The whole flow in one place: answers file → validated model → document → rendered files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from specgen.answers import Answers
from specgen.assembly.assemble import KINDS as DOCUMENT_KINDS
from specgen.assembly.assemble import assemble
from specgen.assembly.checks import warning_lines
from specgen.document import Document
from specgen.errors import AnswersError, Problem
from specgen.figures.choice import figures_for
from specgen.files import write_all_atomic
from specgen.library.clauses import load_library
from specgen.library.layouts import DEFAULT as DEFAULT_LAYOUT
from specgen.library.layouts import load_layout
from specgen.loader import parse, validate
from specgen.render import RenderOptions, renderer

FORMATS = ("docx", "pdf")
KINDS = tuple(DOCUMENT_KINDS)  # one list of kinds, named where their titles live


@dataclass(frozen=True)
class BuildResult:
    outputs: tuple[Path, ...]
    warnings: tuple[str, ...]
    """As ``specgen validate`` prints them: ``FILE:LINE:COL: warning: field.path: message``."""
    documents: tuple[Document, ...] = ()
    """The assembled documents, one per kind (batch records which clauses they used)."""


def document_for(answers: Answers, kind: str = "spec", snippets: Path | None = None,
                 layout: str | None = None) -> Document:
    """Assemble one kind of document; the layout is the one given, else the answers', else toolkit."""
    library = load_library(snippets, kind)
    chosen = load_layout(str(layout or answers.layout or DEFAULT_LAYOUT), library, kind, snippets)
    return assemble(answers, library, kind, figures=figures_for(answers, kind), layout=chosen)


def require_part(answers: Answers, kind: str, source: Path, instead: str = "build --kind spec") -> None:
    """Refuse, located, a kind of document whose part the answers leave out (``instead``: what to do)."""
    if kind == "strategy" and answers.strategy is None:
        raise AnswersError([Problem(
            str(source), 1, 1, "strategy", "the answers have no 'strategy:' part, which --kind "
            f"strategy needs; add one (see examples/northmoor-new-team.yaml) or {instead}")])


def output_path(source: Path, out: Path, kind: str, fmt: str) -> Path:
    return out / f"{source.stem}.{kind}.{fmt}"


def build(source: Path, out: Path, kinds: Sequence[str] = ("spec",), formats: Sequence[str] = FORMATS,
          options: RenderOptions | None = None, snippets: Path | None = None,
          layout: str | None = None) -> BuildResult:
    """Render every requested kind and format in memory first, then write them all atomically.

    A failure anywhere leaves every previous output untouched.
    """
    options = options or RenderOptions()
    tree = parse(source)
    answers = validate(tree, str(source))
    rendered: dict[Path, bytes] = {}
    documents: list[Document] = []
    for kind in kinds:
        require_part(answers, kind, source)
        document = document_for(answers, kind, snippets, layout)
        documents.append(document)
        for fmt in formats:
            rendered[output_path(source, out, kind, fmt)] = renderer(fmt)(document, options)
    write_all_atomic(rendered)
    warnings = warning_lines(str(source), tree, answers, load_library(snippets))
    return BuildResult(tuple(rendered), tuple(warnings), tuple(documents))
