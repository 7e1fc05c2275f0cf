"""Hostile answer text through ``specgen build``: printed literally, never run, fetched or broken.

The cases live in tests/hostile/corpus.yaml. Each `rendered` string goes into several answers at
once (list items, table cells, document details) of one answer file, next to a 100,000-character
answer; that file is built once, in both formats, by the real command line. Every string must then
appear exactly as typed in the Word text (python-docx) and the PDF text (pypdf). Comparisons ignore
whitespace, because answers are folded onto one line and the PDF wraps lines where it must.

A property test then puts generated text, from the whole of Unicode, into free-text answers: each
value is either refused with a located problem or printed literally. It runs under the active
hypothesis profile (see tests/conftest.py): HYPOTHESIS_PROFILE=thorough gives it 1,000 examples.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from ruamel.yaml import YAML

from specgen.answers import Answers
from specgen.assembly.assemble import assemble
from specgen.library.clauses import load_library
from specgen.render.text import to_text

CORPUS: dict[str, dict[str, str]] = YAML(typ="safe", pure=True).load(
    (Path(__file__).parent / "hostile" / "corpus.yaml").read_text(encoding="utf-8"))
RENDERED, EMOJI, REFUSED = CORPUS["rendered"], CORPUS["emoji"], CORPUS["refused"]

# Document details carry hostile text too: they reach the cover, headers, tables and metadata.
TITLE = "Spec {{ 7*7 }} <b>&amp;</b> %s {0} for Ynys M\u00f4n"
DETAILS = {"title": TITLE, "area": "Sir G\u00e2r <i>&</i> {{ area }}",
           "author": "Si\u00e2n O'Brien-\u0174 <script>x</script>",
           "commissioners": ["Cyngor {% if x %}y{% endif %} & Co", "Bwrdd Iechyd %(board)s"],
           "alternative_formats_contact": "Ff\u00f4n 0300 555 0142 <a href='http://127.0.0.1:9/'>here</a>"}

# A runaway paste: 100,000 characters of words mixed with the hostile strings themselves.
WORDS = " ".join(["Commissioners in Sir G\u00e2r want {{ help }} & <support> for babies.",
                  *RENDERED.values()])
HUNDRED_K = (WORDS + " ") * (100_000 // (len(WORDS) + 1)) + "end."
UNBROKEN = "x" * 20_000  # no space anywhere: it must still wrap onto the page in the PDF


def answer_file(texts: list[str], **extra: Any) -> dict[str, Any]:
    """Answers with every text as a local aim, a point parents made, and a KPI table row."""
    return {
        "document": {"date": "2025-01-01", **DETAILS},
        "introduction": {"context": extra.get("context", "Babies need help."), "aims": list(texts)},
        "service": {"team": {"lead": {"profession": "clinical_psychologist"}},
                    "eligibility": {"geography": "Sir G\u00e2r"},
                    "parents_asked_for": list(texts),
                    **({"size_and_nature": extra["size"]} if "size" in extra else {})},
        "standards": {"kpis": [{"name": t, "target": t, "definition": t} for t in texts]},
    }


def squeeze(text: str) -> str:
    return "".join(text.split())


# ------------------------------------------------------------------------------------ reading


def word_text(path: Path) -> str:
    """Every paragraph of the body, tables included, one per line."""
    document = docx.Document(str(path))
    paragraphs = document.element.body.iter(qn("w:p"))
    return "\n".join(Paragraph(p, document).text for p in paragraphs)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def pdf_text_layer_characters(path: Path) -> set[str]:
    """Every character the PDF's fonts map glyphs back to (their ToUnicode tables)."""
    characters: set[str] = set()
    for page in pypdf.PdfReader(str(path)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            to_unicode = font.get_object().get("/ToUnicode")
            if to_unicode is not None:
                data = to_unicode.get_object().get_data().decode("latin-1")
                for target in re.findall(r"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>", data):
                    characters.update(bytes.fromhex(target).decode("utf-16-be"))
    return characters


@dataclass(frozen=True)
class Built:
    docx: Path
    pdf: Path
    word: str
    pdf_text: str


def build(tmp: Path, name: str, answers: dict[str, Any], ensure_ascii: bool = False) -> Built:
    source = tmp / f"{name}.json"
    source.write_text(json.dumps(answers, ensure_ascii=ensure_ascii, indent=1), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "specgen", "build", str(source), "--out",
                           str(tmp / "out")], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    word, pdf = tmp / "out" / f"{name}.spec.docx", tmp / "out" / f"{name}.spec.pdf"
    return Built(word, pdf, word_text(word), pdf_text(pdf))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    answers = answer_file(list(RENDERED.values()), context=HUNDRED_K, size=UNBROKEN)
    yield build(tmp_path_factory.mktemp("hostile"), "hostile", answers)


@pytest.fixture(scope="module")
def emoji(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    # Written the way Python's json.dumps writes by default: emoji as \ud83d\ude42 escape pairs.
    yield build(tmp_path_factory.mktemp("emoji"), "emoji", answer_file(list(EMOJI.values())),
                ensure_ascii=True)


# --------------------------------------------------------------------------- printed literally


@pytest.mark.parametrize("name", list(RENDERED))
def test_hostile_text_appears_literally_in_word(corpus: Built, name: str) -> None:
    assert squeeze(RENDERED[name]) in squeeze(corpus.word)


@pytest.mark.parametrize("name", list(RENDERED))
def test_hostile_text_appears_literally_in_the_pdf(corpus: Built, name: str) -> None:
    assert squeeze(RENDERED[name]) in squeeze(corpus.pdf_text)


@pytest.mark.parametrize("field", list(DETAILS))
def test_hostile_document_details_appear_literally_in_both_formats(corpus: Built, field: str) -> None:
    values = DETAILS[field] if isinstance(DETAILS[field], list) else [DETAILS[field]]
    for value in values:
        assert squeeze(value) in squeeze(corpus.word)
        assert squeeze(value) in squeeze(corpus.pdf_text)


def test_a_hostile_title_is_the_literal_title_of_both_files(corpus: Built) -> None:
    assert docx.Document(str(corpus.docx)).core_properties.title == TITLE
    assert pypdf.PdfReader(str(corpus.pdf)).metadata.title == TITLE


def pdf_body(built: Built) -> str:
    """The PDF text squeezed, without the running header and page number each page adds."""
    header = squeeze(docx.Document(str(built.docx)).sections[0].header.paragraphs[0].text)
    return re.sub(r"Page\d+of\d+", "", squeeze(built.pdf_text).replace(header, ""))


def test_a_100000_character_answer_is_printed_whole_in_both_formats(corpus: Built) -> None:
    assert squeeze(HUNDRED_K) in squeeze(corpus.word)
    assert squeeze(HUNDRED_K) in pdf_body(corpus)


def test_a_long_unbroken_answer_is_kept_whole_and_wraps_in_the_pdf(corpus: Built) -> None:
    assert UNBROKEN in corpus.word
    assert UNBROKEN in pdf_body(corpus)
    longest_line = max(len(line) for line in corpus.pdf_text.splitlines())
    assert longest_line < 200  # about 90 characters fit across an A4 page


def test_emoji_appear_literally_in_word(emoji: Built) -> None:
    for text in EMOJI.values():
        assert text in emoji.word


def test_emoji_reach_the_pdf_text_layer(emoji: Built) -> None:
    # Without an emoji font the glyphs are empty boxes, but the text layer (what a screen reader
    # reads and a copy takes) still carries every character.
    pictures = {ch for text in EMOJI.values() for ch in text if ord(ch) > 0x2000} - {"\u200d", "\ufe0f"}
    assert pictures <= pdf_text_layer_characters(emoji.pdf)


# ---------------------------------------------------------------- never run, fetched or broken


def test_the_word_file_gained_no_links_and_no_external_parts(corpus: Built) -> None:
    with zipfile.ZipFile(corpus.docx) as package:
        relationships = "".join(package.read(n).decode() for n in package.namelist()
                                if n.endswith(".rels"))
        body = package.read("word/document.xml").decode()
    assert 'TargetMode="External"' not in relationships
    links = re.findall(r"<w:hyperlink [^>]*>", body)
    assert links  # the contents page links to each heading...
    assert all('w:anchor="sg_' in link and "r:id" not in link for link in links)  # ...and nowhere else
    assert "injected</w:t>" not in body  # the Word markup answer stayed text: &lt;w:t&gt;


def test_the_pdf_gained_no_links_to_answer_addresses(corpus: Built) -> None:
    for page in pypdf.PdfReader(str(corpus.pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert action.get("/S") not in ("/URI", "/Launch", "/GoToR", "/SubmitForm", "/ImportData")


def test_text_that_cannot_be_in_a_document_is_refused_at_its_line(tmp_path: Path) -> None:
    lines = ["document: {commissioners: [N], area: N, author: A, date: 2025-01-01}",
             "introduction:", "  context: Babies need help.", "  aims:"]
    lines += [f"    - {json.dumps(text)}" for text in REFUSED.values()]  # JSON escapes are YAML ones
    lines += ["service: {team: {lead: {profession: clinical_psychologist}}, eligibility: {geography: N}}"]
    source = tmp_path / "refused.yaml"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    done = subprocess.run([sys.executable, "-m", "specgen", "build", str(source), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120,
                          check=False)

    assert done.returncode == 1 and "Traceback" not in done.stderr
    problems = done.stderr.splitlines()
    for index, text in enumerate(REFUSED.values()):
        bad = next(ch for ch in text if ord(ch) < 0x20 or ord(ch) >= 0xD800)
        expected = f"{source}:{5 + index}:7: introduction.aims[{index}]: contains the control character "
        assert any(p.startswith(expected) and f"U+{ord(bad):04X}" in p for p in problems), problems
    assert not (tmp_path / "out").exists()


def test_an_emoji_written_as_a_json_escape_pair_is_one_character(tmp_path: Path) -> None:
    from specgen.loader import load

    source = tmp_path / "answers.json"
    source.write_text(json.dumps(answer_file(["smile \U0001F642"])), encoding="utf-8")

    assert "\\ud83d" in source.read_text()  # json.dumps wrote the escape pair
    assert load(source).introduction.aims == ["smile \U0001F642"]


# --------------------------------------------------------------------------------- properties

FREE_TEXT = (("introduction", "aims", 0), ("service", "parents_asked_for", 0),
             ("introduction", "context"), ("document", "area"), ("service", "eligibility", "geography"))


def placed(path: tuple[str | int, ...], text: str) -> dict[str, Any]:
    answers = answer_file(["A local aim."])
    node: Any = answers
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = text
    return answers


# Any character at all (lone surrogates and controls included), mixed with pieces of markup.
PIECES = ["{{", "}}", "{%", "%}", "{#", "<b>", "</", "&amp;", "&", "*", "**", "_", "|", "#", "- ",
          "1. ", "> ", "\\", "![x](figure:needs-levels)", "%s", "{0}", "file:///etc/passwd", "\n\n"]
HOSTILE_TEXT = st.lists(st.sampled_from(PIECES) | st.characters(exclude_categories=()),
                        max_size=30).map("".join)


@given(text=HOSTILE_TEXT, path=st.sampled_from(FREE_TEXT))
@settings(database=None)
def test_any_text_in_an_answer_is_refused_or_printed_literally(text: str,
                                                               path: tuple[str | int, ...]) -> None:
    try:
        answers = Answers.model_validate(placed(path, text))
    except ValidationError as error:
        assert [tuple(e["loc"])[:len(path)] for e in error.errors()] == [path]
        event("refused")
        return
    event("printed")
    document = to_text(assemble(answers, load_library()))

    assert squeeze(text) in squeeze(document)


def test_the_thorough_profile_runs_at_least_1000_examples() -> None:
    assert settings.get_profile("thorough").max_examples >= 1000
    assert settings.get_profile("ci").max_examples <= settings.get_profile("thorough").max_examples
