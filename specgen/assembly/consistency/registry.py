"""The registry: each consistency rule under its name, and how to run them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from specgen.answers import Answers
from specgen.assembly.advice import Advice

Check = Callable[[Answers], Iterator[Advice]]


@dataclass(frozen=True)
class Rule:
    """A named consistency rule: what it compares, and the check that compares it."""

    name: str
    summary: str
    check: Check

    def __call__(self, answers: Answers) -> Iterator[Advice]:
        for found in self.check(answers):
            yield Advice(found.path, found.message, found.also, self.name)


RULES: dict[str, Rule] = {}


def rule(name: str, summary: str) -> Callable[[Check], Check]:
    """Register a check under a name (used in tests and in the list of rules)."""
    def register(check: Check) -> Check:
        RULES[name] = Rule(name, summary, check)
        return check
    return register


def consistency_advice(answers: Answers) -> Iterator[Advice]:
    """What every rule finds, rule by rule."""
    for each in RULES.values():
        yield from each(answers)
