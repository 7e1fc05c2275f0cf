"""`specgen batch` never overwrites a document edited by hand, and keeps the edits when asked."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
from conftest import MINIMAL
from revisions import view
from typer.testing import CliRunner

from specgen.cli import app

THIRD_PARTY = "monitoring:\n  third_party_data: [Health visiting data on relationship concerns]\n"
EDITED = ("area-1", "area-4", "area-8")


def _batch(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(app, ["batch", "--json", "-f", "docx", "--jobs", "2", *map(str, args)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, {Path(f["file"]).stem: f for f in json.loads(result.stdout)["files"]}


def _write(folder: Path, extra: str = "") -> None:
    for n in range(10):
        text = MINIMAL.replace("need help with their relationships", f"need help (area {n})") + extra
        (folder / f"area-{n}.yaml").write_text(text, encoding="utf-8")


def _team_edit(path: Path) -> bytes:
    word = docx.Document(str(path))
    paragraph = next(p for p in word.paragraphs if p.text.startswith("Babies and parents in Northmoor"))
    paragraph.add_run(f" The {path.stem.split('.')[0]} team wrote this.")
    buffer = io.BytesIO()
    word.save(buffer)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_a_batch_of_ten_with_three_edited_files_keeps_all_three_edits(tmp_path: Path) -> None:
    answers, out = tmp_path / "answers", tmp_path / "out"
    answers.mkdir()
    _write(answers)
    assert _batch(answers, "--out", out)[0] == 0
    edited = {stem: _team_edit(out / f"{stem}.spec.docx") for stem in EDITED}
    _write(answers, THIRD_PARTY)  # every file now gains a clause

    code, results = _batch(answers, "--out", out)
    assert code == 1
    assert {stem for stem, r in results.items() if r["status"] == "edited"} == set(EDITED)
    assert all(r["status"] == "built" for stem, r in results.items() if stem not in EDITED)
    assert all((out / f"{stem}.spec.docx").read_bytes() == data for stem, data in edited.items())

    code, results = _batch(answers, "--out", out, "--keep-edits")
    assert code == 0
    assert {stem for stem, r in results.items() if r["status"] == "built"} == set(EDITED)
    for stem in EDITED:
        merged = (out / f"{stem}.spec.docx").read_bytes()
        accepted, rejected = "\n".join(view(merged, True)), "\n".join(view(merged, False))
        assert f"The {stem} team wrote this." in accepted and f"The {stem} team wrote this." in rejected
        assert "Data from other services" in accepted and "Data from other services" not in rejected
        statuses = {c["id"]: c["status"] for c in results[stem]["merges"][0]["clauses"]}
        assert statuses["introduction.context"] == "kept" and statuses["monitoring.third_party"] == "added"

    code, results = _batch(answers, "--out", out)
    assert code == 0 and {r["status"] for r in results.values()} == {"unchanged"}
