"""Assembly: which clauses apply, numbering, glossary, overrides, and the JSON dump."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES
from word_reading import headings

from specgen.document import Table, plain_text
from specgen.errors import SnippetError
from specgen.library.clauses import load_library
from specgen.loader import load
from specgen.pipeline import build, document_for
from specgen.render.text import to_text


def _clause(path: Path, front: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")


def test_clauses_are_numbered_within_numbered_sections_only(minimal_answers: Path) -> None:
    document = document_for(load(minimal_answers))
    numbered = [s for s in document.sections if s.number]
    assert [s.number for s in numbered] == [str(i) for i in range(1, len(numbered) + 1)]
    for section in numbered:
        assert [c.number for c in section.clauses] == [
            f"{section.number}.{i}" for i in range(1, len(section.clauses) + 1)]
    assert all(not c.number for s in document.sections if not s.number for c in s.clauses)


def test_the_glossary_defines_only_the_terms_the_document_uses(minimal_answers: Path) -> None:
    document = document_for(load(minimal_answers))
    glossary = next(s for s in document.sections if s.id == "glossary")
    terms = [row[0][0].text for block in glossary.clauses[0].blocks
             if isinstance(block, Table) for row in block.rows]
    body = to_text(replace(document, sections=tuple(s for s in document.sections if s.id != "glossary")))
    assert "PAIR" in terms
    assert all(term.casefold() in body.casefold() for term in terms)
    unused = [t for t in load_library().glossary if t not in terms]
    assert unused, "the minimal document should not use every library term"
    assert not any(re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", body, 0 if t.isupper() else re.I)
                   for t in unused)
    assert terms == sorted(terms, key=str.casefold)


def test_answer_text_is_printed_literally_never_as_markup_or_template(tmp_path: Path) -> None:
    hostile = "**not bold** {{ 7 * 7 }} {% if true %}x{% endif %} | a | <b>tag</b> \\ 1. - item"
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "document: {commissioners: [X], area: X, author: X, date: 2026-01-01}\n"
        f"introduction: {{context: {json.dumps(hostile)}}}\n"
        "service: {eligibility: {geography: X}, team: {lead: {profession: clinical_psychologist}}}\n",
        encoding="utf-8")
    text = to_text(document_for(load(path)))
    assert hostile in text
    assert "49" not in text


def test_an_organisation_clause_replaces_ours_by_id(tmp_path: Path, minimal_answers: Path) -> None:
    ours = next(c for c in load_library().clauses if c.section == "introduction")
    _clause(tmp_path / "org" / "spec" / "introduction" / "10-mine.md",
            f"id: {ours.id}\ntitle: Our own context\nsection: introduction\norder: 1",
            "Written by the organisation for {{ a.document.area }}.")
    answers = load(minimal_answers)
    document = document_for(answers, snippets=tmp_path / "org")
    titles = [c.title for c in document.clauses()]
    assert "Our own context" in titles and ours.title not in titles
    assert f"Written by the organisation for {answers.document.area}." in to_text(document)


def test_a_clause_in_an_unknown_section_is_refused_naming_the_file(tmp_path: Path) -> None:
    _clause(tmp_path / "org" / "spec" / "x" / "1.md", "id: x.y\ntitle: T\nsection: nowhere", "Hi")
    with pytest.raises(SnippetError, match=r"1\.md: section 'nowhere'"):
        load_library(tmp_path / "org")


def test_a_template_syntax_error_names_the_file_and_line(tmp_path: Path, minimal_answers: Path) -> None:
    _clause(tmp_path / "org" / "spec" / "service" / "1.md", "id: x.y\ntitle: T\nsection: service",
            "fine\n{% if %}")
    with pytest.raises(SnippetError, match=r"1\.md:7: template syntax"):
        document_for(load(minimal_answers), snippets=tmp_path / "org")


def test_the_document_dumps_to_json(minimal_answers: Path) -> None:
    dumped = json.loads(document_for(load(minimal_answers)).to_json())
    assert dumped["meta"]["language"] == "en-GB"
    assert dumped["sections"][1]["clauses"][0]["blocks"][0]["kind"] == "paragraph"


def test_the_word_contents_list_every_heading_inside_a_toc_field(tmp_path: Path) -> None:
    docx_path = build(EXAMPLES[0], tmp_path, formats=["docx"]).outputs[0]
    word = docx.Document(str(docx_path))
    entries = [p.text.split("\t")[0] for p in word.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert entries == headings(docx_path)  # numbered as Word numbers them
    assert 'TOC \\o "1-2"' in word.element.body.xml


def test_a_reference_doc_supplies_the_styles(tmp_path: Path, minimal_answers: Path) -> None:
    from specgen.render import RenderOptions
    from specgen.resources import bundled

    branded = docx.Document(str(bundled("templates") / "reference.docx"))
    branded.styles["Normal"].font.name = "Verdana"
    branded.save(str(tmp_path / "brand.docx"))
    out = build(minimal_answers, tmp_path / "out", formats=["docx"],
                options=RenderOptions(reference_doc=tmp_path / "brand.docx")).outputs[0]
    assert docx.Document(str(out)).styles["Normal"].font.name == "Verdana"


KEY_VALUE_HEADERS = {"Item", "Particular", "Question", "Level of need", "Contract year", "Step",
                     "Milestone", "Term", "KPI", "Domain"}
"""First-column headings of the bundled tables whose rows each describe one named thing."""


@pytest.mark.parametrize("kind", ["spec", "strategy", "tender"])
def test_tables_whose_first_column_names_the_row_mark_it_as_row_headers(kind: str) -> None:
    """Screen readers announce the row's name with each cell (th scope=row; Word's first column)."""
    document = document_for(load(EXAMPLES[-1]), kind)
    tables = [block for section in document.sections for clause in section.clauses
              for block in clause.blocks if isinstance(block, Table)]
    named = [table for table in tables if plain_text(table.header[0]) in KEY_VALUE_HEADERS]
    assert named, f"no table of the {kind} names its rows"
    assert [plain_text(table.header[0]) for table in named if not table.row_headers] == []
