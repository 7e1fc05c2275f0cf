"""How the PDF renderer drives WeasyPrint: what it changes to go faster leaves the PDF as it was,
and leaves the Python process as it found it."""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path

import pytest

from specgen.loader import read_answers
from specgen.pipeline import document_for
from specgen.render import RenderOptions, pdf


def test_the_cycle_collector_looks_less_often_only_while_a_pdf_renders() -> None:
    before = gc.get_threshold()
    with pdf.fewer_collections():
        during = gc.get_threshold()
    assert during[0] > before[0]
    assert during[1:] == before[1:]
    assert gc.get_threshold() == before


def test_the_cycle_collector_is_set_back_when_a_render_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), pdf.fewer_collections():
        raise RuntimeError("the layout failed")
    assert gc.get_threshold() == before


def test_overlapping_renders_set_the_collector_back_only_when_the_last_one_ends() -> None:
    """As when two of the web app's threads render at once: the first ends while the second runs."""
    before = gc.get_threshold()
    first, second = pdf.fewer_collections(), pdf.fewer_collections()
    first.__enter__()
    raised = gc.get_threshold()
    second.__enter__()
    first.__exit__(None, None, None)
    assert gc.get_threshold() == raised
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before


def test_fewer_collections_leave_the_pdf_byte_for_byte_the_same(
        minimal_answers: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = document_for(read_answers(minimal_answers).answers, "spec")
    quicker = pdf.render(document, RenderOptions())
    monkeypatch.setattr(pdf, "fewer_collections", contextlib.nullcontext)
    assert pdf.render(document, RenderOptions()) == quicker
