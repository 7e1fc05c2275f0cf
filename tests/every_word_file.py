"""Every kind of Word file specgen writes, built through the real command line.

Each example in every kind it has answers for (toolkit layout), the specification in every other
layout, the minimal answer file, the hostile corpus (tests/hostile/corpus.yaml) and the change
note of `specgen diff --format docx`. The builds run side by side as separate processes. Beside
them, a document whose table has too many columns for a portrait page (wide-table.docx).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from conftest import EXAMPLES, MINIMAL, kinds_for
from ruamel.yaml import YAML

from specgen.cli import LAYOUTS
from specgen.document import Clause, Document, Meta, Paragraph, Section, Span, Table
from specgen.pipeline import KINDS
from specgen.render import RenderOptions, renderer


def hostile_answers() -> dict[str, object]:
    corpus_file = Path(__file__).parent / "hostile" / "corpus.yaml"
    corpus = YAML(typ="safe", pure=True).load(corpus_file.read_text("utf-8"))
    texts = [*corpus["rendered"].values(), *corpus["emoji"].values()]
    return {
        "document": {"commissioners": ["Cyngor <b>{{ x }}</b> & Co"], "area": "Ynys M\u00f4n",
                     "author": "Si\u00e2n %s {0}", "date": "2025-01-01"},
        "introduction": {"context": "\n\n".join(texts), "aims": texts},
        "service": {"team": {"lead": {"profession": "clinical_psychologist"}},
                    "eligibility": {"geography": "Ynys M\u00f4n"}, "parents_asked_for": texts},
        "standards": {"kpis": [{"name": t, "target": t} for t in texts]},
    }


def _commands(folder: Path) -> Iterator[tuple[list[str], list[Path]]]:
    """(specgen arguments, the files they write)."""
    out = folder / "out"
    for example in EXAMPLES:
        answers = YAML(typ="safe", pure=True).load(example.read_text(encoding="utf-8"))
        kinds = kinds_for(answers, KINDS)
        yield (["build", str(example), "--kind", ",".join(kinds), "--format", "docx", "--out", str(out)],
               [out / f"{example.stem}.{kind}.docx" for kind in kinds])
        for layout in LAYOUTS:
            if layout != "toolkit":
                target = out / layout
                yield (["build", str(example), "--layout", layout, "--format", "docx", "--out",
                        str(target)], [target / f"{example.stem}.spec.docx"])
    (folder / "minimal.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "hostile.json").write_text(json.dumps(hostile_answers()), encoding="utf-8")
    for name in ("minimal.yaml", "hostile.json"):
        yield (["build", str(folder / name), "--format", "docx", "--out", str(out)],
               [out / f"{Path(name).stem}.spec.docx"])
    note = out / "changes.docx"
    yield (["diff", str(EXAMPLES[0]), str(EXAMPLES[-1]), "--format", "docx", "--output", str(note)],
           [note])


def build_every_word_file(folder: Path) -> list[Path]:
    """The files, each under a name of its own (a layout's copy is STEM.LAYOUT.spec.docx)."""
    running = [(subprocess.Popen([sys.executable, "-m", "specgen", *args], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True), args, files)
               for args, files in _commands(folder)]
    built: list[Path] = []
    for process, args, files in running:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode in ((0, 1) if args[0] == "diff" else (0,)), stderr
        for file in files:
            if file.parent.name in LAYOUTS:
                file = file.rename(folder / "out" / f"{file.stem.removesuffix('.spec')}."
                                   f"{file.parent.name}.spec.docx")
            built.append(file)
    wide = folder / "out" / "wide-table.docx"
    wide.write_bytes(renderer("docx")(wide_table_document(), RenderOptions()))
    return [*built, wide]


def wide_table_document() -> Document:
    """A clause with a table of eight long-worded columns: too wide for a portrait page."""
    words = ["Accountability", "Commissioning", "Safeguarding", "Partnership", "Interventions",
             "Participation", "Relationships", "Neighbourhood"]
    table = Table(tuple((Span(w),) for w in words), tuple(
        tuple((Span(f"{w} {i}"),) for w in words) for i in range(3)))
    clause = Clause("wide.table", "1.1", "A wide table", (Paragraph((Span("Before."),)), table,
                                                           Paragraph((Span("After."),))))
    meta = Meta(title="Wide", subtitle="Tables", author="A. Author", organisations=("Org",),
                area="Area", status="draft", version="0.1", date="2025-01-01", keywords=("k",),
                running_header="Wide tables")
    return Document("spec", meta, (Section("wide", "1", "Wide", (clause,)),))
