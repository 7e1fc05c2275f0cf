"""One warning about the answers, and where in the answer file it points.

A warning names the answer it is about as a dotted path (``standards.kpis[2]``). A warning about
two answers that contradict each other names both: the first is where it is reported, the others
(``also``) are printed with their own line and column, so the reader can open either one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from specgen.loader import position


@dataclass(frozen=True)
class Advice:
    """One warning: the answer it is about (a dotted path), what to check, and other answers
    involved (each a dotted path)."""

    path: str
    message: str
    also: tuple[str, ...] = ()
    rule: str = ""
    """The name of the consistency rule that found it, if one did."""

    def __str__(self) -> str:
        others = f" (see also {'; '.join(self.also)})" if self.also else ""
        return f"{self.path}: {self.message}{others}"


def located(source: str, tree: Any, item: Advice) -> str:
    """``FILE:LINE:COL: warning: path: message``, then ``(see also FILE:LINE:COL: other.path)``
    naming every other answer involved, each at its own place in the parsed file."""
    line, col = position(tree, item.path)
    places = "; ".join(f"{_at(source, tree, other)}: {other}" for other in item.also)
    others = f" (see also {places})" if places else ""
    return f"{source}:{line}:{col}: warning: {item.path}: {item.message}{others}"


def located_all(source: str, tree: Any, items: Iterable[Advice]) -> list[str]:
    return [located(source, tree, item) for item in items]


def _at(source: str, tree: Any, path: str) -> str:
    line, col = position(tree, path)
    return f"{source}:{line}:{col}"
