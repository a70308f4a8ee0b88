"""Plain text scraped from the web into the document model.

Scraping keeps the words and loses the structure, so structure is recovered from layout:
- a listing page (a tag or category page) marks each article with a bullet line indented less than
  the article bodies; each becomes its own article;
- paragraphs are runs of lines between blank lines; a short line without closing punctuation that
  reads as a title, or that introduces a long paragraph, is a heading;
- a run of lines hard-wrapped at a fixed width (text exported from an editor or an e-mail: the lines
  fill the width and break mid-sentence) is one paragraph;
- bullet lines are list items, with the indented lines that continue them;
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
# Columns laid out with spaces or a tab, not prose (which may put two spaces after a full stop).
COLUMN_GAP = re.compile(r"[^\s.!?:;\"”’')](?: {2,}|\t)\S|\S {3,}\S")
# Where a wrapped line may break mid-sentence: after a comma, a dash or an open bracket.
OPEN_ENDING = re.compile(r"[,;(\-–—/]$")
# The widths text is wrapped at (editors and e-mail wrap at 72-80 columns; some at 60 or 100).
WRAP_WIDTHS = range(40, 121)
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
        title_line = _title_line(numbered, first)
        title = lines[title_line - 1].strip() if lines else title_from_path(path)
        if len(title.split()) > 20 or len(title) > MAX_TITLE_CHARS:  # a paragraph, not a title
            title = title_from_path(path)
            body = numbered
        else:
            body = [(n, line) for n, line in numbered[first - 1:] if n != title_line]
        last = _last_nonblank(numbered, 1, len(lines))
        articles.append(_article(path, title, first, last, body, masthead_end=title_line))
    return ParsedFile(path, "text", encoding, text, articles, [], metadata)


# A scraped page often opens with its site's name, a menu or a breadcrumb before the article's own
# title. The title names what the article's opening prose speaks of ("Toxoplasmosis" over
# "Toxoplasmosis is an infection..."); a site's name does not.
TITLE_CANDIDATE_LINES = 12
TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]{2,}")
BREADCRUMB = re.compile(r"[|>›»/]\s")  # a menu or a breadcrumb trail
PROSE_LINE_WORDS = 8  # a line of the article's prose (wrapped or not), not of furniture
LEAD_WORDS = 120  # how much of the opening prose is read
NAMED = 0.6  # share of a later line's words the opening prose uses, for it to be the title


def _title_line(numbered: list[tuple[int, str]], first: int) -> int:
    """The line that names what the page is about: the first line, unless the opening prose uses
    none of its words; then the first later short line most of whose words the opening prose uses."""
    lines = [(n, line.strip()) for n, line in numbered[first - 1:] if line.strip()]
    candidates = lines[:TITLE_CANDIDATE_LINES]
    lead: list[tuple[int, set[str]]] = []  # (line, its words) of the opening prose
    read = 0
    for number, text in lines[1:]:
        if read >= LEAD_WORDS:
            break
        if len(text.split()) >= PROSE_LINE_WORDS and not BREADCRUMB.search(text):
            lead.append((number, _title_words(text)))
            read += len(text.split())

    def share(number: int, line: str) -> float:
        words = _title_words(line)
        opening = set().union(*(w for n, w in lead if n != number))
        return len(words & opening) / len(words) if words else 0.0

    if len(candidates) < 2 or not lead or share(*candidates[0]) > 0:
        return first
    for number, line in candidates[1:]:
        if _could_be_title(line) and share(number, line) >= NAMED:
            return number
    return first


def _title_words(text: str) -> set[str]:
    return {w.lower().rstrip("s") for w in TITLE_WORD.findall(text)} - MINOR_WORDS


SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


def _could_be_title(line: str) -> bool:
    """A short line that starts like a title and does not read as a sentence, a menu or a table row."""
    return (len(line.split()) <= 14 and (line[:1].isupper() or line[:1].isdigit())
            and line[-1:] not in ".,;:" and line.split()[-1].lower() not in RUN_ON_ENDINGS
            and not (SENTENCE_BREAK.search(line) or BULLET.match(line) or BREADCRUMB.search(line)
                     or COLUMN_GAP.search(line)))


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


def _article(path: str, title: str, start: int, last: int, body: list[tuple[int, str]],
             masthead_end: int = 0) -> Article:
    """``masthead_end``: the title's line, where lines before it (a site's name, menus) are page
    furniture, each line a block of its own, never a table."""
    groups = _groups(body)
    # The article's own wording guides how a flattened header splits into names; the tables
    # themselves are left out so that a header cannot vouch for its own run-together words.
    context = " ".join(line.strip() for g in groups if not _is_table_group(g) for _, line in g.lines)
    blocks: list[Block] = []
    for i, group in enumerate(groups):
        first_line = group.lines[0][1]
        if group.last < masthead_end:
            blocks.extend(_loose_line(number, line, bullets=False) for number, line in group.lines)
        elif all(BULLET.match(line) for _, line in group.lines):
            for number, line in group.lines:
                blocks.append(_line_block(LIST_ITEM, number, line, BULLET.match(line).start(3)))  # type: ignore[union-attr]  # all matched
        elif _is_table_group(group) and wrapped_span(group.lines) is None:
            blocks.append(_flattened_table(group, blocks, context))
        elif len(group.lines) == 1 and _heading_like(first_line) and _is_heading(groups, i, title):
            block = _line_block(HEADING, group.first, first_line)
            block.level = 1 if block.text == title else 2
            blocks.append(block)
        else:
            blocks.extend(_mixed_lines(group.lines))
    return Article(title, start, start, last, blocks, {}, path)


# A wrapped paragraph may sit under a line of its own with no blank line between (a heading, a
# forum post's header) and above a line of page furniture ("Reply | Report post").
MAX_LOOSE_LINES = 2


def wrapped_span(lines: list[tuple[int, str]]) -> tuple[int, int] | None:
    """The widest run ``lines[first:stop]`` that is a wrapped paragraph, with at most two lines of
    their own before and after it, or None."""
    count = len(lines)
    for loose in range(min(2 * MAX_LOOSE_LINES, count - 2) + 1):  # the fewest lines left out first
        for before in range(min(loose, MAX_LOOSE_LINES) + 1):
            after = loose - before
            if after <= MAX_LOOSE_LINES and is_wrapped(lines[before:count - after]):
                return before, count - after
    return None


def _loose_line(number: int, line: str, bullets: bool = True) -> Block:
    """A line of its own beside a wrapped paragraph: a heading where it reads as one."""
    match = BULLET.match(line)
    if match:
        return _line_block(LIST_ITEM, number, line, match.start(3))
    if bullets and _heading_like(line) and not COLUMN_GAP.search(line.strip()) and "|" not in line:
        block = _line_block(HEADING, number, line)
        block.level = 2
        return block
    return _line_block(PARAGRAPH, number, line)


def is_wrapped(lines: list[tuple[int, str]]) -> bool:
    """Whether a run of lines is one paragraph hard-wrapped at a fixed width: each line breaks where
    the next word would not have fitted, none is laid out in columns (or as a menu of ``|``-separated
    items), and at least half the breaks fall mid-sentence (the next line goes on in lower case, or
    the line ends on a comma, a dash or a word that runs on). Rows of a flattened table and
    one-sentence-per-line text break at sentence or cell boundaries, with a capital after each."""
    if len(lines) < 2 or any(BULLET.match(line) for _, line in lines):
        return False
    texts = [line.strip() for _, line in lines]
    width = max(len(text) for text in texts)
    if width not in WRAP_WIDTHS or any(COLUMN_GAP.search(text) or text.count(" | ") >= 2 for text in texts):
        return False
    # Wrapping breaks a line where the next word would not fit.
    if any(len(before) + 1 + len(after.split()[0]) < 0.9 * width for before, after in zip(texts, texts[1:])):
        return False
    mid_sentence = sum(1 for before, after in zip(texts, texts[1:]) if _breaks_mid_sentence(before, after))
    return mid_sentence * 2 >= len(texts) - 1


def _breaks_mid_sentence(before: str, after: str) -> bool:
    if after[:1].islower() or OPEN_ENDING.search(before):
        return True
    words = before.split()
    return bool(words) and words[-1].lower() in RUN_ON_ENDINGS


def _mixed_lines(lines: list[tuple[int, str]]) -> list[Block]:
    """The blocks of a run of lines with no blank line between: list items (with the indented lines
    that continue them), wrapped paragraphs, and lines of their own."""
    blocks: list[Block] = []
    prose: list[tuple[int, str]] = []

    def flush() -> None:
        span = wrapped_span(prose) if len(prose) >= 2 else None
        if span is None:
            blocks.extend(_loose_line(number, line, bullets=False) for number, line in prose)
        else:
            first, stop = span
            blocks.extend(_loose_line(number, line) for number, line in prose[:first])
            blocks.append(_wrapped_block(PARAGRAPH, prose[first:stop]))
            blocks.extend(_loose_line(number, line) for number, line in prose[stop:])
        prose.clear()

    for number, line in lines:
        match = BULLET.match(line)
        previous = blocks[-1] if blocks and not prose else None
        if match:
            flush()
            blocks.append(_line_block(LIST_ITEM, number, line, match.start(3)))
        elif previous is not None and _continues_item(previous, number, line):
            _append_line(previous, number, line)
        else:
            prose.append((number, line))
    flush()
    return blocks


def _continues_item(item: Block, number: int, line: str) -> bool:
    """An indented line right after a list item, indented at least as far as the item's words
    (or going on in lower case): the item wrapped onto it."""
    if item.kind != LIST_ITEM or item.end_line != number - 1:
        return False
    indent = _indent(line)
    item_column = item.line_indents[0] if item.line_indents and item.line_indents[0] is not None else 0
    return indent > 0 and (indent >= item_column or line.strip()[:1].islower())


def _append_line(block: Block, number: int, line: str) -> None:
    indent = _indent(line)
    block.text += "\n"
    block.line_starts.append((len(block.text), number))
    block.line_indents.append(indent)
    block.text += line[indent:].rstrip()
    block.end_line = number


def _wrapped_block(kind: str, lines: list[tuple[int, str]]) -> Block:
    first_number, first_line = lines[0]
    block = _line_block(kind, first_number, first_line)
    for number, line in lines[1:]:
        _append_line(block, number, line)
    return block


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
