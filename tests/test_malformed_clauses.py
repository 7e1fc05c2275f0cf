"""A broken or booby-trapped clause folder through the real command line: one located line, exit 1.

Each case builds a ``--snippets`` folder with one thing wrong and runs ``specgen build`` on an
example as a separate process (all started together; the timeout only guards against a hang).
The message must name the file at fault and say what is wrong; nothing is written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLES

EXAMPLE = next(e for e in EXAMPLES if "northmoor" in e.name)
X = "spec/introduction/99-x.md"
CLAUSE = "---\nid: introduction.extra\ntitle: Extra\nsection: introduction\norder: 99\n---\nText.\n"


@dataclass(frozen=True)
class Case:
    make: Callable[[Path, Path], None]
    """Given the clause folder and a place outside it, lay out the fault."""
    file: str
    """The file the message must start with, relative to the clause folder."""
    says: str


def _write(relative: str, data: str | bytes) -> Callable[[Path, Path], None]:
    def make(folder: Path, outside: Path) -> None:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return make


def _link_to_outside(relative: str) -> Callable[[Path, Path], None]:
    def make(folder: Path, outside: Path) -> None:
        (outside / "secret.md").write_text(CLAUSE, encoding="utf-8")
        (outside / "labels.yaml").write_text("status: {draft: Secret}\n", encoding="utf-8")
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        target = Path(relative).name if relative.endswith(".yaml") else "secret.md"
        path.symlink_to(outside / target)
    return make


def _folder_link_to_outside(folder: Path, outside: Path) -> None:
    (outside / "99-secret.md").write_text(CLAUSE, encoding="utf-8")
    (folder / "spec").mkdir(parents=True)
    (folder / "spec" / "evil").symlink_to(outside, target_is_directory=True)


def _fifo(folder: Path, outside: Path) -> None:
    (folder / "spec" / "introduction").mkdir(parents=True)
    os.mkfifo(folder / "spec" / "introduction" / "99-pipe.md")


CASES = {
    "not UTF-8": Case(_write(X, CLAUSE.replace("Text", "Caf\xe9").encode("latin-1")),
                      X, "not UTF-8 text"),
    "order in words": Case(_write(X, CLAUSE.replace("order: 99", "order: last")),
                           X, "order must be a whole number"),
    "front matter a list": Case(_write(X, "---\n- id\n- title\n---\nText.\n"),
                                X, "must be 'key: value' lines, not a list"),
    "front matter not YAML": Case(_write(X, CLAUSE.replace("order: 99", "order: [99")),
                                  f"{X}:6", "not valid YAML"),
    "template syntax": Case(_write(X, CLAUSE + "{% if %}\n"),
                            f"{X}:8", "template syntax"),
    "division by zero": Case(_write(X, CLAUSE + "{{ 1 // 0 }}\n"),
                             f"{X}:8", "by zero"),
    "unknown section": Case(_write(X, CLAUSE.replace("section: introduction",
                                                                             "section: nowhere")),
                            X, "section 'nowhere' is not listed"),
    "too large": Case(_write(X, CLAUSE + "x" * 600_000),
                      X, "larger than 512 KB"),
    "labels a list": Case(_write("labels.yaml", "- draft\n- final\n"), "labels.yaml",
                          "must be 'key: value' lines, not a list"),
    "labels group not a mapping": Case(_write("labels.yaml", "status: Draft\n"), "labels.yaml",
                                       "group 'status' must list"),
    "menu a piece of text": Case(_write("menus/kpis.yaml", "just words\n"), "menus/kpis.yaml",
                                 "not a piece of text"),
    "sections not a list": Case(_write("spec/sections.yaml", "introduction: Introduction\n"),
                                "spec/sections.yaml", "sections.yaml is a list"),
    "section without a title": Case(_write("spec/sections.yaml", "- id: introduction\n"),
                                    "spec/sections.yaml", "each section has an id, a title"),
    "layout take not a list": Case(
        _write("spec/layouts/nhs.yaml", "sections:\n- id: all\n  title: All\n  take: introduction.*\n"),
        "spec/layouts/nhs.yaml", "needs 'take:' as a list"),
    "clause linked outside": Case(_link_to_outside(X),
                                  X, "outside the clause folder"),
    "labels linked outside": Case(_link_to_outside("labels.yaml"), "labels.yaml",
                                  "outside the clause folder"),
    "folder linked outside": Case(_folder_link_to_outside, "spec/evil/99-secret.md",
                                  "outside the clause folder"),
    "a pipe": Case(_fifo, "spec/introduction/99-pipe.md", "not a regular file"),
}


@dataclass(frozen=True)
class Outcome:
    folder: Path
    code: int
    stderr: str
    wrote: bool


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    running = {}
    for name, case in CASES.items():
        base = tmp_path_factory.mktemp("case")
        folder, outside = base / "clauses", base / "outside"
        folder.mkdir()
        outside.mkdir()
        case.make(folder, outside)
        command = [sys.executable, "-m", "specgen", "build", str(EXAMPLE), "--layout", "nhs",
                   "--format", "docx", "--snippets", str(folder), "--out", str(base / "out")]
        running[name] = (folder, base / "out", subprocess.Popen(command, stdout=subprocess.PIPE,
                                                                stderr=subprocess.PIPE, text=True))
    done = {}
    for name, (folder, out, process) in running.items():
        _, stderr = process.communicate(timeout=600)
        done[name] = Outcome(folder, process.returncode, stderr, out.exists())
    return done


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_clause_folder_stops_with_one_located_line(outcomes: dict[str, Outcome], name: str) -> None:
    outcome, case = outcomes[name], CASES[name]
    assert outcome.code == 1, outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in outcome.stderr, outcome.stderr
    assert lines[0].startswith(str(outcome.folder / case.file)), lines[0]
    assert case.says in lines[0], lines[0]
    assert not outcome.wrote
