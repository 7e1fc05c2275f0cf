"""PDF rendering: the document through a Jinja HTML layout and CSS into WeasyPrint (PDF/UA-1).

WeasyPrint may load only our own bundled assets and ``data:`` figures: every other URL,
whatever an answer contains, is refused by :func:`only_bundled_fetcher`.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from specgen.document import Document, anchor, heading_text
from specgen.errors import RenderError
from specgen.render import RenderOptions, pdf_tags
from specgen.resources import bundled

_NO_PANGO = ("PDF output needs the Pango libraries that WeasyPrint draws text with, and they could "
             "not be loaded ({error}). Install them (see 'PDF on Windows' in the README), or build "
             "Word files only with --format docx")


def render(document: Document, options: RenderOptions) -> bytes:
    try:
        from weasyprint import CSS, HTML  # slow import: only when a PDF is asked for
    except (ImportError, OSError) as error:  # WeasyPrint raises OSError when Pango is missing
        raise RenderError(_NO_PANGO.format(error=error)) from error

    templates = bundled("templates")
    html = as_html(document)
    fetcher = only_bundled_fetcher()
    stylesheet = CSS(string=(templates / "document.css").read_text(encoding="utf-8"),
                     url_fetcher=fetcher)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    try:
        with fewer_collections():
            pdf: bytes = HTML(string=html, base_url=templates.as_uri() + "/",
                              url_fetcher=fetcher).write_pdf(
                stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_identifier=identifier,
                finisher=pdf_tags.finish,
            )
    except Exception as exc:  # WeasyPrint raises many types; the user needs one clear message
        raise RenderError(f"the PDF renderer failed: {exc}") from exc
    return pdf


_YOUNG_OBJECTS = 10_000
"""How many new objects Python's cycle collector lets pile up before it looks (700 by default)."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The cycle collector looks less often while WeasyPrint lays out and draws, then as before.

    A PDF build makes millions of short-lived boxes. At the collector's default (a look after
    every 700 new objects) it looked about 600 times for the 42-page Northmoor specification and
    took about a tenth of the render's time; at 10,000 it looks about 140 times, at about 8 MB
    more peak memory. The PDF's bytes are the same (bench/README.md, "Where a PDF build's time
    goes").
    """
    _COLLECTOR.enter()
    try:
        yield
    finally:
        _COLLECTOR.leave()


class _Collector:
    """The collector's thresholds: raised while any render is under way (the web app's threads may
    render side by side), set back as they were when the last one ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.renders = 0
        self.saved = gc.get_threshold()

    def enter(self) -> None:
        with self.lock:
            if self.renders == 0:
                self.saved = gc.get_threshold()
                gc.set_threshold(_YOUNG_OBJECTS, *self.saved[1:])
            self.renders += 1

    def leave(self) -> None:
        with self.lock:
            self.renders -= 1
            if self.renders == 0:
                gc.set_threshold(*self.saved)


_COLLECTOR = _Collector()


def as_html(document: Document) -> str:
    """The document as the HTML page the PDF is made from (styled by ``templates/document.css``)."""
    return str(_layout().render(document=document))


@cache
def _layout() -> Any:
    env = Environment(
        loader=FileSystemLoader(str(bundled("templates"))),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
    )
    env.globals.update(anchor=anchor, heading=heading_text, svg_uri=_svg_uri)
    env.filters["breakable"] = breakable
    return env.get_template("document.html.j2")


# Thirty or more characters without a space. Thai, Lao, Myanmar and Khmer are left out: they are
# written without spaces, and the layout engine already finds the breaks between their words.
_LONG_RUN = re.compile(r"[^\s\u200b\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]{30,}")
_SOFT_BREAK = "\u200b"  # zero-width space: a place to wrap that never reaches the text layer
_EXTENDING = re.compile(  # characters that belong to the one before: never break before them
    "[\u200d\ufe00-\ufe0f\u1160-\u11ff\ud7b0-\ud7ff\U0001f3fb-\U0001f3ff"
    "\U000e0020-\U000e007f\U000e0100-\U000e01ef]")


def breakable(text: str) -> str:
    """Text in which long unbroken runs may wrap, with a soft break about every 20 characters.

    A pasted link, a runaway answer or a long word in any alphabet would otherwise run off the
    page. CSS ``overflow-wrap`` does the same but costs WeasyPrint time that grows with the square
    of the run's length (over a minute for a 100,000-character run), and ``<wbr>`` elements cost
    five times more than this. Breaks go only between whole characters as a reader sees them: never
    before an accent or other combining mark, inside an emoji sequence or a flag, or between the
    parts of a Hangul syllable. Right-to-left letters keep their joins (the break is invisible).
    """
    return _LONG_RUN.sub(lambda run: _SOFT_BREAK.join(_pieces(run.group(), 20)), text)


def _pieces(run: str, size: int) -> list[str]:
    """``run`` cut into pieces of at least ``size`` characters, each ending where a character does."""
    pieces: list[str] = []
    start, index = 0, size
    while index < len(run):
        if _starts_character(run, index, start):
            pieces.append(run[start:index])
            start, index = index, index + size
        else:
            index += 1
    pieces.append(run[start:])
    return pieces


def _starts_character(run: str, index: int, start: int) -> bool:
    """Whether a reader's character (a grapheme cluster, roughly) starts at ``run[index]``, given
    that one starts at ``run[start]``."""
    here, before = run[index], run[index - 1]
    if before == "\u200d" or _EXTENDING.match(here) or unicodedata.category(here).startswith("M"):
        return False
    if _REGIONAL.match(here):  # a flag is a pair of regional indicators: break between pairs only
        piece = run[start:index]
        return (len(piece) - len(piece.rstrip(_REGIONAL_LETTERS))) % 2 == 0
    return True


_REGIONAL_LETTERS = "".join(chr(code) for code in range(0x1F1E6, 0x1F200))
_REGIONAL = re.compile(f"[{_REGIONAL_LETTERS}]")


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def only_bundled_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and files inside templates/, nothing else.

    WeasyPrint 70 takes a URLFetcher object (its old plain-function fetchers are gone).
    """
    from weasyprint.urls import URLFetcher

    class OnlyBundled(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            check_bundled(url)
            return super().fetch(url, headers)

    return OnlyBundled(allowed_protocols=("data", "file"))


def check_bundled(url: str) -> None:
    """Refuse every URL but ``data:`` and files inside templates/."""
    if url.startswith("data:"):
        return
    root = bundled("templates").resolve()
    if url.startswith("file://"):
        path = Path(url.removeprefix("file://")).resolve()
        if path.is_relative_to(root) and path.is_file():
            return
    raise ValueError(f"specgen does not fetch external resources ({url[:80]})")
