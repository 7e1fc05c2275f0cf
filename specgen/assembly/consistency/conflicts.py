"""Conflicts of interest: who wrote the specification, against who is likely to provide it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from specgen.answers import Answers
from specgen.assembly.advice import Advice
from specgen.assembly.consistency.registry import rule
from specgen.assembly.phrases import people, same_person

# --- Conflicts of interest -------------------------------------------------------------------

_DIRECT_AWARDS = frozenset({"direct_award_a", "direct_award_b", "direct_award_c", "direct_award_1",
                            "direct_award_2"})
"""England's direct award processes, and the two Welsh ones."""


def writers(answers: Answers) -> Iterator[tuple[str, str]]:
    """(dotted path, text) of every answer naming someone who wrote the specification."""
    doc = answers.document
    yield "document.author", doc.author
    if doc.commissioner_lead:
        yield "document.commissioner_lead", doc.commissioner_lead
    for index, entry in enumerate(doc.change_log):
        yield f"document.change_log[{index}].author", entry.author


def _competitive(answers: Answers) -> bool:
    process = answers.procurement.process
    return process is None or process.value not in _DIRECT_AWARDS


@rule("author-is-provider-lead",
      "Nobody who wrote a specification for a competitive process is named as the provider's lead "
      "or works for the organisation named to host the service.")
def _conflict_of_interest(answers: Answers) -> Iterator[Advice]:
    if not _competitive(answers):
        return
    lead = answers.document.provider_lead
    bidders = _likely_bidders(answers)
    for path, text in writers(answers):
        for person in people(text):
            if any(same_person(person, other) for other in people(lead)):
                yield Advice(path, f"{person} helped write this specification and is named as the "
                             "provider's lead; in a competitive process that is a conflict of "
                             "interest: record it, and keep them out of writing the specification "
                             "and evaluating bids", ("document.provider_lead",))
        for organisation, where in bidders:
            if organisation.casefold() in text.casefold():
                yield Advice(path, f"names someone from {organisation}, which the answers name as "
                             "the service's likely provider; in a competitive process that is a "
                             "conflict of interest: record it and say how it is managed", (where,))


_ORGANISATION = re.compile(
    r"\b(?:[A-Z][\w'\u2019-]*\s+)(?:(?:[A-Z][\w'\u2019-]*|of|for)\s+)*"
    r"(?:NHS Foundation Trust|NHS Trust|Foundation Trust|Trust|Health Board|Council|CIC|Ltd|Limited|"
    r"LLP|Charity|Partnership|Project|Hospital|University)\b")


def _likely_bidders(answers: Answers) -> list[tuple[str, str]]:
    """Organisations the answers name as the service's host or its lead's employer, other than
    the commissioners themselves."""
    team, doc = answers.service.team, answers.document
    commissioners = " ".join(doc.commissioners).casefold()
    found = []
    for path, text in (("service.team.host", team.host), ("document.provider_lead", doc.provider_lead)):
        for organisation in _ORGANISATION.findall(text or ""):
            if organisation.casefold() not in commissioners:
                found.append((organisation, path))
    return found
