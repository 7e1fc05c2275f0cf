"""A reference .docx, checked and not trusted: a fresh package with only the parts we use.

An organisation's reference document is a file from outside. We read from it only its styles,
numbering, settings, theme, font table and page setup, each with a size limit, parse them without
DTDs or entities, and build a new package from them. Nothing else comes across: no thumbnail,
bibliography, macros, headers, pictures, attached template or any external relationship.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from specgen.errors import RenderError
from specgen.render.ooxml import insert_in_order

MAX_FILE_BYTES = 25_000_000
MAX_PART_BYTES = 20_000_000
MAX_MEMBERS = 10_000
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

REQUIRED_STYLES = ("Normal", "Title", "Subtitle", "heading 1", "heading 2", "heading 3",
                   "TOC Heading", "TOC 1", "TOC 2", "Note", "List Bullet", "List Number",
                   "Caption", "header", "footer", "Table Grid")
"""Styles the Word renderer picks by name (as stored: Word keeps built-in names in lower case)."""

# part we keep → (name in our package, content type, relationship type)
_KEPT = {
    "styles": ("word/styles.xml", CT.WML_STYLES, RT.STYLES),
    "numbering": ("word/numbering.xml", CT.WML_NUMBERING, RT.NUMBERING),
    "settings": ("word/settings.xml", CT.WML_SETTINGS, RT.SETTINGS),
    "theme": ("word/theme/theme1.xml", CT.OFC_THEME, RT.THEME),
    "fontTable": ("word/fontTable.xml", CT.WML_FONT_TABLE, RT.FONT_TABLE),
}
_DROPPED_SETTINGS = ("attachedTemplate", "mailMerge", "savePreviewPicture", "documentProtection",
                     "writeProtection", "docVars", "rsids", "attachedSchema", "updateFields")


def reference_package(path: Path) -> bytes:
    """The parts of ``path`` specgen uses, as a new .docx package; RenderError if it is not usable."""
    return rebuilt(_read(path), path)


def rebuilt(data: bytes, path: Path) -> bytes:
    """The parts of a package specgen uses (``path`` names it in messages), as a new package."""
    package = _open(data, path)
    main = _main_part_name(package, path)
    related = _related_parts(package, main, path)
    if "styles" not in related:
        raise RenderError(f"{path}: the document has no styles part; use a Word document saved by "
                          "Word or LibreOffice, e.g. a copy of specgen's templates/reference.docx")
    parts = {kind: _xml(package, name, path) for kind, name in related.items()}
    _check_styles(parts["styles"], path)
    _clean(parts)
    body_section = _section_properties(_xml(package, main, path))
    return _write(parts, body_section)


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise RenderError(f"{path}: --reference-doc must be a .docx file")
        if size > MAX_FILE_BYTES:
            raise RenderError(f"{path}: {size:,} bytes is too large for a reference document "
                              f"(the limit is {MAX_FILE_BYTES:,}); it needs styles, not content")
        return path.read_bytes()
    except OSError as exc:
        raise RenderError(f"{path}: cannot read the reference document: {exc.strerror}") from exc


def _open(data: bytes, path: Path) -> zipfile.ZipFile:
    _check_member_count(data, path)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise RenderError(f"{path}: not a Word document (a .docx is a zip package and this file "
                          "is not one); save it from Word as .docx") from exc


def _check_member_count(data: bytes, path: Path) -> None:
    """Refuse a package with a huge number of members before zipfile lists them all."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end >= 0 and len(data) >= end + 22:
        (count,) = struct.unpack("<H", data[end + 10:end + 12])
        if count > MAX_MEMBERS:
            raise RenderError(f"{path}: the package has {count:,} members, more than a Word "
                              f"document has (limit {MAX_MEMBERS:,})")


def _main_part_name(package: zipfile.ZipFile, path: Path) -> str:
    for rel in _relationships(package, "_rels/.rels", path):
        if rel.get("Type") == RT.OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return _resolve("", rel.get("Target", ""))
    raise RenderError(f"{path}: not a Word document (the package names no main document part); "
                      "save it from Word as .docx")


def _related_parts(package: zipfile.ZipFile, main: str, path: Path) -> dict[str, str]:
    folder, name = posixpath.split(main)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    wanted = {rel_type: kind for kind, (_, _, rel_type) in _KEPT.items()}
    found: dict[str, str] = {}
    for rel in _relationships(package, rels, path):
        kind = wanted.get(rel.get("Type", ""))
        if kind and rel.get("TargetMode") != "External" and kind not in found:
            found[kind] = _resolve(folder, rel.get("Target", ""))
    return found


def _relationships(package: zipfile.ZipFile, name: str, path: Path) -> list[etree._Element]:
    if name not in package.namelist():
        return []
    return list(_xml(package, name, path).iter(f"{{{_PKG_RELS}}}Relationship"))


def _resolve(folder: str, target: str) -> str:
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined)


def _xml(package: zipfile.ZipFile, name: str, path: Path) -> etree._Element:
    data = _read_part(package, name, path)
    if _DOCTYPE.match(data):
        raise RenderError(f"{path}: its part {name} declares a DTD with entities, which Word never "
                          "writes (an entity bomb?); refusing it")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"{path}: its part {name} is not well-formed XML ({exc})") from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise RenderError(f"{path}: its part {name} declares a DTD with entities, which Word never "
                          "writes (an entity bomb?); refusing it")
    return root


def _read_part(package: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        with package.open(name) as member:
            data = member.read(MAX_PART_BYTES + 1)
    except KeyError as exc:
        raise RenderError(f"{path}: the package names a part {name} that it does not hold") from exc
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
        raise RenderError(f"{path}: cannot unpack its part {name} ({exc})") from exc
    if len(data) > MAX_PART_BYTES:
        raise RenderError(f"{path}: its part {name} unpacks to more than {MAX_PART_BYTES:,} bytes "
                          "(a zip bomb?); a reference document holds styles, not content")
    return data


def _check_styles(styles: etree._Element, path: Path) -> None:
    names = {name.get(f"{{{W}}}val", "").lower() for name in styles.iter(f"{{{W}}}name")}
    missing = [style for style in REQUIRED_STYLES if style.lower() not in names]
    if missing:
        raise RenderError(f"{path}: the reference document lacks the styles specgen uses: "
                          f"{', '.join(missing)}; start from a copy of specgen's "
                          "templates/reference.docx and restyle it")


def _clean(parts: dict[str, etree._Element]) -> None:
    """Nothing that points at another part or outside the package survives."""
    settings = parts.get("settings")
    if settings is not None:
        for tag in _DROPPED_SETTINGS:
            for child in settings.findall(f"{{{W}}}{tag}"):
                settings.remove(child)
    numbering = parts.get("numbering")
    if numbering is not None:
        for tag in ("numPicBullet", "lvlPicBulletId"):
            for child in list(numbering.iter(f"{{{W}}}{tag}")):
                child.getparent().remove(child)
    theme = parts.get("theme")
    if theme is not None and any(_points_elsewhere(element) for element in theme.iter()):
        del parts["theme"]  # a theme with pictures: fonts and colours fall back to the styles'
    for root in parts.values():
        for element in [e for e in root.iter() if e is not root and _points_elsewhere(e)]:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)


def _points_elsewhere(element: etree._Element) -> bool:
    """Whether an element refers to another part or outside the package (an r: attribute)."""
    return any(str(key).startswith(f"{{{R}}}") for key in element.attrib)


def _section_properties(document: etree._Element) -> etree._Element:
    """The reference's page setup, without its headers and footers; A4 portrait if it has none."""
    body = document.find(f"{{{W}}}body")
    found = body.find(f"{{{W}}}sectPr") if body is not None else None
    section = etree.fromstring(_DEFAULT_SECTION) if found is None else found
    for child in list(section):
        if child.tag in (f"{{{W}}}headerReference", f"{{{W}}}footerReference", f"{{{W}}}sectPrChange",
                         f"{{{W}}}printerSettings"):
            section.remove(child)
    for key in [k for k in section.attrib if k.startswith(f"{{{R}}}")]:
        del section.attrib[key]
    if section.find(f"{{{W}}}pgSz") is None:
        insert_in_order(section, etree.fromstring(_DEFAULT_SECTION).find(f"{{{W}}}pgSz"))
    return section


_DOCTYPE = re.compile(rb"\s*(<\?xml[^>]*\?>)?\s*(<!--.*?-->\s*)*<!DOCTYPE", re.S)

_DEFAULT_SECTION = (
    f'<w:sectPr xmlns:w="{W}"><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1304" '
    'w:right="1304" w:bottom="1304" w:left="1304" w:header="709" w:footer="709" w:gutter="0"/>'
    "</w:sectPr>")


def _write(parts: dict[str, etree._Element], section: etree._Element) -> bytes:
    document = etree.fromstring(f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body/></w:document>')
    document[0].append(section)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _content_types(parts))
        package.writestr("_rels/.rels", _rels([
            ("rId1", RT.OFFICE_DOCUMENT, "word/document.xml"),
            ("rId2", RT.CORE_PROPERTIES, "docProps/core.xml")]))
        package.writestr("docProps/core.xml", _CORE)
        package.writestr("word/document.xml", _bytes(document))
        package.writestr("word/_rels/document.xml.rels", _rels([
            (f"rId{i}", _KEPT[kind][2], _KEPT[kind][0].removeprefix("word/"))
            for i, kind in enumerate(parts, start=1)]))
        for kind, root in parts.items():
            package.writestr(_KEPT[kind][0], _bytes(root))
    return out.getvalue()


def _content_types(parts: dict[str, etree._Element]) -> bytes:
    overrides = [("/word/document.xml", CT.WML_DOCUMENT_MAIN),
                 ("/docProps/core.xml", CT.OPC_CORE_PROPERTIES),
                 *((f"/{_KEPT[kind][0]}", _KEPT[kind][1]) for kind in parts)]
    body = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
        f'{CT.OPC_RELATIONSHIPS}"/><Default Extension="xml" ContentType="{CT.XML}"/>{body}</Types>'
    ).encode()


def _rels(rels: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
                   for rid, kind, target in rels)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_RELS}">{body}</Relationships>').encode()


def _bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://'
    'schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
    'elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
    'XMLSchema-instance"><cp:revision>1</cp:revision></cp:coreProperties>')
