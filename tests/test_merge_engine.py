"""The merge as pure functions: three-way merge of words and of blocks, before any Word XML."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from specgen.merge.diff3 import diff3, tokens
from specgen.merge.plan import Change, Delete, Insert, Keep, plan
from specgen.merge.words import merge_words

BASE = "The provider will see families within ten working days of referral."


def test_words_keep_their_spaces_and_tabs_stand_alone() -> None:
    assert tokens("1.2\tTitle  here ") == ["1.2", "\t", "Title  ", "here "]
    assert "".join(tokens(BASE)) == BASE


def test_a_word_changed_only_by_the_team_is_kept() -> None:
    theirs = BASE.replace("ten", "twelve")
    merged = merge_words(BASE, theirs, BASE)
    assert merged.edits == () and merged.merged == theirs


def test_a_word_changed_only_by_specgen_is_taken() -> None:
    ours = BASE.replace("ten", "fifteen")
    merged = merge_words(BASE, BASE, ours)
    assert merged.merged == ours and not merged.conflict
    assert [(BASE[e.start:e.end], e.text) for e in merged.edits] == [("ten ", "fifteen ")]


def test_changes_to_different_words_both_stay() -> None:
    theirs = BASE.replace("families", "parents and babies")
    ours = BASE.replace("ten", "fifteen")
    merged = merge_words(BASE, theirs, ours)
    assert merged.merged == BASE.replace("families", "parents and babies").replace("ten", "fifteen")
    assert not merged.conflict


def test_both_changing_the_same_words_is_a_conflict_that_the_new_wording_wins() -> None:
    theirs = BASE.replace("ten working days", "two weeks")
    ours = BASE.replace("ten", "fifteen")
    merged = merge_words(BASE, theirs, ours)
    assert merged.conflict and merged.merged == ours
    conflict = next(e for e in merged.edits if e.conflict)
    assert theirs[conflict.start:conflict.end] == "two weeks "
    assert conflict.base_text == "ten working days "


def test_sentences_added_at_the_end_by_both_are_both_kept() -> None:
    theirs, ours = BASE + " Their sentence.", BASE + " Our sentence."
    merged = merge_words(BASE, theirs, ours)
    assert "Their sentence." in merged.merged and "Our sentence." in merged.merged
    assert merged.conflict, "the comment still points out that both added text here"


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=8),
       st.lists(st.sampled_from(["a", "b", "c", "e"]), max_size=8),
       st.lists(st.sampled_from(["a", "b", "d", "f"]), max_size=8))
def test_the_chunks_cover_every_sequence_in_order(base: list[str], theirs: list[str],
                                                  ours: list[str]) -> None:
    chunks = diff3(base, theirs, ours)
    for name, sequence in (("base", base), ("theirs", theirs), ("ours", ours)):
        covered = [i for chunk in chunks for i in getattr(chunk, name)]
        assert covered == list(range(len(sequence))), name
    for chunk in chunks:
        if chunk.kind == "ours":
            assert [theirs[i] for i in chunk.theirs] == [base[i] for i in chunk.base]


@given(st.text(alphabet="ab \t", max_size=30), st.text(alphabet="ab c", max_size=30))
def test_with_no_edits_by_the_team_the_merge_is_the_new_text(base: str, ours: str) -> None:
    assert merge_words(base, base, ours).merged == ours


@given(st.text(alphabet="ab \t", max_size=30), st.text(alphabet="ab c", max_size=30))
def test_with_no_new_text_the_merge_is_the_teams(base: str, theirs: str) -> None:
    assert merge_words(base, theirs, base).merged == theirs


def _plan(base: list[str], theirs: list[str], ours: list[str]) -> list[object]:
    def similar(t: int, o: int) -> bool:
        return theirs[t][0] == ours[o][0]  # versions of one block share their first letter here

    return list(plan(base, theirs, ours, similar))


def test_blocks_the_team_added_or_removed_stay_so() -> None:
    assert _plan(["a", "b"], ["a", "x", "b"], ["a", "b"]) == [Keep(0), Keep(1), Keep(2)]
    assert _plan(["a", "b"], ["a"], ["a", "b"]) == [Keep(0)]


def test_blocks_specgen_changed_added_or_removed_follow_the_new_text() -> None:
    assert _plan(["a", "b"], ["a", "b"], ["a", "b2"]) == [Keep(0), Change(1, 1, 1)]
    assert _plan(["a", "b"], ["a", "b"], ["a", "c", "b"]) == [Keep(0), Insert(1), Keep(1)]
    assert _plan(["a", "b"], ["a", "b"], ["a"]) == [Keep(0), Delete(1)]


def test_a_block_both_changed_is_merged_word_by_word() -> None:
    assert _plan(["a", "b"], ["a", "b-theirs"], ["a", "b-ours"]) == [Keep(0), Change(1, 1, 1, conflict=True)]


def test_a_block_the_team_removed_and_specgen_changed_comes_back_as_a_conflict() -> None:
    assert _plan(["a", "b"], ["a"], ["a", "b2"]) == [Keep(0), Insert(1, conflict=True)]
