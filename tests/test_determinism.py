"""Same answers, same bytes: documents can be kept in version control and audited.

These tests compare whole files byte for byte on purpose, across separate processes that differ
in everything that should not matter: hash seed, time zone, working folder, output folder, and
whether the file came from `build` or from a `batch` worker.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import MINIMAL
from pypdf import PdfReader
from steady import unless_library_changes

from specgen.document import anchor


def _specgen(*runs: tuple[list[str], Path, str, str]) -> None:
    """Run specgen commands side by side, each as (args, working folder, hash seed, time zone).

    Side by side, so that they read the clause library at the same moment.
    """
    started = [subprocess.Popen([sys.executable, "-m", "specgen", *args], cwd=cwd,
                                env={**os.environ, "PYTHONHASHSEED": seed, "TZ": zone},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
               for args, cwd, seed, zone in runs]
    for process in started:
        _, errors = process.communicate()
        assert process.returncode == 0, errors


def _answers(folder: Path) -> Path:
    folder.mkdir(parents=True)
    path = folder / "area.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def test_two_processes_build_byte_identical_word_and_pdf_files(tmp_path: Path) -> None:
    def scenario(tmp: Path) -> None:
        first, second = _answers(tmp / "a"), _answers(tmp / "b")
        _specgen((["build", str(first), "--out", "out"], tmp / "a", "1", "UTC"),
                 (["build", str(second), "--out", "elsewhere"], tmp / "b", "2", "Pacific/Auckland"))
        for name in ("area.spec.docx", "area.spec.pdf"):
            assert (tmp / "a" / "out" / name).read_bytes() == (
                tmp / "b" / "elsewhere" / name).read_bytes(), name
        pdf = PdfReader(tmp / "a" / "out" / "area.spec.pdf")
        assert pdf.metadata is not None
        assert pdf.metadata["/CreationDate"] == "D:20250101000000Z"  # the answers' date, not today
    unless_library_changes(scenario, tmp_path)


def test_a_batch_worker_writes_the_same_bytes_as_build(tmp_path: Path) -> None:
    def scenario(tmp: Path) -> None:
        source = _answers(tmp / "in")
        _specgen((["build", str(source), "--out", "built", "-f", "docx"], tmp, "3", "UTC"),
                 (["batch", str(source.parent), "--out", "batched", "-f", "docx", "--jobs", "2"], tmp,
                  "4", "America/New_York"))
        name = "area.spec.docx"
        assert (tmp / "built" / name).read_bytes() == (tmp / "batched" / name).read_bytes()
    unless_library_changes(scenario, tmp_path)


def test_the_word_package_has_fixed_member_times_and_names_each_clause(tmp_path: Path) -> None:
    source = _answers(tmp_path / "in")
    _specgen((["build", str(source), "--out", "out", "-f", "docx"], tmp_path, "5", "UTC"))
    package = zipfile.ZipFile(io.BytesIO((tmp_path / "out" / "area.spec.docx").read_bytes()))
    assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    body = package.read("word/document.xml").decode("utf-8")
    assert f'w:name="{anchor("introduction.context")}"' in body
    core = package.read("docProps/core.xml").decode("utf-8")
    assert "2025-01-01T00:00:00Z" in core  # the answers' date, not the day of the build
