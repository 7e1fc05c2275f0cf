"""Small WordprocessingML helpers python-docx has no API for: fields, bookmarks, stable zips."""

from __future__ import annotations

import io
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

_EPOCH = (1980, 1, 1, 0, 0, 0)


def add_field(paragraph: Paragraph, instruction: str, cached: str, open_: bool = True,
              close: bool = True) -> None:
    """A complex field (PAGE, TOC, PAGEREF …) with a cached result Word can refresh.

    ``open_``/``close`` let a field span several paragraphs, as a table of contents does.
    """
    if open_:
        _char(paragraph, "begin")
        run = paragraph.add_run()
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        run._r.append(instr)
        _char(paragraph, "separate")
        if cached:
            paragraph.add_run(cached)
    if close:
        _char(paragraph, "end")


def _char(paragraph: Paragraph, kind: str) -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def bookmark_start(ident: int, name: str) -> BaseOxmlElement:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    return start


def bookmark_end(ident: int) -> BaseOxmlElement:
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    return end


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a package with fixed member times, so equal documents are equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
