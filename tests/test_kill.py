"""A build killed part-way (SIGKILL, no chance to tidy up) never loses or half-writes a document.

Each test starts ``specgen build`` as a separate process that stops itself at one chosen moment
(while rendering the PDF; with every new file staged on disk but none renamed into place; between
two renames), waits to be killed there, and is killed with SIGKILL. The folder must then hold,
under every document's name, the complete previous file or the complete new one, byte for byte;
never a partial or missing one. Stray hidden ``.part`` files of the killed process are allowed, and
a later write clears them once they are old.
"""

from __future__ import annotations

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

from specgen.files import STALE_AFTER, write_atomic

OLD = """\
document: {commissioners: [Northmoor ICB], area: Northmoor, author: A. Author, date: 2025-01-01}
introduction: {context: Babies and parents in Northmoor need help with their relationships.}
service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: Northmoor}}
"""
NEW = OLD.replace("date: 2025-01-01", "date: 2025-06-30, version: '0.2'")
NAMES = ["answers.spec.docx", "answers.spec.pdf"]
MANIFEST = ".specgen-manifest.json"
"""The earlier build's record of what it wrote."""

# Run in the child process: stop at the chosen moment, tell the test, and wait to be killed.
CHILD = """
import os, sys, time
from pathlib import Path

moment, ready, argv = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]

def stop_here():
    ready.write_text(moment)
    time.sleep(600)

if moment == "rendering":
    import specgen.render.pdf as pdf
    pdf.render = lambda *args, **kwargs: stop_here()
else:
    real_replace, renamed = os.replace, []
    def replace(source, target):
        if str(target).endswith((".docx", ".pdf")):  # only our documents count
            if moment == "staged" or (moment == "between" and renamed):
                stop_here()
            renamed.append(target)
        real_replace(source, target)
    os.replace = replace

sys.argv = ["specgen", *argv]
from specgen.cli import main
main()
"""


def specgen_build(source: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "specgen", "build", str(source), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def contents(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in NAMES}


@dataclass(frozen=True)
class Versions:
    old: dict[str, bytes]
    new: dict[str, bytes]
    built: Path
    """A folder with the old answers (answers.yaml) and their documents (out/)."""


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Versions]:
    """The documents of the old and the new answers, built side by side by untouched processes."""
    folders = {}
    for label, text in (("old", OLD), ("new", NEW)):
        folder = tmp_path_factory.mktemp(label)
        (folder / "answers.yaml").write_text(text, encoding="utf-8")
        folders[label] = (folder, specgen_build(folder / "answers.yaml", folder / "out"))
    for _, process in folders.values():
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
    old, new = folders["old"][0], folders["new"][0]
    yield Versions(contents(old / "out"), contents(new / "out"), old)


def killed_at(moment: str, versions: Versions, tmp_path: Path) -> Path:
    """Copy the old state, start building the new answers, and SIGKILL the build at ``moment``."""
    shutil.copytree(versions.built / "out", tmp_path / "out")
    source = tmp_path / "answers.yaml"
    source.write_text(NEW, encoding="utf-8")
    ready = tmp_path / "ready"
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, moment, str(ready), "build", str(source), "--out",
         str(tmp_path / "out"), "--format", "docx,pdf"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(ready, process)
    finally:
        process.kill()  # SIGKILL: no handler, no cleanup, like a power cut for the process
        process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    return tmp_path / "out"


def _wait_for(ready: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 600  # a hang guard only
    while not ready.exists():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the build never reached the moment to kill it"
        time.sleep(0.02)


def stray_parts(out: Path) -> list[Path]:
    return sorted(out.glob(".*.part"))


def test_killed_while_rendering_the_previous_documents_are_untouched(versions: Versions,
                                                                     tmp_path: Path) -> None:
    out = killed_at("rendering", versions, tmp_path)

    assert contents(out) == versions.old
    assert sorted(p.name for p in out.iterdir() if p.name != MANIFEST) == NAMES  # and nothing stray


def test_killed_with_everything_staged_the_old_documents_stay_until_the_next_build(
        versions: Versions, tmp_path: Path) -> None:
    out = killed_at("staged", versions, tmp_path)

    assert contents(out) == versions.old
    assert len(stray_parts(out)) == 2  # the staged new files, hidden; the user's names are intact

    process = specgen_build(tmp_path / "answers.yaml", out)
    _, stderr = process.communicate(timeout=600)

    assert process.returncode == 0, stderr
    assert contents(out) == versions.new


def test_killed_between_two_renames_each_document_is_whole_old_or_new(versions: Versions,
                                                                        tmp_path: Path) -> None:
    out = killed_at("between", versions, tmp_path)

    docx_name, pdf_name = NAMES
    assert contents(out) == {docx_name: versions.new[docx_name], pdf_name: versions.old[pdf_name]}


def test_a_killed_writes_leftovers_are_cleared_once_they_are_old(tmp_path: Path) -> None:
    target = tmp_path / "answers.spec.pdf"
    fresh, stale = tmp_path / ".answers.spec.pdf.fresh.part", tmp_path / ".answers.spec.pdf.stale.part"
    fresh.write_bytes(b"%PDF- being written by another process right now")
    stale.write_bytes(b"%PDF- left behind by a killed process")
    long_ago = time.time() - STALE_AFTER - 60
    os.utime(stale, (long_ago, long_ago))

    write_atomic(target, b"%PDF- new")

    assert target.read_bytes() == b"%PDF- new"
    assert stray_parts(tmp_path) == [fresh]
