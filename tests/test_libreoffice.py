"""A real consumer: LibreOffice opens every Word file specgen writes and converts it to PDF.

Every example in every kind it has answers for, the minimal answer file and the hostile corpus
(tests/hostile/corpus.yaml) are built as .docx, then converted in one headless LibreOffice run with
a private profile (so parallel runs do not share one). Each must come out as a PDF that shows the
document's title. CI requires LibreOffice: .ci/run installs it (Debian package
libreoffice-writer-nogui) and there a missing soffice fails. On a developer's machine without it
the test is skipped with that install hint, so the README's test command still works anywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import EXAMPLES, MINIMAL, kinds_for
from ruamel.yaml import YAML

from specgen.pipeline import KINDS


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        report = pytest.fail if os.environ.get("CI") else pytest.skip
        report("LibreOffice is not installed: install the Debian package libreoffice-writer-nogui "
                    "(apt-get install --no-install-recommends libreoffice-writer-nogui), as .ci/run does")
    return found


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


def sources(folder: Path) -> Iterator[tuple[Path, list[str]]]:
    """Every answer file to build, with the kinds it has answers for."""
    for example in EXAMPLES:
        answers = YAML(typ="safe", pure=True).load(example.read_text(encoding="utf-8"))
        yield example, kinds_for(answers, KINDS)
    (folder / "minimal.yaml").write_text(MINIMAL, encoding="utf-8")
    yield folder / "minimal.yaml", ["spec"]
    (folder / "hostile.json").write_text(json.dumps(hostile_answers()), encoding="utf-8")
    yield folder / "hostile.json", ["spec"]


@pytest.fixture(scope="module")
def word_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("word")
    running = []
    for source, kinds in sources(folder):
        command = [sys.executable, "-m", "specgen", "build", str(source), "--kind", ",".join(kinds),
                   "--format", "docx", "--out", str(folder / "out")]
        running.append((subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         text=True), source, kinds))
    files = []
    for process, source, kinds in running:
        _, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        files += [folder / "out" / f"{source.stem}.{kind}.docx" for kind in kinds]
    return files


@pytest.fixture(scope="module")
def converted(word_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Each .docx and the PDF LibreOffice made of it (all in one run: starting it is the slow part)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = (folder / "profile").as_uri()
    done = subprocess.run([soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore",
                           "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, word_files)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    return {word: folder / "pdf" / f"{word.stem}.pdf" for word in word_files}


def test_every_kind_of_document_is_among_the_word_files(word_files: list[Path]) -> None:
    names = {path.name for path in word_files}
    assert {"minimal.spec.docx", "hostile.spec.docx"} <= names
    assert {f"{example.stem}.spec.docx" for example in EXAMPLES} <= names
    assert {f"{example.stem}.tender.docx" for example in EXAMPLES} <= names


def test_libreoffice_converts_every_word_file(converted: dict[Path, Path]) -> None:
    for word, pdf in converted.items():
        assert pdf.is_file(), f"LibreOffice made no PDF of {word.name}"
        assert len(pypdf.PdfReader(str(pdf)).pages) > 1, word.name


def test_libreoffice_shows_each_documents_title(converted: dict[Path, Path]) -> None:
    for word, pdf in converted.items():
        title = docx.Document(str(word)).core_properties.title
        first_pages = " ".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages[:2])
        assert "".join(title.split()) in "".join(first_pages.split()), word.name
