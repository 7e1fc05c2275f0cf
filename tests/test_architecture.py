"""The package shows the pipeline, and imports run one way: down the stages, never up.

answers file → loader → Answers → library + assembly → Document → renderers; workflows and the
faces (cli, web) sit on top. A module may import its own stage or a lower one, never a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "specgen"

# Lower numbers sit lower in the pipeline. Units not listed here fail the test, so a new
# subpackage has to say where it belongs.
RANK = {
    "errors": 0, "numbers": 0, "resources": 0, "document": 0, "__init__": 0,
    "needs": 1, "files": 1, "bounds": 1,
    "outputs": 2,
    "answers": 2,
    "loader": 3, "library": 3, "render": 3,
    "assembly": 4,
    "figures": 5, "merge": 5,
    "pipeline": 6,
    "workflows": 7, "interview": 7,
    "cli": 9, "web": 9, "__main__": 10,
}


def _unit(module: str) -> str:
    """specgen.assembly.demand → assembly; specgen.needs → needs."""
    return module.split(".")[1] if "." in module else "__init__"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.Module, top_level_only: bool) -> list[tuple[int, str]]:
    """Imports anywhere, or only those at module level (including ``if TYPE_CHECKING:`` blocks)."""
    nodes = list(ast.walk(tree))
    if top_level_only:
        nodes = [n for n in tree.body for n in (n.body if isinstance(n, ast.If) else [n])]
    found = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("specgen"):
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            found += [(node.lineno, name) for name in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("specgen")]
    return found


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(), str(p)) for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _known(name: str) -> str | None:
    """The module an imported name refers to (``specgen.cli.app.app`` → ``specgen.cli.app``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_import_runs_down_the_pipeline(module: str) -> None:
    here = _unit(module)
    assert here in RANK, f"{module}: give the unit {here!r} a rank in tests/test_architecture.py"
    upward = []
    for line, name in _imports(MODULES[module], top_level_only=False):
        target = _known(name)
        if target is None or target == "specgen":
            continue
        there = _unit(target)
        if there != here and RANK[there] >= RANK[here]:
            upward.append(f"line {line}: {target} ({there}, rank {RANK[there]})")
    assert not upward, f"{module} ({here}, rank {RANK[here]}) imports upward: {upward}"


def test_renderers_know_only_the_document() -> None:
    allowed = {"document", "errors", "resources", "render", "files"}
    for module in (m for m in MODULES if _unit(m) == "render"):
        for line, name in _imports(MODULES[module], top_level_only=False):
            target = _known(name)
            assert target is None or _unit(target) in allowed, f"{module}:{line} imports {target}"


def test_the_bottom_of_the_pipeline_imports_nothing_of_ours_above_it() -> None:
    for module, allowed in (("specgen.document", set()), ("specgen.needs", {"specgen.errors"})):
        imported = {_known(name) for _, name in _imports(MODULES[module], top_level_only=False)}
        assert imported - {None} <= allowed, module


def test_no_module_imports_itself_back_at_load_time() -> None:
    """No cycle among module-level imports, type-only ones included (imports inside functions may
    defer on purpose)."""
    graph = {m: {t for _, n in _imports(tree, top_level_only=True) if (t := _known(n)) and t != m}
             for m, tree in MODULES.items()}
    # Importing a package's submodule runs the package first; that is not a cycle of ours.
    for module, targets in graph.items():
        graph[module] = {t for t in targets if not module.startswith(t + ".")}
    seen: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph.get(node, set())):
            if seen.get(nxt) == 1:
                cycle = [*path[path.index(nxt):], nxt] if nxt in path else [node, nxt]
                pytest.fail(f"import cycle: {' → '.join(cycle)}")
            if nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [module])
