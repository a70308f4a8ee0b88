"""Markdown (CommonMark + GFM tables + YAML front matter) into the document model, with markdown-it-py."""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..core.model import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE,
    Article,
    Block,
    Comment,
    Link,
    ParsedFile,
    ParseProblem,
    Table,
    TableRow,
)
from .common import title_from_path
from .front_matter import load_front_matter



@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)


def parse_markdown(path: str, text: str, encoding: str = "utf-8") -> ParsedFile:
    parser = _markdown()
    tokens = parser.parse(text)
    lines = text.split("\n")
    metadata: dict = {}
    problems: list[ParseProblem] = []
    # markdown-it stops nesting at maxNesting (20 in CommonMark mode): what is deeper is skipped.
    deepest = next((t for t in tokens if t.level >= parser.options["maxNesting"] - 1), None)
    if deepest is not None:
        problems.append(ParseProblem(deepest.map[0] + 1 if deepest.map else 1,
                                     f"Markdown nests {parser.options['maxNesting']} levels deep (the limit); "
                                     "deeper content was not read", "healthlint/over-limit"))
    blocks: list[Block] = []
    comments: list[Comment] = []
    list_depth = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "front_matter":
            metadata = _front_matter(token, problems)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "heading_open":
            inline = tokens[i + 1]
            block = _inline_block(HEADING, inline, token.map)
            block.level = int(token.tag[1])
            blocks.append(block)
            i += 2
        elif token.type == "paragraph_open":
            inline = tokens[i + 1]
            kind = LIST_ITEM if list_depth and _inside_list_item(tokens, i) else PARAGRAPH
            blocks.append(_inline_block(kind, inline, token.map))
            i += 2
        elif token.type == "table_open":
            block, i = _table(tokens, i, lines)
            blocks.append(block)
        elif token.type in ("fence", "code_block"):
            pass  # code is not prose
        elif token.type == "html_block":
            comments.extend(_comments(token.content, token.map[0] + 1 if token.map else 1))
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "html_inline" and child.content.startswith("<!--"):
                    line = token.map[0] + 1 if token.map else 1
                    comments.extend(_comments(child.content, line))
        i += 1

    if not isinstance(metadata, dict):
        problems.append(ParseProblem(1, "front matter is not a mapping of keys to values"))
        metadata = {}
    title = str(metadata.get("title") or "").strip()
    title_line = None
    for block in blocks:
        if block.kind == HEADING and block.level == 1:
            title = title or block.text
            title_line = block.start_line
            break
    if not title:
        title = title_from_path(path)
    last_line = max(1, len(lines) - (1 if text.endswith("\n") else 0))
    article = Article(title, title_line, 1, last_line, blocks, metadata, path)
    return ParsedFile(path, "markdown", encoding, text, [article], comments, metadata, problems)


def _front_matter(token: Token, problems: list[ParseProblem]) -> dict:
    data, line, problem = load_front_matter(token.content)
    if problem is not None:
        problems.append(ParseProblem(line + 1 if line is not None else 1, problem))  # line 1 is "---"
    return data if isinstance(data, dict) else {}


def _inside_list_item(tokens: list[Token], index: int) -> bool:
    depth = 0
    for j in range(index - 1, -1, -1):
        kind = tokens[j].type
        if kind == "list_item_close":
            depth += 1
        elif kind == "list_item_open":
            if depth == 0:
                return True
            depth -= 1
        elif kind in ("bullet_list_open", "ordered_list_open") and depth == 0:
            return False
    return False


def _inline_block(kind: str, inline: Token, line_map: list[int] | None) -> Block:
    start = (line_map[0] + 1) if line_map else 1
    text, links, starts = render_inline(inline.children or [], start)
    end = starts[-1][1] if starts else start
    if line_map:
        end = max(end, line_map[1])
    return Block(kind, text, start, end, links=links, line_starts=starts, line_indents=[None] * len(starts))


def render_inline(children: list[Token], first_line: int) -> tuple[str, list[Link], list[tuple[int, int]]]:
    """Plain text of inline tokens, the links in it, and where each source line starts in it."""
    parts: list[str] = []
    length = 0
    links: list[Link] = []
    starts = [(0, first_line)]
    open_links: list[tuple[int, str | None]] = []
    for child in children:
        piece = ""
        if child.type in ("text", "code_inline"):
            piece = child.content
        elif child.type in ("softbreak", "hardbreak"):
            piece = "\n"
        elif child.type == "image":
            piece = child.content or ""
        elif child.type == "link_open":
            href = child.attrs.get("href")
            open_links.append((length, href if isinstance(href, str) else None))
        elif child.type == "link_close" and open_links:
            begin, href = open_links.pop()
            anchor = "".join(parts)[begin:length]
            links.append(Link(anchor, str(href) if href is not None else None, begin, length))
        if piece:
            if piece == "\n":
                starts.append((length + 1, starts[-1][1] + 1))
            parts.append(piece)
            length += len(piece)
    return "".join(parts), links, starts


def _split_row(line: str) -> list[str]:
    """Cells of a GFM table row as written, so a row with too many or too few cells is seen as such
    (the parser pads and trims rows to the header's width)."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    cells, current, in_code = [], [], False
    escaped = False
    for ch in stripped:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == "`":
            in_code = not in_code
            current.append(ch)
        elif ch == "|" and not in_code:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    cells.append("".join(current).strip())
    return cells


def _table(tokens: list[Token], i: int, lines: list[str]) -> tuple[Block, int]:
    table_open = tokens[i]
    header: list[str] | None = None
    header_line: int | None = None
    rows: list[TableRow] = []
    in_head = False
    current: list[str] = []
    row_line = 0
    links: list[Link] = []
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            current = []
            row_line = token.map[0] + 1 if token.map else 0
        elif token.type == "inline":
            text, _, _ = render_inline(token.children or [], row_line)
            current.append(text.strip())
        elif token.type == "tr_close":
            raw = _split_row(lines[row_line - 1]) if 0 < row_line <= len(lines) else current
            cells = current[: len(raw)] + raw[len(current):] if len(raw) != len(current) else current
            if in_head:
                header, header_line = cells, row_line
            else:
                rows.append(TableRow(cells, row_line))
        i += 1
    start = table_open.map[0] + 1 if table_open.map else header_line or 1
    end = table_open.map[1] if table_open.map else start
    table = Table(header, header_line, rows)
    text = "\n".join(" | ".join(r) for r in ([header] if header else []) + [r.cells for r in rows])
    return Block(TABLE, text, start, end, table=table, links=links), i


def _comments(content: str, first_line: int) -> list[Comment]:
    """HTML comments in ``content``, found with ``str.find``: a regular expression for them re-scans
    the rest of the text from every unclosed ``<!--`` (quadratic in a storm of them)."""
    found = []
    position = content.find("<!--")
    while position != -1:
        close = content.find("-->", position + 4)
        if close == -1:
            break
        line = first_line + content.count("\n", 0, position)
        end = line + content.count("\n", position, close + 3)
        found.append(Comment(content[position + 4:close].strip(), line, end))
        position = content.find("<!--", close + 3)
    return found
