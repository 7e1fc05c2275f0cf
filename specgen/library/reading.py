"""Reading clause-library files that may come from someone else's folder.

Every file is read as what it claims to be or refused with its path and the reason: a regular
file (not a pipe or a device), inside its library folder (a link pointing elsewhere is refused),
of a sensible size, in UTF-8, and YAML of the expected shape.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from specgen.errors import SnippetError

MAX_FILE_BYTES = 512 * 1024
"""The largest clause, label or menu file read: ten times our biggest, far below any harm."""


def read_text(path: Path, root: Path) -> str:
    """The text of a library file under ``root``, checked before it is read."""
    _check_place(path, root)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SnippetError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise SnippetError(f"{path}: larger than {MAX_FILE_BYTES // 1024} KB; a clause library "
                           "file is a few KB, so this is not one")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SnippetError(f"{path}: not UTF-8 text (byte {exc.start + 1} is {data[exc.start]:#04x}); "
                           "save the file as UTF-8") from exc


def _check_place(path: Path, root: Path) -> None:
    try:
        real = path.resolve(strict=True)
        info = real.stat()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links
        raise SnippetError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    if not real.is_relative_to(root.resolve()):
        raise SnippetError(f"{path}: links to {real}, outside the clause folder {root}; copy the "
                           "file into the folder instead")
    if not stat.S_ISREG(info.st_mode):
        raise SnippetError(f"{path}: not a regular file (a pipe, device or folder); a clause library "
                           "holds only text files")


def read_yaml(path: Path, root: Path, text: str | None = None, first_line: int = 1) -> Any:
    """A YAML library file (or the given text of one, starting at ``first_line`` of the file),
    with the line of any syntax error."""
    source = read_text(path, root) if text is None else text
    try:
        return YAML(typ="safe").load(source)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + first_line}" if mark else ""
        raise SnippetError(f"{path}{line}: not valid YAML: {exc.problem or exc.context}") from exc
    except YAMLError as exc:
        raise SnippetError(f"{path}: not valid YAML: {exc}") from exc


def mapping_of_text(data: Any, path: Path, what: str) -> dict[str, Any]:
    """``data`` as a mapping with text keys, or a message saying the file has the wrong shape."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SnippetError(f"{path}: {what} must be 'key: value' lines, not a {_kind(data)}")
    return {str(key): value for key, value in data.items()}


def _kind(data: Any) -> str:
    if isinstance(data, list):
        return "list"
    return "piece of text" if isinstance(data, str) else type(data).__name__
