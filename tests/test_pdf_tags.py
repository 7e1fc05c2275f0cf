"""Table header cells in every PDF say which cells they head: /Scope on each TH, and an /IDTree
that resolves the /Headers WeasyPrint writes on data cells (PDF/UA-1 §7.5, WCAG 1.3.1).

The examples in every kind are checked in test_accessibility; here, the finisher on a table with
row headers, and the other layouts.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import EXAMPLES
from docx.oxml.ns import qn
from pdf_tables import as_the_table_means, elements, header_cells, id_tree
from pypdf.generic import DictionaryObject

from specgen.cli import LAYOUTS
from specgen.document import Clause, Document, Section, Table
from specgen.library.markup import parse
from specgen.loader import load
from specgen.pipeline import build, document_for
from specgen.render import RenderOptions, pdf_tags, renderer

ROW_HEADERS = """<html lang="en-GB"><head><title>t</title></head><body><table>
<thead><tr><th scope="col">Domain</th><th scope="col">Now</th><th scope="col">Aim</th></tr></thead>
<tbody><tr><th scope="row">Leadership</th><td>early growth</td><td>good progress</td></tr>
<tr><th scope="row">Workforce</th><td>foundations</td><td>early growth</td></tr></tbody>
</table></body></html>"""


@pytest.fixture(scope="module")
def row_headers() -> pypdf.PdfReader:
    from weasyprint import HTML

    pdf = HTML(string=ROW_HEADERS).write_pdf(pdf_variant="pdf/ua-1", finisher=pdf_tags.finish)
    return pypdf.PdfReader(io.BytesIO(pdf))


def test_header_row_cells_head_their_column_and_first_column_cells_their_row(
        row_headers: pypdf.PdfReader) -> None:
    cells = header_cells(row_headers)
    assert [c.scope for c in cells] == ["Column", "Column", "Column", "Row", "Row"]
    assert all(as_the_table_means(c) for c in cells)


def test_every_header_a_data_cell_names_is_found_in_the_id_tree(row_headers: pypdf.PdfReader) -> None:
    ids = id_tree(row_headers)
    headers = elements(row_headers, "/TH")
    assert sorted(_ref(e) for e in ids.values()) == sorted(_ref(h) for h in headers)
    first = elements(row_headers, "/TD")[0]  # Leadership, now
    named = [_ref(ids[str(key)]) for key in first["/A"]["/Headers"]]
    assert sorted(named) == sorted([_ref(headers[3]), _ref(headers[1])])  # Leadership, Now


def _ref(element: DictionaryObject) -> int:
    return int(element.indirect_reference.idnum)


@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name != "toolkit"])
def test_every_header_cell_in_another_layout_carries_its_scope(layout: str, tmp_path: Path) -> None:
    (path,) = build(EXAMPLES[0], tmp_path, formats=["pdf"], layout=layout).outputs
    cells = header_cells(pypdf.PdfReader(str(path)))
    assert cells and all(as_the_table_means(c) for c in cells)


def _row_header_document() -> Document:
    table = parse("| Field | Value |\n|===|---|\n| Area | Northmoor |\n| Term | 3 years |")[0]
    assert isinstance(table, Table) and table.row_headers
    meta = document_for(load(EXAMPLES[0])).meta
    return Document(kind="spec", meta=meta, sections=(Section(id="s", number="1", title="S", clauses=(
        Clause(id="c", number="1.1", title="Particulars", blocks=(table,)),)),))


def test_a_clause_table_ruled_with_equals_names_its_rows_in_pdf_and_word() -> None:
    document = _row_header_document()
    pdf = pypdf.PdfReader(io.BytesIO(renderer("pdf")(document, RenderOptions())))
    assert [c.scope for c in header_cells(pdf)] == ["Column", "Column", "Row", "Row"]
    word = docx.Document(io.BytesIO(renderer("docx")(document, RenderOptions())))
    table = word.tables[-1]
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:firstColumn")) == "1"
    assert all(r.bold for row in table.rows for r in row.cells[0].paragraphs[0].runs)
    assert not any(r.bold for r in table.rows[1].cells[1].paragraphs[0].runs)
