"""What a check gets besides the article: its policy, its thresholds and a way to report."""
from __future__ import annotations

from typing import Any

from ..core.config import Config, Policy
from ..core.findings import Finding, Rule
from ..core.model import Block
from ..language.nlp import AnalysedArticle


# A message is a line an editor reads; one that lists a thousand columns is cut.
MAX_MESSAGE_CHARS = 1000


class CheckContext:
    def __init__(self, analysed: AnalysedArticle, config: Config, rules: dict[str, Rule], check_name: str):
        self.analysed = analysed
        self.article = analysed.article
        self.config = config
        self.rules = rules
        self.check_name = check_name
        self.findings: list[Finding] = []
        self.figures: dict[str, Any] = {}

    @property
    def policy(self) -> Policy:
        return self.config.get_policy()

    @property
    def thresholds(self) -> dict[str, Any]:
        return self.policy.thresholds(self.check_name)

    def enabled(self, rule_id: str) -> bool:
        return self.config.rule_enabled(rule_id)

    def report(
        self,
        rule_id: str,
        message: str,
        *,
        block: Block | None = None,
        span: tuple[int, int] | None = None,
        lines: tuple[int, int] | None = None,
        excerpt: str | None = None,
        suggestion: str | None = None,
        confidence: float | None = None,
        severity: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Finding | None:
        """Record a finding. Lines come from ``lines``, or from the block and the span inside it."""
        if not self.enabled(rule_id):
            return None
        rule = self.rules[rule_id]
        start_column = end_column = None
        if lines is not None:
            start_line, end_line = lines
        elif block is not None and span is not None:
            start_line, end_line = block.line_at(span[0]), block.line_at(max(span[0], span[1] - 1))
            start_column = block.column_at(span[0])
            end_column = block.column_at(span[1] - 1)
            end_column = end_column + 1 if end_column is not None else None
        elif block is not None:
            start_line, end_line = block.start_line, block.end_line
        else:
            start_line = end_line = self.article.start_line
        if excerpt is None:
            if block is not None and span is not None:
                excerpt = block.text[span[0]:span[1]]
            elif block is not None:
                excerpt = block.text
            else:
                excerpt = ""
        finding = Finding(
            rule=rule_id,
            severity=self.config.severity_of(rule_id, severity or rule.severity),
            message=message if len(message) <= MAX_MESSAGE_CHARS else message[:MAX_MESSAGE_CHARS - 1] + "…",
            path=self.analysed.path,
            start_line=start_line,
            end_line=max(end_line, start_line),
            start_column=start_column,
            end_column=end_column,
            excerpt=excerpt[:500],
            suggestion=suggestion,
            article=self.article.title,
            block=block.index if block is not None else None,
            span=span,
            confidence=confidence,
            data=data or {},
        )
        self.findings.append(finding)
        return finding
