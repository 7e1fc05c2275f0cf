"""What every request must pass before the app sees it: a known Host, the access token when the
server listens beyond this machine, and a body no larger than a form needs.

* **Host.** A page on another site can make a browser send requests to 127.0.0.1 by pointing its
  own name at that address (DNS rebinding); such requests carry the other site's name in
  ``Host``, so only the names this server was started for are served.
* **Token.** Bound to an address other machines can reach, the server wants its token: once in
  the address (``?token=…``), which sets a cookie for the rest of the visit, or in that cookie.
* **Size.** Bodies are read here, up to the limit, before the app parses them.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "specgen_token"
MAX_BODY = 256 * 1024  # a page of answers is a few kilobytes; a long list item, tens at most
LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


class Guard:
    """ASGI middleware: refuses a request with a plain page unless it passes all three checks."""

    def __init__(self, app: App, hosts: frozenset[str] | None, token: str | None,
                 max_body: int = MAX_BODY) -> None:
        self.app, self.hosts, self.token, self.max_body = app, hosts, token, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        if self.hosts is not None and host_name(headers.get("host", "")) not in self.hosts:
            await _refuse(send, 400, "This server answers only to the address it printed when it "
                                     "started; open that address.")
            return
        if self.token is not None and not await self._let_in(scope, headers, send):
            return
        await self._with_body(scope, receive, send, headers)

    async def _let_in(self, scope: Scope, headers: dict[str, str], send: Send) -> bool:
        assert self.token is not None
        cookie = SimpleCookie(headers.get("cookie", "")).get(COOKIE)
        if cookie is not None and hmac.compare_digest(cookie.value, self.token):
            return True
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        given = dict(query).get("token", "")
        if not hmac.compare_digest(given, self.token):
            await _refuse(send, 403, "This server needs its access token: open the address "
                                     "`specgen serve` printed, which ends with ?token=…")
            return False
        rest = urlencode([(k, v) for k, v in query if k != "token"])
        await _redirect(send, scope["path"] + (f"?{rest}" if rest else ""), self.token)
        return False

    async def _with_body(self, scope: Scope, receive: Receive, send: Send,
                         headers: dict[str, str]) -> None:
        declared = headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > self.max_body:
            await _refuse(send, 413, f"The form sent is larger than {self.max_body // 1024} KB, far "
                                     "more than any answer needs; shorten it and try again.")
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.max_body:
                await _refuse(send, 413, "The form sent is too large; shorten it and try again.")
                return
        await self.app(scope, _replay(b"".join(chunks), receive), send)


def host_name(header: str) -> str:
    """The name in a Host header, without its port: ``[::1]:8000`` → ``::1``."""
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _replay(body: bytes, original: Receive) -> Receive:
    """The body already read, then whatever the client sends next (its disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _refuse(send: Send, status: int, message: str) -> None:
    page = (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{status}: '
            f"specgen</title></head><body><main><h1>{message}</h1></main></body></html>").encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(page)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": page})


async def _redirect(send: Send, location: str, token: str) -> None:
    cookie = f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1")),
        (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
