"""Locate the bundled clause library and layouts.

In an installed wheel they sit inside the package; in a source checkout (editable install or
running from the repository) they sit at the top of the repository.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def bundled(name: str) -> Path:
    """Return the folder ``snippets`` or ``templates`` shipped with specgen."""
    packaged = Path(str(resources.files("specgen"))) / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"specgen's bundled {name}/ folder is missing; reinstall specgen")
