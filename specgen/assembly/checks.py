"""Warnings about answers that are valid but probably not what the commissioner meant.

Errors stop a build; these do not. They name the answer they are about, so ``specgen validate``
can point at its line, and ``build`` prints them with the document. The regime checks flag
conflicts for the procurement lead to confirm; they are not legal advice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from specgen.answers import Answers
from specgen.answers.contract import PSR, KeyCriterion, Nation, Regime, Services
from specgen.answers.introduction import Partner
from specgen.answers.service import ReferralRoute
from specgen.answers.standards import InterventionChoice
from specgen.assembly.activity import capacity_advice
from specgen.assembly.advice import Advice, located_all
from specgen.assembly.consistency import consistency_advice
from specgen.assembly.contract import contract_findings
from specgen.library.interventions import LEVELS, find, fits, says_or_equivalent
from specgen.library.vocabulary import Words

KPI_THRESHOLD_GBP = 5_000_000
"""Above this estimated value the Procurement Act 2023 regime expects at least three published KPIs."""

_REGIME_NATION = {Regime.psr_england: Nation.england, Regime.psr_wales: Nation.wales,
                  Regime.pcsr_scotland: Nation.scotland}


__all__ = ["Advice", "advice", "readiness_warnings", "warning_lines"]


def advice(answers: Answers, library: Words) -> list[Advice]:
    """Every warning about the answers: the checks of single answers, then the consistency rules
    (:mod:`specgen.assembly.consistency`) that compare answers with each other."""
    found: list[Advice] = []
    for check in CHECKS:
        found.extend(check(answers, library))
    found.extend(consistency_advice(answers))
    return found


def readiness_warnings(answers: Answers, library: Words) -> list[str]:
    """One warning per readiness question not yet answered (about the file as a whole)."""
    questions = library.labels.get("readiness", {})
    return [
        f"readiness: not yet answered: {questions.get(key, key)}"
        for key, answer in answers.readiness
        if not answer.answered
    ]


def warning_lines(source: str, tree: Any, answers: Answers, library: Words) -> list[str]:
    """Every warning as printed: ``FILE: warning: ...`` for the readiness questions, then
    ``FILE:LINE:COL: warning: ...`` located at the answers (both, for a contradiction)."""
    lines = [f"{source}: warning: {w}" for w in readiness_warnings(answers, library)]
    return lines + located_all(source, tree, advice(answers, library))


def _choices(answers: Answers) -> Iterator[tuple[str, str, InterventionChoice]]:
    named = answers.standards.interventions
    for level in LEVELS:
        for index, choice in enumerate(getattr(named, level)):
            yield f"standards.interventions.{level}[{index}]", level, choice


def intervention_advice(answers: Answers, library: Words) -> Iterator[Advice]:
    """Interventions not on the map, or placed at a level the map does not design them for."""
    entries: dict[str, Any] = library.menus.get("interventions", {})
    for path, level, choice in _choices(answers):
        found = find(choice.name, entries)
        if found is None:
            yield Advice(path, f"'{choice.name}' is not in the intervention map; check the name, or "
                               "keep it if it is a local or newer intervention")
        elif not fits(level, entries[found]):
            yield Advice(path, _misplaced(choice.name, level, entries[found], library))


def _misplaced(name: str, level: str, entry: dict[str, Any], library: Words) -> str:
    words = library.labels.get("intervention_levels", {})
    designed = [words.get(lv, lv) for lv in entry.get("designed_for", [])]
    basis = " (inferred from toolkit B.6)" if entry.get("basis") in ("B.6", "related") else ""
    if level in entry.get("contributes_to", []):
        return (f"'{name}' is designed for the {' and '.join(designed)} level{basis}; at the {level} "
                "level the intervention map says it only adds to other approaches")
    return (f"'{name}' is designed for the {' and '.join(designed)} level{basis}, not the {level} "
            "level; check with your clinical advisers or move it")


def regime_advice(answers: Answers, library: Words) -> Iterator[Advice]:
    """Answers that conflict with the chosen procurement regime."""
    p = answers.procurement
    if p.regime is None:
        return
    expected = _REGIME_NATION.get(p.regime)
    if p.nation is not None and expected is not None and p.nation != expected:
        yield Advice("procurement.regime", f"{_label(library, 'regimes', p.regime)} is for "
                     f"{_label(library, 'nations', expected)}, but the commissioners are in "
                     f"{_label(library, 'nations', p.nation)}; check the regime with your procurement lead")
    if p.regime is Regime.procurement_act and p.nation is Nation.scotland:
        yield Advice("procurement.regime", "the commissioners are in Scotland, where this tool expects "
                     "the Public Contracts (Scotland) Regulations 2015 (pcsr_scotland)")
    yield from _services_conflicts(answers, library)
    yield from _psr_only_answers(answers)


def _services_conflicts(answers: Answers, library: Words) -> Iterator[Advice]:
    p = answers.procurement
    if p.regime in PSR and p.services in (Services.mixed, Services.non_healthcare):
        yield Advice("procurement.services", f"the services are {_label(library, 'services', p.services)}"
                     f", but a Provider Selection Regime is for healthcare services; non-healthcare or "
                     "mixed contracts use the Procurement Act 2023 (procurement_act)")
    if p.regime is Regime.procurement_act and p.services is Services.healthcare \
            and p.nation in (Nation.england, Nation.wales):
        regime = "psr_england" if p.nation is Nation.england else "psr_wales"
        yield Advice("procurement.services", "healthcare services are procured under the Provider "
                     f"Selection Regime in {_label(library, 'nations', p.nation)} ({regime}), not the "
                     "Procurement Act 2023; check the regime with your procurement lead")


def _psr_only_answers(answers: Answers) -> Iterator[Advice]:
    p = answers.procurement
    if p.regime in PSR:
        yield from _social_value_weights(answers)
        return
    if p.process is not None:
        yield Advice("procurement.process", "a selection process applies only under a Provider "
                     "Selection Regime (psr_england or psr_wales); remove it or change the regime")
    if p.key_criteria:
        yield Advice("procurement.key_criteria", "the key criteria belong to a Provider Selection "
                     "Regime (psr_england or psr_wales); remove them or change the regime")


def _social_value_weights(answers: Answers) -> Iterator[Advice]:
    p = answers.procurement
    social = p.key_criteria.get(KeyCriterion.social_value)
    stated = p.contract.social_value_weighting_pct
    if social is not None and stated is not None and abs(social - stated) > 1e-9:
        yield Advice("procurement.contract.social_value_weighting_pct", f"says {stated:g}%, but the "
                     f"social value key criterion weighs {social:g}%; make them agree")


def act_advice(answers: Answers, library: Words) -> Iterator[Advice]:
    """Procurement Act 2023: KPIs above £5m, lots, and named programmes without "or equivalent"."""
    p = answers.procurement
    if p.regime is not Regime.procurement_act:
        return
    value, kpis = p.contract.value_gbp, answers.standards.kpis
    if value is not None and value > KPI_THRESHOLD_GBP and len(kpis) < 3 and not p.contract.light_touch:
        yield Advice("standards.kpis", f"the contract is worth more than £5 million, so at least three "
                     f"KPIs are to be published; the answers give {len(kpis)}")
    if p.contract.lots == 1 and p.contract.no_lots_reason is None:
        yield Advice("procurement.contract", "give no_lots_reason: why the contract is not divided "
                     "into lots")
    yield from _brands_without_equivalent(answers, library)


def _brands_without_equivalent(answers: Answers, library: Words) -> Iterator[Advice]:
    entries: dict[str, Any] = library.menus.get("interventions", {})
    for path, _, choice in _choices(answers):
        found = find(choice.name, entries)
        if found is None or entries[found].get("generic") or choice.or_equivalent \
                or says_or_equivalent(choice.name):
            continue
        yield Advice(path, f"'{choice.name}' is a named programme; under the Procurement Act 2023 add "
                     "or_equivalent: true so that comparable programmes can be offered")


def kpi_advice(answers: Answers, library: Words) -> Iterator[Advice]:
    """A final document should not still carry targets marked as local choices to confirm."""
    if answers.document.status != "final":
        return
    for index, kpi in enumerate(answers.standards.kpis):
        if kpi.local_choice:
            yield Advice(f"standards.kpis[{index}]", f"the target of '{kpi.name}' is still a local "
                         "choice to confirm, but the document is final; write the agreed target")


def measure_advice(answers: Answers, library: Words) -> Iterator[Advice]:
    """National measures from a framework meant for another layout than the one the answers choose."""
    if answers.layout is None:
        return
    measures = library.menus.get("national_measures", {})
    frameworks = library.menus.get("outcome_frameworks", {})
    for index, chosen in enumerate(answers.standards.national_measures):
        framework = frameworks.get(measures.get(chosen, {}).get("framework"), {})
        suits = framework.get("layouts", [])
        if suits and answers.layout.value not in suits:
            yield Advice(f"standards.national_measures[{index}]", f"'{chosen}' belongs to the "
                         f"{framework.get('name', 'a framework')}, meant for the {' or '.join(suits)} "
                         f"layout, but the answers choose the {answers.layout.value} layout; check "
                         "that it fits the commissioners")


def _offer_conditions(answers: Answers) -> set[str]:
    """The conditions of benchmarks.yaml's offer_when that the answers meet."""
    met = set()
    if answers.introduction.age_range.start == "conception":
        met.add("antenatal")
    if Partner.midwifery in answers.introduction.partner_services \
            or ReferralRoute.midwifery in answers.service.referral.routes:
        met.add("midwifery")
    return met


def benchmark_advice(answers: Answers, library: Words) -> Iterator[Advice]:
    """Guidance that applies to the service (offer_when in benchmarks.yaml) but is not listed."""
    listed = {b.id for b in answers.standards.benchmarks}
    met = _offer_conditions(answers)
    for key, entry in library.menus.get("benchmarks", {}).items():
        wanted = set(entry.get("offer_when", []))
        if wanted and wanted <= met and key not in listed:
            yield Advice("standards.benchmarks", f"{entry['name']} applies to a service that "
                         f"{_offer_reason(wanted)}; add '{key}' (as flexible if it is only to be "
                         "taken into account)")


def _offer_reason(conditions: set[str]) -> str:
    reasons = {"antenatal": "starts in pregnancy", "midwifery": "works with midwifery"}
    return " and ".join(reasons[c] for c in sorted(conditions))


def contract_advice(answers: Answers, library: Words) -> Iterator[Advice]:
    """Commissioned activity against funded capacity; dates, weights and the audience."""
    for path, message in [*capacity_advice(answers), *contract_findings(answers)]:
        yield Advice(path, message)


def _label(library: Words, group: str, value: Any) -> str:
    return str(library.labels.get(group, {}).get(str(value), str(value)))


CHECKS: tuple[Callable[[Answers, Words], Iterator[Advice]], ...] = (
    intervention_advice, benchmark_advice, kpi_advice, measure_advice, regime_advice, act_advice,
    contract_advice)
