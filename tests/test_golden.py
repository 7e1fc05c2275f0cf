"""Golden files: the assembled text of each example, reviewed as a diff when wording changes.

Regenerate with ``pytest --update-golden``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from specgen.loader import load
from specgen.pipeline import document_for
from specgen.render.text import to_text

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_assembled_text_matches_the_golden_file(example: Path, update_golden: bool) -> None:
    text = to_text(document_for(load(example)))
    golden = GOLDEN / f"{example.stem}.spec.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file yet: run pytest --update-golden and review {golden}"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_nhs_layout_matches_its_golden_file(example: Path, update_golden: bool) -> None:
    text = to_text(document_for(load(example), layout="nhs"))
    golden = GOLDEN / f"{example.stem}.spec.nhs.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file yet: run pytest --update-golden and review {golden}"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_invitation_to_tender_matches_its_golden_file(example: Path, update_golden: bool) -> None:
    text = to_text(document_for(load(example), "tender"))
    golden = GOLDEN / f"{example.stem}.tender.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file yet: run pytest --update-golden and review {golden}"
    assert text == golden.read_text(encoding="utf-8")
