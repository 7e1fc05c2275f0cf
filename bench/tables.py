"""Cost of long tables: a strategy with 1,000, 2,000 and 4,000 service-mapping rows.

    python bench/tables.py [--runs 3] [--rows 1000,2000,4000] [--formats docx,pdf]

Each answer file is the Northmoor example with its mapping rows repeated to the count asked
for; ``specgen build --kind strategy`` runs as a whole process. Prints the median wall and CPU
time of each build, the CPU time per 1,000 rows between the smallest and each larger count (flat
if the cost is linear in the rows), and the ratio of the largest to the smallest (the rows' ratio
if linear, less where a fixed start-up cost is shared).
"""

from __future__ import annotations

import argparse
import copy
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northmoor-new-team.yaml"


def answers_with_rows(rows: int, folder: Path) -> Path:
    yaml = YAML(typ="safe", pure=True)
    answers = yaml.load(EXAMPLE.read_text(encoding="utf-8"))
    base = answers["strategy"]["mapping"]
    answers["strategy"]["mapping"] = [
        {**copy.deepcopy(base[i % len(base)]), "service": f"{base[i % len(base)]['service']} ({i + 1})"}
        for i in range(rows)]
    path = folder / f"rows-{rows}.yaml"
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(answers, out)
    return path


def median_seconds(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of the command, in seconds.

    CPU time is the steadier figure on a shared machine, where waiting for a core inflates
    the wall time.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(time.perf_counter() - start)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", default="1000,2000,4000")
    parser.add_argument("--formats", default="docx,pdf")
    options = parser.parse_args()
    counts = [int(n) for n in options.rows.split(",")]
    with tempfile.TemporaryDirectory(prefix="specgen-tables-") as work:
        folder = Path(work)
        for fmt in options.formats.split(","):
            medians = {}
            for rows in counts:
                source = answers_with_rows(rows, folder)
                wall, cpu = median_seconds(
                    [sys.executable, "-m", "specgen", "build", str(source), "--kind", "strategy",
                     "--format", fmt, "--out", str(folder / "out")], options.runs)
                medians[rows] = cpu
                print(f"{fmt:5} {rows:6,} rows  median wall {wall:7.2f} s  cpu {cpu:7.2f} s", flush=True)
            _report(fmt, medians)


def _report(fmt: str, medians: dict[int, float]) -> None:
    small, *larger = sorted(medians)
    for rows in larger:
        per_thousand = (medians[rows] - medians[small]) / (rows - small) * 1000
        print(f"{fmt:5} {small:,} -> {rows:,} rows: {per_thousand:6.2f} cpu s per extra 1,000 rows")
    if larger:
        big = larger[-1]
        print(f"{fmt:5} cpu time ratio {big:,}/{small:,} rows: {medians[big] / medians[small]:5.2f} "
              f"(rows ratio {big / small:.0f}; linear cost stays at or under it)")


if __name__ == "__main__":
    main()
