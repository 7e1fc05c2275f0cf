"""Time specgen as whole processes, beside pandoc and LibreOffice where installed.

    python bench/run.py [--runs N]

Prints the median wall time of each command over N runs, and ratios against the baselines
run in the same go: validate vs pandoc markdown→docx, docx build vs the same pandoc run, and our
tagged PDF vs LibreOffice converting our own .docx to PDF.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northmoor-new-team.yaml"
SPECGEN = [sys.executable, "-m", "specgen"]


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="specgen-bench-"))
    results: dict[str, float] = {}
    results["validate"] = median_seconds([*SPECGEN, "validate", str(EXAMPLE)], runs)
    results["build docx"] = median_seconds(
        [*SPECGEN, "build", str(EXAMPLE), "--format", "docx", "--out", str(work)], runs)
    results["build pdf"] = median_seconds(
        [*SPECGEN, "build", str(EXAMPLE), "--format", "pdf", "--out", str(work)], runs)
    our_docx = work / f"{EXAMPLE.stem}.spec.docx"
    if shutil.which("pandoc"):
        markdown = work / "spec.md"
        subprocess.run([*SPECGEN, "build", str(EXAMPLE), "--format", "docx", "--out", str(work)],
                       check=True, cwd=ROOT)
        markdown.write_bytes(_as_markdown())
        results["pandoc md->docx"] = median_seconds(
            ["pandoc", str(markdown), "-o", str(work / "pandoc.docx")], runs)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        results["libreoffice docx->pdf"] = median_seconds(
            [office, "--headless", "--convert-to", "pdf", "--outdir", str(work / "lo"), str(our_docx)],
            max(3, runs // 2))
    _report(results)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "latest.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(work, ignore_errors=True)


def _as_markdown() -> bytes:
    from specgen.loader import load
    from specgen.pipeline import document_for
    from specgen.render.text import to_text

    return to_text(document_for(load(EXAMPLE))).encode("utf-8")


def _report(results: dict[str, float]) -> None:
    for name, seconds in results.items():
        print(f"{name:24} median {seconds * 1000:8.0f} ms")
    pandoc = results.get("pandoc md->docx")
    office = results.get("libreoffice docx->pdf")
    if pandoc:
        print(f"validate / pandoc        {results['validate'] / pandoc:6.2f}x  (target <= 1)")
        print(f"build docx / pandoc      {results['build docx'] / pandoc:6.2f}x  (target <= 2)")
    if office:
        print(f"build pdf / libreoffice  {results['build pdf'] / office:6.2f}x  (target <= 1)")


if __name__ == "__main__":
    main()
