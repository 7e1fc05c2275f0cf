"""Numbers for people: rounded only at the moment they are shown, the way a reader expects.

Models keep full precision (a needs estimate stays a range of unrounded floats); these helpers
are the one place where a figure becomes text in a table, a clause or a chart label.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

EN_DASH = "\u2013"


def shown(value: float, places: int = 1) -> str:
    """6.825 → "6.8", 1920.0 → "1,920" (places=0), 2.5 → "3" (places=0): half rounds up.

    Python's round() rounds half to even and sees 2.675 as 2.67499…; a reader expects neither.
    repr() gives the shortest decimal that reads back as the same float, so rounding that is
    what a person would do with the number printed in front of them.
    """
    step = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def shown_range(low: float, high: float, unit: str = "", places: int = 1) -> str:
    """"6.5-8%" (with an en dash), or "15%" when both ends show the same; ``unit`` follows."""
    first, last = shown(low, places), shown(high, places)
    return f"{first}{unit}" if first == last else f"{first}{EN_DASH}{last}{unit}"


def signed(value: float, places: int = 1) -> str:
    """"+25", "-5" or "0": a change against a reference figure."""
    text = shown(value, places)
    return text if text.startswith("-") or text == "0" else f"+{text}"


_FRACTIONS = ((10, "a tenth"), (20, "a fifth"), (25, "a quarter"), (100 / 3, "a third"),
              (40, "two fifths"), (50, "half"), (60, "three fifths"), (200 / 3, "two thirds"),
              (75, "three quarters"), (80, "four fifths"), (90, "nine tenths"))


def fraction_words(pct: float, within: float = 1.0) -> str | None:
    """A percentage as a common fraction when it is one to within ``within`` points:
    66.7 → "two thirds", 50 → "half"; None when no common fraction is that close."""
    for value, words in _FRACTIONS:
        if abs(pct - value) <= within:
            return words
    return None
