"""The one document model every parser produces and every check reads.

A parsed file holds one or more articles (a scraped listing page holds several). An article is an
ordered list of blocks (headings, paragraphs, list items, tables), grouped into sections by headings.
Every block keeps the source lines it came from, and enough of a character-to-line map that a check
can point at the exact line of a sentence or a word inside it.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE = "table"

PROSE_KINDS = (PARAGRAPH, LIST_ITEM)


@dataclass
class Link:
    """A link inside a block: its anchor text span in ``Block.text``, its target (None in plain text)
    and its ``rel`` attribute where the markup gives one ("sponsored", "nofollow")."""

    text: str
    href: str | None
    start: int
    end: int
    rel: str | None = None


@dataclass
class TableRow:
    cells: list[str]
    line: int
    end_line: int | None = None

    @property
    def last_line(self) -> int:
        return self.end_line or self.line


@dataclass
class Table:
    """A table with its header (None when the table has no header row) and its rows.

    ``flattened`` marks a table recovered from scraped text whose cells had been run together
    into one line per row; ``raw_rows`` keeps those lines as they were.
    """

    header: list[str] | None
    header_line: int | None
    rows: list[TableRow]
    caption: str | None = None
    caption_line: int | None = None
    flattened: bool = False
    raw_header: str | None = None
    raw_rows: list[str] = field(default_factory=list)

    @property
    def column_count(self) -> int:
        if self.header:
            return len(self.header)
        return max((len(r.cells) for r in self.rows), default=0)


@dataclass
class Block:
    """One heading, paragraph, list item or table of an article.

    ``line_starts`` maps character offsets of ``text`` to source lines: a sorted list of
    ``(offset, line)`` pairs, the first being ``(0, start_line)``. ``line_indents`` gives, for each
    of those lines, the 0-based source column where the text starts when the text is a verbatim
    copy of the line (plain text), or None where markup makes columns unknowable.
    """

    kind: str
    text: str
    start_line: int
    end_line: int
    level: int = 0
    links: list[Link] = field(default_factory=list)
    table: Table | None = None
    line_starts: list[tuple[int, int]] = field(default_factory=list)
    line_indents: list[int | None] = field(default_factory=list)
    index: int = 0
    section: int = 0

    def line_at(self, offset: int) -> int:
        """The source line holding character ``offset`` of the block's text."""
        if not self.line_starts:
            return self.start_line
        offsets = [o for o, _ in self.line_starts]
        i = bisect.bisect_right(offsets, offset) - 1
        return self.line_starts[max(i, 0)][1]

    def column_at(self, offset: int) -> int | None:
        """1-based column of ``offset`` on its source line, where the text maps 1:1 onto it."""
        if not self.line_starts:
            return None
        offsets = [o for o, _ in self.line_starts]
        i = max(bisect.bisect_right(offsets, offset) - 1, 0)
        base, _ = self.line_starts[i]
        indent = self.line_indents[i] if i < len(self.line_indents) else None
        if indent is None:
            return None
        return indent + (offset - base) + 1

    @property
    def is_prose(self) -> bool:
        return self.kind in PROSE_KINDS


@dataclass
class Section:
    """A heading and the blocks under it up to the next heading of the same or a higher level."""

    title: str
    level: int
    heading: Block | None
    blocks: list[Block]
    start_line: int
    end_line: int


@dataclass
class Article:
    title: str
    title_line: int | None
    start_line: int
    end_line: int
    blocks: list[Block]
    metadata: dict[str, Any] = field(default_factory=dict)
    path: str = ""

    def __post_init__(self) -> None:
        for i, block in enumerate(self.blocks):
            block.index = i
        self.sections = build_sections(self)

    @property
    def prose_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.is_prose]

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == HEADING]

    @property
    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == TABLE]

    @property
    def links(self) -> list[tuple[Block, Link]]:
        return [(b, link) for b in self.blocks for link in b.links]


@dataclass
class Comment:
    """An HTML comment in the source (suppression directives live in these)."""

    text: str
    line: int
    end_line: int


@dataclass
class ParseProblem:
    """Something malformed in a file that was still parsed (bad front matter, say), or a part of it
    over a limit (``rule`` "healthlint/over-limit")."""

    line: int
    message: str
    rule: str = "healthlint/parse-error"


@dataclass
class ParsedFile:
    path: str
    kind: str  # "markdown", "html" or "text"
    encoding: str
    text: str
    articles: list[Article]
    comments: list[Comment] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    problems: list[ParseProblem] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()


def build_sections(article: Article) -> list[Section]:
    """Group an article's blocks under their headings; blocks before the first heading form section 0."""
    sections: list[Section] = []
    current = Section(article.title, 0, None, [], article.start_line, article.start_line)
    for block in article.blocks:
        if block.kind == HEADING:
            if current.blocks or current.heading is not None:
                sections.append(current)
            current = Section(block.text, block.level, block, [], block.start_line, block.end_line)
        else:
            current.blocks.append(block)
        current.end_line = max(current.end_line, block.end_line)
        block.section = len(sections)
    sections.append(current)
    return sections


def line_starts_for(text: str, first_line: int) -> list[tuple[int, int]]:
    """The ``line_starts`` map of a text whose newlines are real source line breaks."""
    starts = [(0, first_line)]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append((i + 1, first_line + len(starts)))
    return starts
