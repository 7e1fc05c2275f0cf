"""Answer sets built inline in a test: the minimal answers plus the parts the test is about."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import MINIMAL
from ruamel.yaml import YAML

from specgen.answers import Answers


def data(**parts: Any) -> dict[str, Any]:
    """The minimal answers as plain data, with ``parts`` merged in (mappings merge, others replace)."""
    base: dict[str, Any] = YAML(typ="safe", pure=True).load(MINIMAL)
    base["document"]["date"] = str(base["document"]["date"])
    return _merge(base, parts)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        out[key] = _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out


def answers(**parts: Any) -> Answers:
    return Answers.model_validate(data(**parts))


def write(folder: Path, name: str = "answers.yaml", **parts: Any) -> Path:
    """An answer file on disk (JSON is valid YAML, and specgen reads both)."""
    path = folder / name
    path.write_text(json.dumps(data(**parts), indent=2), encoding="utf-8")
    return path
