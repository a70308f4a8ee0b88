"""What every renderer is given besides the results."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..core.findings import Rule
from ..core.results import FileResult


@dataclass
class RunInfo:
    version: str
    rules: dict[str, Rule]
    fail_on: str = "error"
    config_source: str | None = None
    policy_dir: str | None = None
    targets: dict = field(default_factory=dict)


class Summary:
    """Run totals, accumulated one result at a time so a run need not be held in memory."""

    def __init__(self, fail_on: str):
        self.fail_on = fail_on
        self.files = self.unreadable = self.articles = self.passing = self.findings = 0
        self.by_severity: Counter = Counter()
        self.by_rule: Counter = Counter()
        self.failed = False

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.unreadable += bool(result.error)
        for article in result.articles:
            self.articles += 1
            self.passing += not any(f.severity == "error" for f in article.findings)
        for finding in result.all_findings:
            self.findings += 1
            self.by_severity[finding.severity] += 1
            self.by_rule[finding.rule] += 1
        self.failed = self.failed or result.fails(self.fail_on)

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "files_unreadable": self.unreadable,
            "articles": self.articles,
            "articles_passing": self.passing,
            "findings": self.findings,
            "by_severity": {k: self.by_severity.get(k, 0) for k in ("error", "warning", "info")},
            "by_rule": dict(sorted(self.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
            "failed": self.failed,
            "fail_on": self.fail_on,
        }


def summarise(results: list[FileResult], fail_on: str) -> dict:
    summary = Summary(fail_on)
    for result in results:
        summary.add(result)
    return summary.as_dict()
