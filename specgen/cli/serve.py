"""`specgen serve`: the interview as a local web app."""

from __future__ import annotations

import secrets
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from specgen.cli.app import app

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
ANY_ADDRESS = ("0.0.0.0", "::", "")


@app.command()
def serve(
    folder: Annotated[Path, typer.Argument(help="The folder of answer files to serve.", exists=True,
                                           file_okay=False)] = Path("."),
    host: Annotated[str, typer.Option(help="The address to listen on. Any address other than "
                                      "this computer's own needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.", min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(help="The access token every request must carry "
                                              "(generated and printed if the host needs one).")] = None,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the address in a browser.")] = False,
) -> None:
    """Serve the interview as a web app over the answer files in FOLDER.

    It listens on this computer only (127.0.0.1) unless --host says otherwise, and then wants an
    access token. Open the address it prints; stop it with Ctrl-C. Answers are saved at once.
    """
    import uvicorn

    from specgen.web import create_app
    from specgen.web.guard import LOCAL_NAMES

    local = host in LOCAL_HOSTS
    if not local and token is None:
        token = secrets.token_urlsafe(24)
    hosts = LOCAL_NAMES if local else (None if host in ANY_ADDRESS else frozenset({host}))
    address = address_of(host, port, token)
    typer.echo(f"specgen serve: answer files in {folder.resolve()}\nOpen {address}\nPress Ctrl-C to stop.")
    if open_browser:
        webbrowser.open(address)
    uvicorn.run(create_app(folder, hosts, token), host=host, port=port, log_level="warning")


def address_of(host: str, port: int, token: str | None) -> str:
    shown = "127.0.0.1" if host in ANY_ADDRESS else (f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
