"""Writing outputs safely: a file is either the old complete one or the new complete one."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from specgen.errors import OutputError

STALE_AFTER = 3600
"""Seconds after which a temporary ``.part`` file is a killed write's leftover: a real write takes
milliseconds. Leftovers are cleared by the next write to the same target."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, flush to disk, then rename over it in one step."""
    write_all_atomic({path: data})


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write every file beside its target and flush it to disk, then rename each over its target.

    Nothing is renamed until every file is safely on disk, so an error or a kill while writing
    leaves every target as it was. Only a kill in the instant between two renames can leave some
    targets new and others old, and even then each of them is whole. A failure to write (the
    folder is a file, read-only or full) is an :class:`OutputError` naming the file and the reason.
    """
    staged: list[tuple[str, Path]] = []
    renamed: list[Path] = []
    current: Path | None = None
    try:
        for current, data in files.items():
            staged.append((_stage(current, data), current))
        for temporary, current in staged:
            os.replace(temporary, current)
            renamed.append(current)
    except BaseException as error:
        for temporary, path in staged:
            if path not in renamed:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
        if isinstance(error, OSError) and current is not None:
            raise OutputError(cannot_write(current, error, len(renamed))) from error
        raise
    for path in files:
        _clear_leftovers(path)


def _stage(path: Path, data: bytes) -> str:
    """A flushed, complete copy of ``data`` in a hidden temporary file beside ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return temporary


def _clear_leftovers(path: Path) -> None:
    """Remove the temporary files a killed write left beside ``path`` (older than STALE_AFTER)."""
    cutoff = time.time() - STALE_AFTER
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        with contextlib.suppress(OSError):  # another process may be clearing it too
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "you may not write to this folder",
    errno.EPERM: "you may not write to this folder",
    errno.EEXIST: "{folder} is a file, not a folder",
    errno.ENOTDIR: "a part of {folder} is a file, not a folder",
    errno.EISDIR: "a folder of that name is in the way",
}


def cannot_write(path: Path, error: OSError, replaced: int = 0) -> str:
    """One line saying which file could not be written and why, in plain words."""
    reason = _REASONS.get(error.errno or 0, error.strerror or str(error)).format(folder=path.parent)
    kept = "nothing was replaced" if not replaced else f"{replaced} other file(s) were replaced"
    return f"{path}: cannot write: {reason}; {kept}"
