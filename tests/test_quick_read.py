"""The quick read (C parser, plain values) gives the same answers as the full parser, or steps aside.

``specgen.loader.read_answers`` reads a valid file with the C parser and leaves everything else —
every problem to report, and YAML the two parsers might read differently — to the full parser,
which keeps positions. These tests hold the quick read to the full one: where it answers at all,
its answers equal the full parser's, field for field.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, MINIMAL
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from specgen.answers import Answers
from specgen.errors import AnswersError
from specgen.loader import AnswerFile, position, read_answers, validate
from specgen.loader import parse as full_parse


def _full(tmp_path: Path, text: str) -> Answers:
    path = tmp_path / "full.yaml"
    path.write_text(text, encoding="utf-8")
    return validate(full_parse(path), str(path))


def _read(tmp_path: Path, text: str) -> AnswerFile:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return read_answers(path)


def _quick(tmp_path: Path, text: str) -> Answers:
    file = _read(tmp_path, text)
    assert file._tree is None, "the full parser read a plain, valid file"
    return file.answers


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_examples_read_quickly_to_the_same_answers(example: Path, tmp_path: Path) -> None:
    text = example.read_text(encoding="utf-8")
    assert _quick(tmp_path, text) == _full(tmp_path, text)


# Ways of writing the same kind of file that both parsers read: each stays on the quick path.
SAME_EITHER_WAY = {
    "anchors and aliases": MINIMAL.replace("commissioners: [Northmoor ICB]",
                                           "commissioners: &who [Northmoor ICB]")
    + "procurement: {lead_in_weeks: 0x0c}\nmonitoring: {third_party_data: *who}\n",
    "block scalars": MINIMAL.replace("context: Babies and parents in Northmoor need help with their "
                                     "relationships.", "context: |\n    Line one.\n    Line two.\n"),
    "folded scalar": MINIMAL.replace("context: Babies", "context: >-\n    Babies"),
    "quoted date and numbers": MINIMAL.replace("date: 2025-01-01", "date: '2025-01-01'")
    + "procurement: {lead_in_weeks: 1_2}\n",
    "YAML 1.1 directive": "%YAML 1.1\n---\n" + MINIMAL + "readiness: {evidence: {answered: yes}}\n",
    "JSON": '{"document": {"commissioners": ["Northmoor ICB"], "area": "Northmoor", "author": "A", '
            '"date": "2025-01-01"}, "introduction": {"context": "Help \\u00e9 \\t tab."}, "service": '
            '{"team": {"lead": {"profession": "clinical_psychologist"}}, "eligibility": '
            '{"geography": "Northmoor"}}}',
    "comments and blank lines": "# answers\n\n" + MINIMAL.replace("\n", "  # note\n", 3),
}


@pytest.mark.parametrize("name", list(SAME_EITHER_WAY))
def test_yaml_written_in_other_ways_reads_the_same_either_way(name: str, tmp_path: Path) -> None:
    text = SAME_EITHER_WAY[name]
    assert _quick(tmp_path, text) == _full(tmp_path, text)


# YAML the two parsers may read differently, and files with a problem: the full parser decides.
LEFT_TO_THE_FULL_PARSER = {
    "merge key": MINIMAL.replace("    geography: Northmoor", "    <<: {geography: Northmoor}"),
    "a set": MINIMAL + "standards: {aims: !!set {a, b}}\n",
    "an explicit text tag": MINIMAL.replace("geography: Northmoor", "geography: !!str 1234"),
    "an anchored value": MINIMAL.replace("area: Northmoor", "area: &place Northmoor"),
    "a number as a key": MINIMAL + "1: one\n",
    "an unknown key": MINIMAL + "sevrice: {}\n",
    "a syntax error": MINIMAL + "standards: [\n",
    "a duplicate key": MINIMAL + "document: {}\n",
    "a surrogate escape": MINIMAL.replace("area: Northmoor", 'area: "North \\ud83d\\ude42"'),
    "a python tag": MINIMAL + "procurement: !!python/object/apply:os.system ['true']\n",
    "a recursive alias": MINIMAL + "extra: &loop [*loop]\n",
    "a number too long": MINIMAL + "procurement: {lead_in_weeks: " + "9" * 40 + "}\n",
}


@pytest.mark.parametrize("name", list(LEFT_TO_THE_FULL_PARSER))
def test_anything_the_parsers_might_read_differently_is_left_to_the_full_parser(
        name: str, tmp_path: Path) -> None:
    text = LEFT_TO_THE_FULL_PARSER[name]
    try:
        full: Answers | str = _full(tmp_path, text)
    except AnswersError as error:
        full = str(error).replace("full.yaml", "answers.yaml")
    try:
        file = _read(tmp_path, text)
    except AnswersError as error:
        assert str(error) == full
        return
    assert file._tree is not None
    assert file.answers == full


def test_a_surrogate_pair_still_reads_as_one_character(tmp_path: Path) -> None:
    file = _read(tmp_path, LEFT_TO_THE_FULL_PARSER["a surrogate escape"])
    assert file.answers.document.area == "North \U0001f642"


def test_an_invalid_file_is_reported_at_its_place_by_the_full_parser(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(LEFT_TO_THE_FULL_PARSER["an unknown key"], encoding="utf-8")
    with pytest.raises(AnswersError) as raised:
        read_answers(path)
    assert str(raised.value) == f"{path}:13:1: sevrice: unknown key 'sevrice'; did you mean 'service'?"


def test_positions_are_parsed_only_when_asked_for(tmp_path: Path, minimal_answers: Path) -> None:
    file = read_answers(minimal_answers)
    assert file._tree is None
    assert position(file, "service.eligibility.geography") == (12, 5)
    assert file._tree is not None


def _dumped(data: dict[str, Any]) -> str:
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.dump(data, stream)
    return stream.getvalue()


# Any printable text, as a YAML writer would quote it (no control characters: the model refuses those).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@given(context=TEXT, area=TEXT, weeks=st.integers(-5, 60) | st.floats(allow_nan=False) | TEXT)
def test_any_text_or_number_reads_the_same_either_way(tmp_path_factory: pytest.TempPathFactory,
                                                      context: str, area: str, weeks: Any) -> None:
    data = YAML(typ="safe").load(MINIMAL)
    data["introduction"]["context"] = context
    data["document"]["area"] = area
    data["procurement"] = {"lead_in_weeks": weeks}
    text = _dumped(data)
    folder = tmp_path_factory.mktemp("dumped")
    try:
        full = _full(folder, text)
    except AnswersError as error:
        with pytest.raises(AnswersError) as raised:
            _read(folder, text)
        assert str(raised.value) == str(error).replace("full.yaml", "answers.yaml")
        return
    assert _read(folder, text).answers == full
