"""House rules that can fail: lint and types clean, clauses in our own words, assets packaged."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

VERBATIM = ROOT.parent / "shared" / "tools" / "verbatim-check"


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    done = _run(sys.executable, "-m", "ruff", "check", "specgen", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_finds_nothing() -> None:
    done = _run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not VERBATIM.exists(), reason="the shared verbatim checker sits beside the checkout")
def test_no_toolkit_sentence_is_copied_word_for_word() -> None:
    done = _run(sys.executable, str(VERBATIM), "snippets", "templates", "specgen", "examples",
                "README.md")
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout


def test_the_wheel_carries_the_clause_library_and_layouts(tmp_path: Path) -> None:
    done = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), ".")
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("specgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "specgen/templates/reference.docx" in names
    assert "specgen/templates/document.html.j2" in names
    assert "specgen/snippets/spec/sections.yaml" in names
    assert any(n.startswith("specgen/snippets/spec/service/") for n in names)
