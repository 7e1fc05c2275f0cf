"""Building blocks shared by every part of the answers model."""

from __future__ import annotations

import difflib
import re
from enum import StrEnum
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from ruamel.yaml import YAML

from specgen.resources import bundled

# Characters XML 1.0 cannot carry: a .docx holding one is corrupt, so they are refused up front.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value: str) -> str:
    bad = _XML_ILLEGAL.search(value)
    if bad:
        code = f"U+{ord(bad.group()):04X}"
        raise ValueError(
            f"contains the control character {code} at position {bad.start() + 1}, which Word and "
            "PDF documents cannot hold; delete it (it often arrives when pasting from other programs)"
        )
    stripped = value.strip()
    if not stripped:
        raise ValueError("is empty; write an answer or remove the key to take the default")
    return stripped


Text = Annotated[str, AfterValidator(_xml_safe)]
"""Free text from the commissioner: kept as data, never treated as template source."""

ShortText = Annotated[str, AfterValidator(_xml_safe), Field(max_length=300)]
Percent = Annotated[float, Field(ge=0, le=100, strict=True, allow_inf_nan=False)]
"""A percentage from 0 to 100. Strict, so that ``true`` is not read as 1."""


class Model(BaseModel):
    """Strict base: unknown keys are refused, so a typo never silently drops an answer.

    Fields are documented by the docstring under them; :mod:`specgen.answers.schema` reads those
    for the JSON Schema only, as reading them for every model costs each command's start.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class Requirement(StrEnum):
    """Whether a standard, outcome or target binds the provider or is open to negotiation."""

    requirement = "requirement"
    flexible = "flexible"


class Range(Model):
    """A low-high range of percentages."""

    low: Percent
    high: Percent

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not be above high ({self.high:g}); swap them")
        return self


@cache
def menu(name: str) -> dict[str, Any]:
    """A menu of choices from the bundled clause library (``snippets/menus/NAME.yaml``)."""
    path = bundled("snippets") / "menus" / f"{name}.yaml"
    if not name.isidentifier() or not path.is_file():  # a name, never a path to elsewhere
        raise KeyError(f"there is no menu called {name!r}")
    loaded: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return loaded


def at(path: str, message: str) -> str:
    """Tag a cross-field error with the field it is about, so the loader can point at its line."""
    return f"@{path}@ {message}"


def suggest(word: str, options: list[str]) -> str:
    """A "did you mean …?" phrase for a mistyped word, or an empty string."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def known_id(value: str, menu_name: str, what: str, group: str | None = None, hint: str = "") -> str:
    """Refuse an id that is not in a menu, suggesting the nearest one."""
    entries = menu(menu_name)
    options = list((entries[group] if group else entries).keys())
    if value not in options:
        raise ValueError(f"'{value}' is not {what}{suggest(value, options)} "
                         f"(choices: {', '.join(options)}){hint}")
    return value


def menu_id(menu_name: str, what: str, hint: str = "") -> AfterValidator:
    """Validator for one id, e.g. ``menu_id("benchmarks", "a known benchmark")``."""
    return AfterValidator(lambda value: known_id(value, menu_name, what, hint=hint))


def in_menu(menu_name: str, group: str | None = None) -> AfterValidator:
    """Validator: every id in a list exists in a menu, e.g. ``in_menu("activities", "targeted")``."""

    def check(values: list[str]) -> list[str]:
        for value in values:
            known_id(value, menu_name, f"in the {group or menu_name} menu", group)
        if len(set(values)) != len(values):
            raise ValueError("lists the same choice twice; remove the repeat")
        return values

    return AfterValidator(check)
