"""Clause templates and conditions compiled once, and kept compiled between runs.

Compiling a template (Jinja parses it, writes Python, Python compiles that) costs far more than
filling it in, and a build compiles every clause body and ``when:`` condition it uses: about a
quarter of a Word build. So, as Python keeps ``.pyc`` files, the compiled code is kept in Jinja's
bytecode cache folder (private to the user: ``_jinja2-cache-UID`` in the temporary folder, which
Jinja checks is owned by the user and closed to others). An entry is found by the template's
source and used only if it was compiled by this Python, this Jinja and this sandbox: the name of
each entry carries a digest of the sandbox's and the environment's own code, so a change to the
rules a template runs under never meets code compiled under the old ones. A cache that cannot be
read or written is skipped.
"""

from __future__ import annotations

import hashlib
import pickle
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import FileSystemBytecodeCache, Template, TemplateSyntaxError, nodes
from jinja2.bccache import Bucket
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser

from specgen.library import sandbox, templating
from specgen.library.templating import environment


def template(source: str) -> Template:
    """``source`` compiled in the clause environment (as ``environment().from_string``)."""
    env = environment()
    return env.template_class.from_code(env, _code(source, lambda: env.compile(source)),
                                        env.make_globals(None), None)


@cache
def condition(expression: str) -> Any:
    """A ``when:`` condition compiled in the clause environment (as ``compile_expression``);
    raises TemplateSyntaxError if it is not one expression."""
    env = environment()
    code = _code("when:" + expression, lambda: env.compile(_expression_template(expression)))
    compiled = env.template_class.from_code(env, code, env.make_globals(None), None)
    return TemplateExpression(compiled, True)


def _expression_template(expression: str) -> nodes.Template:
    """What ``compile_expression`` compiles: ``result = <the expression>``."""
    parser = Parser(environment(), expression, state="variable")
    found = parser.parse_expression()
    if not parser.stream.eos:
        raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None, None)
    found.set_environment(environment())
    return nodes.Template([nodes.Assign(nodes.Name("result", "store"), found, lineno=1)], lineno=1)


def _code(source: str, compile_it: Any) -> Any:
    store = _store()
    if store is None:
        return compile_it()
    bucket = Bucket(environment(), store.get_cache_key(hashlib.sha256(source.encode()).hexdigest()),
                    store.get_source_checksum(source))
    try:
        store.load_bytecode(bucket)
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
        bucket.reset()  # a damaged entry (a write cut short, say): compiled again and replaced
    if bucket.code is None:
        bucket.code = compile_it()
        with suppress(OSError):  # a full or read-only disk: compiled again next time
            store.set_bucket(bucket)
    return bucket.code


@cache
def _store() -> FileSystemBytecodeCache | None:
    try:
        return FileSystemBytecodeCache(pattern=f"__specgen_{_rules()}_%s.cache")
    except (OSError, RuntimeError):  # no private temporary folder to be had
        return None


def _rules() -> str:
    """A digest of everything that shapes the compiled code besides its source and Python."""
    digest = hashlib.sha256(jinja2.__version__.encode())
    for module in (sandbox, templating):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]
