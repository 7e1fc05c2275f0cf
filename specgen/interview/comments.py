"""Keeping a person's comments where they belong while answers are added or replaced.

ruamel attaches the comment lines that follow a value to that value (for a list or mapping, to
its last item). Those lines usually describe what comes *next*, so when a value is inserted after
it, or replaced, they must move to the end of the new value; otherwise a heading such as
"# 5. Standards" would end up above the wrong key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

Key = str | int


def take_trailing(container: Any, key: Key) -> str:
    """Detach the comment lines after the node at ``key`` (its end-of-line comment stays)."""
    holder, last = _last_holder(container, key)
    entry = holder.ca.items.get(last)
    slot = _slot(holder)
    token = entry[slot] if entry else None
    if token is None:
        return ""
    if _block_scalar(holder[last]):  # the scalar ends its own line; the token is all extra lines
        entry[slot] = None
        return str(token.value)
    eol, _, rest = token.value.partition("\n")
    if eol.strip():
        token.value = eol + "\n"
    else:
        entry[slot] = None
    return str(rest)


def give_trailing(container: Any, key: Key, lines: str) -> None:
    """Attach comment lines (as returned by :func:`take_trailing`) after the node at ``key``."""
    if not lines:
        return
    holder, last = _last_holder(container, key)
    slot = _slot(holder)
    entry = holder.ca.items.setdefault(last, [None, None, None, None])
    if entry[slot] is None:
        line_end = "" if _block_scalar(holder[last]) else "\n"
        entry[slot] = CommentToken(line_end + lines, CommentMark(0))
    else:
        entry[slot].value = entry[slot].value + lines


def give_leading(container: Any, lines: str) -> None:
    """Put comment lines before the first item of a list or mapping."""
    tokens = [CommentToken(f"{line.strip()}\n" if line.strip() else "\n",
                           CommentMark(len(line) - len(line.lstrip())))
              for line in lines.rstrip("\n").split("\n")]
    if container.ca.comment is None:
        container.ca.comment = [None, []]
    container.ca.comment[1] = tokens + list(container.ca.comment[1] or [])


def comment_before(container: CommentedMap, key: str, line: str, column: int) -> None:
    container.yaml_set_comment_before_after_key(key, before=line, indent=column)


def comment_at_end(container: CommentedMap, line: str, column: int) -> None:
    give_trailing(container, list(container)[-1], f"{' ' * column}# {line}\n")


def drop_lines(tree: Any, unwanted: Callable[[str], bool]) -> None:
    """Remove every full comment line for which ``unwanted(line)`` is true, anywhere in ``tree``."""
    for node in _containers(tree):
        if node.ca.comment:
            node.ca.comment[1] = _kept_tokens(node.ca.comment[1], unwanted)
        for entry in node.ca.items.values():
            for slot, token in enumerate(entry):
                if isinstance(token, list):
                    entry[slot] = _kept_tokens(token, unwanted)
                elif token is not None:
                    entry[slot] = _kept_lines(token, unwanted)


def _kept_tokens(tokens: list[CommentToken] | None, unwanted: Callable[[str], bool]) -> Any:
    if not tokens:
        return tokens
    return [t for t in tokens if not unwanted(t.value.strip())]


def _kept_lines(token: CommentToken, unwanted: Callable[[str], bool]) -> CommentToken | None:
    first, *rest = token.value.split("\n")
    kept = [line for line in rest if not unwanted(line.strip())]
    if len(kept) == len(rest):
        return token
    token.value = "\n".join([first, *kept])
    return token if token.value.strip() else None


def _containers(node: Any) -> Iterator[Any]:
    if isinstance(node, (CommentedMap, CommentedSeq)):
        yield node
        for child in node.values() if isinstance(node, CommentedMap) else node:
            yield from _containers(child)


def _last_holder(container: Any, key: Key) -> tuple[Any, Key]:
    # Comments after a block collection hang on its last item; a flow collection ({a: 1}) keeps
    # them itself (ruamel moves them to the next key), so its own slot is the place.
    value = container[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value) and not value.fa.flow_style():
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _last_holder(value, last)
    return container, key


def _block_scalar(value: Any) -> bool:
    return isinstance(value, (FoldedScalarString, LiteralScalarString))


def _slot(holder: Any) -> int:
    return 2 if isinstance(holder, CommentedMap) else 0
