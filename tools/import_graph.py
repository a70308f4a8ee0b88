"""The import graph of the healthlint package, read from its source with ``ast`` (nothing is imported).

    python tools/import_graph.py            # every module and what it imports, then any cycle
    python tools/import_graph.py --dot      # Graphviz: python tools/import_graph.py --dot | dot -Tsvg > imports.svg

Every import counts, wherever it is written (module level, inside a function, under
``TYPE_CHECKING``): an import inside a function still runs, so it cannot hide a cycle. An import of a
package (``from . import checks``) is an edge to its ``__init__``; ``from .checks import all_rules``
is an edge to ``healthlint.checks`` (the names of a package's ``__init__``), and ``from .checks
import hygiene`` to the submodule. Exit status 1 when there is a cycle.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = "healthlint"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = resolve(name, path.name == "__init__.py", node)
            for alias in node.names:
                child = f"{base}.{alias.name}"
                targets.add(child if child in known else base)
    return {t for t in targets if t in known and t != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def main(argv: list[str]) -> int:
    edges = graph()
    if "--dot" in argv:
        print("digraph imports {\n  rankdir=BT;")
        for name in sorted(edges):
            for target in sorted(edges[name]):
                print(f'  "{name}" -> "{target}";')
        print("}")
    else:
        for name in sorted(edges):
            print(f"{name} -> {', '.join(sorted(edges[name])) or '(nothing)'}")
    found = cycles(edges)
    for component in found:
        print("cycle: " + " <-> ".join(component), file=sys.stderr)
    if not found:
        print("no import cycle", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
