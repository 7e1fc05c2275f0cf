"""Table header cells in the PDF's structure tree say which cells they head (PDF/UA-1 §7.5).

WeasyPrint 70 tags header cells ``TH`` and gives them element ids that data cells name in their
``/Headers``, but it writes no ``/Scope`` on a header cell (whatever the HTML's ``scope`` says) and
no ``/IDTree``, so an assistive tool can resolve neither. :func:`finish` runs as WeasyPrint's
finisher, on the PDF's objects just before they are written: nothing is parsed or saved twice, so
the same answers still give the same bytes.

A header cell in the table's head row heads its column; one in a body row heads its row (the HTML
puts ``th`` there only for a first column of row headers).
"""

from __future__ import annotations

from typing import Any

import pydyf


def finish(document: Any, pdf: pydyf.PDF) -> None:
    """A WeasyPrint finisher: scope every header cell and index the element ids."""
    elements = [o for o in pdf.objects
                if isinstance(o, pydyf.Dictionary) and o.get("Type") == "/StructElem"]
    for cell in (e for e in elements if e.get("S") == "/TH"):
        cell["A"]["Scope"] = "/Column" if _in_head(cell, pdf) else "/Row"
    identified = [e for e in elements if isinstance(e.get("ID"), pydyf.String)]
    if identified:
        _structure_root(pdf)["IDTree"] = _id_tree(identified)


def _in_head(cell: pydyf.Dictionary, pdf: pydyf.PDF) -> bool:
    row = _parent(cell, pdf)
    return bool(_parent(row, pdf).get("S") == "/THead")


def _parent(element: pydyf.Dictionary, pdf: pydyf.PDF) -> pydyf.Dictionary:
    return _resolve(element["P"], pdf)


def _resolve(reference: bytes, pdf: pydyf.PDF) -> pydyf.Dictionary:
    """The object an indirect reference (``b"12 0 R"``) points at."""
    found: pydyf.Dictionary = pdf.objects[int(reference.split()[0])]
    return found


def _structure_root(pdf: pydyf.PDF) -> pydyf.Dictionary:
    return _resolve(pdf.catalog["StructTreeRoot"], pdf)


def _id_tree(elements: list[pydyf.Dictionary]) -> pydyf.Dictionary:
    """A name tree of one leaf: element ids, in byte order as name trees require, to elements."""
    names = pydyf.Array()
    for element in sorted(elements, key=lambda e: e["ID"].string.encode()):
        names += [element["ID"], element.reference]
    return pydyf.Dictionary({"Names": names})
