"""The limits an answer file must keep, checked before the full parser reads it.

An answer file is a few dozen kilobytes (the examples are under 50 KB) and holds a few thousand
keys, values and list items. The full parser keeps every line and column, which costs about a
millisecond per list item and far more memory than the file, so anything larger is refused first,
cheaply and with the real reason:

- :func:`read` takes the bytes of a regular file no larger than :data:`MAX_BYTES`; a device, a
  pipe or a larger file is refused from its metadata, before a byte is read;
- :func:`check_shape` counts what the text holds with the fast C parser's events, expanding
  aliases (``*name``) by the size of what they repeat, and stops at the first node past
  :data:`MAX_VALUES` items, :data:`MAX_CHARACTERS` characters of text or :data:`MAX_DEPTH` levels.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from specgen.errors import AnswersError, Problem

MAX_BYTES = 2_000_000
"""The largest answer file read: forty times the largest example."""
MAX_VALUES = 100_000
"""Keys, values and list items a file may hold, aliases expanded; real files hold a few thousand."""
MAX_CHARACTERS = MAX_BYTES
"""Characters of text a file may hold, aliases expanded: what a file of MAX_BYTES could spell out."""
MAX_DEPTH = 64
"""Levels of nesting; real answer files need four or five."""

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_SURROGATE_ESCAPE = re.compile(r"\\(u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")
_SEPARATORS = ",[{:-?*\n"
"""Every node after the first follows one of these: their count bounds the nodes of any text."""


def whole_file(name: str, message: str) -> AnswersError:
    return AnswersError([Problem(name, 1, 1, "", message)])


def read(path: Path) -> bytes:
    """The bytes of the answer file, or AnswersError if it is not a regular file of MAX_BYTES or less."""
    name = str(path)
    try:
        _check_kind(name, os.stat(path))
        descriptor = os.open(path, _OPEN_FLAGS)  # a pipe swapped in since the stat cannot block
    except OSError as exc:
        raise whole_file(name, f"cannot read the file: {exc.strerror}") from exc
    try:
        _check_kind(name, os.fstat(descriptor))
        data = _read_at_most(descriptor, MAX_BYTES + 1)
    except OSError as exc:
        raise whole_file(name, f"cannot read the file: {exc.strerror}") from exc
    finally:
        os.close(descriptor)
    if len(data) > MAX_BYTES:  # it grew after the size was checked
        raise whole_file(name, _too_large(len(data)))
    return data


def _check_kind(name: str, status: os.stat_result) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise whole_file(name, "this is a folder; name an answer file (.yaml or .json) inside it")
    if not stat.S_ISREG(status.st_mode):
        raise whole_file(name, "not a regular file (a device, pipe or socket) and so of unknown "
                               "size; save the answers to a file and name that")
    if status.st_size > MAX_BYTES:
        raise whole_file(name, _too_large(status.st_size))


def _too_large(size: int) -> str:
    return (f"the file is {_megabytes(size)}; an answer file may be at most {_megabytes(MAX_BYTES)} "
            "(the examples are under 50 KB). Is it an answer file?")


def _megabytes(size: int) -> str:
    return f"{size / 1e9:,.1f} GB" if size >= 1e9 else f"{size / 1e6:,.1f} MB"


def _read_at_most(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# --- what the text holds ------------------------------------------------------------------------


@dataclass
class _Tally:
    """Running totals over the events so far; an alias adds the size of what it repeats."""

    values: int = 0
    characters: int = 0
    repeated_values: int = 0
    repeated_characters: int = 0
    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Values and characters under each anchor (``&name``), once its node has ended."""
    open: list[tuple[str | None, int, int]] = field(default_factory=list)
    """Each collection being read: its anchor and the totals before it started."""
    ordinary: bool = True
    """No tags (``!!str``, ``!custom``), anchored single values or merge keys (``<<``) so far."""

    def add(self, event: Any) -> None:
        kind = type(event).__name__
        if getattr(event, "tag", None) is not None or \
                (kind == "ScalarEvent" and (event.anchor or event.value == "<<")):
            self.ordinary = False
        if kind == "AliasEvent":
            values, characters = self.anchors.get(event.anchor, (1, 0))  # unknown: the parser says
            self._grow(values, characters)
            self.repeated_values += values
            self.repeated_characters += characters
        elif kind == "ScalarEvent":
            self._grow(1, len(event.value))
            if event.anchor:
                self.anchors[event.anchor] = (1, len(event.value))
        elif kind in ("SequenceStartEvent", "MappingStartEvent"):
            self.open.append((event.anchor, self.values, self.characters))
            self._grow(1, 0)
        elif kind in ("SequenceEndEvent", "MappingEndEvent") and self.open:
            anchor, values, characters = self.open.pop()
            if anchor:
                self.anchors[anchor] = (self.values - values, self.characters - characters)

    def _grow(self, values: int, characters: int) -> None:
        self.values += values
        self.characters += characters

    def excess(self, event: Any) -> str | None:
        """Why the file is refused after this event, or None while it keeps to the limits."""
        if len(self.open) > MAX_DEPTH:
            return (f"the file nests more than {MAX_DEPTH} levels deep here; an answer file needs "
                    "only a few levels of indentation or brackets")
        if self.values > MAX_VALUES:
            over, repeated = f"more than {MAX_VALUES:,} keys, values and list items", self.repeated_values
            total = self.values
        elif self.characters > MAX_CHARACTERS:
            over, repeated = f"more than {MAX_CHARACTERS:,} characters of text", self.repeated_characters
            total = self.characters
        else:
            return None
        if type(event).__name__ == "AliasEvent" or repeated * 2 > total:
            return (f"YAML aliases (*{event.anchor or 'name'}) repeat parts of the file until it "
                    f"expands to {over}; write each answer out once instead of repeating it")
        return f"the file holds {over}; an answer file has a few thousand. Is it an answer file?"


def check_shape(text: str, name: str) -> bool:
    """Refuse text holding more than MAX_VALUES nodes or MAX_CHARACTERS characters, aliases expanded,
    or nesting deeper than MAX_DEPTH; say whether the text is ordinary YAML.

    Ordinary YAML has no tags, anchored single values or merge keys, which the full parser reads
    into types of its own: such text reads the same with the C parser (see
    :func:`specgen.loader.read_answers`). Text the C parser cannot read is not ordinary.

    Reads events only, with the C parser where it is installed: a file at the limits is counted
    in well under a second and a few megabytes. The C parser refuses surrogate escapes that the
    full parser accepts (JSON writes emoji as two of them), so they are neutralised first, keeping
    every position. Text the C parser cannot read goes on to the full parser, which reports the
    problem at its line, unless the text is too large to hand over unchecked.
    """
    tally = _Tally()
    events = YAML(typ="safe", pure=False).parse(_SURROGATE_ESCAPE.sub(_harmless_escape, text))
    try:
        for event in events:
            tally.add(event)
            excess = tally.excess(event)
            if excess:
                mark = event.start_mark
                raise AnswersError([Problem(name, mark.line + 1, mark.column + 1, "", excess)])
    except MarkedYAMLError as error:
        if _at_most_values(text):
            return False
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise AnswersError([Problem(name, line, column, "", f"YAML syntax: {error.problem}")]) from error
    except YAMLError as error:
        if not _at_most_values(text):
            raise whole_file(name, f"YAML syntax: {error}") from error
        return False
    return tally.ordinary


def _harmless_escape(escape: re.Match[str]) -> str:
    """The escape of a letter, as long as the surrogate escape it stands in for."""
    return f"\\{escape.group(1)}0041"


def _at_most_values(text: str) -> bool:
    """Whether the text surely holds no more than MAX_VALUES nodes, counting their separators."""
    return sum(text.count(ch) for ch in _SEPARATORS) < MAX_VALUES
