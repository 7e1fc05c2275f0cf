"""Warnings about the contract and tender answers: dates that do not fit together, weights that
national guidance would question, and answers that the chosen audience or process leaves unused.

Each check yields (answer path, message); :mod:`specgen.assembly.checks` turns them into advice
that ``validate`` locates and ``build`` prints. They flag questions for the commissioner and the
procurement lead; they are not legal advice.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

from specgen.answers import Answers
from specgen.answers.contract import PSR, KeyCriterion, PsrProcess
from specgen.answers.document import Audience, Status
from specgen.assembly.tender_terms import PSR_DEFAULTS, nhs_england

NHS_SOCIAL_VALUE_MIN = 10.0
"""NHS guidance on net zero and social value expects at least this weight in NHS procurements."""

Finding = tuple[str, str]


def contract_findings(answers: Answers) -> Iterator[Finding]:
    """Every finding, in the order of the answer file's parts."""
    yield from _publication(answers)
    yield from _audience(answers)
    yield from _weights(answers)
    yield from _timetable(answers)
    yield from _ceilings(answers)


def _publication(answers: Answers) -> Iterator[Finding]:
    d = answers.document
    if d.status is Status.final and d.readiness_appendix is None and d.provenance_appendix is None:
        yield ("document.status", "the document is final, so the readiness and provenance appendices "
               "(working aids) are left out; set readiness_appendix or provenance_appendix: true "
               "to keep one")


def _audience(answers: Answers) -> Iterator[Finding]:
    p = answers.procurement
    if answers.document.audience is Audience.tender_pack and p.process is not None \
            and p.process is not PsrProcess.competitive:
        yield ("procurement.process", f"under the {p.process.value.replace('_', ' ')} process "
               "providers do not compete, so there is no invitation to tender; set "
               "document.audience: contract, or choose the competitive process")


def _weights(answers: Answers) -> Iterator[Finding]:
    p = answers.procurement
    if answers.document.audience is not Audience.tender_pack:
        return
    if p.regime in PSR and not p.key_criteria:
        shown = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in PSR_DEFAULTS.items())
        yield ("procurement.key_criteria", f"no weights are given, so the invitation to tender "
               f"uses suggested ones ({shown}, the rest social value); confirm them with your "
               "procurement lead")
    social = _social_value_weight(answers)
    if nhs_england(answers) and social is not None and social < NHS_SOCIAL_VALUE_MIN:
        yield ("procurement.key_criteria" if p.regime in PSR else "procurement.evaluation",
               f"social value carries {social:g}%, but NHS guidance on net zero and social value "
               f"expects at least {NHS_SOCIAL_VALUE_MIN:g}% in NHS procurements")


def _social_value_weight(answers: Answers) -> float | None:
    p = answers.procurement
    if p.regime in PSR and p.key_criteria:
        return p.key_criteria.get(KeyCriterion.social_value, 0.0)
    given = p.evaluation.social_value_pct
    return given if given is not None else p.contract.social_value_weighting_pct


def _timetable(answers: Answers) -> Iterator[Finding]:
    p, t = answers.procurement, answers.procurement.timetable
    deadline = p.bid_deadline
    lead_in = dt.timedelta(weeks=p.lead_in_weeks)
    if t.bid_deadline and t.publication and t.bid_deadline < t.publication + lead_in:
        weeks = (t.bid_deadline - t.publication).days // 7
        yield ("procurement.timetable.bid_deadline", f"bids are due {weeks} weeks after publication, "
               f"fewer than the {p.lead_in_weeks} weeks of lead_in_weeks; partners need the time to "
               "form collaborative bids")
    later = [(name, getattr(t, name)) for name in ("presentations", "award_decision", "contract_signed")]
    for name, day in later:
        if deadline and not t.bid_deadline and day and day < deadline:
            yield (f"procurement.timetable.{name}", f"{day.isoformat()} is before the bid deadline "
                   f"({deadline.isoformat()}, publication plus lead_in_weeks)")
    begins = answers.mobilisation.begins
    if t.contract_signed and begins and t.contract_signed > begins:
        yield ("mobilisation.months", f"mobilisation would begin on {begins.isoformat()}, before the "
               f"contract is signed ({t.contract_signed.isoformat()}); shorten mobilisation or move "
               "the service start date")


def _ceilings(answers: Answers) -> Iterator[Finding]:
    given = answers.commercial.affordability_ceiling_gbp
    term = answers.procurement.contract_term_years
    if len(given) <= 1 or not term:
        return
    years = math.ceil(term)
    if len(given) != years:
        yield ("commercial.affordability_ceiling_gbp", f"{len(given)} yearly ceilings for a "
               f"{years}-year term; give one figure for every year, or one for all of them")
