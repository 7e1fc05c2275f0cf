"""The clause record: a custom XML part inside each .docx saying what specgen wrote, clause by clause.

Word and LibreOffice keep custom XML parts when they save a document (LibreOffice byte for byte),
whereas document variables and inline custom XML do not survive. So the record is how a later
build finds each clause again (by the bookmark inside its heading) and knows the text specgen
generated there: the base of a three-way merge with the team's edits (see :mod:`specgen.merge`).

It holds, per clause (and per section heading, and for the front matter): id, number, heading,
bookmark, the text of each paragraph and table cell as written, and a digest; for the whole
document the answers' digest, the generator, and a digest of the body as written, which tells
an untouched document from an edited one.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile
from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from specgen.document import Document, anchor
from specgen.render.wordtext import FRONT, Block, block_of, paragraph_text, split_units

NAMESPACE = "urn:specgen:clause-record:1"
_N = f"{{{NAMESPACE}}}"
_ITEM_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)).upper() + "}"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


@dataclass(frozen=True)
class UnitRecord:
    """What specgen wrote for one clause, section heading, or the front matter."""

    id: str
    kind: str
    """``clause``, ``section`` or ``front``."""
    number: str
    heading: str
    bookmark: str
    blocks: tuple[Block, ...]

    @property
    def digest(self) -> str:
        return digest_of(self.blocks)


@dataclass(frozen=True)
class Record:
    units: tuple[UnitRecord, ...]
    generator: str = ""
    answers: str = ""
    """SHA-256 of the answer file the document was built from."""
    body: str = ""
    """SHA-256 of the body as specgen wrote it; empty once the document holds people's edits."""

    def by_bookmark(self) -> dict[str, UnitRecord]:
        return {unit.bookmark: unit for unit in self.units if unit.bookmark}


def digest_of(blocks: tuple[Block, ...]) -> str:
    data = json.dumps([block.key for block in blocks], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def body_digest(body: etree._Element) -> str:
    """A digest of the body that survives serialising and parsing again (canonical XML)."""
    return hashlib.sha256(etree.tostring(body, method="c14n")).hexdigest()


# --- building it from a rendered body ----------------------------------------------------------


def record_of(body: etree._Element, document: Document) -> Record:
    """Read back what the renderer wrote, cut into clauses at their heading bookmarks."""
    known: dict[str, tuple[str, str, str]] = {}
    for section in document.sections:
        known[anchor(section.id)] = (section.id, "section", section.number)
        for clause in section.clauses:
            known[anchor(clause.id)] = (clause.id, "clause", clause.number)
    units = []
    for name, elements in split_units(body, known):
        blocks = tuple(block_of(element) for element in elements)
        if name == FRONT:
            units.append(UnitRecord(FRONT, "front", "", "", "", blocks))
        else:
            ident, kind, number = known[name]
            units.append(UnitRecord(ident, kind, number, paragraph_text(elements[0]), name, blocks))
    meta = document.meta
    return Record(tuple(units), meta.generator, meta.source_digest, body_digest(body))


# --- as XML -----------------------------------------------------------------------------------


def to_xml(record: Record) -> bytes:
    root = etree.Element(_N + "record", nsmap={None: NAMESPACE})
    for name in ("generator", "answers", "body"):
        root.set(name, getattr(record, name))
    for unit in record.units:
        element = etree.SubElement(root, _N + "unit")
        for name in ("id", "kind", "number", "heading", "bookmark"):
            element.set(name, getattr(unit, name))
        element.set("digest", unit.digest)
        for block in unit.blocks:
            _block_xml(element, block)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _block_xml(parent: etree._Element, block: Block) -> None:
    if block.kind == "table":
        table = etree.SubElement(parent, _N + "table")
        for row in block.rows:
            row_element = etree.SubElement(table, _N + "row")
            for cell in row:
                etree.SubElement(row_element, _N + "cell").text = cell
        return
    paragraph = etree.SubElement(parent, _N + "p")
    paragraph.text = block.text
    for alt in block.objects:
        etree.SubElement(paragraph, _N + "object").set("alt", alt)


def from_xml(data: bytes) -> Record | None:
    """The record in ``data``, or None if it is not a clause record."""
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return None
    if root.tag != _N + "record":
        return None
    units = tuple(UnitRecord(u.get("id", ""), u.get("kind", ""), u.get("number", ""), u.get("heading", ""),
                             u.get("bookmark", ""), tuple(_block(b) for b in u))
                  for u in root.iterchildren(_N + "unit"))
    return Record(units, root.get("generator", ""), root.get("answers", ""), root.get("body", ""))


def _block(element: etree._Element) -> Block:
    if element.tag == _N + "table":
        rows = tuple(tuple(cell.text or "" for cell in row) for row in element)
        return Block("table", rows=rows)
    objects = tuple(o.get("alt", "") for o in element.iterchildren(_N + "object"))
    return Block("p", element.text or "", objects)


# --- in the package ---------------------------------------------------------------------------


def attach(document_part: Part, record: Record) -> Part:
    """Add the record as a custom XML part (with its properties part, as Word writes them)."""
    package = document_part.package
    name = package.next_partname("/customXml/item%d.xml")
    item = Part(name, "application/xml", to_xml(record), package)
    props_name = PackURI(name.replace("/item", "/itemProps"))
    item.relate_to(Part(props_name, CT.OFC_CUSTOM_XML_PROPERTIES, _props_xml(), package),
                   RT.CUSTOM_XML_PROPS)
    document_part.relate_to(item, RT.CUSTOM_XML)
    return item


def _props_xml() -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<ds:datastoreItem ds:itemID="{_ITEM_ID}" xmlns:ds="{_DS}"><ds:schemaRefs>'
            f'<ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>').encode()


def find_part(document_part: Part) -> Part | None:
    """The record's part among those the document relates to, if there is one."""
    for rel in document_part.rels.values():
        if rel.reltype == RT.CUSTOM_XML and not rel.is_external and from_xml(rel.target_part.blob):
            part: Part = rel.target_part
            return part
    return None


def read(data: bytes) -> Record | None:
    """The record inside a .docx's bytes, or None (not a specgen document, or not a .docx)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = [n for n in package.namelist() if n.startswith("customXml/item") and "Props" not in n]
            for name in sorted(names):
                record = from_xml(package.read(name))
                if record is not None:
                    return record
    except zipfile.BadZipFile:
        return None
    return None


def document_body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    body = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
    return body if body is not None else root


def as_written(data: bytes) -> bool:
    """True if the .docx's body is exactly the one specgen wrote (whatever else a save changed)."""
    record = read(data)
    if record is None or not record.body:
        return False
    try:
        return body_digest(document_body(data)) == record.body
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return False
