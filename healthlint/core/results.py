"""The results of a run, as the renderers read them and as the JSON output stores them.

An article result carries the article's content (its blocks, with tables as cells) as well as its
findings and figures, so that ``healthlint report RESULTS.json`` can draw the HTML audit report
without reading or analysing the articles again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from .findings import Finding, at_or_above
from .model import Article, Block

SCHEMA_VERSION = "1.0"


@dataclass
class ArticleResult:
    title: str
    start_line: int
    end_line: int
    findings: list[Finding] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    blocks: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "findings": [f.to_dict() for f in self.findings],
            "figures": self.figures,
            "blocks": self.blocks,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ArticleResult":
        return cls(
            data["title"], data["start_line"], data["end_line"],
            [Finding.from_dict(f) for f in data.get("findings", [])],
            data.get("figures", {}), data.get("blocks", []),
        )


@dataclass
class FileResult:
    path: str
    kind: str | None = None
    encoding: str | None = None
    error: str | None = None
    articles: list[ArticleResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # file-level (parse problems, read errors)
    # SHA-256 of the bytes this run checked (not stored in JSON or the cache): --fix plans its edits
    # from these results and refuses to write a file whose bytes are no longer these.
    source_digest: str | None = field(default=None, compare=False, repr=False)

    @property
    def all_findings(self) -> list[Finding]:
        return self.findings + [f for a in self.articles for f in a.findings]

    def _each_finding(self) -> Iterator[Finding]:
        # Asked of every file of a run, twice or more: no list is built for a question.
        yield from self.findings
        for article in self.articles:
            yield from article.findings

    def worst(self) -> str | None:
        levels = {f.severity for f in self._each_finding()}
        for level in ("error", "warning", "info"):
            if level in levels:
                return level
        return None

    def fails(self, level: str) -> bool:
        return any(at_or_above(f.severity, level) for f in self._each_finding())

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "encoding": self.encoding,
            "error": self.error,
            "findings": [f.to_dict() for f in self.findings],
            "articles": [a.to_dict() for a in self.articles],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "FileResult":
        return cls(
            data["path"], data.get("kind"), data.get("encoding"), data.get("error"),
            [ArticleResult.from_dict(a) for a in data.get("articles", [])],
            [Finding.from_dict(f) for f in data.get("findings", [])],
        )


def block_to_dict(block: Block) -> dict[str, Any]:
    out: dict[str, Any] = {
        "index": block.index,
        "kind": block.kind,
        "text": block.text,
        "start_line": block.start_line,
        "end_line": block.end_line,
        "section": block.section,
    }
    if block.level:
        out["level"] = block.level
    if block.links:
        out["links"] = [{"text": link.text, "href": link.href, "start": link.start, "end": link.end,
                         **({"rel": link.rel} if link.rel else {})} for link in block.links]
    if block.table is not None:
        table = block.table
        out["table"] = {
            "header": table.header,
            "header_line": table.header_line,
            "rows": [{"cells": r.cells, "line": r.line} for r in table.rows],
            "caption": table.caption,
            "caption_line": table.caption_line,
            "flattened": table.flattened,
        }
    return out


def article_skeleton(article: Article) -> ArticleResult:
    return ArticleResult(
        article.title, article.start_line, article.end_line,
        blocks=[block_to_dict(b) for b in article.blocks],
    )
