"""A shared clause folder is untrusted code: whatever it holds runs nothing and reads nothing.

Each case of tests/hostile/clauses.yaml becomes a clause in a ``--snippets`` folder of its own.
Escapes, format-string tricks and file includes must end in an error naming the clause file, with
the command they try never run. Unbounded work must stop with a message naming the clause and
the limit it hit, in a child process whose memory stays bounded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT
from ruamel.yaml import YAML

from specgen.errors import SnippetError
from specgen.loader import load
from specgen.pipeline import document_for

CORPUS = YAML(typ="safe", pure=True).load((ROOT / "tests" / "hostile" / "clauses.yaml").read_text("utf-8"))
EXAMPLE = next(e for e in EXAMPLES if "northmoor" in e.name)


def _pickle_running(command: str) -> str:
    """A protocol-0 pickle that runs ``command`` through os.system when it is loaded."""
    return f"cos\nsystem\n(S'{command}'\ntR."


def clause_folder(base: Path, case: dict[str, str], marker: Path) -> Path:
    """A --snippets folder holding one clause made from ``case``."""
    folder = base / "clauses"
    (folder / "spec" / "introduction").mkdir(parents=True)
    payload = json.dumps(_pickle_running(f"touch {marker}"))

    def fill(text: str) -> str:
        return text.replace("PICKLE", payload).replace("MARKER", str(marker))

    when = f"when: {json.dumps(fill(case['when']))}\n" if "when" in case else ""
    (folder / "spec" / "introduction" / "99-hostile.md").write_text(
        "---\nid: introduction.hostile\ntitle: Hostile\nsection: introduction\norder: 99\n"
        f"{when}---\n{fill(case.get('body', 'Text.'))}\n", encoding="utf-8")
    return folder


SAFETY = [(group, name) for group in ("escape", "format", "files") for name in CORPUS[group]]


@pytest.mark.parametrize(("group", "name"), SAFETY, ids=[f"{g}-{n}" for g, n in SAFETY])
def test_a_hostile_clause_ends_in_a_located_error_and_runs_nothing(tmp_path: Path, group: str,
                                                                   name: str) -> None:
    marker = tmp_path / "MARKER"
    folder = clause_folder(tmp_path, CORPUS[group][name], marker)
    with pytest.raises(SnippetError) as caught:
        document_for(load(EXAMPLE), "spec", folder)
    assert str(folder / "spec" / "introduction" / "99-hostile.md") in str(caught.value)
    assert not marker.exists(), "the payload ran"


def test_the_cli_reports_a_hostile_clause_in_one_line_without_a_traceback(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    folder = clause_folder(tmp_path, CORPUS["escape"]["pickle-through-parse-raw"], marker)
    result = subprocess.run([sys.executable, "-m", "specgen", "build", str(EXAMPLE), "--format", "docx",
                             "--snippets", str(folder), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"{folder / 'spec' / 'introduction' / '99-hostile.md'}:7:")
    assert "parse_raw" in lines[0]
    assert not marker.exists() and not (tmp_path / "out").exists()


# The child builds every case in turn and prints one JSON line per case, then its own peak memory,
# so the limits are proved in a process they could have brought down.
_CHILD = """
import json, resource, sys
from pathlib import Path
from specgen.errors import SnippetError
from specgen.loader import load
from specgen.pipeline import document_for
answers = load(Path(sys.argv[1]))
for folder in sys.argv[2:]:
    try:
        document_for(answers, "spec", Path(folder))
        print(json.dumps({"folder": folder, "error": None}), flush=True)
    except SnippetError as error:
        print(json.dumps({"folder": folder, "error": str(error)}), flush=True)
print(json.dumps({"peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@pytest.fixture(scope="module")
def bounded_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], int]:
    folders = {}
    for name, case in CORPUS["work"].items():
        base = tmp_path_factory.mktemp(name)
        folders[str(clause_folder(base, case, base / "MARKER"))] = name
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(EXAMPLE), *folders],
                             stdout=subprocess.PIPE, text=True)
    output, _ = child.communicate(timeout=600)  # a hang guard only; the limits stop each case
    *cases, last = map(json.loads, output.splitlines())
    return {folders[r["folder"]]: r["error"] for r in cases}, last["peak_kb"]


@pytest.mark.parametrize("name", list(CORPUS["work"]))
def test_unbounded_work_stops_with_a_message_naming_the_clause(
        bounded_runs: tuple[dict[str, Any], int], name: str) -> None:
    results, _ = bounded_runs
    error = results[name]
    assert error is not None, f"{name} was built without complaint"
    assert "99-hostile.md" in error and "hostile" in error
    assert CORPUS["work"][name]["expect"] in error


def test_memory_stays_bounded_while_refusing_runaway_templates(
        bounded_runs: tuple[dict[str, Any], int]) -> None:
    _, peak_kb = bounded_runs
    assert peak_kb < 400 * 1024, f"the child peaked at {peak_kb // 1024} MB"
