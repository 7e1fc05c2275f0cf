"""The batch manifest is data on disk that anyone may edit: paths in it never leave the output folder.

Each test builds once for real, then rewrites the manifest the way an attacker (or a careless
script) might, keeping the true fingerprint so that only the paths decide. The victim outside the
folder is a named pipe: reading it would block for ever, so a run that finishes proves it was never
opened. Nothing outside the folder may be read, written or deleted, and the file is rebuilt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL

from specgen.workflows.fingerprint import MANIFEST, plain_name, read_manifest

ESCAPES = {
    "up and out": "../../victim",
    "absolute": "{victim}",
    "into a sub-folder": "sub/../../victim",
    "the folder itself": "..",
    "a NUL byte": "answers.spec.docx\x00",
}


def batch(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "specgen", "batch", str(source), "--out", str(out),
                           "-f", "docx", "--json"], capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.mark.parametrize("escape", list(ESCAPES))
def test_a_manifest_path_leading_out_of_the_folder_is_never_followed(tmp_path: Path,
                                                                     escape: str) -> None:
    source, out = tmp_path / "answers.yaml", tmp_path / "a" / "b" / "out"
    source.write_text(MINIMAL, encoding="utf-8")
    assert batch(source, out).returncode == 0
    victim = out.parent.parent / "victim" if escape != "absolute" else tmp_path / "victim"
    os.mkfifo(victim)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["entries"]["answers"]
    # The record says "size 0, changed time stamp": only reading the path could confirm it.
    entry["outputs"] = {ESCAPES[escape].format(victim=victim): {"sha256": "", "size": 0,
                                                                 "mtime_ns": 0}}
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    done = batch(source, out)  # times out if anything opens the pipe

    assert done.returncode == 0, done.stderr
    [result] = json.loads(done.stdout)["files"]
    assert result["status"] == "built"
    assert all(Path(p).parent == out for p in result["outputs"])
    assert victim.exists() and not victim.is_file()  # still the untouched pipe
    assert read_manifest(out)["answers"]["outputs"].keys() == {"answers.spec.docx"}


def test_a_manifest_that_is_a_pipe_is_not_read(tmp_path: Path) -> None:
    source, out = tmp_path / "answers.yaml", tmp_path / "out"
    source.write_text(MINIMAL, encoding="utf-8")
    out.mkdir()
    os.mkfifo(out / MANIFEST)

    assert read_manifest(out) == {}


@pytest.mark.parametrize("name", ["answers.spec.docx", "answers.strategy.pdf", ".hidden",
                                  "with space.pdf"])
def test_plain_file_names_are_plain(name: str) -> None:
    assert plain_name(name)


@pytest.mark.parametrize("name", [*(n for n in ESCAPES.values() if "{" not in n), "/etc/passwd",
                                  "", ".", "a\\..\\..\\b", 7, None])
def test_names_with_a_way_out_are_not_plain(name: object) -> None:
    assert not plain_name(name)
