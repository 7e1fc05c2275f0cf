"""Tests that expect the bundled clause library and templates to stay put while they run.

Several people edit this checkout at once, and an edit to the library rightly changes what a
build writes. :func:`unless_library_changes` runs such a test again, in a fresh folder, when it
failed while the library changed under it; a failure while the library stood still is real.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from specgen.workflows.fingerprint import gather

Scenario = Callable[[Path], None]


def unless_library_changes(scenario: Scenario, tmp_path: Path, attempts: int = 3) -> None:
    for attempt in range(attempts):
        before = gather({}, None, None)
        try:
            scenario(tmp_path / f"attempt-{attempt}")
            return
        except AssertionError:
            if gather({}, None, None) == before:
                raise
    pytest.fail("the bundled clause library kept changing while the test ran")
