"""The clause markup subset, and the guarantee that answer text can never become markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from specgen.document import ListBlock, Note, Paragraph, Span, Subheading, Table, plain_text
from specgen.library.markup import MarkupError, escape, inline, parse


def test_it_reads_paragraphs_lists_notes_and_subheadings() -> None:
    blocks = parse("First para\ncontinues.\n\n- one\n- two\n\n1. a\n2. b\n\n> Take note.\n\n### Sub")
    assert blocks == (
        Paragraph((Span("First para continues."),)),
        ListBlock(((Span("one"),), (Span("two"),))),
        ListBlock(((Span("a"),), (Span("b"),)), ordered=True),
        Note((Span("Take note."),)),
        Subheading("Sub"),
    )


def test_it_reads_bold_and_italic_runs() -> None:
    assert inline("a **b** *c* d") == (
        Span("a "), Span("b", bold=True), Span(" "), Span("c", italic=True), Span(" d"),
    )


def test_a_table_has_a_header_row_and_body_rows() -> None:
    (table,) = parse("| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |")
    assert isinstance(table, Table)
    assert [plain_text(c) for c in table.header] == ["A", "B"]
    assert [[plain_text(c) for c in row] for row in table.rows] == [["1", "2"], ["3", "4"]]


def test_a_ragged_table_is_refused_with_the_offending_row() -> None:
    with pytest.raises(MarkupError, match="3 cells but the header has 2"):
        parse("| A | B |\n|---|---|\n| 1 | 2 | 3 |")


def test_escaped_pipes_stay_inside_their_cell() -> None:
    (table,) = parse(f"| A | B |\n|---|---|\n| {escape('x | y')} | z |")
    assert isinstance(table, Table)
    assert plain_text(table.rows[0][0]) == "x | y"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_escaped_answer_text_reads_back_as_itself_without_emphasis(text: str) -> None:
    spans = inline(escape(text))
    assert plain_text(spans) == re.sub(r"\s+", " ", text)
    assert not any(span.bold or span.italic for span in spans)


@given(st.text(alphabet="*_|#-+>.[]!`\\ ab1\n", max_size=80))
def test_escaped_answer_text_is_always_one_plain_paragraph(text: str) -> None:
    blocks = parse(escape(text))
    assert all(isinstance(block, Paragraph) for block in blocks)
    assert len(blocks) <= 1
