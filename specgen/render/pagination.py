"""placeholder"""
from __future__ import annotations

from docx.document import Document as WordDocument


def page_numbers(word: WordDocument) -> dict[str, int]:
    return {}
