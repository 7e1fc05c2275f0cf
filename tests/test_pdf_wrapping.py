"""Long words wrap inside the PDF's page in every alphabet, and no character is cut in two.

A 300-letter word in Welsh, Greek, Cyrillic, Arabic, Chinese or Japanese, one made of letters with
combining accents, and a run of emoji sequences are built into one PDF by the real command line.
``pdftotext -bbox`` then gives the box of every word as a reader's PDF viewer lays it out: each
must end inside the right margin, and each long word must still be in the text whole.

The soft breaks come from :func:`specgen.render.pdf.breakable`, whose own properties (it only
adds invisible breaks, never inside a character as a reader sees it) are checked on any text.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import MINIMAL
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from specgen.render.pdf import breakable

ZWSP = "\u200b"
A4_WIDTH = 595.28  # points
RIGHT_MARGIN = 2.3 / 2.54 * 72  # 2.3 cm, templates/document.css
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one emoji, five code points
FLAG = "\U0001F1EC\U0001F1E7"  # one flag, two regional indicators

LONG_WORDS = {
    "Welsh": "\u0175" * 300,
    "Greek": ("\u03b1\u03b2\u03b3\u03b4\u03b5\u03b6\u03b7\u03b8\u03b9\u03ba" * 30),
    "Cyrillic": ("\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u0437\u0438\u0439" * 30),
    "Arabic": ("\u0639\u0644\u0627\u0642\u0629" * 60),
    "Chinese and Japanese": ("\u89aa\u5b50\u95a2\u4fc2\u652f\u63f4\u30b5\u30fc\u30d3\u30b9" * 30),
    "combining accents": "e\u0301" * 150,
    "ASCII, as before": "x" * 300,
}


def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        report = pytest.fail if os.environ.get("CI") else pytest.skip
        report("pdftotext is not installed: install the Debian package poppler-utils "
               "(apt-get install --no-install-recommends poppler-utils), as .ci/run does")
    return found


@dataclass(frozen=True)
class Word:
    text: str
    x_max: float


@dataclass(frozen=True)
class Laid:
    words: list[Word]
    text: str


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Laid]:
    tool = pdftotext()
    folder = tmp_path_factory.mktemp("wrapping")
    answers = YAML(typ="safe", pure=True).load(MINIMAL)
    answers["introduction"]["aims"] = [*LONG_WORDS.values(), (FAMILY + FLAG) * 20]
    source = folder / "words.json"
    source.write_text(json.dumps(answers, ensure_ascii=False, default=str), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "specgen", "build", str(source), "--out",
                           str(folder), "-f", "pdf"], capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr
    pdf = folder / "words.spec.pdf"
    boxes = subprocess.run([tool, "-bbox", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    words = [Word(_unescape(text), float(x_max)) for x_max, text in
             re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                        boxes)]
    text = subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    yield Laid(words, text)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def squeeze(text: str) -> str:
    return "".join(text.replace(ZWSP, "").split())


@pytest.mark.parametrize("script", list(LONG_WORDS))
def test_a_long_word_wraps_inside_the_right_margin(laid_out: Laid, script: str) -> None:
    pieces = [w for w in laid_out.words if w.text and set(w.text) <= set(LONG_WORDS[script])]

    assert len(pieces) >= 3  # 300 letters take several lines, whatever the font
    assert max(w.x_max for w in pieces) <= A4_WIDTH - RIGHT_MARGIN + 1


def test_nothing_on_the_page_runs_past_the_right_margin(laid_out: Laid) -> None:
    beyond = [w for w in laid_out.words if w.x_max > A4_WIDTH - RIGHT_MARGIN + 1]

    assert not beyond, beyond[:3]


@pytest.mark.parametrize("script", [s for s in LONG_WORDS if s != "Arabic"])
def test_a_long_word_is_still_whole_in_the_text(laid_out: Laid, script: str) -> None:
    # Arabic aside: pdftotext gives right-to-left text in visual order, which no reader copies.
    assert squeeze(LONG_WORDS[script]) in squeeze(laid_out.text)


# ------------------------------------------------------------------------- the soft breaks

def _cluster_continues(character: str, before: str) -> bool:
    """Whether ``character`` belongs with the one before it (a mark, a joined or modified emoji)."""
    return (unicodedata.category(character).startswith("M") or before == "\u200d"
            or character in "\u200d\ufe0f" or "\U0001F3FB" <= character <= "\U0001F3FF")


LETTERS_AND_MARKS = st.lists(st.sampled_from(["a", "\u0175", "\u03b1", "\u0639", "\u89aa", "e\u0301",
                                             "\u0301", FAMILY, FLAG, "\U0001F44D\U0001F3FD",
                                             "\u2764\ufe0f", "-", "/", " "]), max_size=200).map("".join)


@given(text=LETTERS_AND_MARKS)
def test_soft_breaks_add_nothing_but_invisible_breaks(text: str) -> None:
    assert breakable(text).replace(ZWSP, "") == text


@given(text=LETTERS_AND_MARKS)
def test_soft_breaks_never_cut_a_character_as_a_reader_sees_it(text: str) -> None:
    pieces = breakable(text).split(ZWSP)
    for before, after in itertools.pairwise(pieces):
        assert not _cluster_continues(after[0], before[-1]), (before[-3:], after[:3])
        flags = len(before) - len(before.rstrip("\U0001F1EC\U0001F1E7"))
        assert flags % 2 == 0  # a flag's two halves stay together


def test_every_long_run_gets_breaks_and_short_words_none() -> None:
    for word in LONG_WORDS.values():
        assert ZWSP in breakable(word)
    assert breakable("Llanfairpwllgwyngyll is 29 ok") == "Llanfairpwllgwyngyll is 29 ok"
    thai = "\u0e04\u0e27\u0e32\u0e21\u0e2a\u0e31\u0e21\u0e1e\u0e31\u0e19\u0e18\u0e4c" * 10
    assert breakable(thai) == thai  # the layout engine breaks Thai between words itself
