"""Malformed answer files through the real command line: exit 1, one located line, no traceback.

tests/test_validation.py checks what the loader says about each rule; here every kind of broken
file goes through ``specgen build`` as a separate process, as a commissioner would run it, and must
stop cleanly: exit status 1, ``FILE:LINE:COL: ...`` on stderr, no Python traceback, no document
written. The processes start together (they are independent) so the module stays quick; the
timeout only guards against a hang, it measures nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

VALID = (
    "document: {commissioners: [Northmoor ICB], area: Northmoor, author: A. Author, date: 2025-01-01}\n"
    "introduction: {context: Babies and parents need help.}\n"
    "service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: Northmoor}}\n"
)


@dataclass(frozen=True)
class Case:
    content: bytes
    line: int
    column: int
    says: str
    """A phrase of the message that tells the commissioner what is wrong or what to do."""


def _alias_bomb() -> bytes:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return ("\n".join(lines) + "\n").encode()


CASES: dict[str, Case] = {
    "yaml syntax error": Case(b"document:\n  area: [Northmoor\nintroduction: {}\n", 3, 13,
                              "YAML syntax"),
    "tab indentation": Case(b"document:\n\tarea: Northmoor\n", 2, 1, "indent with spaces, not tabs"),
    "duplicate key": Case(VALID.encode() + b"document: {area: Southmoor}\n", 4, 1,
                          'duplicate key "document"'),
    "alias bomb": Case(_alias_bomb(), 5, 45, "expands to more than 100,000"),
    "text where a list belongs": Case(VALID.replace("[Northmoor ICB]", "Northmoor ICB").encode(),
                                      1, 12, "document.commissioners: Input should be a valid list"),
    "a list where a section belongs": Case(b"document: [Northmoor, ICB]\n", 1, 1,
                                           "document: Input should be a valid dictionary"),
    "words where a number belongs": Case(
        VALID.encode() + b"procurement: {lead_in_weeks: twelve}\n", 4, 15,
        "procurement.lead_in_weeks: Input should be a valid integer"),
    "unknown key": Case(VALID.encode() + b"sevrice_extra: 1\n", 4, 1, "unknown key 'sevrice_extra'"),
    "huge integer": Case(VALID.encode() + b"procurement: {lead_in_weeks: " + b"9" * 5000 + b"}\n",
                         4, 30, "this number has 5,000 digits"),
    "large integer out of range": Case(
        VALID.replace("context:", "demand: {live_births_per_year: 99999999999999999999}, context:")
        .encode(), 2, 25, "less than or equal to 1000000"),
    "float overflowing to infinity": Case(
        VALID.replace("clinical_psychologist}}", "clinical_psychologist}, roles: "
                      "[{title: Psychologist, profession: clinical_psychologist, wte: 1e400}]}")
        .encode(), 3, 126, "finite number"),
    "empty file": Case(b"", 1, 1, "the file is empty"),
    "comments only": Case(b"# answers to follow\n", 1, 1, "the file is empty"),
    "binary file": Case(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), 1, 1, "not UTF-8 text"),
    "binary NUL bytes in UTF-8": Case(b"document:\x00\x00\x01\x02 area\n", 1, 1, "NUL bytes"),
    "byte-order mark before an error": Case(
        b"\xef\xbb\xbf" + VALID.encode() + b"sevrice: {}\n", 4, 1, "did you mean 'service'?"),
    "UTF-16 with a byte-order mark": Case(VALID.encode("utf-16"), 1, 1, "UTF-16"),
    "non-UTF-8 encoding": Case(VALID.replace("Northmoor ICB", "Cyngor Ynys Môn").encode("cp1252"),
                               1, 1, "save the file as UTF-8"),
    "brackets nested too deep": Case(b"document: " + b"[" * 5000 + b"]" * 5000 + b"\n", 1, 75,
                                     "brackets nest more than 64 deep"),
    "indentation nested too deep": Case(
        b"document:\n" + b"".join(b" " * depth + b"- \n" for depth in range(1, 1500)), 65, 65,
        "the file nests more than 64 levels deep here"),
    "two YAML documents in one file": Case(VALID.encode() + b"---\n" + VALID.encode(), 4, 1,
                                           "YAML syntax"),
    "a Python object tag": Case(
        VALID.encode() + b"procurement: !!python/object/apply:os.system ['touch PWNED']\n", 4, 1,
        "procurement: Input should be a valid dictionary"),
}


@dataclass(frozen=True)
class Outcome:
    path: Path
    out: Path
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    """Run ``specgen build`` on every case at once; collect what each process did."""
    folder = tmp_path_factory.mktemp("malformed")
    running = {}
    for index, (name, case) in enumerate(CASES.items()):
        path = folder / f"case{index}.yaml"
        path.write_bytes(case.content)
        out = folder / f"out{index}"
        command = [sys.executable, "-m", "specgen", "build", str(path), "--out", str(out)]
        process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        running[name] = (path, out, process)
    results = {}
    for name, (path, out, process) in running.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = Outcome(path, out, process.returncode, stdout, stderr)
    yield results


@pytest.mark.parametrize("name", list(CASES))
def test_a_malformed_file_stops_the_build_with_exit_1(outcomes: dict[str, Outcome], name: str) -> None:
    outcome = outcomes[name]

    assert outcome.returncode == 1, outcome.stderr
    assert "Traceback" not in outcome.stdout + outcome.stderr


@pytest.mark.parametrize("name", list(CASES))
def test_a_malformed_file_is_reported_at_its_line_and_column(outcomes: dict[str, Outcome],
                                                             name: str) -> None:
    outcome, case = outcomes[name], CASES[name]

    first = outcome.stderr.splitlines()[0]

    assert re.match(rf"{re.escape(str(outcome.path))}:\d+:\d+: ", first), first
    assert first.startswith(f"{outcome.path}:{case.line}:{case.column}: "), first
    assert case.says in first


@pytest.mark.parametrize("name", list(CASES))
def test_a_malformed_file_writes_no_document(outcomes: dict[str, Outcome], name: str) -> None:
    out = outcomes[name].out

    assert not out.exists() or not any(out.iterdir())


def test_a_python_tag_in_the_file_is_never_run(outcomes: dict[str, Outcome]) -> None:
    folder = outcomes["a Python object tag"].path.parent

    assert not (folder / "PWNED").exists()


def test_validate_reports_every_malformed_file_and_carries_on(tmp_path: Path) -> None:
    paths = []
    for index, case in enumerate(CASES.values()):
        paths.append(tmp_path / f"case{index}.yaml")
        paths[-1].write_bytes(case.content)

    done = subprocess.run([sys.executable, "-m", "specgen", "validate", *map(str, paths)],
                          capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    for path in paths:
        assert f"{path}:" in done.stdout
    assert f"0 of {len(paths)} file(s) valid" in done.stderr


def test_a_byte_order_mark_on_a_valid_file_is_harmless(tmp_path: Path) -> None:
    # Notepad on Windows saves UTF-8 with a byte-order mark; that alone must not stop anyone.
    path = tmp_path / "answers.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())

    done = subprocess.run([sys.executable, "-m", "specgen", "build", str(path), "--out",
                           str(tmp_path / "out"), "--format", "docx"],
                          capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "answers.spec.docx").is_file()


def test_a_missing_file_and_a_folder_are_reported_not_crashed_on(tmp_path: Path) -> None:
    for target in (tmp_path / "no-such.yaml", tmp_path):
        done = subprocess.run([sys.executable, "-m", "specgen", "build", str(target), "--out",
                               str(tmp_path / "out")],
                              capture_output=True, text=True, timeout=120, check=False)

        assert done.returncode in (1, 2), done.stderr
        assert "Traceback" not in done.stderr
        assert str(target) in done.stderr
