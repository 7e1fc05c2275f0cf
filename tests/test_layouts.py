"""Layouts: the same clauses arranged as the toolkit, an NHS Standard Contract or a council expects."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import EXAMPLES
from inline_answers import answers, write
from typer.testing import CliRunner
from word_reading import headings

from specgen.assembly.provenance import switches
from specgen.cli import LAYOUTS, app
from specgen.document import Document, Table, plain_text
from specgen.errors import SnippetError
from specgen.library.clauses import load_library
from specgen.library.layouts import load_layout, placements
from specgen.loader import load
from specgen.pipeline import build, document_for

NHS_HEADINGS = ["Population needs", "Outcomes", "Scope", "Applicable service standards",
                "Applicable quality requirements and CQUIN goals", "Location of provider premises"]
"""The numbered sections of Schedule 2A of the NHS Standard Contract, in its order."""
NHS_SCOPE = ["Aims and objectives of the service", "Service description", "Care pathway",
             "Population covered", "Acceptance and exclusion criteria and thresholds",
             "Interdependence with other services and providers"]
"""The headings Schedule 2A asks for under Scope, in its order (other clauses may sit between)."""


def _ids(document: Document) -> list[str]:
    return [c.id for c in document.clauses()]


def _layout_only(clause_id: str) -> bool:
    clause = next(c for c in load_library().clauses if c.id == clause_id)
    return "layout" in switches(clause.when)


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_clause_in_the_library_has_exactly_one_place_in_each_layout(name: str) -> None:
    library = load_library()
    homes = placements(load_layout(name, library), library)
    assert sorted(homes) == sorted(c.id for c in library.clauses)


@pytest.mark.parametrize("name", ["nhs", "council"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_clause_is_lost_or_repeated_between_layouts(example: Path, name: str) -> None:
    loaded = load(example)
    toolkit = _ids(document_for(loaded, layout="toolkit"))
    other = _ids(document_for(loaded, layout=name))
    assert not [i for i, n in Counter(other).items() if n > 1]
    assert {i for i in other if not _layout_only(i)} == set(toolkit)


def test_the_toolkit_layout_keeps_the_library_sections_in_order(minimal_answers: Path) -> None:
    sections = document_for(load(minimal_answers), layout="toolkit").sections
    library_order = [s.id for s in load_library().sections]
    ids = [s.id for s in sections]
    assert ids == [i for i in library_order if i in ids]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_nhs_layout_has_the_contract_headings_and_header_table(example: Path) -> None:
    document = document_for(load(example), layout="nhs")
    numbered = [s.title for s in document.sections if s.number]
    assert numbered == NHS_HEADINGS
    scope = next(s for s in document.sections if s.title == "Scope")
    titles = [c.title for c in scope.clauses]
    assert [t for t in titles if t in NHS_SCOPE] == NHS_SCOPE
    header = document.sections[0].clauses[0].blocks[0]
    assert isinstance(header, Table)
    assert [plain_text(row[0]) for row in header.rows] == [
        "Service Specification No.", "Service", "Commissioner Lead", "Provider Lead", "Period",
        "Date of Review"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_nhs_quality_requirements_hold_a_kpi_table_of_at_least_five_defined_kpis(
        example: Path) -> None:
    document = document_for(load(example), layout="nhs")
    section = next(s for s in document.sections if s.title.startswith("Applicable quality requirements"))
    table = next(b for b in section.clauses[0].blocks if isinstance(b, Table))
    header = [plain_text(cell) for cell in table.header]
    assert header[:5] == ["KPI", "Definition", "Data source", "Frequency", "Target"]
    defined = [row for row in table.rows
               if all(plain_text(cell) and "To be agreed" not in plain_text(cell) for cell in row[:5])]
    assert len(defined) >= 5


def test_the_nhs_header_fills_gaps_from_other_answers() -> None:
    chosen = answers(document={"reference": "REF-1"}, procurement={
        "contract_term_years": 3, "contract": {"extensions_years": [1, 1]}})
    header = document_for(chosen, layout="nhs").sections[0].clauses[0].blocks[0]
    assert isinstance(header, Table)
    rows = {plain_text(r[0]): plain_text(r[1]) for r in header.rows}
    assert rows["Service Specification No."] == "REF-1"
    assert rows["Commissioner Lead"] == "A. Author"
    assert rows["Period"] == "3 years from the service start date, with options to extend to 5 years"
    assert rows["Date of Review"] == "To be agreed"


def test_a_layout_can_rename_a_clause_for_its_own_headings() -> None:
    nhs = document_for(answers(), layout="nhs")
    toolkit = document_for(answers(), layout="toolkit")
    assert "Care pathway" in [c.title for c in toolkit.clauses()]
    named = {c.id: c.title for c in nhs.clauses()}
    assert named["introduction.partners"] == "Interdependence with other services and providers"


def test_the_answers_choose_the_layout_and_the_command_line_wins(tmp_path: Path) -> None:
    chosen = load(write(tmp_path, layout="council"))
    assert document_for(chosen).sections[1].title == "Introduction and background"
    assert document_for(chosen, layout="nhs").sections[0].title == "Service specification"


def test_an_unknown_layout_in_the_answers_is_refused() -> None:
    with pytest.raises(ValueError, match="layout"):
        answers(layout="nsh")


def _org_layout(folder: Path, body: str) -> Path:
    (folder / "spec" / "layouts").mkdir(parents=True)
    (folder / "spec" / "layouts" / "nhs.yaml").write_text(body, encoding="utf-8")
    return folder


def test_a_layout_that_loses_a_clause_is_refused_naming_it(tmp_path: Path) -> None:
    org = _org_layout(tmp_path / "org", "sections:\n  - id: all\n    title: All\n    take:\n"
                      "      - introduction.*\n      - commercial.*\n")
    library = load_library(org)
    with pytest.raises(SnippetError, match=r"does not place clause 'control\.\w+'"):
        placements(load_layout("nhs", library, extra=org), library)


def test_a_layout_that_takes_a_clause_twice_is_refused(tmp_path: Path) -> None:
    org = _org_layout(tmp_path / "org", "sections:\n  - id: a\n    title: A\n    take:\n"
                      "      - service.team\n  - id: b\n    title: B\n    take:\n      - service.team\n")
    library = load_library(org)
    with pytest.raises(SnippetError, match=r"'service\.team' is taken twice"):
        placements(load_layout("nhs", library, extra=org), library)


def test_an_organisation_layout_replaces_ours(tmp_path: Path) -> None:
    sections = [s.id for s in load_library().sections]
    takes = "".join(f"  - id: {s}\n    title: Part {s}\n    take: ['{s}.*']\n" for s in sections)
    org = _org_layout(tmp_path / "org", "sections:\n" + takes)
    document = document_for(answers(), snippets=org, layout="nhs")
    assert document.sections[1].title == "Part introduction"


@pytest.mark.parametrize("name", LAYOUTS)
def test_each_example_builds_in_every_layout(name: str, tmp_path: Path) -> None:
    for example in EXAMPLES:
        (path,) = build(example, tmp_path, formats=["docx"], layout=name).outputs
        found = headings(path, ("Heading 1",))  # numbered as Word numbers them
        expected = [s for s in document_for(load(example), layout=name).sections]
        assert found == [f"{s.number} {s.title}".strip() for s in expected]


def test_build_takes_a_layout_option_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    source = write(tmp_path)
    runner = CliRunner()
    done = runner.invoke(app, ["build", str(source), "--out", str(tmp_path / "o"), "--layout", "nhs"])
    assert done.exit_code == 0, done.output
    reader = pypdf.PdfReader(str(tmp_path / "o" / "answers.spec.pdf"))
    pdf = "".join(page.extract_text() for page in reader.pages)
    assert "Service Specification No." in pdf and "Applicable quality requirements" in pdf
    assert "Service Specification No." in docx.Document(
        str(tmp_path / "o" / "answers.spec.docx")).tables[0].cell(1, 0).text
    bad = runner.invoke(app, ["build", str(source), "--layout", "ics"])
    assert bad.exit_code == 2
    assert "toolkit, nhs, council" in bad.output
