"""How wide text is in the Word documents' body font (Arial, or its metric twin Liberation Sans).

Widths come from a small bundled table (``templates/arial-metrics.json``), never from the fonts
installed where specgen runs, so the same answers give the same document everywhere.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from specgen.resources import bundled

_BREAKS = re.compile(r"\S+?(?:-(?=\w)|\s|$)|\S+")


@cache
def _table() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (bundled("templates") / "arial-metrics.json").read_text(encoding="utf-8"))
    return loaded


@cache
def _widths(bold: bool) -> dict[str, int]:
    chars, widths = _table()["bold" if bold else "regular"]
    return dict(zip(str(chars), map(int, widths), strict=True))


def units_per_em() -> int:
    return int(_table()["units_per_em"])


def line_height(size: float) -> float:
    """Single line spacing for the font at ``size`` points: ascent + descent + line gap."""
    table = _table()
    units = int(table["ascent"]) + int(table["descent"]) + int(table["line_gap"])
    return size * units / units_per_em()


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points; characters outside the table count as wide as an "M"."""
    widths = _widths(bold)
    fallback = widths["M"]
    return sum(widths.get(char, fallback) for char in text) * size / units_per_em()


def unbreakable(text: str) -> list[str]:
    """The pieces a line may not be broken inside: words, split after a hyphen between letters."""
    return [piece.strip() for piece in _BREAKS.findall(text) if piece.strip()]
