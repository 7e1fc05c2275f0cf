"""How wide text is in the Word documents' body font (Arial, or its metric twin Liberation Sans).

Widths come from a small bundled table (``templates/arial-metrics.json``), never from the fonts
installed where specgen runs, so the same answers give the same document everywhere.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any

from specgen.resources import bundled

SOFT_BREAK = "\u200b"  # zero-width space: a place a line may break, invisible
_BREAKS = re.compile(r"[^\s\u200b]+?(?:-(?=\w)|[\s\u200b]|$)|[^\s\u200b]+")
_LONG_RUN = re.compile(r"[!-~]{30,}")  # printable ASCII without spaces: links, e-mail, answer paths
_JOINTS = re.compile(r"(?<=[./_?&=])(?=\w)")


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


def ascent(size: float) -> float:
    """How far the font reaches above the baseline at ``size`` points."""
    return size * int(_table()["ascent"]) / units_per_em()


@lru_cache(maxsize=1 << 16)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points; characters outside the table count as wide as an "M"."""
    widths = _widths(bold)
    fallback = widths["M"]
    return sum(widths.get(char, fallback) for char in text) * size / units_per_em()


def unbreakable(text: str) -> list[str]:
    """The pieces a line may not be broken inside: words, split after a hyphen between letters."""
    pieces = (piece.strip().strip(SOFT_BREAK) for piece in _BREAKS.findall(text))
    return [piece for piece in pieces if piece]


def with_soft_breaks(text: str) -> str:
    """Text in which long unbroken runs (links, answer paths) may wrap after ``. / _ ? & =``.

    Word and LibreOffice would otherwise cut such a run anywhere, even inside a word.
    """
    return _LONG_RUN.sub(lambda run: _JOINTS.sub(SOFT_BREAK, run.group()), text)
