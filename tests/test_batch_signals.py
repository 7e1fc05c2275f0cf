"""`specgen batch` stopped by a signal leaves no worker behind and no file written after it ends.

A service manager sends SIGTERM to the main process only; so does ``kill PID``. Each test starts a
real batch of slow PDF builds, waits until its workers are building, signals the main process
alone, and then checks what a user would see: every worker (found by scanning /proc for the main
process's children) has ended by the time the command has; nothing in the output folder changes
afterwards; the manifest is valid JSON that records only whole outputs; and the next run finishes
the work. Timeouts here only guard against a hang; they measure nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from specgen.workflows.fingerprint import MANIFEST, intact

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "northmoor-new-team.yaml"
FILES = 4
JOBS = 2


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie has ended: it only waits to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file in the folder, hidden ones included, with its size and modification time."""
    if not folder.exists():
        return {}
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


def wait_for(condition: object, what: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 300  # a hang guard only
    while not condition():  # type: ignore[operator]
        assert process.poll() is None, f"batch ended before {what}: {process.communicate()}"
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.05)


@pytest.fixture
def inputs(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(FILES):
        shutil.copy(EXAMPLE, folder / f"area{index}.yaml")
    yield folder


def start(command: list[str], out: Path, formats: str = "docx,pdf") -> subprocess.Popen[str]:
    return subprocess.Popen([*command, "batch", str(out.parent / "in"), "--out", str(out),
                             "--jobs", str(JOBS), "-f", formats],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@dataclass(frozen=True)
class Stopped:
    workers: set[int]
    """The worker pids seen before the signal."""
    left_running: list[int]
    """Those still running when the main process had ended."""
    at_exit: dict[str, tuple[int, int]]
    """The output folder as the main process ended."""
    later: dict[str, tuple[int, int]]
    """The output folder once any worker left running has ended too (a few seconds on)."""


def stop_while_building(process: subprocess.Popen[str], signum: int, out: Path) -> Stopped:
    """Wait until the workers are building, signal the main process only, wait for it to end,
    and look at the output folder then and after any worker left running has ended."""
    wait_for(lambda: len(children(process.pid)) >= JOBS, "the workers start", process)
    workers = children(process.pid)
    time.sleep(1.0)  # well into the first builds: the example's PDF takes seconds
    os.kill(process.pid, signum)
    process.wait(timeout=120)
    at_exit = snapshot(out)
    left_running = [pid for pid in workers if running(pid)]
    deadline = time.monotonic() + 300  # a hang guard: an orphan finishing its build is the point
    while any(running(pid) for pid in left_running) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)  # and anything else that might still write
    later = snapshot(out)
    for pid in left_running:
        if running(pid):
            os.kill(pid, signal.SIGKILL)
    process.communicate(timeout=120)
    return Stopped(workers, left_running, at_exit, later)


SPECGEN = [sys.executable, "-m", "specgen"]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_to_the_main_process_ends_every_worker_before_the_command_ends(
        inputs: Path, signum: int, code: int) -> None:
    out = inputs.parent / "out"
    process = start(SPECGEN, out)

    stopped = stop_while_building(process, signum, out)

    assert stopped.workers and not stopped.left_running
    assert process.returncode == code


def test_no_file_is_written_after_a_stopped_batch_has_ended(inputs: Path) -> None:
    out = inputs.parent / "out"
    process = start(SPECGEN, out)

    stopped = stop_while_building(process, signal.SIGTERM, out)

    assert stopped.later == stopped.at_exit


def test_a_stopped_batch_leaves_a_valid_manifest_and_the_next_run_finishes(inputs: Path) -> None:
    out = inputs.parent / "out"
    process = start(SPECGEN, out, "docx")
    wait_for(lambda: any(out.glob("*.docx")), "a file built", process)
    stop_while_building(process, signal.SIGTERM, out)

    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    recorded = set(manifest["entries"])
    for stem in recorded:  # only builds that finished are recorded, and their outputs are whole
        for name, record in manifest["entries"][stem]["outputs"].items():
            assert intact(out / name, record), name

    done = subprocess.run([*SPECGEN, "batch", str(inputs), "--out", str(out), "--json", "-f", "docx"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    statuses = {Path(f["file"]).stem: f["status"] for f in json.loads(done.stdout)["files"]}
    assert statuses == {f"area{i}": "unchanged" if f"area{i}" in recorded else "built"
                        for i in range(FILES)}
    assert len(list(out.glob("*.docx"))) == FILES


# A worker that will not stop when asked (stuck in native code, say): it ignores SIGTERM.
STUBBORN = """
import signal, sys, time
import specgen.workflows.batch as batch

def stubborn(job, start):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(600)

batch._build = stubborn
sys.argv = ["specgen", *sys.argv[1:]]
from specgen.cli import main
main()
"""


def test_a_worker_that_ignores_sigterm_is_killed_before_the_command_ends(inputs: Path) -> None:
    out = inputs.parent / "out"
    process = start([sys.executable, "-c", STUBBORN], out)

    stopped = stop_while_building(process, signal.SIGTERM, out)

    assert stopped.workers and not stopped.left_running
    assert process.returncode == 143
    assert not out.exists() or not list(out.glob("*.pdf"))
