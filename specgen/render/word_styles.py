"""A paragraph's effective formatting, resolved as Word resolves it, for :mod:`pagination`.

Each property is taken from the most specific place that sets it: the paragraph itself, its list
level, its style and the styles that style is based on, then the document defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from specgen.render.metrics import line_height

_OFF = ("0", "false", "off")
_P_PR, _R_PR, _VAL = qn("w:pPr"), qn("w:rPr"), qn("w:val")
_P_STYLE = f"{_P_PR}/{qn('w:pStyle')}"


@dataclass(frozen=True)
class ParagraphProps:
    style: str
    size: float
    before: float
    after: float
    line: int
    rule: str
    left: float
    right: float
    keep_next: bool
    keep_lines: bool
    break_before: bool
    widow_control: bool
    contextual: bool


class Styles:
    def __init__(self, word: WordDocument) -> None:
        root = word.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.default_ppr = root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
        self.default_rpr = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default_style = next((s.get(qn("w:styleId")) for s in root.findall(qn("w:style"))
                                   if s.get(qn("w:type")) == "paragraph"
                                   and s.get(qn("w:default")) in ("1", "true")), "Normal")
        self.numbering = word.part.numbering_part.element
        self.counters: dict[str, list[int]] = {}
        self.row_padding = 0.5
        self._cache: dict[tuple[str, bytes], ParagraphProps] = {}
        self._runs: dict[tuple[str, bytes], tuple[float, bool]] = {}
        self._levels = _levels(self.numbering)

    def _style_id(self, p: BaseOxmlElement) -> str:
        style = p.find(_P_STYLE)
        return str(style.get(_VAL)) if style is not None else self.default_style

    def _chain(self, style_id: str) -> list[BaseOxmlElement]:
        """The style and those it is based on, most specific first."""
        chain, seen = [], set()
        while style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else ""
        return chain

    def _pprs(self, p: BaseOxmlElement) -> list[BaseOxmlElement]:
        chain = [s.find(qn("w:pPr")) for s in self._chain(self._style_id(p))]
        level = self._level(p)
        found = [p.find(qn("w:pPr")), level.find(qn("w:pPr")) if level is not None else None,
                 *chain, self.default_ppr]
        return [x for x in found if x is not None]

    def _rprs(self, p: BaseOxmlElement) -> list[BaseOxmlElement]:
        chain = [s.find(qn("w:rPr")) for s in self._chain(self._style_id(p))]
        return [x for x in (*chain, self.default_rpr) if x is not None]

    def paragraph(self, p: BaseOxmlElement) -> ParagraphProps:
        """Resolved once per kind of paragraph: its style and its own properties."""
        key = self._signature(p)
        if key not in self._cache:
            self._cache[key] = self._resolve(p)
        return self._cache[key]

    def _signature(self, p: BaseOxmlElement) -> tuple[str, bytes]:
        properties = p.find(_P_PR)
        return self._style_id(p), etree.tostring(properties) if properties is not None else b""

    def _resolve(self, p: BaseOxmlElement) -> ParagraphProps:
        pprs = self._pprs(p)

        def twips(tag: str, attr: str) -> float:
            value = _first(pprs, tag, attr)
            return int(value) / 20 if value else 0.0

        size = _half_points(self._rprs(p), 22) / 2
        return ParagraphProps(
            style=self._style_id(p), size=size,
            before=twips("spacing", "before"), after=twips("spacing", "after"),
            line=int(_first(pprs, "spacing", "line") or 240),
            rule=_first(pprs, "spacing", "lineRule") or "auto",
            left=twips("ind", "left") or twips("ind", "start"),
            right=twips("ind", "right") or twips("ind", "end"),
            keep_next=_on(pprs, "keepNext"), keep_lines=_on(pprs, "keepLines"),
            break_before=_on(pprs, "pageBreakBefore"), widow_control=_on(pprs, "widowControl"),
            contextual=_on(pprs, "contextualSpacing"))

    def run(self, p: BaseOxmlElement, run: BaseOxmlElement) -> tuple[float, bool]:
        """The font size in points and boldness of a run."""
        own = run.find(_R_PR)
        key = (self._style_id(p), etree.tostring(own) if own is not None else b"")
        if key not in self._runs:
            rprs = [x for x in (own, *self._rprs(p)) if x is not None]
            self._runs[key] = (_half_points(rprs, 22) / 2, _on(rprs, "b"))
        return self._runs[key]

    def line_height(self, props: ParagraphProps, size: float) -> float:
        """One line's height, rounded to whole twips as Word and LibreOffice lay lines out."""
        single = round(line_height(size) * 20)
        if props.rule == "exact":
            return props.line / 20
        if props.rule == "atLeast":
            return max(props.line, single) / 20
        return math.floor(single * props.line / 240) / 20

    def _num_pr(self, p: BaseOxmlElement) -> tuple[str, int]:
        num_id, level = "", -1
        for ppr in [x for x in (p.find(qn("w:pPr")), *[s.find(qn("w:pPr")) for s in
                    self._chain(self._style_id(p))]) if x is not None]:
            num_pr = ppr.find(qn("w:numPr"))
            if num_pr is None:
                continue
            ident, lvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
            num_id = num_id or (ident.get(qn("w:val")) if ident is not None else "")
            level = level if level >= 0 else (int(lvl.get(qn("w:val"))) if lvl is not None else -1)
        return num_id, max(level, 0)

    def _level(self, p: BaseOxmlElement) -> BaseOxmlElement | None:
        return self._levels.get(self._num_pr(p))

    def label(self, p: BaseOxmlElement) -> str:
        """The number a list gives this paragraph, when it stands in the text (not in an indent)."""
        lvl = self._level(p)
        if lvl is None:
            return ""
        num_id, level = self._num_pr(p)
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[level] += 1
        counters[level + 1:] = [0] * (8 - level)
        suffix = _val(lvl, "suff") or "tab"
        if suffix == "tab" or _val(lvl, "numFmt") in ("none", "bullet"):
            return ""
        text = _val(lvl, "lvlText") or ""
        for index in range(9):
            text = text.replace(f"%{index + 1}", str(counters[index]))
        return text + (" " if suffix == "space" else "")


def _levels(numbering: BaseOxmlElement) -> dict[tuple[str, int], BaseOxmlElement]:
    """(numId, level) → the list level it shows, for every list in the numbering part."""
    abstracts = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    levels = {}
    for num in numbering.findall(qn("w:num")):
        abstract = abstracts.get(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        for lvl in abstract.findall(qn("w:lvl")) if abstract is not None else ():
            levels[(num.get(qn("w:numId")), int(lvl.get(qn("w:ilvl"))))] = lvl
    return levels


def _val(element: BaseOxmlElement, tag: str) -> str | None:
    child = element.find(qn(f"w:{tag}"))
    return child.get(qn("w:val")) if child is not None else None


def _first(sources: list[BaseOxmlElement], tag: str, attr: str) -> str | None:
    tag, attr = qn(f"w:{tag}"), qn(f"w:{attr}")
    for source in sources:
        child = source.find(tag)
        if child is not None and child.get(attr) is not None:
            return str(child.get(attr))
    return None


def _on(sources: list[BaseOxmlElement], tag: str) -> bool:
    tag = qn(f"w:{tag}")
    for source in sources:
        child = source.find(tag)
        if child is not None:
            return child.get(_VAL) not in _OFF
    return False


def _half_points(sources: list[BaseOxmlElement], default: int) -> int:
    value = _first(sources, "sz", "val")
    return int(value) if value else default
