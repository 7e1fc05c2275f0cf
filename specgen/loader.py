"""Read an answer file (YAML or JSON) into a validated :class:`Answers`.

Every problem becomes a :class:`Problem` that points at a line and column of the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from specgen import bounds
from specgen.answers import Answers
from specgen.answers.common import suggest
from specgen.bounds import MAX_CHARACTERS, MAX_DEPTH, MAX_VALUES
from specgen.errors import AnswersError, Problem

Loc = tuple[str | int, ...]
_TYPE_TAGS = frozenset({"int", "float", "str", "bool", "none"})
_TAGGED = re.compile(r"^@([\w.\[\]]+)@ ")
_BRACKETS = re.compile(r"[\[\]{}]")
MAX_DIGITS = 30  # no answer is a number this long; far longer ones cannot even be read as integers
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # what Windows "Unicode" (UTF-16) files begin with


def load(path: Path) -> Answers:
    """Parse and validate an answer file, or raise :class:`AnswersError` listing every problem."""
    return read_answers(path).answers


class AnswerFile:
    """A valid answer file: its answers, and where each answer sits, worked out when first asked."""

    def __init__(self, name: str, text: str, answers: Answers, tree: Any = None) -> None:
        self.name = name
        self.text = text
        self.answers = answers
        self._tree = tree

    @property
    def tree(self) -> Any:
        """The round-trip tree with every line and column (the full parser runs on first use)."""
        if self._tree is None:
            self._tree = _parse_text(self.text, self.name)
        return self._tree


def read_answers(path: Path) -> AnswerFile:
    """Parse and validate an answer file, or raise :class:`AnswersError` listing every problem.

    The limits are checked first (:func:`_checked_text`). A valid file is then read by the C parser
    into plain values (:func:`_quick_answers`) when it is ordinary YAML (no tags, anchored single
    values or merge keys, which the full parser reads into types of its own). Any other file, and
    any file with a problem, is read by the full parser, which keeps the positions every message
    needs, so each problem is reported exactly as ``parse`` and ``validate`` report it.
    """
    name = str(path)
    text, ordinary = _checked_text(path, name)
    answers = _quick_answers(text) if ordinary else None
    if answers is not None:
        return AnswerFile(name, text, answers)
    tree = _parse_text(text, name)
    return AnswerFile(name, text, validate(tree, name), tree)


def parse(path: Path) -> Any:
    """Parse YAML or JSON keeping positions (ruamel's round-trip nodes).

    Size, kind of file, nesting and the number of values are checked first (see :mod:`specgen.bounds`).
    """
    name = str(path)
    return _parse_text(_checked_text(path, name)[0], name)


def _checked_text(path: Path, name: str) -> tuple[str, bool]:
    """The file's text, once its size, encoding, nesting and number of values are within bounds,
    and whether it is ordinary YAML (:func:`specgen.bounds.check_shape`)."""
    raw = bounds.read(path)
    if raw.startswith(_UTF16_BOMS):
        raise _whole_file(name, "the file is UTF-16 text; save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _whole_file(name, "not UTF-8 text; save the file as UTF-8") from exc
    if "\x00" in text:
        raise _whole_file(name, "file contains NUL bytes; is it a binary file?")
    deep = _deep_point(text)
    if deep is not None:
        line, col = _line_col(text, deep)
        raise AnswersError([Problem(name, line, col, "", f"brackets nest more than {MAX_DEPTH} "
                                    "deep here; an answer file needs only a few levels")])
    return text, bounds.check_shape(text, name)


def _parse_text(text: str, name: str) -> Any:
    try:
        tree = _yaml().load(text)
    except ReaderError as exc:
        line, col = _line_col(text, exc.position)
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise AnswersError([Problem(name, line, col, "", f"the character {what} is not allowed in "
                                    "YAML; delete it (it often arrives when pasting)")]) from exc
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "cannot parse"
        if "'\\t'" in what:
            what += "; indent with spaces, not tabs"
        if "mapping values are not allowed" in what:
            what += "; if the answer is text containing ': ', put the whole text in quotes"
        prefix = "" if isinstance(exc, _NumberTooLong) else "YAML syntax: "
        raise AnswersError([Problem(name, line, col, "", f"{prefix}{what}")]) from exc
    except YAMLError as exc:
        raise _whole_file(name, f"YAML syntax: {exc}") from exc
    except RecursionError as exc:  # the parser recurses once per level: [[[[... exhausts the stack
        raise _whole_file(name, "the file nests too deeply; an answer file needs only a few "
                                "levels of indentation or brackets") from exc
    if tree is None:
        raise _whole_file(name, "the file is empty; start from an example in examples/")
    if not isinstance(tree, CommentedMap):
        raise _whole_file(name, "expected a mapping of sections (document:, introduction:, ...)")
    return tree


def _quick_answers(text: str) -> Answers | None:
    """The answers in ordinary YAML within bounds, read by the C parser; None if the full parser is
    needed to report a problem.

    The full parser is pure Python and keeps every position: about ten times the cost of the C
    parser, for what only a message needs. Text that is not plain mappings with text keys, lists,
    text, numbers, true/false and nulls is left to it as well.
    """
    try:
        return Answers.model_validate(_simple(_quick_yaml().load(text)))
    except (YAMLError, ValidationError, _NotPlain, RecursionError):
        return None


_whole_file = bounds.whole_file


def _deep_point(text: str) -> int | None:
    """Where ``[`` and ``{`` first nest deeper than MAX_DEPTH, or None.

    A rough guard (quotes are not skipped) that runs before ruamel, whose scanner slows down
    with the square of the nesting depth: 2,000 brackets took seconds to refuse.
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            return match.start()
    return None


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def validate(tree: Any, name: str) -> Answers:
    """Validate a parsed tree; pydantic errors become located problems."""
    budget = [MAX_VALUES, MAX_CHARACTERS]
    try:
        plain = _plain(tree, budget)
    except RecursionError as exc:
        raise _whole_file(name, "the file nests too deeply (recursive aliases?)") from exc
    if min(budget) < 0:
        over = (f"{MAX_VALUES:,} values" if budget[0] < 0 else f"{MAX_CHARACTERS:,} characters")
        raise _whole_file(name, f"the file expands to more than {over}; "
                                "remove YAML aliases (*name) that repeat large blocks")
    try:
        return Answers.model_validate(plain)
    except ValidationError as exc:
        problems = [_problem(err, tree, name) for err in exc.errors(include_url=False)]
        raise AnswersError(sorted(set(problems), key=lambda p: (p.line, p.column, p.path))) from exc


class _NotPlain(Exception):
    """A value the quick read leaves to the full parser."""


_PLAIN_VALUES = (str, int, float, bool, type(None))


def _simple(node: Any) -> Any:
    """``node`` if it holds only mappings with text keys, lists, text, numbers, true/false and nulls."""
    if isinstance(node, dict):
        if not all(type(key) is str for key in node):
            raise _NotPlain
        for value in node.values():
            _simple(value)
    elif isinstance(node, list):
        for value in node:
            _simple(value)
    elif not isinstance(node, _PLAIN_VALUES):
        raise _NotPlain
    return node


def _quick_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _QuickConstructor
    yaml.allow_duplicate_keys = False
    return yaml


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


class _NumberTooLong(ConstructorError):
    """An integer too long to be an answer (Python refuses to read over 4,300 digits anyway)."""


def _checked_digits(node: Any) -> None:
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_DIGITS:
        raise _NumberTooLong(problem=f"this number has {digits:,} digits; no answer needs more "
                             f"than {MAX_DIGITS}", problem_mark=node.start_mark)


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor with our two changes, kept off ruamel's own class."""

    def construct_yaml_int(self, node: Any) -> Any:
        _checked_digits(node)
        return super().construct_yaml_int(node)


class _QuickConstructor(SafeConstructor):
    """The C parser's constructor with the same two changes."""

    def construct_yaml_int(self, node: Any) -> Any:
        _checked_digits(node)
        return super().construct_yaml_int(node)


def _as_text(constructor: Any, node: Any) -> str:
    return str(node.value)


# Dates stay text here so that pydantic checks them and the error can point at the field.
for _constructor in (_Constructor, _QuickConstructor):
    _constructor.add_constructor("tag:yaml.org,2002:timestamp", _as_text)
    _constructor.add_constructor("tag:yaml.org,2002:int", _constructor.construct_yaml_int)


def _plain(node: Any, budget: list[int]) -> Any:
    """Round-trip nodes to plain dicts and lists (pydantic need not know about ruamel).

    ``budget`` counts values and characters down, so an alias bomb stops early instead of eating
    memory (:func:`specgen.bounds.check_shape` stops a file before; this guards any tree).
    """
    budget[0] -= 1
    if isinstance(node, str):
        budget[1] -= len(node)
    if min(budget) < 0:
        return None
    if isinstance(node, dict):
        return {str(k): _plain(v, budget) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v, budget) for v in node]
    if isinstance(node, str):
        return _SURROGATE_PAIR.sub(_astral, str(node))
    return node


def _astral(pair: re.Match[str]) -> str:
    """One character from a UTF-16 surrogate pair.

    JSON writers escape an emoji as two escapes ("\\ud83d\\ude42", Python's json.dumps does by
    default); YAML reads those as two halves, which no document can hold, so they are joined here.
    """
    high, low = (ord(ch) for ch in pair.group())
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _problem(err: ErrorDetails, tree: Any, name: str) -> Problem:
    loc: Loc = tuple(err["loc"])
    message = err["msg"].removeprefix("Value error, ")
    tagged = _TAGGED.match(message)
    if tagged:
        loc = _parse_path(tagged.group(1))
        message = message[tagged.end():]
    if err["type"] == "extra_forbidden":
        message = _unknown_key_message(loc, tree)
    elif err["type"] == "missing":
        message = f"required; add '{loc[-1]}:' here"
    elif err["type"] in ("too_long", "string_too_long") and isinstance(err["input"], str):
        message = _text_too_long(err)
    elif isinstance(err.get("input"), str):
        message = _plain_typing(err["type"], err["input"]) or message
    line, col = _position(tree, loc)
    return Problem(name, line, col, _dotted(loc), message)


def _text_too_long(err: ErrorDetails) -> str:
    """Characters, not pydantic's "items": a length limit on text applies after it is checked."""
    context = err.get("ctx") or {}
    length = context.get("actual_length") or len(err["input"])
    return (f"is {length:,} characters long; shorten it to at most {context.get('max_length', 0):,} "
            "characters")


_UK_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _plain_typing(kind: str, given: str) -> str:
    """The interview's plain words for a date or number written as people write them."""
    text = given.strip()
    uk = _UK_DATE.fullmatch(text)
    if kind.startswith("date") and uk:
        day, month, year = (int(part) for part in uk.groups())
        return (f"write the date as year-month-day: {year:04d}-{month:02d}-{day:02d} "
                f"(if {text} means day {day} of month {month})")
    if kind.startswith("date") and not _ISO_DATE.match(text):  # pydantic explains a wrong ISO date well
        return "not a date; write it as year-month-day, for example 2025-03-14"
    if kind in ("int_parsing", "float_parsing") and _THOUSANDS.fullmatch(text):
        return f"write the number without commas: {text.replace(',', '')}"
    return ""


def _unknown_key_message(loc: Loc, tree: Any) -> str:
    key = str(loc[-1])
    model_fields = _fields_at(loc[:-1])
    hint = suggest(key, model_fields) if model_fields else ""
    known = f" (known keys: {', '.join(model_fields)})" if model_fields and not hint else ""
    return f"unknown key '{key}'{hint}{known}"


def _fields_at(loc: Loc) -> list[str]:
    """The field names the model accepts at a location, for "did you mean" hints."""
    model: Any = Answers
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return list(getattr(model, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and hasattr(annotation, "__metadata__"):
        return _model_in(origin)
    return None


def _position(tree: Any, loc: Loc) -> tuple[int, int]:
    """Line and column (1-based) of the deepest node the location reaches."""
    line, col = 1, 1
    for node, key in _walk(tree, loc):
        try:
            if isinstance(node, CommentedMap) and key in node:
                line, col = node.lc.key(key)
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
                line, col = node.lc.item(key)
            else:
                line, col = node.lc.line, node.lc.col
            line, col = line + 1, col + 1
        except (AttributeError, KeyError, TypeError):
            break
    return line, col


def _walk(tree: Any, loc: Loc) -> Iterator[tuple[Any, str | int]]:
    node = tree
    for key in loc:
        if not isinstance(node, (CommentedMap, CommentedSeq)):
            return
        yield node, key
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return


def position(tree: Any, dotted: str) -> tuple[int, int]:
    """Line and column of an answer named by its dotted path, e.g. ``standards.kpis[2].target``.

    ``tree`` is a parsed tree or an :class:`AnswerFile` (whose tree is parsed now if not yet).
    """
    return _position(tree.tree if isinstance(tree, AnswerFile) else tree, _parse_path(dotted))


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _is_internal(part):
            out += f".{part}" if out else part
    return out


def _is_internal(part: str) -> bool:
    # pydantic adds validator names such as "function-after[...]" to some locations
    return "[" in part or part in _TYPE_TAGS or part.startswith(("function-", "tagged-union"))


def _parse_path(text: str) -> Loc:
    parts: list[str | int] = []
    for piece in text.split("."):
        name, *indexes = piece.split("[")
        parts.append(name)
        parts.extend(int(i.rstrip("]")) for i in indexes)
    return tuple(parts)
