"""The JSON Schema of the answer file, each field described by the docstring under it.

The models document their fields with attribute docstrings. Reading them when the models are
defined (pydantic's ``use_attribute_docstrings``) parses the source of every model on every start,
the largest single cost of ``specgen validate``; only the schema shows them, so they are read here.
"""

from __future__ import annotations

import ast
import inspect
import sys
from functools import cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from specgen.answers.model import Answers


def json_schema() -> dict[str, Any]:
    """The answer file's JSON Schema, with descriptions from the field docstrings."""
    return Answers.model_json_schema(schema_generator=_Described)


class _Described(GenerateJsonSchema):
    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        properties = json_schema.get("properties", {})
        for name, text in field_docstrings(schema["cls"]).items():
            if name in properties and "description" not in properties[name]:
                properties[name]["description"] = text
        return json_schema


def field_docstrings(cls: type) -> dict[str, str]:
    """Field name → the string written under it in the class body (``x: int`` then ``\"\"\"...\"\"\"``)."""
    found: dict[str, str] = {}
    target = None
    for statement in _class_body(cls.__module__, cls.__qualname__):
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
                and isinstance(statement.value.value, str) and target:
            found[target] = inspect.cleandoc(statement.value.value)
        target = statement.target.id if isinstance(statement, ast.AnnAssign) \
            and isinstance(statement.target, ast.Name) else None
    return found


def _class_body(module: str, name: str) -> list[ast.stmt]:
    for node in _module_tree(module).body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return node.body
    return []


@cache
def _module_tree(module: str) -> ast.Module:
    return ast.parse(inspect.getsource(sys.modules[module]))
