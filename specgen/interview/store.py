"""The answer file being filled in: edited as a ruamel round-trip tree and saved atomically.

Comments, key order, quoting and layout of an existing file are kept; new answers are placed
where the model declares them, and the comments around them stay with what they describe.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import stat
from pathlib import Path
from typing import Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.scalarstring import FoldedScalarString

from specgen.files import NEW_FILE_MODE, write_atomic
from specgen.interview import comments, fields
from specgen.loader import parse

FOLD_AT = 88  # long answers are written as folded blocks (">-") wrapped at about this width
NEW_FILE_HEADER = (
    "Answers for a PAIR service specification, written by `specgen interview`.\n"
    "Edit freely: run `specgen interview FILE` to carry on, `specgen validate FILE` to check."
)


class AnswerFile:
    """One answer file, open for editing; every change is in memory until :meth:`save`."""

    def __init__(self, path: Path, text: str | None, headings: dict[str, str] | None = None) -> None:
        self.path = path
        self._headings = headings or {}
        self.changes = 0
        """Counts edits, so that work derived from the answers can be reused until the next one."""
        self._indent = _indentation(text or "")
        self._yaml = _yaml(self._indent)
        loaded = self._yaml.load(text) if text else None
        self.tree: CommentedMap = loaded if isinstance(loaded, CommentedMap) else CommentedMap()
        if loaded is None:
            self.tree.yaml_set_start_comment(NEW_FILE_HEADER)

    @classmethod
    def open(cls, path: Path, headings: dict[str, str] | None = None) -> AnswerFile:
        """Open ``path`` (or start a new file there); AnswersError if it is not a readable file."""
        if not path.exists():
            return cls(path, None, headings)
        parse(path)  # the loader's checks and located messages (syntax, size, encoding ...)
        return cls(path, path.read_text(encoding="utf-8-sig"), headings)

    def has(self, loc: fields.Loc) -> bool:
        """Whether the file answers ``loc`` (a null part above it counts: the part is left out)."""
        node: Any = self.tree
        for key in loc:
            if node is None:
                return True
            if not _contains(node, key):
                return False
            node = node[key]
        return True

    def get(self, loc: fields.Loc) -> Any:
        node: Any = self.tree
        for key in loc:
            if node is None or not _contains(node, key):
                return None
            node = node[key]
        return node

    def set(self, loc: fields.Loc, value: Any) -> None:
        """Put an answer at ``loc``, creating the mappings above it where the model puts them."""
        self.changes += 1
        comments.drop_lines(self.tree, _todo_line(loc))
        parent = self._container(loc[:-1])
        _put(parent, loc[-1], to_node(value), fields.order_of(_keys(loc[:-1])))

    def delete_item(self, loc: fields.Loc) -> None:
        """Remove one list item; the comments that introduce the next item stay with it."""
        self.changes += 1
        owner, key, index = self._container(loc[:-2]), loc[-2], int(loc[-1])
        items = owner[key]
        if index == len(items) - 1:  # what follows the last item belongs after the list
            trailing = comments.take_trailing(owner, key)
            del items[index]
            comments.give_trailing(owner, key, trailing)
            return
        introduces_next = comments.take_trailing(items, index)
        del items[index]
        if index:
            comments.give_trailing(items, index - 1, introduces_next)
        elif introduces_next:
            comments.give_leading(items, introduces_next)

    def delete(self, loc: fields.Loc) -> None:
        """Remove an answer from its mapping, keeping the comments that follow it in place."""
        self.changes += 1
        parent = self._container(loc[:-1])
        keys = list(parent)
        position = keys.index(loc[-1])
        trailing = comments.take_trailing(parent, loc[-1])
        del parent[loc[-1]]
        if position:
            comments.give_trailing(parent, keys[position - 1], trailing)
        elif trailing and parent:
            comments.give_leading(parent, trailing)

    def todo(self, loc: tuple[str, ...], note: str) -> None:
        """Leave a ``# TODO`` comment where the answer to ``loc`` belongs."""
        depth = next(i for i in range(len(loc), 0, -1) if isinstance(self.get(loc[:i - 1]), dict))
        parent, key = self.get(loc[:depth - 1]), loc[depth - 1]
        line, column = f"{note}", (depth - 1) * self._indent[0]
        order = fields.order_of(loc[:depth - 1])
        after = [k for k in parent if k in order and order.index(k) > _rank(order, key)]
        if after:
            comments.comment_before(parent, after[0], line, column)
        elif parent:
            comments.comment_at_end(parent, line, column)

    def reread(self) -> CommentedMap:
        """The tree read back from :meth:`text`: the same answers, each with its line and column."""
        loaded = self._yaml.load(self.text())
        return loaded if isinstance(loaded, CommentedMap) else self._yaml.load("{}")

    def text(self) -> str:
        stream = io.StringIO()
        self._yaml.dump(self.tree, stream)
        return stream.getvalue()

    def save(self) -> None:
        """Write the file atomically, as it was kept: through a symlink to its target (the link
        stays a link), with the target's own permissions (never loosened)."""
        target = Path(os.path.realpath(self.path))
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = NEW_FILE_MODE
        write_atomic(target, self.text().encode("utf-8"), mode)

    def _container(self, loc: fields.Loc) -> Any:
        node: Any = self.tree
        for depth, key in enumerate(loc):
            child = node[key] if _contains(node, key) else None
            if not isinstance(child, (CommentedMap, CommentedSeq)):
                child = CommentedMap()
                _put(node, key, child, fields.order_of(_keys(loc[:depth])))
                if depth == 0 and key in self._headings:
                    self.tree.yaml_set_comment_before_after_key(key, before="\n" + self._headings[key])
            node = child
        return node


def todo_note(loc: fields.Loc, prompt: str, required: bool) -> str:
    return f"TODO{'' if required else ' (optional)'}: {fields.dotted(loc)}: {prompt}"


def _todo_line(loc: fields.Loc) -> Any:
    pattern = re.compile(rf"# TODO( \(optional\))?: {re.escape(fields.dotted(loc))}(\.\S*)?: ")
    return lambda line: bool(pattern.match(line))


def _put(parent: Any, key: fields.Key, node: Any, order: list[str]) -> None:
    if isinstance(parent, CommentedSeq) and key == len(parent):
        trailing = comments.take_trailing(parent, len(parent) - 1) if parent else ""
        parent.append(node)
    elif _contains(parent, key):
        trailing = comments.take_trailing(parent, key)
        node = _like(parent[key], node)
        parent[key] = node
    else:
        position = sum(1 for k in parent if _rank(order, k) < _rank(order, key))
        trailing = comments.take_trailing(parent, list(parent)[position - 1]) if position else ""
        parent.insert(position, key, node)
    comments.give_trailing(parent, key, trailing)


def _like(old: Any, new: Any) -> Any:
    """Keep the look of what is replaced: flow style, and comments on list items kept."""
    if isinstance(old, (CommentedMap, CommentedSeq)) and type(old) is type(new):
        if old.fa.flow_style():
            new.fa.set_flow_style()
        if isinstance(old, CommentedSeq):
            for index, item in enumerate(new):
                if item in old and old.index(item) in old.ca.items:
                    new.ca.items[index] = old.ca.items[old.index(item)]
    return new


def to_node(value: Any) -> Any:
    """Plain answers as round-trip nodes; long text as a folded block that reads like prose."""
    if isinstance(value, dict):
        return CommentedMap((k, to_node(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(to_node(v) for v in value)
    if isinstance(value, str) and len(value) > FOLD_AT:
        return fold(value)
    return value


def fold(text: str, width: int = FOLD_AT) -> str:
    """A folded block scalar broken at single spaces, so that it reads back as the same text."""
    if not text.isprintable() or text != text.strip():
        return text
    breaks: list[int] = []
    start = 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width)
        while cut > start and (text[cut - 1] == " " or text[cut + 1] == " "):
            cut = text.rfind(" ", start, cut)
        if cut <= start:
            break
        breaks.append(cut)
        start = cut + 1
    folded = FoldedScalarString(text)
    folded.fold_pos = breaks
    return cast(str, folded)


def _rank(order: list[str], key: Any) -> int:
    return order.index(key) if key in order else len(order)


def _contains(node: Any, key: fields.Key) -> bool:
    if isinstance(node, list):
        return isinstance(key, int) and 0 <= key < len(node)
    return isinstance(node, dict) and key in node


def _keys(loc: fields.Loc) -> tuple[str, ...]:
    return tuple(str(k) for k in loc)


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor, except that an impossible date stays text (the model
    then reports it at its line) instead of failing to load. Kept off ruamel's own class."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml(indent: tuple[int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a person's lines
    mapping, offset = indent
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return yaml


def _indentation(text: str) -> tuple[int, int]:
    """The file's mapping indent and list-dash offset, so a round trip keeps its layout."""
    mapping: int | None = None
    offset: int | None = None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for line, following in itertools.pairwise(lines):
        if not line.rstrip().endswith(":"):
            continue
        here = len(line) - len(line.lstrip()) + (2 if line.lstrip().startswith("- ") else 0)
        step = len(following) - len(following.lstrip()) - here
        if following.lstrip().startswith("- ") and step >= 0:
            offset = step if offset is None else offset
        elif step > 0:
            mapping = step if mapping is None else mapping
    return mapping or 2, 2 if offset is None else offset
