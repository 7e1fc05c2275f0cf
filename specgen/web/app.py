"""The Starlette app: its routes, each a thin async shell over a plain function that runs in a
worker thread (the answer files and the builds are ordinary blocking work)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from specgen.web import documents, overview, questions
from specgen.web.folder import Folder
from specgen.web.guard import Guard
from specgen.web.site import STATIC, Site, page

MAX_FIELDS = 500  # the longest form (an item with many fields) has a few dozen


def create_app(folder: Path, hosts: frozenset[str] | None, token: str | None = None) -> Guard:
    """The web interview over the answer files in ``folder``, answering only to ``hosts``
    (any host if None: then give a ``token``) and wanting ``token`` on every request if given."""
    site = Site(Folder(folder))
    app = Starlette(routes=_routes(site), exception_handlers={HTTPException: _error(site)})
    return Guard(app, hosts, token)


def _routes(site: Site) -> list[Route | Mount]:
    def get(handler: Callable[..., Response], *names: str) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            args = [_param(request, n) for n in names]
            return await run_in_threadpool(handler, site, *args)
        return endpoint

    def post(handler: Callable[..., Response], *names: str, fields: tuple[str, ...] = (),
             whole_form: bool = False) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            form = await _form(site, request)
            args: list[Any] = [_param(request, n) for n in names]
            args += [form] if whole_form else [_first(form, f) for f in fields]
            return await run_in_threadpool(handler, site, *args)
        return endpoint

    item = "/f/{name}/q/{field}/item/{number:int}"
    return [
        Route("/", get(overview.start_page)),
        Route("/new", post(overview.new_file, fields=("name",)), methods=["POST"]),
        Route("/f/{name}", get(overview.resume, "name")),
        Route("/f/{name}/q/{field}", get(questions.show, "name", "field", "then")),
        Route("/f/{name}/q/{field}", post(questions.answer, "name", "field", whole_form=True),
              methods=["POST"]),
        Route(item, get(questions.show_item, "name", "field", "number", "then")),
        Route(item, post(questions.save_item, "name", "field", "number", whole_form=True),
              methods=["POST"]),
        Route("/f/{name}/q/{field}/remove/{number:int}",
              post(questions.remove_item, "name", "field", "number", whole_form=True), methods=["POST"]),
        Route("/f/{name}/check", get(overview.check_page, "name")),
        Route("/f/{name}/needs", get(overview.needs_page, "name")),
        Route("/f/{name}/documents", get(documents.documents_page, "name")),
        Route("/f/{name}/download", post(documents.download, "name", fields=("kind", "format")),
              methods=["POST"]),
        Route("/f/{name}/preview/{kind}", get(documents.preview, "name", "kind")),
        Route("/document.css", get(lambda _site: documents.stylesheet())),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def _param(request: Request, name: str) -> Any:
    if name in request.path_params:
        return request.path_params[name]
    return request.query_params.get(name, "")


async def _form(site: Site, request: Request) -> dict[str, list[str]]:
    async with request.form(max_files=0, max_fields=MAX_FIELDS) as form:
        values = {key: [str(v) for v in form.getlist(key)] for key in form}
    site.check_csrf(_first(values, "csrf"))
    return values


def _first(form: dict[str, list[str]], key: str) -> str:
    given = form.get(key, [])
    return given[0] if given else ""


def _error(site: Site) -> Callable[[Request, Exception], Any]:
    async def handler(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return page(site, "error.html", status=error.status_code, message=error.detail, errors=[])
    return handler
