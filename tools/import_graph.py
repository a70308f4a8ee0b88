"""The import graph of the healthlint package, read from its source with ``ast`` (nothing is imported).

    python tools/import_graph.py            # every module and what it imports, then any cycle
    python tools/import_graph.py --layers   # the modules by layer (LAYERS), and any import that runs back up
    python tools/import_graph.py --dot      # Graphviz: python tools/import_graph.py --dot | dot -Tsvg > imports.svg

Every import counts, wherever it is written (module level, inside a function, under
``TYPE_CHECKING``): an import inside a function still runs, so it cannot hide a cycle. An import of a
package (``from . import reports``) is an edge to its ``__init__``; ``from .reports import renderer``
is an edge to ``healthlint.reports`` (the names of a package's ``__init__``), and ``from .reports
import html`` to the submodule. Exit status 1 when there is a cycle or an upward import.

The registry (``healthlint/core/registry.py``) loads the check modules by name with importlib, a
plugin list read at run time: that is the one import that goes up, on purpose, and it is not an
edge here.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = "healthlint"
ROOT = Path(__file__).resolve().parents[1] / PACKAGE

# The layers, lowest first, one folder each: a module imports only from its own layer or the ones
# before it. docs/DEVELOPING.md draws them. A module belongs to the layer of the longest listed name
# that is it or its package; one in no layer (a new module straight under healthlint/) is reported.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("core/: findings and rules, the rule registry, the document model, reading files, configuration "
     "and policy (and data/, the package's data files)", ("healthlint", "healthlint.core", "healthlint.data")),
    ("parsers/: Markdown, HTML and scraped text into the document model", ("healthlint.parsers",)),
    ("language/: the one spaCy pass, text counts, syllables, the word dictionaries, topic vectors",
     ("healthlint.language",)),
    ("checks/: what a check gets, one module per check (and its fixes)", ("healthlint.checks",)),
    ("run/: the engine, which files a run takes, worker processes, the result cache, suppressions",
     ("healthlint.run",)),
    ("workflow/: fixes, baseline, git changes", ("healthlint.workflow",)),
    ("reports/: one module per output format", ("healthlint.reports",)),
    ("serve/: the editors' page and API over the engine, the reports and the fixes", ("healthlint.serve",)),
    ("command line: cli.py", ("healthlint.cli", "healthlint.__main__")),
]


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


def layer_of(name: str) -> int | None:
    """The index in LAYERS of a module: an exact name wins, then the longest listed package
    ("healthlint.run" for healthlint.run.engine); the bare package name is no prefix."""
    best: tuple[int, int] | None = None
    for index, (_, members) in enumerate(LAYERS):
        for member in members:
            if name == member:
                return index
            prefix = member if member.endswith(".") else member + "."
            if name.startswith(prefix) and member != PACKAGE and (best is None or len(member) > best[1]):
                best = (index, len(member))
    return best[0] if best else None


def upward(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports from a lower layer of a higher one (and modules in no layer, paired with None)."""
    found: list[tuple[str, str]] = []
    for name in sorted(edges):
        mine = layer_of(name)
        if mine is None:
            found.append((name, "(no layer: put it in a layer's folder, see LAYERS)"))
            continue
        for target in sorted(edges[name]):
            theirs = layer_of(target)
            if theirs is not None and theirs > mine:
                found.append((name, target))
    return found


def main(argv: list[str]) -> int:
    edges = graph()
    if "--layers" in argv:
        for index, (title, _) in enumerate(LAYERS):
            members = sorted(n for n in edges if layer_of(n) == index)
            print(f"{index} {title}\n    " + ", ".join(m.removeprefix(PACKAGE + ".") for m in members))
    elif "--dot" in argv:
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
    up = upward(edges)
    for name, target in up:
        print(f"upward import: {name} -> {target}", file=sys.stderr)
    return 1 if found or up else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
