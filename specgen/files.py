"""Writing outputs safely: a file is either the old complete one or the new complete one."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

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
    targets new and others old, and even then each of them is whole.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
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
