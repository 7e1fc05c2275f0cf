"""LibreOffice for tests: convert many files in one run (starting it is the slow part)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_libreoffice import soffice


def convert(files: list[Path], fmt: str, folder: Path) -> list[Path]:
    """Each file converted to ``fmt`` by one headless LibreOffice with a private profile.

    Converting a .docx to docx makes LibreOffice's own writer save it, as when a person opens the
    file in LibreOffice and saves it.
    """
    profile = (folder / "profile").as_uri()
    out = folder / fmt
    done = subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                           "--convert-to", fmt, "--outdir", str(out), *map(str, files)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    converted = [out / f"{path.stem}.{fmt}" for path in files]
    missing = [path.name for path in converted if not path.is_file()]
    assert not missing, f"LibreOffice made no {fmt} of {missing}"
    return converted
