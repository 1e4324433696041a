"""The package's shape: no import cycles, no imports of its own modules inside functions, small modules.

These read the source with ``ast``; nothing is imported or run.
"""

from __future__ import annotations

import ast
import functools
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "svcstandards"
#: Compatibility modules: each re-exports a module that moved, and nothing imports them.
SHIMS = {"svcstandards.model", "svcstandards.calendar", "svcstandards.loader", "svcstandards.units"}
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """Absolute names of the package's own modules an import names (``from .x import y`` may name ``.x.y``)."""
    if node.level == 0:
        base = node.module or ""
    else:
        here = module.split(".") if is_package else module.split(".")[:-1]
        here = here[: len(here) - (node.level - 1)]
        base = ".".join([*here, *([node.module] if node.module else [])])
    if not base.startswith("svcstandards"):
        return []
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


@functools.cache
def _sources() -> dict[str, tuple[Path, ast.Module]]:
    return {_module_name(p): (p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_imports(tree: ast.Module) -> list[tuple[ast.ImportFrom | ast.Import, bool]]:
    """Every import with whether it sits at module level (``if TYPE_CHECKING:`` blocks are skipped)."""
    found: list[tuple[ast.ImportFrom | ast.Import, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and ast.unparse(child.test) == "TYPE_CHECKING":
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append((child, top))
            nested = top and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)
            visit(child, nested)

    visit(tree, True)
    return found


def _graph() -> dict[str, set[str]]:
    sources = _sources()
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for name, (path, tree) in sources.items():
        for node, _ in _runtime_imports(tree):
            if isinstance(node, ast.ImportFrom):
                targets = _resolve(name, path.name == "__init__.py", node)
            else:
                targets = [a.name for a in node.names if a.name.startswith("svcstandards")]
            found = {t for t in targets if t in sources and t != name}
            # importing a.b.c runs a/b/__init__ first: an edge to each enclosing package too,
            # except the root and the packages the importing module is itself inside of
            parents = {".".join(t.split(".")[:i]) for t in found for i in range(2, t.count(".") + 1)}
            graph[name] |= found | {p for p in parents if p in sources and p != name and not name.startswith(p + ".")}
    return graph


def test_the_package_s_own_modules_are_imported_at_module_level_only() -> None:
    inside = []
    for name, (_, tree) in _sources().items():
        for node, top in _runtime_imports(tree):
            if isinstance(node, ast.ImportFrom):
                own = node.level > 0 or (node.module or "").startswith("svcstandards")
            else:
                own = any(a.name.startswith("svcstandards") for a in node.names)
            if own and not top:
                inside.append(f"{name}:{node.lineno}")
    assert inside == []


def test_there_is_no_import_cycle() -> None:
    graph = _graph()
    # A package's __init__ re-exports its modules; a module importing a sibling through the
    # package (``from ..calendars import x``) depends on the package, which depends on the
    # siblings: that edge is fine when the package is not imported back by what it re-exports.
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_nothing_imports_the_compatibility_modules() -> None:
    users = sorted(f"{name} -> {target}" for name, targets in _graph().items() for target in targets & SHIMS)
    assert users == []


@pytest.mark.parametrize("name", sorted(_sources()))
def test_modules_are_a_few_hundred_lines(name: str) -> None:
    path, _ = _sources()[name]
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES, f"split {path.name}"


def test_a_cycle_would_be_found() -> None:
    # the checker itself: two modules importing each other
    a = ast.parse("from .b import x\n")
    ((node, top),) = _runtime_imports(a)
    assert top
    assert isinstance(node, ast.ImportFrom)
    assert _resolve("svcstandards.a", False, node) == ["svcstandards.b", "svcstandards.b.x"]
    nested = ast.parse("def f():\n    from .b import x\n")
    assert [t for _, t in _runtime_imports(nested)] == [False]
    guarded = ast.parse("if TYPE_CHECKING:\n    from .b import x\n")
    assert _runtime_imports(guarded) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("svcstandards.model", "svcstandards.format.model"),
        ("svcstandards.calendar", "svcstandards.calendars"),
        ("svcstandards.loader", "svcstandards.format.loader"),
        ("svcstandards.units", "svcstandards.format.units"),
    ],
)
def test_the_old_import_paths_give_the_same_objects(old: str, new: str) -> None:
    before, after = importlib.import_module(old), importlib.import_module(new)
    assert list(before.__all__) == list(after.__all__)
    assert all(getattr(before, name) is getattr(after, name) for name in after.__all__)
    assert "BusinessCalendar" in after.__all__ or "StandardSet" in after.__all__ or len(after.__all__) >= 5
