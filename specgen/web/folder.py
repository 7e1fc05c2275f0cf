"""The answer files the web app serves: those directly inside one folder, and no others.

A file is named in an address by its own name (``northmoor.yaml``); a name is accepted only if
it is a plain file name — letters, digits, ``-`` and ``_``, then ``.yaml`` or ``.yml`` — so no
address can reach outside the folder, whatever it contains (``../``, ``/``, ``%2F``, ``\\``).
"""

from __future__ import annotations

import re
from pathlib import Path

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}\.ya?ml")
_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")


class BadName(ValueError):
    """A file name the web app refuses; the message says what a name may hold."""


RULE = ("use letters, digits, hyphens (-) and underscores (_) only, starting with a letter or "
        "digit, at most 80 characters")


class Folder:
    """The folder ``specgen serve`` was started in, with its answer files."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def files(self) -> list[Path]:
        """The answer files in the folder (not in folders below it), by name."""
        return sorted(p for p in self.root.iterdir() if NAME.fullmatch(p.name) and p.is_file())

    def path(self, name: str) -> Path:
        """The file a name in an address stands for (it may not exist yet). BadName otherwise."""
        if not NAME.fullmatch(name):
            raise BadName(f"'{name}' is not a file name the interview opens: {RULE}, ending .yaml")
        path = self.root / name
        if path.parent != self.root:  # cannot happen with NAME; kept as the rule's own guard
            raise BadName(f"'{name}' is outside the folder")
        return path

    def new_name(self, typed: str) -> str:
        """The file name for a new specification typed by a person (``.yaml`` added if missing)."""
        stem = typed.strip().removesuffix(".yaml").removesuffix(".yml")
        if not _STEM.fullmatch(stem):
            raise BadName(f"Enter a name that can be a file name: {RULE}")
        if (self.root / f"{stem}.yaml").exists():
            raise BadName(f"There is already a file called {stem}.yaml; choose another name, "
                          "or open that one from the list")
        return f"{stem}.yaml"
