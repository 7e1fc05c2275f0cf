"""Every failure to write, and every failure inside a build, is one line and leaves earlier files.

Each case runs the real command line as a separate process: an ``--out`` that is a file, a
read-only folder, a full disk, an unwritable ``diff --output``, a clause that divides by zero or
recurses for ever, a batch whose manifest cannot be written. Each must stop with exit 1 (2 for
``diff``, whose 1 means "different"), one line naming the file and the reason, no traceback, and
the previous outputs exactly as they were.

The read-only folder and the full disk are real where the system allows it: a read-only bind
mount and a 256 KB tmpfs, each in a private mount namespace (``unshare``), so that even root
meets them. Where namespaces are not allowed, a read-only folder falls back to permissions (not
for root, who ignores them) and the full disk is only simulated, by a test of its own that makes
``fsync`` fail with ENOSPC inside the process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL

from specgen.workflows.fingerprint import MANIFEST

SPECGEN = [sys.executable, "-m", "specgen"]
PREVIOUS = b"the previous document, which must survive"


def run(args: list[str | Path], prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [*(prefix or []), *SPECGEN, *map(str, args)]
    wide = {**os.environ, "COLUMNS": "400"}  # batch's table keeps each row on one line
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, env=wide)


def one_line(stderr: str) -> str:
    """The single line a failure prints (warnings aside, which a failed build never reaches)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def namespaces() -> bool:
    """Whether this process may make a private user and mount namespace."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False).returncode == 0


def need_namespaces(what: str) -> None:
    """Skip (even in CI: this is kernel policy, not a package to install) without namespaces."""
    if not namespaces():
        pytest.skip(f"{what} needs 'unshare -rm' (user namespaces), which this system does not allow")


# ------------------------------------------------------------------------------ --out is a file


@pytest.mark.parametrize(("out", "says"), [
    ("a-file", "{file} is a file, not a folder"),
    ("a-file/inside", "a part of {file}/inside is a file, not a folder"),
])
def test_an_out_that_is_or_runs_through_a_file_is_one_line(answers: Path, tmp_path: Path,
                                                           out: str, says: str) -> None:
    file = tmp_path / "a-file"
    file.write_bytes(PREVIOUS)

    done = run(["build", answers, "--out", tmp_path / out, "-f", "docx"])

    assert done.returncode == 1
    assert one_line(done.stderr) == (f"{tmp_path / out / 'answers.spec.docx'}: cannot write: "
                                     f"{says.format(file=file)}; nothing was replaced")
    assert file.read_bytes() == PREVIOUS


# ------------------------------------------------------------------------- a read-only folder


def read_only(folder: Path) -> tuple[list[str], str]:
    """A command prefix under which ``folder`` cannot be written to, and the reason it gives."""
    if namespaces():
        remount = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
        return ["unshare", "-rm", "sh", "-c", remount, "sh", str(folder)], "the disk is read-only"
    if os.geteuid() == 0:
        need_namespaces("a read-only folder for root")
    folder.chmod(0o555)
    return [], "you may not write to this folder"


@pytest.mark.parametrize("command", ["build", "diff --output"])
def test_a_read_only_folder_is_one_line_and_its_files_are_untouched(answers: Path, tmp_path: Path,
                                                                    command: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("answers.spec.docx" if command == "build" else "changes.md")
    args: list[str | Path] = (["build", answers, "--out", out, "-f", "docx"] if command == "build"
                              else ["diff", answers, answers, "-f", "markdown", "--output", target])
    if command == "build":  # a document specgen wrote earlier (anything else counts as edited by hand)
        assert run(args).returncode == 0
        (out / ".specgen-manifest.json").unlink()
        answers.write_text(answers.read_text("utf-8").replace("Northmoor ICB", "Southmoor ICB"), "utf-8")
    else:
        target.write_bytes(PREVIOUS)
    previous = target.read_bytes()
    prefix, reason = read_only(out)
    try:
        done = run(args, prefix)
    finally:
        out.chmod(0o755)

    assert done.returncode == (1 if command == "build" else 2)
    assert one_line(done.stderr) == f"{target}: cannot write: {reason}; nothing was replaced"
    assert target.read_bytes() == previous
    assert sorted(p.name for p in out.iterdir()) == [target.name]


def test_an_unwritable_diff_output_is_trouble_not_a_difference(answers: Path, tmp_path: Path) -> None:
    file = tmp_path / "a-file"
    file.write_bytes(PREVIOUS)

    done = run(["diff", answers, answers, "--output", file / "changes.txt"])

    assert done.returncode == 2
    assert one_line(done.stderr) == (f"{file / 'changes.txt'}: cannot write: {file} is a file, "
                                     "not a folder; nothing was replaced")
    assert done.stdout == ""


# ------------------------------------------------------------------------------- a full disk

FULL = """
mount -t tmpfs -o size=256k specgen-full "$1" || exit 99
printf 'the previous document, which must survive' > "$1/answers.spec.pdf"
head -c 248k /dev/zero > "$1/filler"   # about 8 KB left: far less than a PDF
folder=$1; shift
"$@" 2>"$folder.stderr"
echo "exit $?"
ls -a "$folder"
cat "$folder/answers.spec.pdf"
"""


def test_a_full_disk_is_one_line_and_the_previous_document_survives(answers: Path,
                                                                    tmp_path: Path) -> None:
    need_namespaces("a real full disk (a tiny tmpfs)")
    out = tmp_path / "out"
    out.mkdir()

    done = subprocess.run(["unshare", "-rm", "sh", "-c", FULL, "sh", str(out), *SPECGEN, "build",
                           str(answers), "--out", str(out), "-f", "pdf"],
                          capture_output=True, text=True, timeout=300, check=False)

    code, *listing, previous = done.stdout.splitlines()
    assert code == "exit 1", done.stdout + done.stderr
    stderr = Path(f"{out}.stderr").read_text(encoding="utf-8")
    assert one_line(stderr) == (f"{out / 'answers.spec.pdf'}: cannot write: the disk is full; "
                                "nothing was replaced")
    assert sorted(listing) == [".", "..", "answers.spec.pdf", "filler"]  # no half-written .part
    assert previous.encode() == PREVIOUS


# Simulated where no tmpfs can be mounted: the flush to disk fails as it does on a full disk.
NO_SPACE = """
import errno, os, sys
def full(descriptor):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
os.fsync = full
sys.argv = ["specgen", *sys.argv[1:]]
from specgen.cli import main
main()
"""


def test_a_disk_filling_up_while_writing_is_one_line_simulated(answers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()  # a PDF without a record of it in the manifest is not taken for an edited one
    (out / "answers.spec.pdf").write_bytes(PREVIOUS)

    done = subprocess.run([sys.executable, "-c", NO_SPACE, "build", str(answers), "--out", str(out),
                           "-f", "pdf"], capture_output=True, text=True, timeout=300, check=False)

    assert done.returncode == 1
    assert one_line(done.stderr) == (f"{out / 'answers.spec.pdf'}: cannot write: the disk is full; "
                                     "nothing was replaced")
    assert [p.name for p in out.iterdir()] == ["answers.spec.pdf"]
    assert (out / "answers.spec.pdf").read_bytes() == PREVIOUS


# ------------------------------------------------------------- a clause failing while it runs

FAILING_CLAUSES = {  # the template, and what the message must say
    "division": ("Each family gets {{ 1 // 0 }} sessions.", "division or modulo by zero"),
    "recursion": ("{% macro deeper(n) %}{{ deeper(n + 1) }}{% endmacro %}{{ deeper(0) }}",
                  "calls itself too deeply"),
}


@pytest.mark.parametrize("cause", list(FAILING_CLAUSES))
def test_a_clause_failing_at_run_time_is_one_line_and_keeps_the_documents(
        answers: Path, tmp_path: Path, cause: str) -> None:
    out = tmp_path / "out"
    assert run(["build", answers, "--out", out, "-f", "docx"]).returncode == 0
    before = (out / "answers.spec.docx").read_bytes()
    clause = tmp_path / "clauses" / "spec" / "service" / "99-failing.md"
    clause.parent.mkdir(parents=True)
    template, says = FAILING_CLAUSES[cause]
    clause.write_text(f"---\nid: service.failing\ntitle: Failing\nsection: service\norder: 99\n---\n"
                      f"{template}\n", encoding="utf-8")

    done = run(["build", answers, "--out", out, "-f", "docx", "--snippets", clause.parents[2]])

    assert done.returncode == 1
    line = one_line(done.stderr)
    assert line.startswith(f"{clause}:7: cannot fill in clause 'service.failing': ")
    assert says in line
    assert (out / "answers.spec.docx").read_bytes() == before


# Anything not foreseen (a bug): still one line, and the traceback only when asked for.
UNFORESEEN = """
import sys
import specgen.pipeline

def broken(*args, **kwargs):
    raise RuntimeError("something nobody foresaw")

specgen.pipeline.document_for = broken
sys.argv = ["specgen", *sys.argv[1:]]
from specgen.cli import main
main()
"""


@pytest.mark.parametrize("debug", [False, True])
def test_an_unforeseen_error_is_one_line_unless_debugging(answers: Path, tmp_path: Path,
                                                          debug: bool) -> None:
    done = subprocess.run([sys.executable, "-c", UNFORESEEN, *(["--debug"] if debug else []), "build",
                           str(answers), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300, check=False)

    assert done.returncode == 1
    if debug:
        assert "Traceback" in done.stderr and "something nobody foresaw" in done.stderr
    else:
        assert one_line(done.stderr) == (
            f"specgen build {answers}: stopped by an unexpected RuntimeError: something nobody "
            "foresaw. Unless a clause or file of yours caused it, this is a bug: rerun with --debug "
            "and report it")
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------- batch


def test_batch_prints_its_table_when_the_manifest_cannot_be_written(answers: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / MANIFEST).mkdir(parents=True)  # a folder where the manifest file should go

    done = run(["batch", answers, "--out", out, "-f", "docx"])

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    row = next(line for line in done.stdout.splitlines() if str(answers) in line)  # the table
    assert " built " in row
    assert (f"{out / MANIFEST}: cannot write: a folder of that name is in the way; nothing was "
            "replaced; the results are not recorded, so the next run rebuilds these files"
            in done.stderr.splitlines())
    assert (out / "answers.spec.docx").is_file()


def test_batch_into_a_file_reports_each_answer_file_and_the_manifest(answers: Path,
                                                                     tmp_path: Path) -> None:
    file = tmp_path / "a-file"
    file.write_bytes(PREVIOUS)

    done = run(["batch", answers, "--out", file, "-f", "docx", "--json"])

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert '"status": "failed"' in done.stdout
    assert f"{file} is a file, not a folder" in done.stdout
    assert f"{file / MANIFEST}: cannot write: {file} is a file, not a folder" in done.stderr
    assert file.read_bytes() == PREVIOUS
