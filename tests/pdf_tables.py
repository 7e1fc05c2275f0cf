"""Reading a PDF's table structure as a screen reader would: which header cells head what."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject


@dataclass(frozen=True)
class HeaderCell:
    scope: str | None
    """The cell's /Scope attribute, without the slash ("Column", "Row"), or None."""
    in_head_row: bool
    """True when the cell's row sits in the table's /THead."""
    first_in_row: bool


def header_cells(reader: pypdf.PdfReader) -> list[HeaderCell]:
    return [_header(cell) for cell in elements(reader, "/TH")]


def elements(reader: pypdf.PdfReader, role: str) -> list[DictionaryObject]:
    """The structure elements with this role, depth first."""
    return [element for element in structure(reader) if element["/S"] == role]


def structure(reader: pypdf.PdfReader) -> list[DictionaryObject]:
    """Every structure element of the PDF's tag tree, depth first."""
    found: list[DictionaryObject] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def _header(cell: DictionaryObject) -> HeaderCell:
    row = cell["/P"].get_object()
    scope = cell.get("/A", {}).get("/Scope")
    cells = [kid.get_object() for kid in row["/K"]]
    return HeaderCell(scope=str(scope).removeprefix("/") if scope else None,
                      in_head_row=row["/P"].get_object()["/S"] == "/THead",
                      first_in_row=cells[0] == cell)


def as_the_table_means(cell: HeaderCell) -> bool:
    """Column for a header row, Row for a first column of row headers."""
    if cell.in_head_row:
        return cell.scope == "Column"
    return cell.first_in_row and cell.scope == "Row"


def id_tree(reader: pypdf.PdfReader) -> dict[str, DictionaryObject]:
    """The structure tree's element ids and the elements they name (one-leaf name tree)."""
    names = reader.trailer["/Root"]["/StructTreeRoot"]["/IDTree"]["/Names"]
    return {str(names[i]): names[i + 1].get_object() for i in range(0, len(names), 2)}
