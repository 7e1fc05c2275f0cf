"""Without the Pango libraries WeasyPrint needs (a Windows machine, say), PDF output fails with
one clear line that says what to install or how to build Word files instead."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from specgen.cli import app


def test_a_missing_pdf_library_is_one_clear_error_naming_the_way_out(
        minimal_answers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # importing it now fails, as without Pango
    result = CliRunner().invoke(app, ["build", str(minimal_answers), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "PDF output needs the Pango libraries" in result.output
    assert "--format docx" in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("*.docx"))  # nothing half-written
    word_only = CliRunner().invoke(app, ["build", str(minimal_answers), "--out", str(tmp_path),
                                         "--format", "docx"])
    assert word_only.exit_code == 0, word_only.output
