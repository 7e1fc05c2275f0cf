"""The interview at a terminal: show each step, read a line, say what happened.

Like ``cli.py``, this module talks to a person; nothing else in the interview does. It is given
its ``read`` and ``write`` functions, so the CLI passes ``input`` and ``typer.echo`` and tests can
pass a script.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from specgen.errors import Problem
from specgen.interview import fields, values
from specgen.interview.flow import LIST_KINDS, Interview
from specgen.interview.lists import commands
from specgen.interview.steps import Step, item_in_words

Read = Callable[[str], str]
Write = Callable[[str], None]

INTRO = (
    "Each question shows its default in [brackets]: press Enter to keep it. Type ? for guidance\n"
    "and < to go back one question. Every answer is saved as soon as you give it; press Ctrl-C\n"
    "to stop, and run the same command again to carry on where you left off."
)
_WIDTH = 72


def run(interview: Interview, read: Read, write: Write) -> list[Problem]:
    """Ask every question that needs asking, then check the file; returns its remaining problems."""
    write(INTRO)
    ask(interview, read, write)
    problems = interview.problems()
    if problems:
        write("\nThe answers are saved, but the file is not valid yet:")
        write("\n".join(f"  {p}" for p in problems))
    if problems and interview.revisit(problems):
        write("Here are the questions those problems are about, once more.")
        ask(interview, read, write)
        problems = interview.problems()
    write(summary(interview, problems))
    return problems


def ask(interview: Interview, read: Read, write: Write) -> None:
    section = ""
    while (step := interview.step()) is not None:
        if step.section != section:
            section = step.section
            write(f"\n=== {section} ===")
        write(render(step))
        reply = interview.answer(read("> "))
        if reply.message:
            write(_wrap(reply.message) if reply.accepted else _wrap(reply.message, "  ! "))


def confirm(read: Read, question: str) -> bool:
    return read(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def render(step: Step) -> str:
    """The text shown for one step: progress, the question, choices or items, and the default."""
    lines = [f"\n{step.section} — question {step.number} of {step.total}  [{_where(step)}]"]
    if step.note:
        lines.append(step.note)
    lines.append(step.question.prompt)
    if step.of is None and step.question.kind in LIST_KINDS:
        lines.extend(_items(step))
        lines.append(commands(step.question))
    else:
        lines.extend(_choices(step))
        lines.append(_default(step))
    return "\n".join(lines)


def summary(interview: Interview, problems: list[Problem]) -> str:
    lines = [f"\nSaved {interview.file.path}."]
    lines.extend(f"  {label}: {_short(words)}" for label, words in interview.summary())
    if problems:
        lines.append(f"It still has {len(problems)} problem(s); `specgen validate "
                     f"{interview.file.path}` lists them.")
    else:
        lines.append("The answers are complete and valid.")
    return "\n".join(lines)


def _where(step: Step) -> str:
    if step.of is None:
        return step.question.field
    item = f"{step.of.field}[{step.item}]"
    return f"{item}.{step.question.field}" if step.question.path else item


def _items(step: Step) -> list[str]:
    if not step.items:
        return ["  (no items yet)"]
    return [f"  {n}. {_short(item_in_words(step.question, item))}" for n, item in enumerate(step.items, 1)]


def _choices(step: Step) -> list[str]:
    question = step.question
    ticked = step.default if question.kind == "multi" and isinstance(step.default, list) else []
    lines = []
    for number, choice in enumerate(question.choices, 1):
        mark = ("[x] " if choice in ticked else "[ ] ") if question.kind == "multi" else ""
        words = question.wording.get(choice, "")
        lines.append(_short(f"  {mark}{number:>2}. {choice}" + (f" - {words}" if words else "")))
    return lines


def _default(step: Step) -> str:
    if step.question.kind == "multi":
        return ("Type numbers (1-6 for a range) or names to tick or untick them, none to untick all; "
                "Enter keeps the ticked ones.")
    if step.needed:
        return "(an answer is needed; ? for guidance)"
    if step.default is fields.MISSING:
        return "[Enter leaves it blank]"
    if step.default is None:
        return "[Enter leaves it blank]"
    return f"[{_short(values.show(step.default))}]"


def _wrap(text: str, first: str = "") -> str:
    """Guidance and messages wrapped for an ordinary terminal, paragraph by paragraph."""
    indent = " " * len(first)
    return "\n".join(textwrap.fill(line, _WIDTH + 16, initial_indent=first if n == 0 else indent,
                                    subsequent_indent=indent) for n, line in enumerate(text.split("\n")))


def _short(value: Any, width: int = _WIDTH + 24) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 3] + "..."
