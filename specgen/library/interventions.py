"""Finding an intervention named in the answers on the intervention map (menus/interventions.yaml).

People write the same programme many ways ("Video Interaction Guidance (VIG)", "VIG", "video
interaction guidance"), so names are compared after folding case and punctuation, and also with
a bracketed abbreviation dropped.
"""

from __future__ import annotations

import re
from typing import Any

_OR_EQUIVALENT = re.compile(r"[\s,(]*\bor\s+equivalent\)?\s*$", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^)]*\)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")

LEVELS = ("universal", "targeted", "specialist")
"""The levels an answer file places interventions at."""


def says_or_equivalent(name: str) -> bool:
    """True when the name itself ends with "or equivalent"."""
    return _OR_EQUIVALENT.search(name) is not None


def _keys(text: str) -> set[str]:
    text = _OR_EQUIVALENT.sub("", text).casefold().replace("&", " and ")
    forms = {text, _BRACKETS.sub(" ", text)}
    return {" ".join(_NOT_WORD.sub(" ", form).split()) for form in forms} - {""}


def find(name: str, entries: dict[str, Any]) -> str | None:
    """The id of the map entry the name refers to, by id, name or alias; None if not on the map."""
    if name in entries:
        return name
    wanted = _keys(name)
    for entry_id, entry in entries.items():
        names = [entry_id, entry.get("name", ""), *entry.get("aliases", [])]
        if any(wanted & _keys(str(n)) for n in names):
            return str(entry_id)
    return None


def fits(level: str, entry: dict[str, Any]) -> bool:
    """Whether the map designs the intervention for this level.

    Public campaigns reach every family, so they fit the universal level too. Where the toolkit
    gives no level at all, there is nothing to check against, so any level fits.
    """
    designed = set(entry.get("designed_for", []))
    return not designed or level in designed or (level == "universal" and "public" in designed)
