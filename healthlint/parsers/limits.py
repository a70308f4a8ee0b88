"""Size limits every parsed file is held to, whatever its format, so that each check runs in
bounded time and memory (checks may compare every block, or every table cell, with the others).
What a limit leaves out is reported as a ``healthlint/over-limit`` problem with its line."""
from __future__ import annotations

from ..core.model import TABLE, ParsedFile, ParseProblem
from .common import clip_title

OVER_LIMIT = "healthlint/over-limit"
# Parsers are linear, but markdown-it reads about half a megabyte a second: a file is parsed up
# to these (fifty pages or so; health articles run to a few), and the rest is reported.
MAX_LINES = 5_000
MAX_CHARS = 500_000
MAX_BLOCKS = 1_000  # headings, paragraphs, list items and tables per file
MAX_ARTICLES = 100  # per file (a listing page of scraped text holds several)
MAX_TABLE_CELLS = 5_000  # per table
MAX_TABLE_COLUMNS = 1_000  # per row (HTML's own colspan limit)


def cut_text(text: str) -> tuple[str, ParseProblem | None]:
    """The part of ``text`` that is parsed (whole lines, within MAX_LINES and MAX_CHARS), and the
    problem to report when that is not all of it."""
    cut = len(text)
    newlines = 0
    position = text.find("\n")
    while position != -1 and position < MAX_CHARS:
        newlines += 1
        if newlines == MAX_LINES:
            cut = position + 1
            break
        position = text.find("\n", position + 1)
    if cut == len(text) and len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS) + 1 or MAX_CHARS
    if cut >= len(text):
        return text, None
    first_line = text.count("\n", 0, cut) + 1
    return text[:cut], ParseProblem(
        first_line, f"the file is over the limit of {MAX_LINES:,} lines or {MAX_CHARS:,} characters; "
        f"it was cut at line {first_line:,} and the rest was not checked", OVER_LIMIT)


def bound(parsed: ParsedFile) -> ParsedFile:
    """Cut what is over the limits, in place, and add a problem for each cut."""
    if len(parsed.articles) > MAX_ARTICLES:
        dropped = parsed.articles[MAX_ARTICLES:]
        parsed.problems.append(ParseProblem(
            dropped[0].start_line, f"the file holds more than {MAX_ARTICLES:,} articles; the last "
            f"{len(dropped):,}, from this line on, were not checked", OVER_LIMIT))
        del parsed.articles[MAX_ARTICLES:]
    kept = 0
    for article in parsed.articles:
        article.title = clip_title(article.title)
        room = MAX_BLOCKS - kept
        if len(article.blocks) > room:
            cut = article.blocks[max(room, 0):]
            parsed.problems.append(ParseProblem(
                cut[0].start_line,
                f"the file has more than {MAX_BLOCKS:,} paragraphs, headings, list items and tables; "
                f"{len(cut):,} from this line on were not checked", OVER_LIMIT))
            article.blocks = article.blocks[:max(room, 0)]
            article.__post_init__()  # sections again, from the blocks kept
        kept += len(article.blocks)
        for block in article.blocks:
            if block.kind == TABLE and block.table is not None:
                _bound_table(block, parsed.problems)
    return parsed


def _bound_table(block, problems: list[ParseProblem]) -> None:
    table = block.table
    rows = table.rows
    wide = any(len(r.cells) > MAX_TABLE_COLUMNS for r in rows) or len(table.header or ()) > MAX_TABLE_COLUMNS
    if wide:
        for row in rows:
            del row.cells[MAX_TABLE_COLUMNS:]
        if table.header:
            del table.header[MAX_TABLE_COLUMNS:]
        problems.append(ParseProblem(block.start_line, f"a table row has more than {MAX_TABLE_COLUMNS:,} "
                                     "cells; the cells after that were not checked", OVER_LIMIT))
    cells = len(table.header or ())
    for count, row in enumerate(rows):
        cells += len(row.cells)
        if cells > MAX_TABLE_CELLS:
            problems.append(ParseProblem(
                row.line or block.start_line,
                f"a table of {len(rows):,} rows is over the limit of {MAX_TABLE_CELLS:,} cells; "
                f"its last {len(rows) - count:,} rows were not checked", OVER_LIMIT))
            del rows[count:]
            break
    else:
        if not wide:
            return
    block.text = "\n".join(" | ".join(r) for r in ([table.header] if table.header else []) + [r.cells for r in rows])
