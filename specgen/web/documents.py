"""The documents: download Word and PDF, or preview the specification in the browser.

Downloads are built by :func:`specgen.pipeline.build`, exactly as ``specgen build FILE --out
out`` builds them (written atomically into ``out/`` beside the answer files, where a copy stays);
the preview is the HTML page the PDF is made from.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response

from specgen.assembly.assemble import KINDS
from specgen.errors import AnswersError, SpecgenError
from specgen.loader import load
from specgen.pipeline import FORMATS, build, document_for
from specgen.resources import bundled
from specgen.web.overview import str_problem
from specgen.web.site import SECURITY_HEADERS, Site, file_url, page

OUT = "out"
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf"}
FORMAT_NAMES = {"docx": "Word", "pdf": "PDF"}
PREVIEW_POLICY = ("default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; "
                  "form-action 'none'; frame-ancestors 'none'")


@dataclass(frozen=True)
class Kind:
    id: str
    title: str


def documents_page(site: Site, name: str, error: str = "") -> Response:
    path = site.path(name)
    with site.lock:
        try:
            answers = load(path)
        except AnswersError as problems:
            listed = [(str_problem(p), file_url(name, "check")) for p in problems.problems]
            return page(site, "documents.html", name=name, kinds=[], problems=listed, errors=[],
                        formats=FORMAT_NAMES, error=error)
    kinds = [Kind(k, title) for k, title in KINDS.items() if k != "strategy" or answers.strategy]
    return page(site, "documents.html", name=name, kinds=kinds, problems=[], errors=[],
                formats=FORMAT_NAMES, error=error)


def download(site: Site, name: str, kind: str, fmt: str) -> Response:
    if kind not in KINDS or fmt not in FORMATS:
        raise HTTPException(404, "There is no such document.")
    path = site.path(name)
    with site.lock:
        try:
            result = build(path, site.folder.root / OUT, [kind], [fmt])
        except SpecgenError as error:
            return documents_page(site, name, str(error))
        data = result.outputs[0].read_bytes()
    headers = {**SECURITY_HEADERS,
               "Content-Disposition": f'attachment; filename="{result.outputs[0].name}"'}
    return Response(data, media_type=MEDIA[fmt], headers=headers)


def preview(site: Site, name: str, kind: str) -> Response:
    from specgen.render.pdf import as_html

    if kind not in KINDS:
        raise HTTPException(404, "There is no such document.")
    path = site.path(name)
    with site.lock:
        try:
            html = as_html(document_for(load(path), kind))
        except SpecgenError as error:
            return documents_page(site, name, str(error))
    styled = html.replace("<head>", '<head>\n<link rel="stylesheet" href="/document.css">', 1)
    return HTMLResponse(styled, headers={**SECURITY_HEADERS, "Content-Security-Policy": PREVIEW_POLICY})


def stylesheet() -> Response:
    css = (bundled("templates") / "document.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers=SECURITY_HEADERS)
