"""Time specgen as whole processes, beside pandoc and LibreOffice where installed.

    python bench/run.py [--runs N] [--example FILE]

Runs every command once per round, N rounds (after one warm-up round), so that the baselines
share the machine's conditions with specgen. Prints each command's median and fastest wall time,
its median CPU time (user + system, summed over its processes) and its peak memory (the largest
resident size of any one of its processes), then four ratios of medians against their targets:

    validate            / pandoc markdown→docx          ≤ 1.0
    build --format docx / pandoc markdown→docx          ≤ 2.0
    build --format pdf  / LibreOffice docx→pdf          ≤ 1.0   (our tagged PDF; LibreOffice
    build (docx + pdf)  / LibreOffice docx→pdf          ≤ 1.2    converts our own .docx)

The load average before and after is printed too: on a busy machine the ratios drift, so quote
them with it. Results go to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northmoor-new-team.yaml"
SPECGEN = [sys.executable, "-m", "specgen"]

TARGETS = (  # (what, ours, baseline, at most)
    ("validate / pandoc", "validate", "pandoc md->docx", 1.0),
    ("build docx / pandoc", "build docx", "pandoc md->docx", 2.0),
    ("build pdf / libreoffice", "build pdf", "libreoffice docx->pdf", 1.0),
    ("build docx+pdf / libreoffice", "build docx+pdf", "libreoffice docx->pdf", 1.2),
)


@dataclass
class Runs:
    command: list[str]
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kb: int = 0

    def run(self, keep: bool = True) -> None:
        start = time.perf_counter()
        process = subprocess.Popen(self.command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(self.command)}")
        if keep:
            self.wall.append(wall)
            self.cpu.append(usage.ru_utime + usage.ru_stime)
            self.peak_kb = max(self.peak_kb, usage.ru_maxrss)


def commands(example: Path, work: Path) -> dict[str, list[str]]:
    out = ["--out", str(work)]
    found = {
        "validate": [*SPECGEN, "validate", str(example)],
        "build docx": [*SPECGEN, "build", str(example), "--format", "docx", *out],
        "build pdf": [*SPECGEN, "build", str(example), "--format", "pdf", *out],
        "build docx+pdf": [*SPECGEN, "build", str(example), *out],
    }
    if shutil.which("pandoc"):
        markdown = work / "spec.md"
        markdown.write_bytes(subprocess.run(
            [sys.executable, "-c", MARKDOWN, str(example)], cwd=ROOT, check=True,
            capture_output=True).stdout)
        found["pandoc md->docx"] = ["pandoc", str(markdown), "-o", str(work / "pandoc.docx")]
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        subprocess.run(found["build docx"], cwd=ROOT, check=True, capture_output=True)
        ours = work / f"{example.stem}.spec.docx"
        mine = work / "lo-input.docx"  # a copy, so our own builds never race the conversion
        shutil.copyfile(ours, mine)
        profile = f"-env:UserInstallation={(work / 'lo-profile').as_uri()}"  # not a running one's
        found["libreoffice docx->pdf"] = [office, profile, "--headless", "--convert-to", "pdf",
                                          "--outdir", str(work / "lo"), str(mine)]
    return found


# The same text as the Word file, as Markdown (the document's plain-text rendering), for pandoc.
MARKDOWN = """
import sys
from pathlib import Path
from specgen.loader import load
from specgen.pipeline import document_for
from specgen.render.text import to_text
sys.stdout.write(to_text(document_for(load(Path(sys.argv[1])))))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--example", type=Path, default=EXAMPLE)
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="specgen-bench-"))
    try:
        load_before = os.getloadavg()
        runs = {name: Runs(command) for name, command in commands(arguments.example, work).items()}
        for round_number in range(arguments.runs + 1):
            for each in runs.values():
                each.run(keep=round_number > 0)  # the first round warms caches and is not counted
        load_after = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = _summary(runs, load_before, load_after)
    _report(results)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "latest.json").write_text(json.dumps(results, indent=2) + "\n")


def _summary(runs: dict[str, Runs], before: tuple[float, ...], after: tuple[float, ...]) -> dict:
    commands = {name: {"median_ms": round(statistics.median(r.wall) * 1000),
                       "fastest_ms": round(min(r.wall) * 1000),
                       "cpu_median_ms": round(statistics.median(r.cpu) * 1000),
                       "peak_mb": round(r.peak_kb / 1024), "runs": len(r.wall)}
                for name, r in runs.items()}
    ratios = {what: {"ratio": round(commands[ours]["median_ms"] / commands[base]["median_ms"], 2),
                     "target": target}
              for what, ours, base, target in TARGETS if ours in commands and base in commands}
    return {"load_average_before": before, "load_average_after": after, "cpus": os.cpu_count(),
            "commands": commands, "ratios": ratios}


def _report(results: dict) -> None:
    print(f"load average {_loads(results['load_average_before'])} before, "
          f"{_loads(results['load_average_after'])} after, on {results['cpus']} CPUs")
    print(f"{'command':24} {'median':>8} {'fastest':>8} {'cpu':>8} {'peak':>7}")
    for name, c in results["commands"].items():
        print(f"{name:24} {c['median_ms']:6} ms {c['fastest_ms']:5} ms {c['cpu_median_ms']:5} ms "
              f"{c['peak_mb']:4} MB")
    for what, r in results["ratios"].items():
        verdict = "met" if r["ratio"] <= r["target"] else "missed"
        print(f"{what:30} {r['ratio']:5.2f}x  (target <= {r['target']:g}: {verdict})")


def _loads(loads: tuple[float, ...]) -> str:
    return " ".join(f"{load:.1f}" for load in loads)


if __name__ == "__main__":
    main()
