"""Has anyone changed an output since specgen wrote it?

A Word file says so itself: its clause record (:mod:`specgen.render.clausemap`) holds a digest
of the body as specgen wrote it, which no save by Word or LibreOffice keeps unless nothing was
changed, and which a merge clears, since a merged document holds the team's words. Other outputs
are compared with the record of them in the output folder's manifest, where there is one.
"""

from __future__ import annotations

import stat
from pathlib import Path

from specgen.outputs import digest, intact, recorded
from specgen.render import clausemap


def edited(path: Path, new: bytes) -> bool:
    """True if ``path`` holds something specgen did not write (and would overwrite with ``new``)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False  # a folder or a pipe in the way: writing it fails with its own message
        old = path.read_bytes()
    except OSError:  # nothing there, or no way there: writing says why, with its own message
        return False
    if old == new:
        return False
    if path.suffix.lower() == ".docx":
        return not clausemap.as_written(old)
    record = recorded(path.parent, path)
    return record is not None and not intact(path, record)


def aside_path(path: Path, data: bytes) -> Path:
    """Where an edited output is saved before a fresh one replaces it: ``STEM.edited-1a2b3c4d.docx``."""
    return path.with_name(f"{path.stem}.edited-{digest(data)[:8]}{path.suffix}")
