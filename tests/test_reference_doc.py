"""A reference document is a file from outside: checked, never trusted.

Each hostile or broken --reference-doc goes through the real command line (`specgen build
--reference-doc FILE --format docx`, one process per case, run side by side). It either ends in
one clear line and exit 1, or builds a document from only the parts specgen uses: never a
thumbnail, an attached template, a linked picture or any other external relationship.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL

from specgen.resources import bundled

Parts = dict[str, bytes]
REFERENCE = bundled("templates") / "reference.docx"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _package(parts: Parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def _ours() -> Parts:
    package = zipfile.ZipFile(REFERENCE)
    return {name: package.read(name) for name in package.namelist()}


def _edited(edit: Callable[[Parts], None]) -> bytes:
    parts = _ours()
    edit(parts)
    return _package(parts)


def _without_note_style(parts: Parts) -> None:
    styles = parts["word/styles.xml"].decode()
    parts["word/styles.xml"] = re.sub(r'<w:style [^>]*w:styleId="Note".*?</w:style>', "", styles,
                                      flags=re.S).encode()


def _without_section(parts: Parts) -> None:
    parts["word/document.xml"] = re.sub(rb"<w:sectPr.*</w:sectPr>", b"", parts["word/document.xml"],
                                        flags=re.S)


def _entity_bomb(parts: Parts) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b"?>", f'?><!DOCTYPE w:styles [<!ENTITY l0 "lol">{lol}]>'.encode(), 1).replace(
        b'w:val="Normal"/>', b'w:val="Normal &l9;"/>', 1)


def _external_links(parts: Parts) -> None:
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdThumb" Type="http://schemas.openxmlformats.org/package/2006/'
        b'relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>'))
    parts["docProps/thumbnail.jpeg"] = b"\xff\xd8\xff\xe0 not really a picture"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"<Default ", b'<Default Extension="jpeg" ContentType="image/jpeg"/><Default ', 1)
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", (
            f'<Relationship Id="rIdLink" Type="{RELS}/hyperlink" Target="http://example.invalid/" '
            f'TargetMode="External"/><Relationship Id="rIdPic" Type="{RELS}/image" '
            'Target="file:///etc/passwd" TargetMode="External"/></Relationships>').encode())
    parts["word/_rels/settings.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
        f'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTpl" Type="{RELS}'
        '/attachedTemplate" Target="file:///C:/templates/evil.dotm" TargetMode="External"/>'
        "</Relationships>").encode()
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom", f'<w:attachedTemplate xmlns:r="{RELS}" r:id="rIdTpl"/><w:zoom'.encode(), 1)
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", (
        f'<w:body><w:p><w:hyperlink xmlns:r="{RELS}" r:id="rIdLink"><w:r><w:t>link</w:t></w:r>'
        "</w:hyperlink></w:p>").encode())


def _zip_bomb(path: Path) -> None:
    """Our reference, but its styles part unpacks to 1 GB (about 1 MB packed)."""
    parts = _ours()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            if name != "word/styles.xml":
                package.writestr(name, data)
        with package.open("word/styles.xml", "w", force_zip64=True) as member:
            zeros = b"\0" * (1 << 20)
            for _ in range(1024):
                member.write(zeros)


REFUSED = {
    "not-a-zip.docx": (lambda: b"This is a letter, saved with the wrong name.\n",
                       "not a Word document (a .docx is a zip package"),
    "empty.docx": (lambda: _package({}), "not a Word document (the package names no main document"),
    "no-note-style.docx": (lambda: _edited(_without_note_style),
                           "lacks the styles specgen uses: Note"),
    "entities.docx": (lambda: _edited(_entity_bomb), "declares a DTD with entities"),
}
BUILT = {
    "no-section.docx": lambda: _edited(_without_section),
    "external.docx": lambda: _edited(_external_links),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, Path]]:
    """Each case's exit code, error output and output folder, all run side by side."""
    folder = tmp_path_factory.mktemp("reference")
    answers = folder / "area.yaml"
    answers.write_text(MINIMAL, encoding="utf-8")
    for name, (make, _) in REFUSED.items():
        (folder / name).write_bytes(make())
    for name, make in BUILT.items():
        (folder / name).write_bytes(make())
    _zip_bomb(folder / "bomb.docx")
    started = {name: subprocess.Popen(
        [sys.executable, "-m", "specgen", "build", str(answers), "--format", "docx",
         "--reference-doc", str(folder / name), "--out", str(folder / name.removesuffix(".docx"))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in [*REFUSED, *BUILT, "bomb.docx"]}
    results = {}
    for name, process in started.items():
        _, errors = process.communicate(timeout=300)
        results[name] = (process.returncode, errors, folder / name.removesuffix(".docx"))
    return results


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_an_unusable_reference_doc_is_refused_in_one_clear_line(
        runs: dict[str, tuple[int, str, Path]], name: str) -> None:
    code, errors, out = runs[name]
    assert code == 1
    assert errors.count("\n") == 1 and "Traceback" not in errors
    assert errors.startswith(str(out) + ".docx: ")
    assert REFUSED[name][1] in errors
    assert not out.exists()  # nothing half-written


def test_a_zip_bomb_is_refused_before_it_is_unpacked(runs: dict[str, tuple[int, str, Path]]) -> None:
    code, errors, _ = runs["bomb.docx"]
    assert code == 1 and errors.count("\n") == 1
    assert "its part word/styles.xml unpacks to more than 20,000,000 bytes" in errors


def test_a_reference_without_page_setup_gets_an_a4_page(runs: dict[str, tuple[int, str, Path]]) -> None:
    code, errors, out = runs["no-section.docx"]
    assert code == 0, errors
    body = zipfile.ZipFile(out / "area.spec.docx").read("word/document.xml")
    assert b'<w:pgSz w:w="11906" w:h="16838"/>' in body


def test_nothing_external_or_stale_comes_across(runs: dict[str, tuple[int, str, Path]]) -> None:
    code, errors, out = runs["external.docx"]
    assert code == 0, errors
    package = zipfile.ZipFile(out / "area.spec.docx")
    assert "docProps/thumbnail.jpeg" not in package.namelist()
    assert "word/_rels/settings.xml.rels" not in package.namelist()
    everything = b"".join(package.read(name) for name in package.namelist())
    for trace in (b"External", b"attachedTemplate", b"example.invalid", b"/etc/passwd", b"evil.dotm"):
        assert trace not in everything
