"""Golden files: the assembled text of each example in each kind of document (and the
specification in the NHS layout), reviewed as a diff when wording changes.

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


GOLDEN_DOCUMENTS = {"spec": ("spec", None), "spec.nhs": ("spec", "nhs"), "strategy": ("strategy", None),
                    "tender": ("tender", None)}
"""Each golden file's middle name: the kind of document and the layout it is assembled in."""


@pytest.mark.parametrize("name", GOLDEN_DOCUMENTS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_assembled_text_matches_the_golden_file(example: Path, name: str, update_golden: bool) -> None:
    kind, layout = GOLDEN_DOCUMENTS[name]
    text = to_text(document_for(load(example), kind, layout=layout))
    golden = GOLDEN / f"{example.stem}.{name}.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file yet: run pytest --update-golden and review {golden}"
    assert text == golden.read_text(encoding="utf-8")
