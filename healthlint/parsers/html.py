"""HTML pages into the document model, with lxml's HTML parser (libxml2), which keeps source lines.

Page chrome (navigation, headers and footers of the page, sidebars, scripts, forms, sign-up and
share boxes) is left out: it is not the article an editor is responsible for. A box (``<aside>``)
set between two blocks of the article's text is read with it, unless its class names it as
furniture: a reader meets it in the text, and a "Most read" list of other stories there is an
insertion the off-topic check must see.
"""
from __future__ import annotations

import re

import lxml.etree as etree
import lxml.html

from ..core.model import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Article, Block, Comment, Link, ParsedFile, ParseProblem, Table, TableRow
from .common import title_from_path

CHROME_TAGS = {
    "nav", "footer", "aside", "script", "style", "noscript", "form", "iframe", "svg", "template",
    "button", "select", "input", "textarea", "label", "head", "dialog", "menu", "object", "canvas",
}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"}
# Class and id words that mark site furniture rather than the article.
CHROME_WORDS = re.compile(
    r"(?:^|[-_\s])(nav|navbar|menu|footer|sidebar|breadcrumbs?|cookies?|newsletter|signup|sign-up|"
    r"subscribe|subscription|share|sharing|social|advert|advertisement|ads?|promo|related|"
    r"recommended|popup|modal|banner|skip-link|"
    # bylines and article tools (WordPress and hAtom themes), other-language links, and MediaWiki's
    # maintenance notices: about the page, not part of what it says
    r"byline|entry-meta|post-meta|entry-tools|article-tools|translations|language-links|ambox|hatnote)"
    r"(?:$|[-_\s])",
    re.I,
)
NESTED_BLOCKS = ("ul", "ol", "dl", "table", "p", "div")
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CONTAINER_TAGS = {
    "div", "section", "article", "main", "ul", "ol", "dl", "blockquote", "figure", "header",
    "body", "html", "details", "center", "tbody", "span",
}
BLOCK_TAGS = HEADING_TAGS | {"p", "li", "table", "pre", "dt", "dd", "figcaption", "ul", "ol", "dl",
                             "div", "section", "article", "blockquote", "figure", "details", "summary"}
MAX_COLSPAN = 1000
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def parse_html(path: str, text: str, encoding: str = "utf-8") -> ParsedFile:
    problems: list[ParseProblem] = []
    try:
        parser = lxml.html.HTMLParser(remove_comments=False, recover=True)
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        problems.append(ParseProblem(1, f"HTML could not be parsed: {exc}"))
        article = Article(title_from_path(path), None, 1, max(1, text.count("\n") + 1), [], {}, path)
        return ParsedFile(path, "html", encoding, text, [article], [], {}, problems)

    deepest = _deepest(root)
    if deepest is not None:
        problems.append(ParseProblem(deepest.sourceline or 1, f"HTML nests {LIBXML2_MAX_DEPTH} elements deep "
                                     "(libxml2's limit); deeper elements were read as text of that one",
                                     "healthlint/over-limit"))
    comments = [
        Comment((c.text or "").strip(), c.sourceline or 1, (c.sourceline or 1) + (c.text or "").count("\n"))
        for c in root.iter(etree.Comment)
    ]
    metadata = _meta(root)
    content = _content_root(root)
    blocks: list[Block] = []
    _walk(content, blocks)

    title = ""
    title_line = None
    for block in blocks:
        if block.kind == HEADING and block.level == 1:
            title, title_line = block.text, block.start_line
            break
    if not title:
        title = metadata.get("title") or title_from_path(path)
    last_line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    article = Article(title, title_line, 1, last_line, blocks, metadata, path)
    return ParsedFile(path, "html", encoding, text, [article], comments, metadata, problems)


LIBXML2_MAX_DEPTH = 255


def _deepest(root):
    """The first element at libxml2's nesting limit, if any (found without recursion)."""
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth >= LIBXML2_MAX_DEPTH - 1:
            return element
        stack.extend((child, depth + 1) for child in element)
    return None


def _meta(root) -> dict:
    metadata: dict = {}
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        metadata["title"] = SPACES.sub(" ", title.text_content()).strip()
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        value = meta.get("content")
        if name and value:
            metadata[name] = value
    return metadata


def _is_chrome(element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    marker = f"{element.get('class') or ''} {element.get('id') or ''}".strip()
    furniture = bool(marker and CHROME_WORDS.search(marker))
    if tag in CHROME_TAGS:
        # A box set between two blocks of the article's text is in the text its reader reads (a "Most
        # read" list there is another page's headlines inside this one), unless it names itself as
        # furniture; a box at the article's edge is the page's sidebar.
        return not (tag in IN_FLOW_TAGS and not furniture and _between_paragraphs(element))
    if (element.get("role") or "").lower() in CHROME_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return furniture


IN_FLOW_TAGS = {"aside"}
TEXT_TAGS = {"p", "ul", "ol", "dl", "table", "blockquote", "figure", "pre"} | HEADING_TAGS


def _between_paragraphs(element) -> bool:
    def neighbour(step) -> str:
        sibling = step(element)
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = step(sibling)
        return sibling.tag if sibling is not None else ""

    return (element.get("role") or "").lower() not in CHROME_ROLES and \
        neighbour(lambda e: e.getprevious()) in TEXT_TAGS and neighbour(lambda e: e.getnext()) in TEXT_TAGS


def _content_root(root):
    body = root.find("body")
    if body is None:
        body = root
    candidates = [e for e in body.iter("main", "article") if not _is_chrome(e)]
    if candidates:
        # The largest <main>/<article> holds the article; a listing page holds several, so fall back
        # to the body when there is more than one article at the same level.
        articles = [e for e in candidates if e.tag == "article"]
        mains = [e for e in candidates if e.tag == "main"]
        if mains:
            return max(mains, key=lambda e: len(e.text_content()))
        if len(articles) == 1:
            return articles[0]
    return body


def _has_block_children(element) -> bool:
    return any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in element)


def _walk(children, blocks: list[Block]) -> None:
    """Turn elements into blocks; ``children`` is an element (its children are walked) or a list."""
    for child in children:
        if not isinstance(child.tag, str) or _is_chrome(child):
            continue
        tag = child.tag
        if tag in HEADING_TAGS:
            block = _text_block(HEADING, child)
            if block:
                block.level = int(tag[1])
                blocks.append(block)
        elif tag == "table":
            blocks.append(_table(child))
        elif tag == "li":
            block = _text_block(LIST_ITEM, child, skip_nested=True)
            if block:
                blocks.append(block)
            _walk([n for n in child if isinstance(n.tag, str) and n.tag in NESTED_BLOCKS], blocks)
        elif tag in ("br", "hr", "img"):
            continue
        elif _has_block_children(child):
            _collect_loose_text(child, blocks)
        else:
            block = _text_block(PARAGRAPH, child)
            if block:
                blocks.append(block)


def _collect_loose_text(element, blocks: list[Block]) -> None:
    """Walk a container whose own text (outside its block children) may itself be a paragraph."""
    if element.text and element.text.strip():
        blocks.append(_loose_block(element.text, element.sourceline or 1))
    for child in element:
        if not isinstance(child.tag, str) or _is_chrome(child):
            continue
        _walk([child], blocks)
        if child.tail and child.tail.strip():
            line = (child.sourceline or 1) + _element_line_count(child)
            blocks.append(_loose_block(child.tail, line))


def _element_line_count(element) -> int:
    return etree.tostring(element, encoding="unicode", with_tail=False).count("\n")


def _loose_block(raw: str, line: int) -> Block:
    text = SPACES.sub(" ", raw).strip()
    return Block(PARAGRAPH, text, line, line, line_starts=[(0, line)], line_indents=[None])


def _text_block(kind: str, element, skip_nested: bool = False) -> Block | None:
    parts: list[str] = []
    links: list[Link] = []
    _inline(element, parts, links, skip_nested, top=True)
    raw = "".join(parts)
    text, offsets = _normalise(raw)
    if not text:
        return None
    for link in links:
        link.start, link.end = offsets(link.start), offsets(link.end)
        link.text = text[link.start:link.end].strip()
    start = (element.sourceline or 1) + offsets.leading_lines
    starts = [(0, start)]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append((i + 1, starts[-1][1] + 1))
    end = starts[-1][1]
    return Block(kind, text, start, end, links=links, line_starts=starts, line_indents=[None] * len(starts))


def _inline(element, parts: list[str], links: list[Link], skip_nested: bool, top: bool = False) -> None:
    if not top and (not isinstance(element.tag, str) or _is_chrome(element)):
        return
    if element.tag == "br":
        parts.append("\n")
    start = sum(len(p) for p in parts)
    if element.text and isinstance(element.tag, str):
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and not (skip_nested and child.tag in NESTED_BLOCKS):
            _inline(child, parts, links, skip_nested)
        if child.tail:
            parts.append(child.tail)
    if element.tag == "a" and not top:
        end = sum(len(p) for p in parts)
        links.append(Link("", element.get("href"), start, end, element.get("rel")))
    if element.tag == "img" and element.get("alt"):
        parts.append(element.get("alt"))


def _normalise(raw: str):
    """Collapse HTML whitespace as a browser would, but keep every line break, so that offsets in
    the text still map to source lines. Returns the text and a function from raw to text offsets."""
    out: list[str] = []
    mapping: list[int] = []
    previous_space = True
    for ch in raw:
        mapping.append(len(out))
        if ch == "\n":
            while out and out[-1] == " ":
                out.pop()
            out.append("\n")
            previous_space = True
        elif ch in " \t\r\f\v\u00a0":
            if not previous_space:
                out.append(" ")
            previous_space = True
        else:
            out.append(ch)
            previous_space = False
    mapping.append(len(out))
    text = "".join(out).rstrip()
    lead = len(text) - len(text.lstrip())
    stripped = text[lead:]

    def offset(raw_offset: int) -> int:
        value = mapping[min(raw_offset, len(mapping) - 1)] - lead
        return max(0, min(value, len(stripped)))

    offset.leading_lines = text[:lead].count("\n")  # type: ignore[attr-defined]  # read with the offsets
    return stripped, offset


def _cell_text(cell) -> str:
    return SPACES.sub(" ", cell.text_content().replace("\n", " ")).strip()


def _table(element) -> Block:
    rows: list[TableRow] = []
    header: list[str] | None = None
    header_line: int | None = None
    caption = element.find("caption")
    for tr in element.iter("tr"):
        if tr.getparent() is not None and tr.getparent().tag not in ("table", "thead", "tbody", "tfoot"):
            continue
        if _closest_table(tr) is not element:
            continue
        cells_el = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        cells: list[str] = []
        for cell in cells_el:
            cells.append(_cell_text(cell))
            span = cell.get("colspan")
            if span and span.isdigit() and int(span) > 1:
                # Browsers clamp colspan to 1,000 (the HTML standard's limit): so does healthlint.
                cells.extend([""] * (min(int(span), MAX_COLSPAN) - 1))
        in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
        all_th = bool(cells_el) and all(c.tag == "th" for c in cells_el)
        if header is None and not rows and (in_head or all_th):
            header, header_line = cells, tr.sourceline
        else:
            rows.append(TableRow(cells, tr.sourceline or 0))
    table = Table(header, header_line, rows, caption=_cell_text(caption) if caption is not None else None,
                  caption_line=caption.sourceline if caption is not None else None)
    start = element.sourceline or 1
    end = max([start] + [r.line for r in rows] + ([header_line] if header_line else []))
    text = "\n".join(" | ".join(r) for r in ([header] if header else []) + [r.cells for r in rows])
    return Block(TABLE, text, start, end, table=table)


def _closest_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent
