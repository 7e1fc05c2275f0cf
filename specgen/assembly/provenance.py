"""Why each clause is in a document: the guidance behind it and the answers that switched it on.

The answers a clause depends on are read from its ``when`` condition: every ``a.x.y`` path the
expression mentions (and ``layout``, for layout-only clauses). Nothing is declared twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from jinja2 import nodes

from specgen.answers import Answers
from specgen.library.clauses import ClauseSpec
from specgen.library.layouts import PlacedSection
from specgen.library.plain import PlainMap, to_plain
from specgen.library.templating import environment


def switches(when: str) -> list[str]:
    """The answer paths a ``when`` expression reads, in order of first mention.

    >>> switches('a.procurement.regime == "psr_england" and a.standards.kpis')
    ['procurement.regime', 'standards.kpis']
    """
    tree = environment().parse("{{ " + when + " }}")
    found = [_path(node) for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name))]
    paths = [p for p in found if p]
    return [p for p in dict.fromkeys(paths) if not any(o != p and o.startswith(p + ".") for o in paths)]


def _path(node: nodes.Node) -> str | None:
    parts: list[str] = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node.arg, nodes.Const):
            parts.append(str(node.arg.value))
        else:
            return None
        node = node.node
    if isinstance(node, nodes.Name):
        if node.name == "a" and parts:
            return ".".join(reversed(parts))
        if node.name == "layout" and not parts:
            return "layout"
    return None


def rows(arranged: tuple[PlacedSection, ...]) -> list[dict[str, str]]:
    """One row per clause in the document, for the provenance appendix."""
    return [
        {"number": placed.number, "title": placed.title, "id": placed.clause.id,
         "source": placed.clause.source or "Local drafting",
         "switches": ", ".join(switches(placed.clause.when)) or "always included"}
        for section in arranged for placed in section.clauses
    ]


@dataclass(frozen=True)
class Explanation:
    """Why one clause is, or is not, in one document."""

    clause: ClauseSpec
    included: bool
    place: str
    """Where it sits in the layout: "3.4 Care pathway, in 3 Scope", or the section it would join."""
    values: tuple[tuple[str, str], ...]
    """Each answer the condition reads, with its value in this answer file."""

    def lines(self) -> Iterator[str]:
        c = self.clause
        yield f"{c.id}: {c.title}"
        yield f"  source: {c.source or 'local drafting'}"
        yield f"  file: {c.path}"
        yield f"  condition: {c.when}"
        verdict = "included" if self.included else "left out: the condition is false for these answers"
        yield f"  result: {verdict}"
        yield f"  place: {self.place}"
        for path, value in self.values:
            yield f"    {path} = {value}"


def answer_values(when: str, answers: Answers, layout: str) -> tuple[tuple[str, str], ...]:
    """The current value of each answer a condition reads, summarised for a person."""
    plain = to_plain(answers)  # the condition is untrusted: look paths up in plain data only
    out = []
    for path in switches(when):
        value: Any = layout if path == "layout" else _lookup(plain, path)
        out.append((path, summarise(value)))
    return tuple(out)


def _lookup(answers: PlainMap, path: str) -> Any:
    value: Any = answers
    for part in path.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, tuple) and part.isdigit():
            value = value[int(part)] if int(part) < len(value) else None
        else:
            return None
    return value


def summarise(value: Any) -> str:
    """true/false, "not set", "3 items", an enum's value, or text cut to 60 characters."""
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (list, tuple, Mapping)):
        return "empty" if not value else f"{len(value)} item{'s' if len(value) != 1 else ''}"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."
