"""The population needs model (toolkit B.1, design.md §3), `specgen needs`, and demand in the spec."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from specgen.cli import app
from specgen.errors import AnswersError
from specgen.loader import load
from specgen.needs import (
    MAX_ADVERSITY_PCT,
    Adversity,
    NeedsInputError,
    Share,
    attachment,
    check_adversity,
    estimate,
    from_indicators,
    missed_share,
    need,
)
from specgen.numbers import fraction_words
from specgen.pipeline import document_for
from specgen.render.text import to_text

runner = CliRunner()
APPROX = {"abs": 1e-9}
ADVERSITY = st.floats(-100, MAX_ADVERSITY_PCT - 1e-6, allow_nan=False)


def dashes(text: str) -> str:
    """Ranges are shown with an en dash; tests spell them with a hyphen."""
    return text.replace("\u2013", "-")


def ranges(shares: dict[str, Share]) -> dict[str, tuple[float, float]]:
    return {key: (share.low, share.high) for key, share in shares.items()}


def assert_ranges(actual: dict[str, Share], expected: dict[str, tuple[float, float]]) -> None:
    assert list(actual) == list(expected)
    for key, (low, high) in expected.items():
        assert actual[key].low == pytest.approx(low, **APPROX), key
        assert actual[key].high == pytest.approx(high, **APPROX), key


# --- the figures themselves -------------------------------------------------------------------

def test_it_gives_the_toolkit_figures_at_uk_average_adversity() -> None:
    assert_ranges(attachment(0), {"secure": (55, 60), "insecure": (25, 30), "disorganised": (15, 15)})
    assert_ranges(need(0), {
        "universal_only": (55, 60), "targeted": (6.5, 8), "specialist_short_term": (1.5, 2),
        "specialist_long_term": (5, 5), "unmet_mild_moderate": (16, 20), "unmet_severe": (10, 10),
    })


def test_it_computes_five_percent_less_adversity() -> None:
    assert_ranges(attachment(-5), {"secure": (57.25, 62), "insecure": (23.75, 28.5),
                                   "disorganised": (14.25, 14.25)})
    assert_ranges(need(-5), {
        "universal_only": (57.25, 62), "targeted": (6.175, 7.6), "specialist_short_term": (1.425, 1.9),
        "specialist_long_term": (4.75, 4.75), "unmet_mild_moderate": (15.2, 19),
        "unmet_severe": (9.5, 9.5),
    })


def test_it_computes_five_percent_more_adversity_where_the_toolkit_table_slips() -> None:
    # Table 2 repeats the -5 % column's secure figure (58-63 %) under +5 %; the remainder is 52.75-58.
    assert_ranges(attachment(5), {"secure": (52.75, 58), "insecure": (26.25, 31.5),
                                  "disorganised": (15.75, 15.75)})
    assert_ranges(need(5), {
        "universal_only": (52.75, 58), "targeted": (6.825, 8.4), "specialist_short_term": (1.575, 2.1),
        "specialist_long_term": (5.25, 5.25), "unmet_mild_moderate": (16.8, 21),
        "unmet_severe": (10.5, 10.5),
    })


def test_it_computes_the_cwm_taf_morgannwg_case_of_thirty_percent_more_adversity() -> None:
    assert_ranges(attachment(30), {"secure": (41.5, 48), "insecure": (32.5, 39),
                                   "disorganised": (19.5, 19.5)})
    assert_ranges(need(30), {
        "universal_only": (41.5, 48), "targeted": (8.45, 10.4), "specialist_short_term": (1.95, 2.6),
        "specialist_long_term": (6.5, 6.5), "unmet_mild_moderate": (20.8, 26),
        "unmet_severe": (13, 13),
    })


def test_it_counts_babies_from_live_births_without_rounding() -> None:
    result = estimate(2400, Adversity(25, "direct"))
    assert result.babies(result.need["specialist_short_term"]) == pytest.approx((45, 60))
    assert result.babies(result.attachment["disorganised"]) == pytest.approx((450, 450))
    assert result.babies(result.need["universal_only"]) == pytest.approx((1050, 1200))


def test_it_separates_likely_demand_from_the_babies_services_miss() -> None:
    result = estimate(1000)
    assert (result.likely.low, result.likely.high) == pytest.approx((13, 15))
    assert (result.missed.low, result.missed.high) == pytest.approx((26, 30))
    assert (result.specialist.low, result.specialist.high) == pytest.approx((6.5, 7))


# --- properties ---------------------------------------------------------------------------------

@given(ADVERSITY)
def test_the_three_patterns_always_sum_to_100(adversity: float) -> None:
    shares = attachment(adversity)
    secure, insecure, disorganised = shares["secure"], shares["insecure"], shares["disorganised"]
    assert secure.low + insecure.high + disorganised.high == pytest.approx(100, **APPROX)
    assert secure.high + insecure.low + disorganised.low == pytest.approx(100, **APPROX)
    assert all(s.low >= -1e-9 and s.low <= s.high for s in shares.values())


@given(ADVERSITY, ADVERSITY)
def test_need_grows_with_adversity(first: float, second: float) -> None:
    lower, higher = sorted((first, second))
    before, after = need(lower), need(higher)
    for key in ("targeted", "specialist_short_term", "specialist_long_term",
                "unmet_mild_moderate", "unmet_severe"):
        assert after[key].low >= before[key].low and after[key].high >= before[key].high, key
    assert after["universal_only"].high <= before["universal_only"].high


# --- refusals -----------------------------------------------------------------------------------

@pytest.mark.parametrize("adversity", [123, 500, -100.5, float("nan"), float("inf")])
def test_it_refuses_adversity_the_model_cannot_use(adversity: float) -> None:
    with pytest.raises(NeedsInputError):
        check_adversity(adversity)


def test_it_accepts_adversity_up_to_the_point_where_secure_reaches_zero() -> None:
    assert check_adversity(122) == 122
    assert check_adversity(-100) == -100
    assert attachment(-100)["secure"].low == pytest.approx(100)


@pytest.mark.parametrize("births", [0, -1, 1_000_001])
def test_it_refuses_live_births_outside_one_to_a_million(births: int) -> None:
    with pytest.raises(NeedsInputError, match="live births"):
        estimate(births)


def test_it_refuses_a_subgroup_larger_than_the_year_s_births() -> None:
    with pytest.raises(NeedsInputError, match="domestic_abuse"):
        estimate(100, subgroups={"domestic_abuse": 101})


def test_it_takes_adversity_from_local_indicators_as_their_average_and_says_so() -> None:
    adversity = from_indicators({"child_poverty": 30, "aces": 20, "looked_after_children": 40})
    assert adversity.pct == pytest.approx(30)
    rule = estimate(1000, adversity).to_json()["adversity_rule"]
    assert rule == ("the average of 3 local indicators: child_poverty +30%, aces +20%, "
                    "looked_after_children +40%")


def test_it_estimates_disorganised_attachment_in_subgroups_at_their_own_rates() -> None:
    result = estimate(2000, subgroups={"domestic_abuse": 100, "abuse_or_neglect": 50})
    assert result.babies(result.subgroups["domestic_abuse"]) == pytest.approx((57, 57))
    assert result.babies(result.subgroups["abuse_or_neglect"]) == pytest.approx((40, 40))


# --- JSON contract ------------------------------------------------------------------------------

def test_its_json_follows_the_design_contract() -> None:
    data = estimate(1000, Adversity(-5, "direct")).to_json()
    assert data["live_births"] == 1000 and data["adversity_pct"] == -5.0
    assert list(data["attachment"]) == ["secure", "insecure", "disorganised"]
    assert list(data["need"]) == ["universal_only", "targeted", "specialist_short_term",
                                  "specialist_long_term", "unmet_mild_moderate", "unmet_severe"]
    leaves = [*data["attachment"].values(), *data["need"].values(), *data["demand"].values(),
              data["capacity"]]
    assert all(set(leaf) == {"pct", "babies"} and len(leaf["pct"]) == len(leaf["babies"]) == 2
               for leaf in leaves)
    assert data["attachment"]["disorganised"] == {"pct": [14.25, 14.25], "babies": [142.5, 142.5]}


# --- the command line ---------------------------------------------------------------------------

def test_needs_prints_unrounded_json() -> None:
    result = runner.invoke(app, ["needs", "--live-births", "1000", "--adversity", "5", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["attachment"]["disorganised"]["pct"] == [15.75, 15.75]
    assert data["need"]["targeted"]["babies"] == pytest.approx([68.25, 84.0])


def test_needs_prints_a_rounded_table_with_its_assumptions() -> None:
    result = runner.invoke(app, ["needs", "--live-births", "3200", "--adversity", "5"])
    assert result.exit_code == 0, result.output
    table = dashes(result.stdout)
    assert "6.8-8.4%" in table and "218-269" in table  # 6.825-8.4 % of 3,200
    assert "Assumptions:" in table


@pytest.mark.parametrize(("args", "message"), [
    (["--live-births", "0"], "--live-births must be a whole number from 1 to 1,000,000"),
    (["--live-births", "2.5"], "--live-births must be a whole number"),
    (["--live-births", "1000001"], "--live-births must be a whole number"),
    (["--live-births", "1000", "--adversity", "130"], "secure attachment below zero"),
    (["--live-births", "1000", "--adversity", "lots"], "--adversity must be a percentage"),
])
def test_needs_refuses_bad_figures_with_one_line_and_exit_1(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["needs", *args])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_needs_reads_an_answer_file_and_lets_the_command_line_override_it() -> None:
    cwm = str(ROOT / "examples" / "cwm-glas-strengthening.yaml")
    data = json.loads(runner.invoke(app, ["needs", cwm, "-f", "json"]).stdout)
    assert data["live_births"] == 2400 and data["adversity_pct"] == pytest.approx(25)
    assert data["adversity_rule"].startswith("the average of 4 local indicators")
    assert set(data["subgroups"]) == {"domestic_abuse", "abuse_or_neglect"}
    data = json.loads(runner.invoke(app, ["needs", cwm, "--adversity", "0", "-f", "json"]).stdout)
    assert data["adversity_pct"] == 0 and data["adversity_rule"] == "given directly"


def test_needs_says_which_field_is_missing_from_an_answer_file(minimal_answers: Path) -> None:
    result = runner.invoke(app, ["needs", str(minimal_answers)])
    assert result.exit_code == 1
    assert "introduction.demand.live_births_per_year is not set" in result.output


# --- answers and the specification ------------------------------------------------------------

def with_demand(tmp_path: Path, demand: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(MINIMAL.replace("introduction:\n", f"introduction:\n  demand:\n{demand}"),
                    encoding="utf-8")
    return path


def test_answers_refuse_adversity_and_indicators_together_at_the_right_line(tmp_path: Path) -> None:
    path = with_demand(tmp_path, "    adversity_pct: 10\n    local_indicators:\n      aces: 20\n")
    with pytest.raises(AnswersError) as caught:
        load(path)
    assert ":9:5: introduction.demand.local_indicators: give adversity_pct or local_indicators" in str(
        caught.value)


def test_answers_refuse_adversity_that_leaves_no_secure_attachment(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match=r"introduction\.demand\.adversity_pct: adversity of 150%"):
        load(with_demand(tmp_path, "    adversity_pct: 150\n"))


def test_the_specification_states_computed_demand_and_the_gap(tmp_path: Path) -> None:
    path = with_demand(tmp_path, "    live_births_per_year: 1000\n    adversity_pct: 30\n")
    text = dashes(to_text(document_for(load(path))))
    # Targeted and specialist levels are included by default: 8.45-10.4 + 1.95-2.6 + 6.5 %.
    assert "expects 16.9-19.5% of the babies born in Northmoor each year, about 169-195 babies" in text
    assert "and 33.8-39% (about 338-390 a year) to have difficulties that services are likely to" in text
    assert "about 30% above the UK average" in text


def test_a_planned_share_overrides_the_computed_demand(tmp_path: Path) -> None:
    path = with_demand(tmp_path, "    live_births_per_year: 2000\n"
                                 "    percent_of_live_births: {low: 2, high: 4}\n")
    text = dashes(to_text(document_for(load(path))))
    assert "work with 2-4% of the babies born in Northmoor each year, about 40-80 families" in text


def test_without_live_births_the_specification_still_gives_shares(minimal_answers: Path) -> None:
    text = to_text(document_for(load(minimal_answers)))
    assert "assumes Northmoor is at the UK average" in text
    assert "Level of need | Share of live births\n" in text


# --- the wording agrees with the numbers beside it ---------------------------------------------

def _demand_clause(path: Path) -> str:
    text = dashes(to_text(document_for(load(path))))
    return text[text.index("Anticipated demand"):text.index("Additional needs of families")]


@given(st.floats(-99, MAX_ADVERSITY_PCT - 1e-6, allow_nan=False))
def test_the_missed_share_is_worked_out_from_the_levels_of_need(adversity: float) -> None:
    levels = need(adversity)
    share = missed_share(levels)
    reached = sum(levels[k].low for k in ("targeted", "specialist_short_term", "specialist_long_term"))
    missed = levels["unmet_mild_moderate"].low + levels["unmet_severe"].low
    assert share.low == pytest.approx(100 * missed / (missed + reached))


def test_with_no_need_at_all_the_missed_share_is_the_baselines() -> None:
    assert missed_share(need(-100)) == missed_share(need(0))


@pytest.mark.parametrize(("pct", "words"), [(66.67, "two thirds"), (75, "three quarters"),
                                            (50.4, "half"), (57.8, None)])
def test_a_share_is_put_in_words_only_when_a_common_fraction_fits(pct: float, words: str | None) -> None:
    assert fraction_words(pct) == words


@pytest.mark.parametrize("adversity", ["-20", "0", "30"])
def test_the_specification_states_the_missed_share_its_own_table_gives(tmp_path: Path,
                                                                       adversity: str) -> None:
    clause = _demand_clause(with_demand(tmp_path, f"    live_births_per_year: 1000\n"
                                                  f"    adversity_pct: {adversity}\n"))
    share = missed_share(need(float(adversity)))
    assert share.low == pytest.approx(200 / 3) and share.high == pytest.approx(200 / 3)
    assert clause.count("two thirds (67%)") == 2
    assert "three quarters" not in clause


def test_an_upper_limit_rate_is_stated_as_up_to(tmp_path: Path) -> None:
    clause = _demand_clause(with_demand(tmp_path, "    live_births_per_year: 1000\n    subgroups:\n"
                                                  "      abuse_or_neglect: 60\n      domestic_abuse: 150\n"))
    assert "- up to 48 of the 60 babies who experience abuse or neglect each year may have a " \
           "disorganised attachment (a rate of up to 80%)" in clause
    assert "- about 86 of the 150 babies whose mothers experience domestic abuse" in clause
    assert "(a rate of 57%)" in clause


@pytest.mark.parametrize(("adversity", "says"), [
    ("0", "(at the UK average, as here, both stay at the national rates)"),
    ("25", "(here, adversity about 25% above the UK average raises both by 25%)"),
    ("-10", "(here, adversity about 10% below the UK average lowers both by 10%)"),
])
def test_the_proportional_assumption_is_illustrated_with_the_areas_own_adversity(
        tmp_path: Path, adversity: str, says: str) -> None:
    clause = _demand_clause(with_demand(tmp_path, f"    adversity_pct: {adversity}\n"))
    assert says in clause and "a quarter more" not in clause


def _ages(tmp_path: Path, end: int, beyond: str = "") -> str:
    demand = f"    beyond_second_birthday: {beyond}\n" if beyond else "    live_births_per_year: 900\n"
    path = with_demand(tmp_path, demand)
    path.write_text(path.read_text().replace(
        "introduction:\n", f"introduction:\n  age_range: {{end_birthday: {end}}}\n"), encoding="utf-8")
    return _demand_clause(path)


def test_a_service_past_the_second_birthday_says_the_model_stops_at_two(tmp_path: Path) -> None:
    clause = _ages(tmp_path, 4)
    assert "The model describes babies up to their second birthday" in clause
    assert "runs to the child's fourth birthday" in clause
    assert "has not yet been estimated separately" in clause


def test_it_says_how_demand_past_two_was_estimated_when_the_answers_say(tmp_path: Path) -> None:
    clause = _ages(tmp_path, 3, "we added referrals of two-year-olds to Flying Start.")
    assert "How we allowed for them: we added referrals of two-year-olds to Flying Start." in clause
    assert "not yet been estimated" not in clause


def test_a_service_ending_at_the_second_birthday_needs_no_such_note(tmp_path: Path) -> None:
    assert "The model describes babies up to" not in _ages(tmp_path, 2)
