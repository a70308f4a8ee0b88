"""Inline suppressions and front-matter ignores.

Directives live in HTML comments, in Markdown and in HTML::

    <!-- healthlint-disable off-topic/bridge -->      (no rule: every rule)
    ...                                               findings starting in here are suppressed
    <!-- healthlint-enable -->                        (no rule: closes every open range)

    <!-- healthlint-disable-next-line spelling/unknown-word, hygiene -->
    The next non-blank line, or the block (run of non-blank lines) it starts.

Several rules are separated by spaces or commas; a check name (``spelling``) stands for all its
rules. Markdown front matter can switch rules off for a whole article::

    ---
    healthlint:
      ignore: [readability/grade, spelling/unknown-word]
    ---

Plain text (``.txt``) has no comments, so a line of its own carries the directive, as in Vale and
ruff (the HTML-comment form works there too)::

    # healthlint: disable=off-topic/bridge,spelling   (range, until "# healthlint: enable")
    # healthlint: enable
    # healthlint: disable-next-line=spelling/unknown-word

Directive lines are blanked before a text file is parsed (``parsers/directives.py``), so they are
never read as article text.

A directive that suppresses nothing is reported as ``healthlint/unused-suppression``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.builtin import UNUSED_SUPPRESSION
from ..core.findings import Finding, Rule, sort_key

SUPPRESSION_RULES = (UNUSED_SUPPRESSION,)

DIRECTIVE = re.compile(r"^\s*healthlint-(disable-next-line|disable|enable)(?:\s+(.*?))?\s*$", re.S | re.I)
RULE_SPLIT = re.compile(r"[\s,]+")


@dataclass
class Suppression:
    kind: str  # "range", "next-line" or "front-matter"
    rules: tuple[str, ...] | None  # None: every rule
    line: int  # where the directive is, for reporting it
    start: int
    end: int
    article: int | None = None  # front matter: index of the article it covers
    text: str = ""
    used: bool = False
    closed: bool = field(default=False, repr=False)

    def matches(self, finding: Finding) -> bool:
        if finding.rule == UNUSED_SUPPRESSION.id:
            return False
        if self.rules is not None and not any(rule_matches(finding.rule, r) for r in self.rules):
            return False
        if self.kind == "front-matter":
            return True
        if self.kind == "next-line":
            return finding.start_line <= self.end and max(finding.end_line, finding.start_line) >= self.start
        return self.start <= finding.start_line <= self.end


def rule_matches(rule_id: str, selector: str) -> bool:
    return rule_id == selector or rule_id.startswith(selector.rstrip("/") + "/")


def parse_rules(text: str | None) -> tuple[str, ...] | None:
    if not text:
        return None
    text = text.strip()
    if text.startswith("--"):  # "-- reason" after no rule
        return None
    text = text.split(" -- ", 1)[0]  # "RULE -- why": the reason is not a rule
    rules = tuple(r for r in RULE_SPLIT.split(text) if r)
    return rules or None


def collect(parsed) -> list[Suppression]:
    """Every suppression directive of a parsed file, in source order."""
    lines = parsed.text.split("\n")
    last_line = max(1, len(lines))
    block_ends: dict[int, int] = {}
    for article in parsed.articles:
        for block in article.blocks:
            block_ends[block.start_line] = max(block_ends.get(block.start_line, 0), block.end_line)
    found: list[Suppression] = []
    open_ranges: list[Suppression] = []
    for comment in sorted(parsed.comments, key=lambda c: (c.line, c.end_line)):
        match = DIRECTIVE.match(comment.text or "")
        if not match:
            continue
        kind, rules = match.group(1).lower(), parse_rules(match.group(2))
        if kind == "disable":
            item = Suppression("range", rules, comment.line, comment.line, last_line, text=comment.text)
            found.append(item)
            open_ranges.append(item)
        elif kind == "enable":
            for item in list(open_ranges):
                if rules is None or (item.rules is not None and set(item.rules) <= set(rules)):
                    item.end = comment.line
                    item.closed = True
                    open_ranges.remove(item)
        else:
            start, end = next_block(lines, comment.end_line, block_ends)
            found.append(Suppression("next-line", rules, comment.line, start, end, text=comment.text))
    for index, article in enumerate(parsed.articles):
        metadata = article.metadata if article.metadata else (parsed.metadata if index == 0 else {})
        ignore = front_matter_ignore(metadata)
        if ignore:
            line = front_matter_line(lines, article.start_line)
            found.append(Suppression("front-matter", ignore, line, article.start_line, article.end_line,
                                     article=index, text="healthlint: ignore " + " ".join(ignore)))
    return found


def front_matter_ignore(metadata) -> tuple[str, ...] | None:
    if not isinstance(metadata, dict):
        return None
    settings = metadata.get("healthlint")
    if not isinstance(settings, dict):
        return None
    ignore = settings.get("ignore")
    if isinstance(ignore, str):
        return parse_rules(ignore)
    if isinstance(ignore, list):
        rules = tuple(str(r).strip() for r in ignore if str(r).strip())
        return rules or None
    return None


def front_matter_line(lines: list[str], default: int) -> int:
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=2):
            if line.strip() in ("---", "..."):
                break
            if re.match(r"^healthlint\s*:", line):
                return number
    return default


def next_block(lines: list[str], after: int, block_ends: dict[int, int]) -> tuple[int, int]:
    """The next non-blank line after line ``after`` and the last line of the block starting there
    (the line itself when no block of the document model starts there)."""
    n = after + 1
    while n <= len(lines) and not lines[n - 1].strip():
        n += 1
    return n, max(n, block_ends.get(n, n))


def apply_suppressions(parsed, result, config, known: dict[str, Rule]) -> None:
    """Drop suppressed findings from ``result`` and report directives that suppressed nothing
    (``known``: the rules of this run, by id, to tell a misspelt rule from an unused one)."""
    suppressions = collect(parsed)
    if not suppressions:
        return

    def keep(finding: Finding, article_index: int | None) -> bool:
        hit = False
        for item in suppressions:
            if item.kind == "front-matter" and item.article != article_index and article_index is not None:
                continue
            if item.matches(finding):
                item.used = True
                hit = True
        return not hit

    result.findings = [f for f in result.findings if keep(f, None)]
    for index, article in enumerate(result.articles):
        article.findings = [f for f in article.findings if keep(f, index)]

    if not config.rule_enabled(UNUSED_SUPPRESSION.id):
        return
    for item in suppressions:
        if item.used:
            continue
        unknown = [r for r in item.rules or () if not any(rule_matches(k, r) for k in known)]
        if unknown:
            message = f"suppression names unknown rule{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}"
        elif not could_apply(item.rules, config, known):
            continue  # the rules it names are switched off in this run: it cannot be judged
        else:
            what = ", ".join(item.rules) if item.rules else "any rule"
            where = {"range": "in its range", "next-line": "on the next line",
                     "front-matter": "in this article"}[item.kind]
            message = f"unused suppression: no finding of {what} {where}"
        add_finding(result, item, message, config)


def could_apply(rules, config, known) -> bool:
    if rules is None:
        return not config.select and not config.ignore
    return any(config.rule_enabled(k) for r in rules for k in known if rule_matches(k, r))


def add_finding(result, item: Suppression, message: str, config) -> None:
    target = None
    if item.article is not None and item.article < len(result.articles):
        target = result.articles[item.article]
    else:
        for article in result.articles:
            if article.start_line <= item.line <= article.end_line:
                target = article
                break
    finding = Finding(
        UNUSED_SUPPRESSION.id,
        config.severity_of(UNUSED_SUPPRESSION.id, UNUSED_SUPPRESSION.severity),
        message,
        result.path,
        item.line,
        item.line,
        excerpt=item.text,
        article=target.title if target is not None else None,
    )
    if target is None:
        result.findings.append(finding)
        result.findings.sort(key=sort_key)
    else:
        target.findings.append(finding)
        target.findings.sort(key=sort_key)
