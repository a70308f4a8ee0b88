"""The terminal view editors read: findings grouped by file and article, errors first, each under a
clickable ``path:line:col`` with its message wrapped to the terminal's width beneath; then totals."""
from __future__ import annotations

from collections import Counter
import textwrap
from io import StringIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..core.findings import SEVERITY_RANK, Finding
from ..core.results import FileResult
from .base import RunInfo, summarise
from .concise import location

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
INDENT = 4


def severity_first(finding: Finding) -> tuple:
    return (-SEVERITY_RANK.get(finding.severity, 0), finding.start_line, finding.start_column or 1,
            finding.rule, finding.message)


def finding_lines(finding: Finding, width: int) -> list[Text]:
    """The location line, then the message (and suggestion) wrapped to ``width`` under it, indented:
    never back to column 0, no trailing blanks."""
    head = Text("  ")
    head.append(location(finding), style="bold")
    head.append("  ")
    head.append(finding.severity, style=STYLE.get(finding.severity, ""))
    head.append("  ")
    head.append(finding.rule, style="magenta")
    room = max(20, width - INDENT)
    lines = [head]
    for text, style in ((finding.message, ""), (f"→ {finding.suggestion}" if finding.suggestion else "", "green")):
        for piece in textwrap.wrap(" ".join(text.split()), room, break_on_hyphens=False,
                                   break_long_words=False):
            lines.append(Text(" " * INDENT + piece, style=style))
    return lines


def print_findings(console: Console, results: list[FileResult]) -> None:
    for result in results:
        findings = result.all_findings
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
            for finding in sorted(items, key=severity_first):
                for line in finding_lines(finding, console.width):
                    console.print(line, soft_wrap=True)  # wrapped already; a long URL stays whole
        console.print()


def print_summary(console: Console, results: list[FileResult], info: RunInfo) -> None:
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


def print_results(console: Console, results: list[FileResult], info: RunInfo, show_info: bool = True,
                  quiet: bool = False) -> None:
    """Findings, then the summary (``quiet``: the findings only). ``show_info=False`` leaves info out."""
    if not show_info:
        from dataclasses import replace

        def without_info(items):
            return [f for f in items if f.severity != "info"]

        results = [replace(r, findings=without_info(r.findings),
                           articles=[replace(a, findings=without_info(a.findings)) for a in r.articles])
                   for r in results]
    print_findings(console, results)
    if not quiet:
        print_summary(console, results, info)


def render(results: list[FileResult], info: RunInfo) -> str:
    buffer = StringIO()
    console = Console(file=buffer, width=120, color_system=None, highlight=False)
    print_results(console, results, info)
    return buffer.getvalue()
