"""What a batch report prints about each file, and how it shows progress.

    details(outcome)                        # the result table's cell: warnings by kind, stale documents
    progress_line(outcome, done, total)     # one line per finished file, for a log
    summary_line(outcomes, seconds)         # built, skipped, failed and edited, and the time
    mark_stale(outcome, plan)               # a failed file's earlier documents, named
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from specgen.workflows.batch import Outcome, Plan
from specgen.workflows.report_fields import stale_documents, warning_groups

SUMMARY = (("built", "built"), ("unchanged", "skipped as unchanged"), ("failed", "failed"),
           ("edited", "edited"))
"""The statuses the summary line counts, and how it names them."""


def mark_stale(outcome: Outcome, todo: Plan) -> Outcome:
    """A failed file's outcome with the documents its earlier build left in the output folder.

    Not for a file refused because another has the same name: those documents are the other's.
    """
    stem = outcome.file.stem
    if outcome.status != "failed" or sum(p.stem == stem for p in todo.order) > 1:
        return outcome
    names = [f"{stem}.{kind}.{fmt}" for kind in todo.options.kinds for fmt in todo.options.formats]
    return replace(outcome, stale=stale_documents(todo.out, todo.manifest.get(stem), names))


def details(outcome: Outcome) -> str:
    """The result table's details cell: what was done (and what became of edited documents),
    then every warning, or for a file not built, why and which earlier documents are now stale."""
    if outcome.status in ("failed", "edited"):
        lines = [outcome.reason]
        if outcome.stale:
            lines += ["Earlier documents kept, now stale:", *(f"  {s}" for s in outcome.stale)]
        return "\n".join(lines)
    first = "up to date" if outcome.status == "unchanged" else (
        f"{len(outcome.outputs)} file(s) in {outcome.seconds:.1f} s")
    lines = [first, *(merge.summary() for merge in outcome.merges),
             *(f"edited file saved as {path.name}" for path in outcome.set_aside)]
    if outcome.warnings:
        lines.append(f"{len(outcome.warnings)} warning(s):")
    for kind, messages in warning_groups(outcome.warnings).items():
        lines += [f"{kind} ({len(messages)}):", *(f"  - {m}" for m in messages)]
    return "\n".join(lines)


def progress_line(outcome: Outcome, done: int, total: int) -> str:
    """One plain line per finished file, for a log rather than a terminal."""
    width = len(str(total))
    note = outcome.reason if outcome.status in ("failed", "edited") else (
        f"{len(outcome.warnings)} warning(s)" if outcome.warnings else "")
    return f"[{done:>{width}}/{total}] {outcome.file}: {outcome.status}" + (f": {note}" if note else "")


def counts(outcomes: Sequence[Outcome]) -> dict[str, int]:
    found = Counter(str(o.status) for o in outcomes)
    return {status: found[status] for status, _ in SUMMARY}


def summary_line(outcomes: Sequence[Outcome], seconds: float) -> str:
    numbers = counts(outcomes)
    return ", ".join(f"{numbers[status]} {words}" for status, words in SUMMARY) + f" in {seconds:.2f} s"
