"""The KPI schedule and the intervention map: defaults, picking by id, and placement warnings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES
from inline_answers import answers, write

from specgen.answers import Answers
from specgen.answers.common import menu
from specgen.assembly.checks import advice
from specgen.errors import AnswersError
from specgen.library.clauses import load_library
from specgen.library.interventions import find
from specgen.loader import load
from specgen.pipeline import document_for
from specgen.render.text import to_text

PAIR_KPIS = ["triage_time", "referral_to_assessment", "first_appointment_non_attendance",
             "paired_outcome_measures", "reliable_improvement", "parent_feedback",
             "training_and_consultation_reach", "clinical_supervision", "equity_of_access"]
LEVELS = {"public", "universal", "targeted", "specialist"}


def _warnings(chosen: Answers) -> list[str]:
    return [str(w) for w in advice(chosen, load_library())]


def _placed(level: str, name: Any) -> Answers:
    return answers(standards={"interventions": {level: [name]}})


# --- KPIs ---------------------------------------------------------------------------------------

def test_without_kpis_the_schedule_holds_the_pair_defaults_with_targets_as_local_choices() -> None:
    kpis = answers().standards.kpis
    assert [k.id for k in kpis] == PAIR_KPIS
    assert all(k.local_choice and k.definition and k.data_source for k in kpis)


def test_a_default_picked_by_id_keeps_its_definition_and_a_new_target_clears_local_choice() -> None:
    kept, changed = answers(standards={"kpis": [
        "triage_time", {"id": "triage_time", "target": "90% within 10 working days"}]}).standards.kpis
    assert kept.local_choice and kept.rating_bands is not None
    assert changed.definition == kept.definition and changed.data_source == kept.data_source
    assert not changed.local_choice
    assert changed.rating_bands is None  # the default bands belonged to the default target


def test_a_kpi_of_your_own_needs_only_a_name_and_a_target() -> None:
    (kpi,) = answers(standards={"kpis": [{"name": "Groups run", "target": "4 a term"}]}).standards.kpis
    assert kpi.definition is None and kpi.frequency == "quarterly" and not kpi.local_choice


def test_an_unknown_default_kpi_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, standards={"kpis": ["triage_tme"]})
    with pytest.raises(AnswersError, match=r"standards\.kpis\[0\]: 'triage_tme' is not a default KPI; "
                                           r"did you mean 'triage_time'\?"):
        load(path)


def test_the_schedule_prints_definition_source_frequency_target_and_rating_bands() -> None:
    text = to_text(document_for(answers(standards={"kpis": ["clinical_supervision"]})))
    assert ("Clinical supervision | Percentage of the service's clinical staff who received clinical "
            "supervision") in text
    assert "| Provider's supervision records | Quarterly | 100% of clinical staff (local choice) |" in text
    assert "Clinical supervision | 100% | 90% to 99% | 80% to 89% | below 80%" in text
    assert 'A target marked "local choice"' in text


def test_a_kpi_without_a_definition_says_it_is_still_to_be_agreed() -> None:
    text = to_text(document_for(answers(standards={"kpis": [{"name": "Groups run", "target": "4"}]})))
    assert ("Groups run | To be agreed with the provider | To be agreed with the provider | Quarterly | "
            "4 | Requirement") in text
    assert "local choice" not in text and "Performance ratings" not in text


# --- intervention map ---------------------------------------------------------------------------

@pytest.mark.parametrize("entry_id", list(menu("interventions")))
def test_every_map_entry_says_its_format_and_levels_consistently(entry_id: str) -> None:
    entry = menu("interventions")[entry_id]
    designed, adds = set(entry.get("designed_for", [])), set(entry.get("contributes_to", []))
    assert entry["name"] and entry["format"]
    assert designed | adds <= LEVELS and not designed & adds
    assert entry["basis"] in ("map", "B.6", "related", "none")
    assert (entry["basis"] == "none") == (not designed)
    assert find(entry["name"], menu("interventions")) == entry_id


@pytest.mark.parametrize("written", ["VIG", "vig", "Video Interaction Guidance",
                                     "video interaction guidance (VIG)"])
def test_an_intervention_is_found_by_id_name_alias_or_abbreviation(written: str) -> None:
    assert find(written, menu("interventions")) == "vig"


def test_an_intervention_at_a_level_it_was_not_designed_for_warns() -> None:
    assert _warnings(_placed("universal", "VIPP-SD")) == [
        "standards.interventions.universal[0]: 'VIPP-SD' is designed for the specialist level "
        "(inferred from toolkit B.6), not the universal level; check with your clinical advisers or "
        "move it"]


def test_an_intervention_where_it_only_adds_to_other_approaches_warns_so() -> None:
    (warning,) = _warnings(_placed("specialist", "Five to Thrive"))
    assert warning == ("standards.interventions.specialist[0]: 'Five to Thrive' is designed for the "
                       "universal level; at the specialist level the intervention map says it only adds "
                       "to other approaches")


@pytest.mark.parametrize(("level", "name"), [
    ("universal", "Look Say Sing Play"),  # a public campaign reaches every family
    ("targeted", "PEEP"),
    ("specialist", "Infant-Parent Psychotherapy (IPP)"),
    ("universal", "Baby Steps"),  # the toolkit gives no level, so nothing to check
    ("specialist", "Baby Steps"),
])
def test_an_intervention_at_a_level_it_fits_does_not_warn(level: str, name: str) -> None:
    assert _warnings(_placed(level, name)) == []


def test_a_name_not_on_the_map_is_kept_and_warned_about() -> None:
    chosen = _placed("targeted", "Our local bonding group")
    assert _warnings(chosen) == ["standards.interventions.targeted[0]: 'Our local bonding group' is not "
                                 "in the intervention map; check the name, or keep it if it is a local "
                                 "or newer intervention"]
    assert "Targeted | Our local bonding group | Not stated" in to_text(document_for(chosen))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_examples_place_every_intervention_where_the_map_designs_it(example: Path) -> None:
    assert not [w for w in _warnings(load(example)) if "interventions" in w]


def test_the_interventions_table_shows_each_level_and_format_and_names_an_id_in_full() -> None:
    text = to_text(document_for(answers(standards={"interventions": {
        "universal": ["nbo"], "specialist": ["VIPP-SD"]}})))
    assert "Universal | Neonatal Behavioural Observation (NBO) | Individual, babies aged 0 to 3" in text
    assert "Specialist | VIPP-SD | Individual, babies from about 6 months" in text


def test_a_final_document_with_a_target_still_to_confirm_warns() -> None:
    chosen = answers(document={"status": "final", "provenance_appendix": False}, standards={"kpis": [
        {"name": "Own", "target": "1"}, "parent_feedback"]})
    assert _warnings(chosen) == ["standards.kpis[1]: the target of 'Parent and carer feedback' is still "
                                 "a local choice to confirm, but the document is final; write the "
                                 "agreed target"]
    assert _warnings(answers(standards={"kpis": ["parent_feedback"]})) == []
