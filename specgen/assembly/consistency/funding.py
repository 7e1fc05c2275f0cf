"""Money: the contract's value against the strategy's budget, and funding said to be missing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from specgen.answers import Answers
from specgen.answers.strategy import Resource
from specgen.assembly.advice import Advice
from specgen.assembly.consistency.registry import rule
from specgen.assembly.phrases import words, yearly_pounds


def _money(value: float) -> str:
    return f"£{value:,.0f}"


# --- The contract's value and the strategy's budget -----------------------------------------

def service_resources(answers: Answers) -> Iterator[tuple[int, Resource]]:
    """The strategy's resources that pay for the service this specification buys: those marked
    ``for_this_service``, or, when none is marked, those whose name uses most of the service's."""
    resources = answers.strategy.resources if answers.strategy else []
    marked = [(i, r) for i, r in enumerate(resources) if r.for_this_service]
    if marked:
        yield from marked
        return
    name = words(answers.introduction.service_name) - words(answers.document.area)
    for index, resource in enumerate(resources):
        if resource.for_this_service is None and _names_the_service(resource.resource, name):
            yield index, resource


def _names_the_service(text: str, service: set[str]) -> bool:
    return bool(service) and len(words(text) & service) >= max(2, round(0.6 * len(service)))


@rule("annual-value-vs-strategy-budget",
      "The contract's annual value matches the strategy's yearly budget for the same service.")
def _annual_value(answers: Answers) -> Iterator[Advice]:
    annual = answers.procurement.contract.annual_value_gbp
    if annual is None:
        return
    for index, resource in service_resources(answers):
        yearly = yearly_pounds(resource.amount)
        if yearly is not None and abs(yearly - annual) > 0.01 * annual:
            yield Advice(
                "procurement.contract.annual_value_gbp",
                f"the contract is worth {_money(annual)} a year, but the strategy budgets "
                f"{_money(yearly)} a year for '{resource.resource}'; make the two agree, or mark "
                "the resource for_this_service: false if it pays for something else",
                (f"strategy.resources[{index}].amount",))


# --- Funding said to be missing, but marked as secured --------------------------------------

_UNFUNDED = re.compile(
    r"\b(not (yet )?(been )?(funded|secured|resourced)|unfunded|no (secure |recurrent )?funding"
    r"|without (secure )?funding|funding (is |has )?not (yet )?(been )?(agreed|secured|found))\b",
    re.IGNORECASE)


_SERVICE_WORDS = frozenset({"service", "team"})
"""A sentence about funding is about the service when it uses one of these words or the words of
the service's name (and not those of a resource still to be secured)."""


def texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every piece of free text in the answers, with its dotted path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, f"{path}[{index}]")
    elif isinstance(value, str) and " " in value:
        yield path, value


@rule("unfunded-text-vs-secured-funding",
      "No answer says the service is not yet funded while its funding is marked as secured.")
def _unfunded_text(answers: Answers) -> Iterator[Advice]:
    secured = [(i, r) for i, r in service_resources(answers) if r.secured]
    if not secured:
        return
    unsecured = [r for r in (answers.strategy.resources if answers.strategy else []) if not r.secured]
    index, resource = secured[0]
    service = _SERVICE_WORDS | words(resource.resource) | words(answers.introduction.service_name)
    for path, text in texts(answers.model_dump(mode="json")):
        for sentence in _sentences_saying_unfunded(text):
            mentioned = set(re.findall(r"[a-z]+", sentence.casefold()))
            if mentioned & service and not any(mentioned & words(r.resource) for r in unsecured):
                yield Advice(path, f"says funding is missing (\"{sentence.strip()}\"), but the "
                             f"strategy marks '{resource.resource}' as secured; update one of them",
                             (f"strategy.resources[{index}].secured",))
                break


def _sentences_saying_unfunded(text: str) -> Iterator[str]:
    for sentence in re.split(r"(?<=[.;!?])\s+", text):
        if _UNFUNDED.search(sentence):
            yield sentence
