"""The real `specgen interview` in a pseudo-terminal: killed mid-way, it loses nothing already
answered; started again, it carries on without asking those questions twice, and the file it
finishes with validates. Ctrl-C stops it politely, saying how to carry on."""

from __future__ import annotations

import re
import signal
import sys
from pathlib import Path

import pexpect

from specgen.loader import load

QUESTION = re.compile(r"question \d+ of \d+  \[([^\]]+)\]")
BUILD = re.compile(r"Build the Word and PDF documents")
PATIENCE = 60  # seconds for one prompt: generous for a busy machine; normally a fraction of one

FIRST = {"document.title": "Northmoor PAIR team", "document.commissioners": "Northmoor ICB",
         "document.area": "Northmoor", "document.author": "A. Author"}
REST = {"document.date": "2025-03-14", "introduction.context": "Babies in Northmoor need help.",
        "service.team.lead.profession": "clinical_psychologist",
        "service.eligibility.geography": "Northmoor"}


def _spawn(path: Path) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "specgen", "interview", str(path)],
                          encoding="utf-8", timeout=PATIENCE, dimensions=(60, 240))
    child.delaybeforesend = None  # we always wait for the prompt first, so no need to pause
    return child


def _next_question(child: pexpect.spawn) -> str | None:
    """Wait for the next question (its field) or the closing offer to build (None)."""
    if child.expect([QUESTION, BUILD]) == 1:
        return None
    field = str(child.match.group(1))
    child.expect("> ")
    return field


def test_a_killed_interview_resumes_without_asking_again_and_finishes_valid(tmp_path: Path) -> None:
    path = tmp_path / "northmoor.yaml"
    child = _spawn(path)
    asked_first = []
    while (field := _next_question(child)) in FIRST or field == "document.commissioners":
        asked_first.append(field)
        child.sendline(FIRST[field] if asked_first.count(field) == 1 else "")
    assert field == "document.contact"  # the answers above were taken and saved ...
    child.kill(signal.SIGKILL)
    child.close()
    assert load_partial(path)["document"]["area"] == "Northmoor"  # ... and survive the kill

    child = _spawn(path)
    asked_again = []
    while (field := _next_question(child)) is not None:
        asked_again.append(field)
        child.sendline(REST.get(field, ""))
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert asked_again[0] == "document.contact"
    assert not set(FIRST) & set(asked_again)
    answers = load(path)
    assert answers.document.commissioners == ["Northmoor ICB"] and answers.document.title == FIRST[
        "document.title"]


def test_ctrl_c_stops_saying_how_to_carry_on_and_keeps_the_answers(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    child = _spawn(path)
    assert _next_question(child) == "document.title"
    child.sendline("Kept title")
    assert _next_question(child) == "document.commissioners"
    child.sendintr()
    child.expect("Stopped. Your answers so far are saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert f"specgen interview {path}" in " ".join(str(child.before).split())
    assert load_partial(path) == {"document": {"title": "Kept title"}}


def load_partial(path: Path) -> dict[str, dict[str, object]]:
    from ruamel.yaml import YAML

    loaded: dict[str, dict[str, object]] = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return loaded
