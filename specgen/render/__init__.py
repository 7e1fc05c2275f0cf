"""Renderers: a :class:`~specgen.document.Document` in, file bytes out.

Renderers decide only how things look. Each one is a function ``render(document, options)``
returning bytes; :data:`RENDERERS` maps a format name to the module that holds it, imported only
when that format is asked for (WeasyPrint is slow to import and needed only for PDF).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from specgen.document import Document


@dataclass(frozen=True)
class RenderOptions:
    reference_doc: Path | None = None
    """A .docx whose styles replace specgen's own (like pandoc's --reference-doc)."""
    tracked_changes: bool = False
    """Show text marked deleted or inserted as Word tracked changes, not struck or underlined."""


Renderer = Callable[[Document, RenderOptions], bytes]

RENDERERS: dict[str, str] = {
    "docx": "specgen.render.docx",
    "pdf": "specgen.render.pdf",
    "txt": "specgen.render.text",
}


def renderer(fmt: str) -> Renderer:
    module = importlib.import_module(RENDERERS[fmt])
    render: Renderer = module.render
    return render
