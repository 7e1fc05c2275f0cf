"""The evaluation model of the invitation to tender: criteria, sub-criteria and their weights.

Under a Provider Selection Regime the criteria are the regime's key criteria, weighted as the
answers say (or by default weights); otherwise they are quality, price and social value. Each
criterion's weight is shared among its sub-criteria, the method statement questions of
``menus/method_statements.yaml`` that apply, so that the weights always add up to exactly 100.
A question's points come from the specification clauses present, each with its number there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from specgen.answers import Answers
from specgen.answers.contract import PSR, KeyCriterion, Regime
from specgen.assembly.tender_terms import (
    PSR_DEFAULTS,
    SOCIAL_VALUE_DEFAULT,
    STANDARD_DEFAULTS,
    nhs_england,
    welsh,
)
from specgen.errors import SnippetError
from specgen.library.clauses import Library
from specgen.library.plain import to_plain
from specgen.library.sandbox import evaluate
from specgen.library.templating import environment


@dataclass(frozen=True)
class Point:
    ask: str
    where: str
    """The specification clause it comes from, as "3.5 Referrals" ("" for none)."""


@dataclass(frozen=True)
class Question:
    id: str
    number: int
    title: str
    criterion: str
    weight: float
    words: int | None
    kind: str
    ask: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    weight: float
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Model:
    framework: str
    """"psr" (the regime's key criteria) or "standard" (quality, price and social value)."""
    criteria: tuple[Criterion, ...]
    suggested: bool
    """True when the top-level weights are specgen's defaults, not the commissioner's."""

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for c in self.criteria for q in c.questions)

    @property
    def total(self) -> float:
        return sum(q.weight for q in self.questions)


def model(answers: Answers, library: Library, outline: Mapping[str, str]) -> Model:
    """The evaluation model for these answers; ``outline`` maps spec clause ids to their numbers."""
    framework = "psr" if answers.procurement.regime in PSR else "standard"
    weights, suggested = _top_weights(answers, framework)
    found = _questions(answers, library, outline, framework)
    criteria, number = [], 1
    for key, weight in weights.items():
        if weight <= 0:
            continue
        mine = [q for q in found if q["criterion"] == key]
        if not mine:
            raise SnippetError(f"menus/method_statements.yaml: no question applies to the criterion "
                               f"'{key}'; mark one of its questions 'always: true'")
        shares = split(weight, [Fraction(str(q.get("share", 1))) for q in mine])
        questions = []
        for q, share in zip(mine, shares, strict=True):
            questions.append(_question(q, number, share, answers))
            number += 1
        criteria.append(Criterion(key, _label(library, answers, framework, key), weight, tuple(questions)))
    return Model(framework, tuple(criteria), suggested)


def _top_weights(answers: Answers, framework: str) -> tuple[dict[str, float], bool]:
    p = answers.procurement
    if framework == "psr" and p.key_criteria:
        return {k.value: p.key_criteria.get(k, 0.0) for k in KeyCriterion}, False
    e = p.evaluation
    if framework == "standard" and e.quality_pct is not None:
        return {"quality": e.quality_pct, "price": e.price_pct or 0.0,
                "social_value": e.social_value_pct or 0.0}, False
    social = e.social_value_pct if e.social_value_pct is not None else p.contract.social_value_weighting_pct
    social = SOCIAL_VALUE_DEFAULT if social is None else social
    rest = PSR_DEFAULTS if framework == "psr" else STANDARD_DEFAULTS
    shares = split(100 - social, [Fraction(v) for v in rest.values()])
    return {**dict(zip(rest, shares, strict=True)), "social_value": social}, True


def _questions(answers: Answers, library: Library, outline: Mapping[str, str],
               framework: str) -> list[dict[str, Any]]:
    found = []
    flags = to_plain({"a": answers, "nhs_england": nhs_england(answers), "welsh": welsh(answers)})
    for key, entry in library.menus.get("method_statements", {}).items():
        if not _holds(entry.get("when"), flags, key):
            continue
        points = [_point(p, outline) for p in entry.get("points", [])
                  if _holds(p.get("when"), flags, key) and (not p.get("clause") or p["clause"] in outline)]
        if points or entry.get("always"):
            criterion = entry["criterion"][framework]
            found.append({**entry, "id": key, "criterion": criterion, "points": points})
    return found


def _holds(expression: str | None, flags: dict[str, Any], key: str) -> bool:
    if not expression:
        return True
    try:
        return bool(evaluate(environment().compile_expression(expression), flags))
    except Exception as exc:  # a broken condition in a library file: say which
        raise SnippetError(f"menus/method_statements.yaml: '{key}': the condition "
                           f"'{expression}' failed: {exc}") from exc


def _point(entry: dict[str, Any], outline: Mapping[str, str]) -> Point:
    clause = entry.get("clause")
    return Point(str(entry["ask"]), outline.get(clause, "") if clause else "")


def _question(entry: dict[str, Any], number: int, weight: float, answers: Answers) -> Question:
    kind = str(entry.get("kind", "written"))
    words = answers.procurement.evaluation.word_limits.get(entry["id"], entry.get("words"))
    return Question(entry["id"], number, str(entry["title"]), entry["criterion"], weight,
                    None if kind == "price" else int(words or 0) or None, kind, str(entry["ask"]),
                    tuple(entry["points"]))


def _label(library: Library, answers: Answers, framework: str, key: str) -> str:
    if framework == "standard":
        group = "award_criteria"
    else:
        group = "key_criteria_wales" if answers.procurement.regime is Regime.psr_wales else "key_criteria"
    return str(library.labels.get(group, {}).get(key, key))


def split(total: float, shares: list[Fraction]) -> list[float]:
    """``total`` shared in proportion to ``shares`` in steps of 0.5 (0.01 if the total needs them),
    largest remainders first, so that the parts add up to exactly ``total``."""
    step = Fraction(1, 2) if (Fraction(str(total)) * 2).denominator == 1 else Fraction(1, 100)
    units = int(Fraction(str(total)) / step)
    whole_shares = sum(shares)
    exact = [Fraction(units) * s / whole_shares for s in shares]
    parts = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:units - sum(parts)]:
        parts[i] += 1
    return [float(Decimal(p) * Decimal(step.numerator) / Decimal(step.denominator)) for p in parts]
