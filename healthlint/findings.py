"""Findings, severities and the registry of rules that the CLI, the docs and the config all read."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
FAIL_ON_LEVELS = ("error", "warning", "info", "never")


@dataclass
class Rule:
    """One rule. ``doc`` is its full explanation in Markdown, with the headings
    What it finds / Why it matters / Example / Fix / Options / References."""

    id: str
    severity: str
    summary: str
    doc: str
    fixable: bool = False

    @property
    def check(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]


@dataclass(slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    path: str
    start_line: int
    end_line: int
    start_column: int | None = None
    end_column: int | None = None
    excerpt: str = ""
    suggestion: str | None = None
    article: str | None = None
    # Where in the document model the finding sits, for the HTML report's in-place highlight:
    # the block index in its article and a character span in that block's text.
    block: int | None = None
    span: tuple[int, int] | None = None
    confidence: float | None = None
    data: dict[str, Any] = field(default_factory=dict)
    _fingerprint: str | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        # Field by field: dataclasses.asdict deep-copies every value and costs three times as much.
        return {
            "rule": self.rule, "severity": self.severity, "message": self.message, "path": self.path,
            "start_line": self.start_line, "end_line": self.end_line, "start_column": self.start_column,
            "end_column": self.end_column, "excerpt": self.excerpt, "suggestion": self.suggestion,
            "article": self.article, "block": self.block, "span": list(self.span) if self.span else None,
            "confidence": self.confidence, "data": self.data, "fingerprint": self.fingerprint,
        }

    @property
    def fingerprint(self) -> str:
        """Stable across edits elsewhere in the file: rule, article and the normalised excerpt."""
        if self._fingerprint is None:
            basis = "\x1f".join([self.rule, self.article or "", normalise_excerpt(self.excerpt or self.message)])
            self._fingerprint = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
        return self._fingerprint

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        get = data.get
        span = get("span")
        return cls(
            data["rule"], data["severity"], data["message"], data["path"], data["start_line"], data["end_line"],
            get("start_column"), get("end_column"), get("excerpt", ""), get("suggestion"), get("article"),
            get("block"), tuple(span) if span is not None else None, get("confidence"), get("data") or {},
            get("fingerprint"),
        )


WHITESPACE = re.compile(r"\s+")


def normalise_excerpt(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip().lower()


def at_or_above(severity: str, level: str) -> bool:
    if level == "never":
        return False
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[level]


def sort_key(finding: Finding) -> tuple:
    return (finding.path, finding.start_line, finding.end_line, finding.rule, finding.message)
