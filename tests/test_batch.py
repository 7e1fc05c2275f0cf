"""`specgen batch`: many files in worker processes, rebuilding only what changed.

Builds make Word files only (PDF adds seconds and nothing to what these tests check).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL
from steady import Scenario, unless_library_changes
from typer.testing import CliRunner

from specgen.cli import app
from specgen.resources import bundled
from specgen.workflows.batch import BatchOptions, execute, plan
from specgen.workflows.fingerprint import MANIFEST

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
"""A terminal wide enough that the result table keeps each row on one line."""

THIRD_PARTY = "monitoring:\n  third_party_data: [Health visiting data on relationship concerns]\n"
"""Answers that bring in the clause monitoring.third_party, which MINIMAL leaves out."""


@pytest.fixture
def calm(tmp_path: Path) -> Callable[[Scenario], None]:
    """Runs a scenario again if someone edits the bundled library meanwhile (see tests/steady.py)."""
    return lambda scenario: unless_library_changes(scenario, tmp_path)


def _answers(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in files.items():
        (folder / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return folder


def _batch(*args: str | Path) -> tuple[int, dict[str, Any]]:
    """Run `specgen batch --json -f docx ARGS`; the exit code and each file's result by stem."""
    result = runner.invoke(app, ["batch", "--json", "-f", "docx", *map(str, args)], env=WIDE)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    return result.exit_code, {Path(f["file"]).stem: f for f in report["files"]}


def _statuses(results: dict[str, Any]) -> dict[str, str]:
    return {stem: result["status"] for stem, result in results.items()}


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.glob("*.docx")}


def test_it_builds_the_good_files_and_reports_a_broken_one_by_name_and_reason(tmp_path: Path) -> None:
    folder = _answers(tmp_path / "in", good=MINIMAL, also_good=MINIMAL + THIRD_PARTY,
                      broken="document:\n  statsu: draft\n")
    code, results = _batch(folder, "--out", tmp_path / "out", "--jobs", "2")
    assert code == 1
    assert _statuses(results) == {"also_good": "built", "broken": "failed", "good": "built"}
    assert results["broken"]["reason"].startswith(f"{folder / 'broken.yaml'}:")
    assert f"{folder / 'broken.yaml'}:2:3: document.statsu: unknown key" in "\n".join(
        results["broken"]["details"])
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == [
        "also_good.spec.docx", "good.spec.docx"]


def test_a_bug_while_building_one_file_is_reported_and_the_others_still_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import specgen.pipeline

    real_build = specgen.pipeline.build

    def build_unless_buggy(source: Path, *args: Any, **options: Any) -> Any:
        if source.stem == "buggy":
            raise RuntimeError("boom")
        return real_build(source, *args, **options)

    monkeypatch.setattr(specgen.pipeline, "build", build_unless_buggy)  # workers are forked from here
    folder = _answers(tmp_path / "in", buggy=MINIMAL, fine=MINIMAL)
    code, results = _batch(folder, "--out", tmp_path / "out")
    assert (code, _statuses(results)) == (1, {"buggy": "failed", "fine": "built"})
    assert results["buggy"]["reason"].startswith("unexpected RuntimeError: boom")


def test_the_table_names_each_file_with_its_result(tmp_path: Path) -> None:
    folder = _answers(tmp_path / "in", good=MINIMAL, broken="- not a mapping\n")
    result = runner.invoke(app, ["batch", str(folder), "--out", str(tmp_path / "out"), "-f", "docx"],
                           env=WIDE)
    assert result.exit_code == 1
    rows = [line for line in result.stdout.splitlines() if ".yaml" in line]
    assert any("good.yaml" in row and "built" in row for row in rows), result.stdout
    assert any("broken.yaml" in row and "failed" in row for row in rows), result.stdout
    assert f"{folder / 'broken.yaml'}:1:1:" in result.stderr
    assert "1 built, 0 unchanged, 1 failed" in result.stderr


def test_a_file_that_breaks_keeps_its_previous_documents(calm: Callable[[Scenario], None]) -> None:
    def scenario(tmp: Path) -> None:
        folder, out = _answers(tmp / "in", one=MINIMAL, two=MINIMAL), tmp / "out"
        _batch(folder, "--out", out)
        before = _snapshot(out)
        (folder / "one.yaml").write_text(MINIMAL + "oops: [\n", encoding="utf-8")
        code, results = _batch(folder, "--out", out)
        assert (code, _statuses(results)) == (1, {"one": "failed", "two": "unchanged"})
        assert _snapshot(out) == before
    calm(scenario)


def test_an_unchanged_rerun_rebuilds_nothing(calm: Callable[[Scenario], None]) -> None:
    def scenario(tmp: Path) -> None:
        folder, out = _answers(tmp / "in", one=MINIMAL, two=MINIMAL + THIRD_PARTY), tmp / "out"
        assert _statuses(_batch(folder, "--out", out)[1]) == {"one": "built", "two": "built"}
        before = _snapshot(out)
        code, results = _batch(folder, "--out", out)
        assert (code, _statuses(results)) == (0, {"one": "unchanged", "two": "unchanged"})
        assert _snapshot(out) == before  # not even rewritten with the same bytes
    calm(scenario)


def test_editing_one_answer_file_rebuilds_only_that_file(calm: Callable[[Scenario], None]) -> None:
    def scenario(tmp: Path) -> None:
        folder, out = _answers(tmp / "in", one=MINIMAL, two=MINIMAL), tmp / "out"
        _batch(folder, "--out", out)
        _answers(folder, two=MINIMAL.replace("2025-01-01", "2025-02-01"))
        assert _statuses(_batch(folder, "--out", out)[1]) == {"one": "unchanged", "two": "built"}
    calm(scenario)


def _override_third_party(org: Path, extra: str) -> None:
    """An organisation's copy of the bundled third-party data clause, with a sentence added."""
    bundled_clause = bundled("snippets") / "spec" / "monitoring" / "60-third-party.md"
    target = org / "spec" / "monitoring" / "60-third-party.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(bundled_clause.read_text(encoding="utf-8") + f"\n{extra}\n", encoding="utf-8")


def test_editing_a_clause_rebuilds_the_files_that_use_it_and_no_others(
        calm: Callable[[Scenario], None]) -> None:
    def scenario(tmp: Path) -> None:
        folder = _answers(tmp / "in", uses_it=MINIMAL + THIRD_PARTY, does_not=MINIMAL)
        org, out = tmp / "org", tmp / "out"
        _override_third_party(org, "We will share this data every quarter.")
        _batch(folder, "--out", out, "--snippets", org)
        _override_third_party(org, "We will share this data every month.")
        results = _batch(folder, "--out", out, "--snippets", org)[1]
        assert _statuses(results) == {"uses_it": "built", "does_not": "unchanged"}
    calm(scenario)


def test_changing_what_every_document_shares_rebuilds_every_file(tmp_path: Path) -> None:
    folder = _answers(tmp_path / "in", one=MINIMAL, two=MINIMAL + THIRD_PARTY)
    org, out = tmp_path / "org", tmp_path / "out"
    org.mkdir()
    _batch(folder, "--out", out, "--snippets", org)
    (org / "labels.yaml").write_text("status:\n  draft: Working draft\n", encoding="utf-8")
    assert _statuses(_batch(folder, "--out", out, "--snippets", org)[1]) == {
        "one": "built", "two": "built"}


def test_changing_the_options_rebuilds(tmp_path: Path) -> None:
    folder, out = _answers(tmp_path / "in", one=MINIMAL), tmp_path / "out"
    reference = tmp_path / "house-style.docx"
    reference.write_bytes((bundled("templates") / "reference.docx").read_bytes())
    _batch(folder, "--out", out)
    assert _statuses(_batch(folder, "--out", out, "--reference-doc", reference)[1]) == {"one": "built"}
    assert _statuses(_batch(folder, "--out", out, "--layout", "nhs")[1]) == {"one": "built"}


def test_a_missing_output_is_rebuilt_and_an_altered_one_left_alone(calm: Callable[[Scenario], None]) -> None:
    def scenario(tmp: Path) -> None:
        folder = _answers(tmp / "in", deleted=MINIMAL, altered=MINIMAL, kept=MINIMAL)
        out = tmp / "out"
        _batch(folder, "--out", out)
        (out / "deleted.spec.docx").unlink()
        (out / "altered.spec.docx").write_bytes(b"edited by hand")
        code, results = _batch(folder, "--out", out)
        assert _statuses(results) == {"altered": "edited", "deleted": "built", "kept": "unchanged"}
        assert code == 1 and (out / "altered.spec.docx").read_bytes() == b"edited by hand"
        results = _batch(folder, "--out", out, "--discard-edits")[1]
        assert _statuses(results) == {"altered": "built", "deleted": "unchanged", "kept": "unchanged"}
        assert len(list(out.glob("altered.spec.edited-*.docx"))) == 1
    calm(scenario)


def test_a_damaged_manifest_means_rebuilding_not_failing(calm: Callable[[Scenario], None]) -> None:
    def scenario(tmp: Path) -> None:
        folder, out = _answers(tmp / "in", one=MINIMAL), tmp / "out"
        _batch(folder, "--out", out)
        (out / MANIFEST).write_text("{not json", encoding="utf-8")
        code, results = _batch(folder, "--out", out)
        assert (code, _statuses(results)) == (0, {"one": "built"})
        assert _statuses(_batch(folder, "--out", out)[1]) == {"one": "unchanged"}
    calm(scenario)


def test_two_files_with_the_same_name_do_not_overwrite_each_other(tmp_path: Path) -> None:
    first = _answers(tmp_path / "a", area=MINIMAL) / "area.yaml"
    second = _answers(tmp_path / "b", area=MINIMAL) / "area.yaml"
    result = runner.invoke(app, ["batch", "--json", "-f", "docx", str(first), str(second),
                                 "--out", str(tmp_path / "out")])
    files = json.loads(result.stdout)["files"]
    assert result.exit_code == 1
    assert [(f["file"], f["status"]) for f in files] == [(str(first), "built"), (str(second), "failed")]
    assert str(first) in files[1]["reason"]


def test_a_folder_yields_its_answer_files_not_the_manifest_or_documents(
        calm: Callable[[Scenario], None]) -> None:
    def scenario(tmp: Path) -> None:
        folder = _answers(tmp / "in", one=MINIMAL)
        (folder / "notes.txt").write_text("not answers", encoding="utf-8")
        _batch(folder, "--out", folder)
        code, results = _batch(folder, "--out", folder)
        assert (code, _statuses(results)) == (0, {"one": "unchanged"})
    calm(scenario)


def test_a_folder_without_answer_files_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path)])
    assert result.exit_code == 2
    assert "no answer files" in result.output


def test_the_plan_settles_unchanged_files_without_building(calm: Callable[[Scenario], None]) -> None:
    def scenario(tmp: Path) -> None:
        folder, out = _answers(tmp / "in", one=MINIMAL, two=MINIMAL), tmp / "out"
        options = BatchOptions(formats=("docx",))
        files = sorted(folder.iterdir())
        assert [o.status for o in execute(plan(files, out, options), jobs=1)] == ["built", "built"]
        again = plan(files, out, options)
        assert (again.jobs, [o.status for o in again.settled]) == ([], ["unchanged", "unchanged"])
    calm(scenario)


def test_an_unchanged_rerun_imports_no_assembler_or_renderer(calm: Callable[[Scenario], None]) -> None:
    def scenario(tmp: Path) -> None:
        folder, out = _answers(tmp / "in", one=MINIMAL), tmp / "out"
        command = [sys.executable, "-m", "specgen", "batch", str(folder), "--out", str(out), "-f", "docx"]
        subprocess.run(command, capture_output=True, check=True)
        probe = ("import sys; from specgen.cli import main\n"
                 f"sys.argv = {command[2:]!r}\n"
                 "try: main()\nexcept SystemExit as done: assert done.code == 0, done.code\n"
                 "print(sorted(m for m in sys.modules if m.startswith(('specgen.assembly.assemble', "
                 "'specgen.pipeline', 'specgen.render', 'docx', 'weasyprint', 'jinja2'))))")
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        assert done.stdout.strip().endswith("[]"), done.stdout
    calm(scenario)
