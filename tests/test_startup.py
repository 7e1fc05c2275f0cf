"""The command line starts with only what a command needs.

``specgen --help`` and ``specgen validate`` answer without loading the renderers, the charts or the
interview; a plain ``specgen validate FILE…`` starts without typer or the template engine, and
prints exactly what the typer command prints. Each case runs as a real process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, MINIMAL

# Runs specgen as `python -m specgen` does, then lists the modules the command loaded.
PROBE = """
import atexit, json, runpy, sys
out, sys.argv = sys.argv[1], ["specgen", *sys.argv[2:]]
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
runpy.run_module("specgen", run_name="__main__")
"""

NEVER_AT_START = ("specgen.render", "specgen.figures", "specgen.interview", "specgen.pipeline",
                  "specgen.merge", "specgen.web", "weasyprint", "docx", "matplotlib", "PIL",
                  "starlette", "uvicorn")
"""What neither --help nor validate may load: renderers, charts, the interview, the web app and the
Word merge, and the libraries behind them."""


def _loaded(tmp_path: Path, *arguments: str) -> list[str]:
    listing = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", PROBE, str(listing), *arguments], capture_output=True,
                   check=False, timeout=120)
    modules: list[str] = json.loads(listing.read_text())
    return modules


def _any_of(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)]


def test_help_loads_no_renderer_chart_or_interview(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "--help")
    assert "typer" in modules  # the probe saw the command run
    assert _any_of(modules, NEVER_AT_START) == []


def test_validate_loads_no_renderer_chart_interview_typer_or_template_engine(
        tmp_path: Path, minimal_answers: Path) -> None:
    modules = _loaded(tmp_path, "validate", str(minimal_answers))
    assert "specgen.answers" in modules
    assert _any_of(modules, (*NEVER_AT_START, "typer", "jinja2", "specgen.library.clauses",
                             "specgen.cli")) == []


def test_validate_with_an_option_goes_through_typer_and_still_loads_no_renderer(
        tmp_path: Path, minimal_answers: Path) -> None:
    modules = _loaded(tmp_path, "--debug", "validate", str(minimal_answers))
    assert "typer" in modules
    assert _any_of(modules, (*NEVER_AT_START, "jinja2")) == []


TYPER_ROUTE = "import sys; from specgen.cli import main; sys.argv = ['specgen', *sys.argv[1:]]; main()"


@pytest.fixture
def answer_files(tmp_path: Path) -> list[str]:
    """A file with a warning, a valid one, an invalid one, a missing one and a folder."""
    invalid = tmp_path / "typo.yaml"
    invalid.write_text(MINIMAL + "sevrice: {}\nstandards: {kpis: 3}\n", encoding="utf-8")
    valid = tmp_path / "valid.yaml"
    valid.write_text(MINIMAL, encoding="utf-8")
    return [str(EXAMPLES[-1]), str(valid), str(invalid), str(tmp_path / "missing.yaml"),
            str(tmp_path)]


def test_a_plain_validate_prints_exactly_what_the_typer_command_prints(answer_files: list[str]) -> None:
    quick = subprocess.run([sys.executable, "-m", "specgen", "validate", *answer_files],
                           capture_output=True, text=True, timeout=120)
    typer = subprocess.run([sys.executable, "-c", TYPER_ROUTE, "validate", *answer_files],
                           capture_output=True, text=True, timeout=120)
    assert (quick.returncode, quick.stdout, quick.stderr) == (typer.returncode, typer.stdout,
                                                              typer.stderr)
    assert quick.returncode == 1
    assert "sevrice: unknown key 'sevrice'; did you mean 'service'?" in quick.stdout
    assert quick.stderr.rstrip().endswith("2 of 5 file(s) valid")


def test_the_order_of_problems_and_warnings_is_kept_when_both_go_to_one_stream(
        answer_files: list[str]) -> None:
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as in a pipe
    merged = subprocess.run([sys.executable, "-m", "specgen", "validate", *answer_files], env=buffered,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    lines = merged.stdout.splitlines()
    assert lines[-1] == "2 of 5 file(s) valid"
    files = [next(i for i, name in enumerate(answer_files) if line.startswith(name + ":"))
             for line in lines[:-1]]
    assert files == sorted(files)  # each file's lines, warnings (stderr) or problems (stdout), in turn
    assert set(files) == {0, 1, 2, 3, 4}
