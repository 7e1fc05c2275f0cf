"""Input too big to be an answer file is refused before it is parsed, for the real reason, cheaply.

Each case goes through the real command line as a separate process that reports its own peak
memory when it ends. It must be refused with exit 1, a located first line naming the real cause
(the size, the kind of file, the count of values or the repetition through aliases), no traceback,
no document written, and a peak under 200 MB. Speed is not timed here (bench/ measures it); the
timeout is only a guard against a hang, which is what reading /dev/zero or a pipe used to cause.
Every command that reads answer files is then shown to go through the same checks.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import MINIMAL

from specgen.bounds import MAX_BYTES, MAX_CHARACTERS, MAX_VALUES

PEAK_MB = 200

# Runs specgen in this process and reports the process's own peak memory, in kB, as it exits.
# Linux's VmHWM is the peak of this program alone. ru_maxrss is not: it carries over the peak of
# the process that started it (the test run, a few hundred MB late in the suite) through exec.
MEASURED = """
import re, resource, sys
from pathlib import Path
sys.argv = ["specgen", *sys.argv[1:]]
from specgen.cli import main

def peak():
    status = Path("/proc/self/status")
    found = re.search(r"VmHWM:\\s+(\\d+) kB", status.read_text()) if status.exists() else None
    return int(found.group(1)) if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

try:
    main()
finally:
    sys.stderr.write(f"\\npeak {peak()}\\n")
"""


@dataclass(frozen=True)
class Case:
    make: Callable[[Path], Path]
    """Creates the input in the folder given and returns its path."""
    line: int
    column: int
    says: str


def _written(name: str, text: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_text(text, encoding="utf-8")
        return folder / name
    return make


def _sparse(folder: Path) -> Path:
    path = folder / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(3_000_000_000)  # 3 GB that take no disk: reading them would still hurt
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.yaml"
    os.mkfifo(path)  # nobody ever writes to it: opening it for reading would wait for ever
    return path


FLAT_5_MB = "document:\n  commissioners:\n" + "    - x\n" * 650_000
FLAT_UNDER_THE_SIZE_LIMIT = "document:\n  commissioners:\n" + "  - x\n" * (MAX_VALUES + 10)
ALIAS_BOMB = ("document:\n  area: &big " + "x" * 1_000_000 + "\n"
              "  commissioners: [" + ", ".join(["*big"] * 20_000) + "]\n")

CASES: dict[str, Case] = {
    "a file larger than the limit": Case(_sparse, 1, 1, "the file is 3.0 GB; an answer file may "
                                         f"be at most {MAX_BYTES / 1e6:.1f} MB"),
    "the endless device /dev/zero": Case(lambda _: Path("/dev/zero"), 1, 1, "not a regular file"),
    "a named pipe nobody writes to": Case(_fifo, 1, 1, "not a regular file (a device, pipe or socket)"),
    "a flat 5 MB list": Case(_written("flat.yaml", FLAT_5_MB), 1, 1, "the file is 5.2 MB"),
    "a flat list within the size limit": Case(
        # Five nodes (two keys, two mappings, the list) come before the item on line 3.
        _written("many.yaml", FLAT_UNDER_THE_SIZE_LIMIT), MAX_VALUES + 1 - 5 + 2, 5,
        f"the file holds more than {MAX_VALUES:,} keys, values and list items"),
    "an anchored 1 MB string referenced 20,000 times": Case(
        _written("bomb.yaml", ALIAS_BOMB), 3, 19,
        f"YAML aliases (*big) repeat parts of the file until it expands to more than "
        f"{MAX_CHARACTERS:,} characters"),
}


def test_the_cases_are_within_the_size_limit_where_another_cause_is_named() -> None:
    assert len(FLAT_UNDER_THE_SIZE_LIMIT.encode()) <= MAX_BYTES
    assert len(ALIAS_BOMB.encode()) <= MAX_BYTES
    assert len(FLAT_5_MB.encode()) > MAX_BYTES


@dataclass(frozen=True)
class Outcome:
    path: Path
    out: Path
    returncode: int
    stderr: str
    peak_mb: float


def _run_measured(args: list[str]) -> tuple[int, str, float]:
    """The exit code, what the command said (stderr, then stdout) and its peak memory in MB."""
    done = subprocess.run([sys.executable, "-c", MEASURED, *args], capture_output=True, text=True,
                          timeout=120, check=False)  # a hang guard only
    *rest, peak = done.stderr.rstrip().splitlines()
    assert peak.startswith("peak "), done.stderr
    said = "\n".join(rest).strip() + "\n" + done.stdout
    return done.returncode, said, int(peak.split()[1]) / 1024  # kilobytes on Linux


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    """``specgen build`` on every case, one process at a time so that each peak is its own."""
    folder = tmp_path_factory.mktemp("bounded")
    results = {}
    for name, case in CASES.items():
        path, out = case.make(folder), folder / f"out-{len(results)}"
        code, stderr, peak = _run_measured(["build", str(path), "--out", str(out)])
        results[name] = Outcome(path, out, code, stderr, peak)
    yield results


@pytest.mark.parametrize("name", list(CASES))
def test_input_beyond_the_limits_is_refused_at_its_place_for_the_real_reason(
        outcomes: dict[str, Outcome], name: str) -> None:
    outcome, case = outcomes[name], CASES[name]

    assert outcome.returncode == 1, outcome.stderr
    assert "Traceback" not in outcome.stderr
    first = outcome.stderr.splitlines()[0]
    assert first.startswith(f"{outcome.path}:{case.line}:{case.column}: "), first
    assert case.says in first, first


@pytest.mark.parametrize("name", list(CASES))
def test_refusing_input_beyond_the_limits_takes_little_memory(outcomes: dict[str, Outcome],
                                                              name: str) -> None:
    assert outcomes[name].peak_mb < PEAK_MB


@pytest.mark.parametrize("name", list(CASES))
def test_input_beyond_the_limits_writes_no_document(outcomes: dict[str, Outcome], name: str) -> None:
    out = outcomes[name].out

    assert not out.exists() or not any(out.iterdir())


def test_the_limits_are_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")

    assert f"{MAX_BYTES / 1e6:.0f} MB" in readme and f"{MAX_VALUES:,}" in readme


# Every command that reads an answer file, with the FIFO where the file goes. Each process would
# wait for ever on a reader that opened the pipe; each must instead refuse it like `build`.
COMMANDS: dict[str, tuple[list[str], int]] = {
    "validate": (["validate", "{pipe}"], 1),
    "needs": (["needs", "{pipe}"], 1),
    "explain": (["explain", "procurement.tupe", "{pipe}"], 1),
    "diff, old file": (["diff", "{pipe}", "{good}"], 2),  # diff's trouble code: 1 means different
    "diff, new file": (["diff", "{good}", "{pipe}"], 2),
    "batch": (["batch", "{pipe}", "--out", "{out}", "-f", "docx"], 1),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_reading_answers_refuses_a_pipe_with_a_message(tmp_path: Path,
                                                                     command: str) -> None:
    pipe = _fifo(tmp_path)
    good = _written("good.yaml", MINIMAL)(tmp_path)
    args, expected = COMMANDS[command]
    args = [a.format(pipe=pipe, good=good, out=tmp_path / "out") for a in args]

    code, stderr, peak = _run_measured(args)

    assert code == expected, stderr
    assert "Traceback" not in stderr
    assert f"{pipe}:1:1: (file): not a regular file" in stderr
    assert peak < PEAK_MB


def test_batch_refuses_an_oversized_file_unread_and_builds_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _written("good.yaml", MINIMAL)(folder)
    _written("flat.yaml", FLAT_5_MB)(folder)

    code, stderr, _ = _run_measured(["batch", str(folder), "--out", str(tmp_path / "out"),
                                        "-f", "docx", "--jobs", "1"])

    assert code == 1
    assert f"{folder / 'flat.yaml'}:1:1: (file): the file is 5.2 MB" in stderr
    assert "1 built, 0 unchanged, 1 failed" in stderr
    assert (tmp_path / "out" / "good.spec.docx").is_file()


def test_text_the_fast_counter_cannot_read_goes_on_to_the_parser_unless_it_is_too_big() -> None:
    from specgen.bounds import check_shape
    from specgen.errors import AnswersError

    small = "document: area: Northmoor\n"  # a colon the parser cannot place
    check_shape(small, "small.yaml")  # the full parser will report it, at its line
    with pytest.raises(AnswersError) as refused:
        check_shape(small + "- x\n" * MAX_VALUES, "big.yaml")

    assert str(refused.value).startswith("big.yaml:1:15: (file): YAML syntax: mapping values")
