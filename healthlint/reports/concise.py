"""One line a finding, ``path:line:col: RULE message``, as ruff and Vale print: what CI logs, editors'
problem matchers and ``grep`` read. The default when standard output is not a terminal."""
from __future__ import annotations

from ..core.findings import SEVERITY_RANK, Finding
from ..core.results import FileResult
from .base import RunInfo, summarise


def location(finding: Finding) -> str:
    """``path:line:col``, the form terminals and editors make clickable (column 1 when unknown)."""
    return f"{finding.path}:{finding.start_line}:{finding.start_column or 1}"


def order(finding: Finding) -> tuple:
    return (finding.start_line, finding.start_column or 1, finding.rule, finding.message)


def line(finding: Finding) -> str:
    text = " ".join(finding.message.split())
    if finding.suggestion:
        text += f" (suggestion: {' '.join(finding.suggestion.split())})"
    return f"{location(finding)}: {finding.rule} {text}"


def findings_lines(results: list[FileResult]) -> list[str]:
    lines: list[str] = []
    for result in results:
        lines.extend(line(f) for f in sorted(result.all_findings, key=order))
    return lines


def totals_line(results: list[FileResult], fail_on: str) -> str:
    summary = summarise(results, fail_on)
    sev = summary["by_severity"]
    if not summary["findings"]:
        return f"All checks passed ({summary['files']} file{'s' if summary['files'] != 1 else ''})."
    return (f"Found {summary['findings']} finding{'s' if summary['findings'] != 1 else ''} "
            f"({sev['error']} errors, {sev['warning']} warnings, {sev['info']} info) "
            f"in {summary['files']} file{'s' if summary['files'] != 1 else ''}.")


def render(results: list[FileResult], info: RunInfo, quiet: bool = False) -> str:
    lines = findings_lines(results)
    if not quiet:
        lines.append(totals_line(results, info.fail_on))
    return "\n".join(lines) + ("\n" if lines else "")


def statistics(results: list[FileResult], info: RunInfo) -> str:
    """``--statistics``: how many findings of each rule, most first, as ``ruff --statistics`` prints."""
    counts: dict[str, int] = {}
    severities: dict[str, set[str]] = {}
    for result in results:
        for finding in result.all_findings:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
            severities.setdefault(finding.rule, set()).add(finding.severity)
    if not counts:
        return ""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max(len(str(n)) for n in counts.values())
    rule_width = max(len(rule) for rule in counts)
    labels = {rule: "/".join(sorted(levels, key=lambda s: -SEVERITY_RANK.get(s, 0)))
              for rule, levels in severities.items()}
    label_width = max(len(label) for label in labels.values())
    lines = []
    for rule, count in ordered:
        known = info.rules.get(rule)
        summary = known.summary if known else ""
        lines.append(f"{count:>{width}}  {rule:<{rule_width}}  {labels[rule]:<{label_width}}  {summary}".rstrip())
    return "\n".join(lines) + "\n"
