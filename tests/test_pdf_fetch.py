"""The PDF renderer loads only specgen's own assets: no answer reads a local file or calls a server.

A small HTTP server on 127.0.0.1 (a free port, this process only) records every request; two local
files hold markers that would show up in the PDF text if WeasyPrint ever read them. Answers then
point at both in every way HTML, CSS and SVG allow. Answer text is escaped before WeasyPrint sees it,
so the first defence is that none of it becomes a tag; the second is specgen's URL fetcher, which
a figure's SVG (the one place where markup reaches WeasyPrint) tests directly. A control test shows
that the same SVG, rendered by WeasyPrint without specgen's fetcher, does call the server, so the
probes are real.
"""

from __future__ import annotations

import base64
import dataclasses
import http.server
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from specgen.answers import Answers
from specgen.assembly.assemble import assemble
from specgen.document import Clause, Document, Figure, Paragraph, Section, Span
from specgen.library.clauses import load_library
from specgen.render import RenderOptions, renderer


@dataclass
class Probe:
    """The loopback server's address, what it was asked for, and the two local bait files."""

    port: int
    requests: list[str]
    secret_css: Path
    secret_svg: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>LEAKED-HTTP</text></svg>'
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def probe(tmp_path: Path) -> Iterator[Probe]:
    handler = type("Recorder", (_Recorder,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    secret_css = tmp_path / "secret.css"
    secret_css.write_text('body::after { content: "LEAKED-CSS"; }', encoding="utf-8")
    secret_svg = tmp_path / "secret.svg"
    secret_svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
                          "<text>LEAKED-FILE</text></svg>", encoding="utf-8")
    try:
        yield Probe(server.server_address[1], handler.requests, secret_css, secret_svg)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def lures(probe: Probe) -> list[str]:
    """Every way we know for HTML or CSS to make a renderer load something."""
    css, svg, web = probe.secret_css.as_uri(), probe.secret_svg.as_uri(), probe.url
    return [
        f'<img src="{svg}"> <img src="{web}/img.svg"> <img srcset="{web}/set.svg 2x">',
        f'<link rel="stylesheet" href="{css}"> <link rel="stylesheet" href="{web}/style.css">',
        f'<style>@import url("{css}"); @import "{web}/import.css";</style>',
        f'<style>body {{ background: url({web}/background.svg) }}</style>',
        f'<p style="background-image: url({web}/inline.svg)">styled</p>',
        f'<object data="{web}/object.svg"></object> <embed src="{web}/embed.svg">',
        f'<iframe src="{svg}"></iframe> <iframe src="{web}/frame.html"></iframe>',
        f'<svg><image href="{web}/svg-image.svg"/><image href="{svg}"/></svg>',
        f'<a href="{web}/link">a link</a> <base href="{web}/">',
        f'@font-face {{ font-family: x; src: url({web}/font.ttf) }} url({web}/bare.svg)',
        f"{svg} {css} {web}/plain-text",
    ]


def build_pdf(tmp_path: Path, texts: list[str]) -> bytes:
    answers = {
        "document": {"commissioners": texts[:2], "area": "Northmoor", "author": texts[0][:300],
                     "date": "2025-01-01", "alternative_formats_contact": texts[1][:300]},
        "introduction": {"context": "\n\n".join(texts), "aims": texts},
        "service": {"team": {"lead": {"profession": "clinical_psychologist"}},
                    "eligibility": {"geography": texts[-1]}, "parents_asked_for": texts},
    }
    source = tmp_path / "lure.json"
    source.write_text(json.dumps(answers), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "specgen", "build", str(source), "--out",
                           str(tmp_path / "out"), "--format", "pdf"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return (tmp_path / "out" / "lure.spec.pdf").read_bytes()


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_no_answer_makes_the_pdf_renderer_fetch_anything(probe: Probe, tmp_path: Path) -> None:
    pdf = build_pdf(tmp_path, lures(probe))

    assert probe.requests == []
    assert "LEAKED" not in text_of(pdf)
    assert f"{probe.url}/plain-text" in text_of(pdf)  # the lures were printed, as text


# ------------------------------------------------------------------- markup that does reach it


def lure_svg(probe: Probe) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="200" height="60">'
        f'<style>@import url("{probe.url}/svg-style.css");</style>'
        f'<image href="{probe.url}/svg-image.svg" width="10" height="10"/>'
        f'<image xlink:href="{probe.url}/svg-xlink.svg" width="10" height="10"/>'
        f'<image href="{probe.secret_svg.as_uri()}" width="10" height="10"/>'
        f'<use href="{probe.url}/sprite.svg#x"/>'
        '<text x="4" y="40">chart text</text></svg>'
    )


def with_figure(svg: str) -> Document:
    answers = Answers.model_validate({
        "document": {"commissioners": ["N"], "area": "N", "author": "A", "date": "2025-01-01"},
        "introduction": {"context": "Babies need help."},
        "service": {"team": {"lead": {"profession": "clinical_psychologist"}},
                    "eligibility": {"geography": "N"}},
    })
    document = assemble(answers, load_library())
    figure = Figure(id="lure", alt="A chart that asks for outside resources.", caption="Lure", svg=svg)
    clause = Clause(id="test.lure", number="9.1", title="Lure", blocks=(
        Paragraph((Span("Before the figure."),)), figure))
    section = Section(id="test", number="9", title="Lure section", clauses=(clause,))
    return dataclasses.replace(document, sections=(*document.sections, section))


def test_a_figure_cannot_make_the_pdf_renderer_fetch_anything(probe: Probe) -> None:
    pdf = renderer("pdf")(with_figure(lure_svg(probe)), RenderOptions())

    assert probe.requests == []
    assert "LEAKED" not in text_of(pdf)
    assert "chart text" in text_of(pdf)  # the figure itself was drawn


def test_the_probes_are_fetched_by_a_renderer_without_specgens_guard(probe: Probe) -> None:
    # The control: WeasyPrint's own fetcher follows the same SVG to the loopback server.
    from weasyprint import HTML

    uri = "data:image/svg+xml;base64," + base64.b64encode(lure_svg(probe).encode()).decode()
    HTML(string=f'<img src="{uri}" alt="control">').write_pdf()

    assert "/svg-image.svg" in probe.requests
