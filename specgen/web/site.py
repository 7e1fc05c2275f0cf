"""What every page shares: the folder, the form token, the templates and one lock for the files.

Handlers are plain functions of a :class:`Site` and the request's values; :func:`page` and
:func:`redirect` make their responses. Pages work without JavaScript (forms post, then the
browser is sent to the next page); with it, htmx swaps each page in place.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, RedirectResponse, Response

from specgen.errors import SpecgenError
from specgen.interview import Interview, open_file
from specgen.interview.questions import bundled_catalogue
from specgen.interview.store import AnswerFile
from specgen.web.folder import BadName, Folder

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass
class Site:
    """One running ``specgen serve``: its folder and the secret its forms carry."""

    folder: Folder
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    lock: threading.Lock = field(default_factory=threading.Lock)
    opened: dict[Path, tuple[tuple[int, ...] | None, AnswerFile]] = field(default_factory=dict)

    def check_csrf(self, given: Any) -> None:
        """Every form carries the token; a post without it (from another site) is refused."""
        if not isinstance(given, str) or not hmac.compare_digest(given, self.csrf):
            raise HTTPException(403, "This form has expired or did not come from this app. Go "
                                     "back, reload the page and send it again.")

    def path(self, name: str) -> Path:
        try:
            return self.folder.path(name)
        except BadName as error:
            raise HTTPException(404, str(error)) from None

    @contextmanager
    def interview(self, name: str) -> Iterator[Interview]:
        """The interview of one answer file, with the files locked while it is used."""
        path = self.path(name)
        with self.lock:
            answers = self._answer_file(path, name)
            try:
                yield Interview(bundled_catalogue(), answers)
            except BaseException as error:
                self.opened.pop(path, None)  # an edit may have stopped half-way: read it afresh
                if isinstance(error, SpecgenError):  # e.g. the file could not be saved
                    raise HTTPException(500, f"{name}: {error}") from error
                raise
            self.opened[path] = (_stamp(path), answers)

    def _answer_file(self, path: Path, name: str) -> AnswerFile:
        """The file as last seen, unless it changed on disk since (edited by hand meanwhile):
        reading a long file again for every page would cost more than the page itself."""
        stamp, answers = self.opened.get(path, (None, None))
        if answers is not None and stamp == _stamp(path):
            return answers
        try:
            return open_file(path)
        except SpecgenError as error:
            raise HTTPException(422, f"{name} cannot be opened: {error}") from None


def _stamp(path: Path) -> tuple[int, ...] | None:
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def file_url(name: str, *parts: str) -> str:
    return "/f/" + "/".join(quote(p, safe="") for p in (name, *parts))


def page(site: Site, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _environment().get_template(template).render(csrf=site.csrf, file_url=file_url, **context)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def redirect(url: str) -> Response:
    """After a post: send the browser to the page to show (post/redirect/get)."""
    return RedirectResponse(url, status_code=303, headers=SECURITY_HEADERS)


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)
