"""The command line: exit codes, located messages, atomic outputs, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES
from typer.testing import CliRunner

from specgen.cli import app

runner = CliRunner()


def test_validate_accepts_every_example() -> None:
    result = runner.invoke(app, ["validate", *map(str, EXAMPLES)])
    assert result.exit_code == 0, result.output


def test_validate_prints_one_located_line_per_problem_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("document:\n  statsu: draft\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2:3: document.statsu: unknown key 'statsu'; did you mean 'status'?" in result.stdout


def test_validate_checks_every_file_even_after_a_bad_one(tmp_path: Path, minimal_answers: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- not a mapping\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad), str(minimal_answers)])
    assert result.exit_code == 1
    assert "1 of 2 file(s) valid" in result.output


def test_build_writes_both_formats_named_after_the_answer_file(minimal_answers: Path,
                                                               tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(minimal_answers), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir() if not p.name.startswith(".")) == [
        "minimal.spec.docx", "minimal.spec.pdf"]  # beside them, the hidden record of what was written


def test_build_warns_about_unanswered_readiness_questions(minimal_answers: Path,
                                                          tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(minimal_answers), "--out", str(tmp_path),
                                 "--format", "docx"])
    assert "warning: readiness: not yet answered" in result.output


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_invalid_answers_keep_the_previous_documents(minimal_answers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(minimal_answers), "--out", str(out)]).exit_code == 0
    before = _outputs(out)
    minimal_answers.write_text(minimal_answers.read_text() + "oops: [\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(minimal_answers), "--out", str(out)])
    assert result.exit_code == 1
    assert _outputs(out) == before  # same files, same bytes, no partial leftovers


def test_a_build_failing_mid_way_writes_nothing(minimal_answers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(minimal_answers), "--out", str(out)]).exit_code == 0
    before = _outputs(out)
    broken = tmp_path / "org" / "spec" / "service"
    broken.mkdir(parents=True)
    (broken / "99-broken.md").write_text(
        "---\nid: org.broken\ntitle: Broken\nsection: service\n---\n{{ a.no_such_field }}\n")
    result = runner.invoke(app, ["build", str(minimal_answers), "--out", str(out),
                                 "--snippets", str(tmp_path / "org")])
    assert result.exit_code == 1
    assert "99-broken.md" in result.output and "org.broken" in result.output
    assert _outputs(out) == before


def test_an_unknown_format_is_a_usage_error(minimal_answers: Path) -> None:
    result = runner.invoke(app, ["build", str(minimal_answers), "--format", "odt"])
    assert result.exit_code == 2
    assert "docx, pdf" in result.output


def test_schema_is_json_schema_with_field_descriptions() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "Answers"
    assert "document" in schema["required"]
    control = schema["$defs"]["DocumentControl"]["properties"]
    assert control["date"]["description"].startswith("The date of this version.")
    assert schema["properties"]["strategy"]["description"].startswith("Optional: a parent-infant")
    described = sum("description" in field for model in schema["$defs"].values()
                    for field in model.get("properties", {}).values())
    assert described >= 140  # every documented field, read from the docstring under it


@pytest.mark.parametrize("command", [["--help"], ["build", "--help"], ["validate", "--help"]])
def test_help_is_available_for_every_command(command: list[str]) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_the_real_command_reports_bad_input_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("document: [unclosed\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "specgen", "build", str(bad), "--out",
                           str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{bad}:")
    assert "Traceback" not in done.stderr + done.stdout


def test_validate_does_not_import_the_renderers(tmp_path: Path, minimal_answers: Path) -> None:
    probe = ("import sys; from specgen.cli import main; sys.argv=['specgen','validate',"
             f"{str(minimal_answers)!r}]\ntry: main()\nexcept SystemExit: pass\n"
             "print(sorted(m for m in sys.modules if m.startswith(('weasyprint','docx'))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("[]")


def test_version_prints_and_exits_0() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("specgen ")
