"""Accept or reject every tracked change in a .docx, as Word would, and read what is left.

Written for the tests independently of specgen's own merge code, from the rules of the format:
accepting keeps ``w:ins`` content and drops ``w:del`` content; rejecting does the opposite and
turns deleted text back into text; a paragraph whose mark goes runs on into the next paragraph;
a row whose mark goes is removed.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def body_of(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read("word/document.xml")).find(_w("body"))


def view(data: bytes, accept: bool | None, styles: bool = True) -> list[str]:
    """The document's lines once every change is accepted (True), rejected (False), or as it is
    (None: only for a document without changes). Paragraphs as ``style: text``, table rows as cells
    joined by `` | ``."""
    body = body_of(data)
    if accept is not None:
        resolve(body, accept)
    return lines(body, styles)


def resolve(body: etree._Element, accept: bool) -> None:
    keep, drop = (_w("ins"), _w("del")) if accept else (_w("del"), _w("ins"))
    joined = []
    for element in list(body.iter(drop, _w("moveFrom") if accept else _w("moveTo"))):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag == _w("rPr") and parent.getparent().tag == _w("pPr"):
            joined.append(parent.getparent().getparent())
            parent.remove(element)
        elif parent.tag == _w("trPr"):
            row = parent.getparent()
            row.getparent().remove(row)
        else:
            parent.remove(element)
    for element in list(body.iter(keep, _w("moveTo") if accept else _w("moveFrom"))):
        parent = element.getparent()
        if parent.tag in (_w("rPr"), _w("trPr")):
            parent.remove(element)
        else:
            for child in list(element):
                element.addprevious(child)
            parent.remove(element)
    for element in body.iter(_w("delText"), _w("delInstrText")):
        element.tag = _w("t") if element.tag == _w("delText") else _w("instrText")
    for p in reversed(joined):
        _run_on(p)


def _run_on(p: etree._Element) -> None:
    following = p.getnext()
    if following is None or following.tag != _w("p") or p.getparent() is None:
        return
    content = [child for child in p if child.tag != _w("pPr")]
    ppr = following.find(_w("pPr"))
    for child in reversed(content):
        ppr.addnext(child) if ppr is not None else following.insert(0, child)
    p.getparent().remove(p)


def lines(body: etree._Element, styles: bool = True) -> list[str]:
    found = []
    for element in body.iter(_w("p"), _w("tbl")):
        if element.tag == _w("tbl"):
            found += [" | ".join(_cell(tc) for tc in tr.iterchildren(_w("tc")))
                      for tr in element.iter(_w("tr"))]
        elif not any(a.tag == _w("tbl") for a in element.iterancestors()):
            found.append(f"{_style(element)}: {text(element)}" if styles else text(element))
    return found


def _cell(tc: etree._Element) -> str:
    return "/".join(text(p) for p in tc.iterchildren(_w("p")))


def _style(p: etree._Element) -> str:
    style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val")) if style is not None else "Normal"


def text(p: etree._Element) -> str:
    out = []
    for node in p.iter(_w("t"), _w("tab"), _w("br"), _w("delText")):
        if node.tag == _w("t"):
            out.append(node.text or "")
        elif node.tag == _w("tab") and node.getparent().tag == _w("r"):
            out.append("\t")
        elif node.tag == _w("br") and node.get(_w("type")) in (None, "textWrapping"):
            out.append("\n")
    return "".join(out)


def revisions(data: bytes, author: str | None = None) -> list[etree._Element]:
    body = body_of(data)
    return [e for e in body.iter(_w("ins"), _w("del")) if author is None or e.get(_w("author")) == author]


def comments(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "word/comments.xml" not in package.namelist():
            return []
        root = etree.fromstring(package.read("word/comments.xml"))
    return ["".join(t.text or "" for t in c.iter(_w("t"))) for c in root.iter(_w("comment"))]
