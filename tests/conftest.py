"""Shared test set-up: where the checkout and its examples are, and a minimal answer file.

Tests import specgen as installed (the README's test command installs it first).
"""

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# Property tests: "ci" (the default) keeps the suite quick; HYPOTHESIS_PROFILE=thorough runs every
# property that does not pin its own count over at least 1,000 examples, on demand. No deadlines:
# the machine is shared, and speed is measured in bench/, not here.
settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
"""Every example answer file shipped in examples/."""


def kinds_for(answers: dict[str, Any], kinds: tuple[str, ...]) -> list[str]:
    """The kinds of document an answer file (as plain data) can build: always the specification,
    the strategy when it has a strategy part, the invitation to tender unless it is for a contract
    agreed without one."""
    audience = (answers.get("document") or {}).get("audience", "tender_pack")
    return [kind for kind in kinds if kind == "spec" or kind in answers
            or (kind == "tender" and audience == "tender_pack")]

MINIMAL = """\
document:
  commissioners: [Northmoor ICB]
  area: Northmoor
  author: A. Author
  date: 2025-01-01
introduction:
  context: Babies and parents in Northmoor need help with their relationships.
service:
  team:
    lead: {profession: clinical_psychologist}
  eligibility:
    geography: Northmoor
"""


@pytest.fixture
def minimal_answers(tmp_path: Path) -> Path:
    """A valid answer file with only the required answers (readiness left unanswered)."""
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with ``--update-golden``."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def word_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every kind of Word file specgen writes (tests/every_word_file.py), built once per run."""
    from every_word_file import build_every_word_file

    return build_every_word_file(tmp_path_factory.mktemp("word"))
