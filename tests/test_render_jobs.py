"""Word and PDF rendered side by side: the same bytes as one after the other, all or nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES

from specgen import pipeline
from specgen.document import Document
from specgen.errors import RenderError
from specgen.loader import load
from specgen.render import RenderOptions, jobs
from specgen.render.jobs import lanes, render_all

NORTHMOOR = next(p for p in EXAMPLES if p.stem == "northmoor-new-team")


@pytest.fixture(scope="module")
def document() -> Document:
    return pipeline.document_for(load(NORTHMOOR))


def _jobs(document: Document, *formats: str) -> dict[Path, tuple[str, Document]]:
    return {Path(f"out{index}.{fmt}"): (fmt, document) for index, fmt in enumerate(formats)}


def test_a_pdf_and_a_word_file_go_to_different_lanes(document: Document) -> None:
    assert lanes(_jobs(document, "docx", "pdf")) == ([Path("out1.pdf")], [Path("out0.docx")])


def test_two_of_each_are_shared_a_pdf_and_a_word_file_per_lane(document: Document) -> None:
    here, there = lanes(_jobs(document, "docx", "pdf", "docx", "pdf"))
    assert sorted(p.suffix for p in here) == sorted(p.suffix for p in there) == [".docx", ".pdf"]


def test_a_single_job_is_not_split(document: Document) -> None:
    assert lanes(_jobs(document, "pdf")) == ([Path("out0.pdf")], [])


def test_side_by_side_gives_the_same_bytes_in_the_same_order(document: Document) -> None:
    work = _jobs(document, "docx", "pdf")
    together = render_all(work, RenderOptions(), parallel=True)
    in_turn = render_all(work, RenderOptions(), parallel=False)
    assert list(together) == list(in_turn) == list(work)
    assert together == in_turn
    assert together[Path("out1.pdf")].startswith(b"%PDF-")


PARENT = os.getpid()


def _fails_in_the_child(failure: Exception | None) -> Callable[[Document, RenderOptions], bytes]:
    """A Word renderer that works in this process and fails (or, given None, is killed) in another."""
    from specgen.render.docx import render

    def renderer(document: Document, options: RenderOptions) -> bytes:
        if os.getpid() == PARENT:
            return render(document, options)
        if failure is None:
            os.kill(os.getpid(), signal.SIGKILL)
        raise failure or AssertionError

    return renderer


def test_a_failure_in_the_other_process_reaches_the_caller_as_itself(
        document: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    failure = RenderError("the Word renderer failed: no styles")
    monkeypatch.setattr("specgen.render.docx.render", _fails_in_the_child(failure))
    with pytest.raises(RenderError, match="no styles"):
        render_all(_jobs(document, "docx", "docx"), RenderOptions(), parallel=True)


def test_a_killed_child_is_reported_not_waited_for_forever(
        document: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("specgen.render.docx.render", _fails_in_the_child(None))
    with pytest.raises(RenderError, match=r"stopped \(killed by signal 9\)"):
        render_all(_jobs(document, "docx", "docx"), RenderOptions(), parallel=True)


def test_a_build_whose_other_lane_fails_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(document: Document, options: RenderOptions) -> bytes:
        raise RenderError("cannot render")

    old = tmp_path / f"{NORTHMOOR.stem}.spec.pdf"
    old.write_bytes(b"the previous PDF")
    monkeypatch.setattr(jobs, "spare_core", lambda: True)
    monkeypatch.setattr("specgen.render.docx.render", broken)  # in the child: the PDF lane is costlier
    monkeypatch.setattr("specgen.render.pdf.render", lambda document, options: b"%PDF-new")
    with pytest.raises(RenderError):
        pipeline.build(NORTHMOOR, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name]
    assert old.read_bytes() == b"the previous PDF"


def test_no_second_process_is_started_inside_a_pool_worker() -> None:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1) as pool:
        assert pool.submit(jobs.spare_core).result() is False


@pytest.mark.skipif(not Path("/proc/loadavg").exists(), reason="Linux counts running processes")
def test_the_running_count_is_now_and_includes_this_process() -> None:
    assert jobs.running() >= 1


@pytest.mark.skipif(not Path("/proc/loadavg").exists(), reason="Linux counts running processes")
def test_no_second_process_is_started_while_another_program_keeps_the_other_core_busy(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    with subprocess.Popen([sys.executable, "-c", "print(flush=True)\nwhile True: pass"],
                          stdout=subprocess.PIPE) as busy:
        try:
            assert busy.stdout is not None and busy.stdout.readline()  # it has started its loop
            assert jobs.spare_core() is False
        finally:
            busy.kill()
