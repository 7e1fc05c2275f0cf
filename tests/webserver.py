"""A real `specgen serve` app on a free local port, in a thread, for the web tests.

The tests talk to it over HTTP (urllib, Selenium) as a browser would; Starlette's TestClient is
not used (it needs httpx, and warns under filterwarnings=error)."""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from specgen.web import create_app
from specgen.web.guard import LOCAL_NAMES

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Server:
    port: int
    host: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            sent.setdefault("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        found = {k.lower(): v for k, v in response.getheaders()}
        return Reply(response.status, found, data.decode("utf-8", "replace"))

    def get(self, path: str, **headers: str) -> Reply:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, form: dict[str, str | list[str]], csrf: bool = True) -> Reply:
        fields = dict(form)
        if csrf:
            fields["csrf"] = self.csrf()
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def csrf(self) -> str:
        found = CSRF.search(self.get("/").body)
        assert found, "the start page carries the form token"
        return found.group(1)


@contextmanager
def serving(folder: Path, token: str | None = None, hosts: frozenset[str] | None = LOCAL_NAMES
            ) -> Iterator[Server]:
    """Serve ``folder`` on a free port of 127.0.0.1 until the block ends."""
    config = uvicorn.Config(create_app(folder, hosts, token), host="127.0.0.1", port=0,
                            log_level="error", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Server(port)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
