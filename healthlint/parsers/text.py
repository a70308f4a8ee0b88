"""Plain text scraped from the web into the document model.

Scraping keeps the words and loses the structure, so structure is recovered from layout:
- a listing page (a tag or category page) marks each article with a bullet line indented less than
  the article bodies; each becomes its own article;
- paragraphs are runs of lines between blank lines; a short line without closing punctuation that
  reads as a title, or that introduces a long paragraph, is a heading;
- bullet lines are list items;
- a run of three or more lines that are neither bullets nor sentences of one paragraph is a table
  whose cells were flattened into one line per row: the first line is its header.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.model import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Article, Block, ParsedFile, Table, TableRow
from .common import MAX_TITLE_CHARS, title_from_path
from .flattened import recover_table

BULLET = re.compile(r"^(\s*)([•◦▪‣∙·*\-–]|\d{1,2}[.)])\s+(.*)$")
MINOR_WORDS = {
    "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "for", "to", "with", "by", "at",
    "from", "vs", "vs.", "as", "into", "per", "via", "is", "are", "its", "your", "over", "after",
    "before", "about", "than", "that", "when", "how", "what", "why",
}
# A short line ending in one of these words runs on into what follows: it is not a heading.
RUN_ON_ENDINGS = {
    "include", "includes", "including", "are", "is", "as", "and", "or", "of", "to", "the", "with",
    "for", "by", "if", "you", "when", "such", "following", "on", "in", "a", "an", "that", "be",
}
TABLE_WORDS = re.compile(r"\btable\b|\bcompar", re.I)
CAPTION_WORDS = re.compile(r"\btable\b|\bcompar|\bsummary\b|\boverview\b|\bat a glance\b", re.I)


@dataclass
class _Group:
    lines: list[tuple[int, str]]  # (1-based line number, raw line)

    @property
    def first(self) -> int:
        return self.lines[0][0]

    @property
    def last(self) -> int:
        return self.lines[-1][0]


def parse_text(path: str, text: str, encoding: str = "utf-8") -> ParsedFile:
    lines = text.split("\n")
    numbered = list(enumerate(lines, start=1))
    starts = _article_starts(numbered)
    metadata: dict = {}
    articles: list[Article] = []
    if starts:
        head = [line for _, line in numbered[: starts[0] - 1] if line.strip()]
        if head:
            metadata["page_title"] = head[0].strip()
        bounds = starts + [len(lines) + 1]
        for start, stop in zip(bounds, bounds[1:]):
            bullet = BULLET.match(lines[start - 1])
            title = bullet.group(3).strip() if bullet else lines[start - 1].strip()
            body = numbered[start:stop - 1]
            last = _last_nonblank(numbered, start, stop - 1)
            articles.append(_article(path, title, start, last, body))
    else:
        first = next((n for n, line in numbered if line.strip()), 1)
        title = lines[first - 1].strip() if lines else title_from_path(path)
        if len(title.split()) > 20 or len(title) > MAX_TITLE_CHARS:  # a paragraph, not a title
            title = title_from_path(path)
            body = numbered
        else:
            body = numbered[first:]
        last = _last_nonblank(numbered, 1, len(lines))
        articles.append(_article(path, title, first, last, body))
    return ParsedFile(path, "text", encoding, text, articles, [], metadata)


def _last_nonblank(numbered, start: int, stop: int) -> int:
    last = start
    for number, line in numbered[start - 1:stop]:
        if line.strip():
            last = number
    return last


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _article_starts(numbered: list[tuple[int, str]]) -> list[int]:
    """Lines that open an article of a listing page: bullets indented less than the body text."""
    indents = [_indent(line) for _, line in numbered if line.strip() and not BULLET.match(line)]
    if not indents:
        return []
    body_indent = max(set(indents), key=indents.count)
    starts = []
    for number, line in numbered:
        match = BULLET.match(line)
        if match and len(match.group(1).expandtabs()) < body_indent and len(match.group(3).split()) <= 20:
            starts.append(number)
    return starts


def _groups(body: list[tuple[int, str]]) -> list[_Group]:
    groups: list[_Group] = []
    current: list[tuple[int, str]] = []
    for number, line in body:
        if line.strip():
            current.append((number, line))
        elif current:
            groups.append(_Group(current))
            current = []
    if current:
        groups.append(_Group(current))
    return groups


def _words(line: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’\-]*", line)


def is_title_case(line: str) -> bool:
    words = [w for w in _words(line) if w.lower() not in MINOR_WORDS]
    return bool(words) and all(w[0].isupper() for w in words)


def _heading_like(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > 14 or not stripped[0].isupper() and not stripped[0].isdigit():
        return False
    if stripped[-1] in ".:;,!)\"”":
        return False
    if stripped.endswith("?"):
        return len(words) <= 20
    return words[-1].lower() not in RUN_ON_ENDINGS


def _article(path: str, title: str, start: int, last: int, body: list[tuple[int, str]]) -> Article:
    groups = _groups(body)
    # The article's own wording guides how a flattened header splits into names; the tables
    # themselves are left out so that a header cannot vouch for its own run-together words.
    context = " ".join(line.strip() for g in groups if not _is_table_group(g) for _, line in g.lines)
    blocks: list[Block] = []
    for i, group in enumerate(groups):
        first_line = group.lines[0][1]
        if all(BULLET.match(line) for _, line in group.lines):
            for number, line in group.lines:
                blocks.append(_line_block(LIST_ITEM, number, line, BULLET.match(line).start(3)))  # type: ignore[union-attr]  # all matched
        elif _is_table_group(group):
            blocks.append(_flattened_table(group, blocks, context))
        elif len(group.lines) == 1 and _heading_like(first_line) and _is_heading(groups, i, title):
            block = _line_block(HEADING, group.first, first_line)
            block.level = 1 if block.text == title else 2
            blocks.append(block)
        else:
            for number, line in group.lines:
                match = BULLET.match(line)
                if match:
                    blocks.append(_line_block(LIST_ITEM, number, line, match.start(3)))
                else:
                    blocks.append(_line_block(PARAGRAPH, number, line))
    return Article(title, start, start, last, blocks, {}, path)


def _is_table_group(group: _Group) -> bool:
    return len(group.lines) >= 3 and not any(BULLET.match(line) for _, line in group.lines)


def _is_heading(groups: list[_Group], i: int, title: str) -> bool:
    line = groups[i].lines[0][1].strip()
    if line == title:
        return True
    if i > 0 and groups[i - 1].lines[-1][1].rstrip().endswith(":") and not line.endswith("?"):
        return False  # what a colon introduces ("complications including:"): an item whose bullet was lost
    if line.endswith("?") or is_title_case(line):
        return True
    # A sentence-case line is a heading only when it introduces a paragraph, not when it is one of
    # a run of short lines (a list whose bullets were lost in scraping).
    following = groups[i + 1] if i + 1 < len(groups) else None
    if following is None or len(following.lines) != 1:
        return False
    return len(following.lines[0][1].split()) >= 15


def _line_block(kind: str, number: int, line: str, text_start: int | None = None) -> Block:
    start = _indent(line) if text_start is None else text_start
    text = line[start:].rstrip()
    return Block(kind, text, number, number, line_starts=[(0, number)], line_indents=[start])


def _flattened_table(group: _Group, previous: list[Block], context: str) -> Block:
    header_number, header_raw = group.lines[0]
    header_text = header_raw.strip()
    row_texts = [line.strip() for _, line in group.lines[1:]]
    header, rows = recover_table(header_text, row_texts, context)
    caption, caption_line = _caption(previous)
    table = Table(
        header,
        header_number,
        [TableRow(cells, number) for cells, (number, _) in zip(rows, group.lines[1:])],
        caption=caption,
        caption_line=caption_line,
        flattened=True,
        raw_header=header_text,
        raw_rows=row_texts,
    )
    text = "\n".join(line.strip() for _, line in group.lines)
    return Block(TABLE, text, group.first, group.last, table=table,
                 line_starts=[(0, group.first)], line_indents=[None])


def _caption(previous: list[Block]) -> tuple[str | None, int | None]:
    """The heading or sentence that introduces a table, among the two blocks before it: a heading
    that names a table, comparison or summary; else a sentence that speaks of the table; else the
    nearest heading."""
    recent = list(reversed(previous[-2:]))
    for wanted in (
        lambda b: b.kind == HEADING and CAPTION_WORDS.search(b.text),
        lambda b: b.kind == PARAGRAPH and TABLE_WORDS.search(b.text),
        lambda b: b.kind == HEADING,
    ):
        for block in recent:
            if wanted(block):
                return block.text, block.start_line
    return None, None
