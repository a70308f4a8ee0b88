"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` or a pull-request comment: totals and a table
of the articles with findings, worst first, capped at ``MAX_ROWS`` rows."""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..core.results import FileResult
from .base import RunInfo, summarise

MAX_ROWS = 20
STATUS = {"fail": "❌ fail", "warn": "⚠️ warn", "pass": "✅ pass"}


def cell(text: str, limit: int = 90) -> str:
    """Text safe inside a GFM table cell: one line, pipes, HTML and Markdown punctuation escaped."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|#!~])", r"\\\1", text)


def _rows(results: list[FileResult]) -> list[dict]:
    rows: list[dict[str, Any]] = []
    for result in results:
        for position, article in enumerate(result.articles):
            if not article.findings:
                continue
            sev = Counter(f.severity for f in article.findings)
            rules = Counter(f.rule for f in article.findings)
            status = "fail" if sev.get("error") else "warn" if sev.get("warning") else "pass"
            rows.append({
                "path": result.path, "title": article.title or "(untitled)", "line": article.start_line,
                "position": position, "status": status,
                "error": sev.get("error", 0), "warning": sev.get("warning", 0), "info": sev.get("info", 0),
                "rules": sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[:3],
            })
    rows.sort(key=lambda r: (-r["error"], -r["warning"], -r["info"], r["path"], r["position"]))
    return rows


def render(results: list[FileResult], info: RunInfo, max_rows: int = MAX_ROWS) -> str:
    summary = summarise(results, info.fail_on)
    sev = summary["by_severity"]
    verdict = "❌ **Failed**" if summary["failed"] else "✅ **Passed**"
    lines = [
        "## healthlint",
        "",
        f"{verdict} (fails on {summary['fail_on']}): {summary['articles']} articles checked in "
        f"{summary['files']} files, {summary['articles_passing']} passing; {summary['findings']} findings "
        f"({sev['error']} errors, {sev['warning']} warnings, {sev['info']} info).",
        "",
    ]
    rows = _rows(results)
    if rows:
        lines += ["| Status | Article | File | Errors | Warnings | Info | Top rules |",
                  "| --- | --- | --- | ---: | ---: | ---: | --- |"]
        for row in rows[:max_rows]:
            rules = ", ".join(f"`{rule}` ×{n}" for rule, n in row["rules"])
            lines.append(f"| {STATUS[row['status']]} | {cell(row['title'])} | {cell(row['path'], 70)}:{row['line']} | "
                         f"{row['error']} | {row['warning']} | {row['info']} | {rules} |")
        if len(rows) > max_rows:
            more = len(rows) - max_rows
            lines += ["", f"…and {more} more article{'s' if more != 1 else ''} with findings."]
        lines.append("")
    else:
        lines += ["No findings.", ""]
    unreadable = sorted((r for r in results if r.error), key=lambda r: r.path)
    if unreadable:
        lines += [f"**Unreadable files ({len(unreadable)}):**", ""]
        for result in unreadable[:max_rows]:
            lines.append(f"- {cell(result.path, 120)}: {cell(result.error or '', 120)}")
        if len(unreadable) > max_rows:
            lines.append(f"- …and {len(unreadable) - max_rows} more")
        lines.append("")
    if summary["by_rule"]:
        top = list(summary["by_rule"].items())[:5]
        lines += ["Top rules: " + ", ".join(f"`{rule}` ({n})" for rule, n in top), ""]
    return "\n".join(lines)
