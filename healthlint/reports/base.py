"""What every renderer is given besides the results."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..findings import Rule
from ..results import FileResult


@dataclass
class RunInfo:
    version: str
    rules: dict[str, Rule]
    fail_on: str = "error"
    config_source: str | None = None
    policy_dir: str | None = None
    targets: dict = field(default_factory=dict)


def summarise(results: list[FileResult], fail_on: str) -> dict:
    findings = [f for r in results for f in r.all_findings]
    by_severity = Counter(f.severity for f in findings)
    by_rule = Counter(f.rule for f in findings)
    articles = [a for r in results for a in r.articles]
    return {
        "files": len(results),
        "files_unreadable": sum(1 for r in results if r.error),
        "articles": len(articles),
        "articles_passing": sum(
            1 for r in results for a in r.articles
            if not any(f.severity == "error" for f in a.findings)
        ),
        "findings": len(findings),
        "by_severity": {k: by_severity.get(k, 0) for k in ("error", "warning", "info")},
        "by_rule": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
        "failed": any(r.fails(fail_on) for r in results),
        "fail_on": fail_on,
    }
