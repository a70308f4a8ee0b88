"""The structure the docs describe: no import cycle, and no rule id outside the checks where only
generic code belongs (fixes, reports)."""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from healthlint.core.registry import all_rules

REPO = Path(__file__).resolve().parents[1]


def _import_graph_tool():
    spec = importlib.util.spec_from_file_location("import_graph", REPO / "tools" / "import_graph.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("import_graph", module)
    spec.loader.exec_module(module)
    return module


def test_no_import_cycle():
    """Every import counts, inside functions too: `python tools/import_graph.py` shows the graph."""
    tool = _import_graph_tool()
    edges = tool.graph()
    assert "healthlint.run.engine" in edges and "healthlint.run.parallel" in edges["healthlint.run.engine"]
    assert tool.cycles(edges) == []


def test_layers_import_only_downward():
    """`python tools/import_graph.py --layers` lists the layers; each module has one."""
    tool = _import_graph_tool()
    assert tool.upward(tool.graph()) == []
    assert tool.layer_of("healthlint.checks.hygiene") > tool.layer_of("healthlint.core.registry")
    assert tool.upward({"healthlint.core.findings": {"healthlint.run.engine"}}) == [
        ("healthlint.core.findings", "healthlint.run.engine")]
    assert tool.upward({"healthlint.newthing": set()}) == [("healthlint.newthing", "(no layer: put it in a layer's folder, see LAYERS)")]


def test_the_cycle_finder_finds_a_cycle():
    tool = _import_graph_tool()
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert tool.cycles(edges) == [["a", "b", "c"]]
    assert tool.cycles({"a": {"b"}, "b": set()}) == []


def test_function_level_import_is_an_edge(tmp_path, monkeypatch):
    tool = _import_graph_tool()
    package = tmp_path / "healthlint"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "one.py").write_text("def f():\n    from .two import g\n    return g\n")
    (package / "two.py").write_text("from . import one\n")
    monkeypatch.setattr(tool, "ROOT", package)
    edges = tool.graph()
    assert edges["healthlint.one"] == {"healthlint.two"}
    assert tool.cycles(edges) == [["healthlint.one", "healthlint.two"]]


def test_fixes_and_reports_name_no_rule():
    ids = set(all_rules())
    generic = [REPO / "healthlint" / "workflow" / "fixes.py", *sorted((REPO / "healthlint" / "reports").rglob("*.*"))]
    pattern = re.compile("|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)))
    found = [(path.name, m.group(0)) for path in generic if path.suffix in (".py", ".j2")
             for m in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert found == []
