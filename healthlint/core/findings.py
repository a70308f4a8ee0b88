"""Findings, severities and the registry of rules that the CLI, the docs and the config all read."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Union

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
FAIL_ON_LEVELS = ("error", "warning", "info", "never")

# How a renderer marks a finding of a rule in the article (the HTML report reads this, never a rule id):
# "highlight" its span; "underline" it (a word); "shade" it (a sentence); "block": mark every block
# in its lines as one inserted block, with its phrase (``data["phrase_span"]``) emphasised.
DISPLAYS = ("highlight", "underline", "shade", "block")

# A fix's applicability, as in ruff: "safe" fixes are made by --fix, "unsafe" ones only with
# --unsafe-fixes, "display-only" ones are shown as a suggestion and never applied.
SAFE, UNSAFE, DISPLAY_ONLY = "safe", "unsafe", "display-only"
APPLICABILITIES = (SAFE, UNSAFE, DISPLAY_ONLY)


@dataclass(frozen=True)
class LinesEdit:
    """Replace the source lines [start, end) (0-based, end exclusive) with ``lines``; ``start == end``
    inserts before line ``start``. ``order`` ranks insertions at the same place."""

    start: int
    end: int
    lines: tuple[str, ...] = ()
    order: int = 0


@dataclass(frozen=True)
class SpanEdit:
    """Replace characters [start, end) (0-based, end exclusive) of source line ``line`` (0-based)."""

    line: int
    start: int
    end: int
    text: str


Edit = Union[LinesEdit, SpanEdit]


@dataclass(frozen=True)
class FixSource:
    """What a fix function sees of the file: its lines (without line endings), its kind
    ("markdown", "html", "text") and the lines of the finding's article (1-based, inclusive)."""

    lines: tuple[str, ...]
    kind: str
    article_start: int
    article_end: int
    articles: int = 1


class NotFixable(Exception):
    """Raised by a fix function when this finding cannot be fixed safely; the message says why."""


@dataclass(frozen=True)
class Fix:
    """A rule's fix: ``edits(finding, source)`` gives the edits (none when there is nothing to do),
    with its applicability. ``safe_from`` makes an otherwise unsafe fix safe for findings whose
    confidence is at least that high."""

    edits: Callable[["Finding", FixSource], list[Edit]]
    applicability: str = SAFE
    safe_from: float | None = None

    def applicability_for(self, finding: "Finding") -> str:
        if self.safe_from is not None and finding.confidence is not None and finding.confidence >= self.safe_from:
            return SAFE
        return self.applicability


def replacement_edits(finding: "Finding", source: FixSource) -> list[Edit]:
    """The edits a check recorded with its finding, ``data["fix"]["replace"] = [start, end, text]``
    (character offsets in the finding's block text, like ``span``; one list or a list of them),
    placed on the source line by the finding's excerpt. A fix made this way changes only what the
    check itself found."""
    fix = finding.data.get("fix") if isinstance(finding.data, dict) else None
    replace = fix.get("replace") if isinstance(fix, dict) else None
    if not replace or finding.span is None:
        return []
    items = replace if isinstance(replace[0], (list, tuple)) else [replace]
    index = finding.start_line - 1
    if not 0 <= index < len(source.lines) or finding.start_line != finding.end_line:
        raise NotFixable("the finding does not sit on one source line")
    text, excerpt = source.lines[index], finding.excerpt
    base = None
    if finding.start_column and text[finding.start_column - 1:].startswith(excerpt):
        base = finding.start_column - 1
    elif excerpt and text.count(excerpt) == 1:
        base = text.index(excerpt)  # markup before it on the line: placed by its text
    if base is None or not excerpt:
        raise NotFixable("the reported text is not found as such on its source line")
    edits: list[Edit] = []
    for start, end, new in items:
        offset_start, offset_end = int(start) - finding.span[0], int(end) - finding.span[0]
        if not 0 <= offset_start <= offset_end <= len(excerpt):
            raise NotFixable("the edit lies outside the reported text")
        edits.append(SpanEdit(index, base + offset_start, base + offset_end, str(new)))
    return edits


@dataclass
class Rule:
    """One rule. ``doc`` is its full explanation in Markdown, with the headings
    What it finds / Why it matters / Example / Fix / Options / References. ``fix`` is how
    ``--fix`` mends a finding (None: by hand); ``display`` how a report marks it (see DISPLAYS)."""

    id: str
    severity: str
    summary: str
    doc: str
    fix: Fix | None = None
    display: str = "highlight"

    def __post_init__(self) -> None:
        if self.display not in DISPLAYS:
            raise ValueError(f"{self.id}: display {self.display!r} is not one of {', '.join(DISPLAYS)}")

    @property
    def fixable(self) -> bool:
        return self.fix is not None

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
