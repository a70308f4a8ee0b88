"""The terminal summary editors read: findings grouped by file and article, then totals."""
from __future__ import annotations

from collections import Counter
from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..results import FileResult
from .base import RunInfo, summarise

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_results(console: Console, results: list[FileResult], info: RunInfo, show_info: bool = True) -> None:
    for result in results:
        findings = result.all_findings
        if not show_info:
            findings = [f for f in findings if f.severity != "info"]
        if not findings and not result.error:
            continue
        console.print(Text(result.path, style="bold underline"))
        if result.error:
            console.print(Text(f"  cannot check: {result.error}", style=STYLE["error"]))
        groups: dict[str | None, list] = {}
        for finding in findings:
            groups.setdefault(finding.article, []).append(finding)
        for article, items in groups.items():
            if article and len(result.articles) > 1:
                console.print(Text(f"  {article}", style="bold"))
            for f in items:
                where = f"{f.start_line}" if f.start_line == f.end_line else f"{f.start_line}-{f.end_line}"
                line = Text("  ")
                line.append(f"{where:>9}  ", style="dim")
                line.append(f"{f.severity:<7} ", style=STYLE[f.severity])
                line.append(f"{f.rule:<32} ", style="magenta")
                line.append(f.message)
                if f.suggestion:
                    line.append(f"  → {f.suggestion}", style="green")
                console.print(line)
        console.print()
    summary = summarise(results, info.fail_on)
    table = Table(title="healthlint summary", show_header=True, header_style="bold")
    table.add_column("files")
    table.add_column("articles")
    table.add_column("passing")
    table.add_column("errors", style=STYLE["error"])
    table.add_column("warnings", style=STYLE["warning"])
    table.add_column("info", style=STYLE["info"])
    sev = summary["by_severity"]
    table.add_row(str(summary["files"]), str(summary["articles"]), str(summary["articles_passing"]),
                  str(sev["error"]), str(sev["warning"]), str(sev["info"]))
    console.print(table)
    top = Counter(summary["by_rule"]).most_common(5)
    if top:
        console.print("top rules: " + ", ".join(f"{rule} ({n})" for rule, n in top))
    verdict = "FAILED" if summary["failed"] else "passed"
    style = "bold red" if summary["failed"] else "bold green"
    console.print(Text(f"{verdict} (fail-on: {info.fail_on})", style=style))


def render(results: list[FileResult], info: RunInfo) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=120, color_system=None, highlight=False)
    print_results(console, results, info)
    return buffer.getvalue()
