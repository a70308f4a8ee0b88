"""Parsers: Markdown, HTML and scraped plain text, each into the one document model."""
from __future__ import annotations

from ..model import ParsedFile
from ..reading import SourceText


def parse(source: SourceText) -> ParsedFile:
    if source.kind == "markdown":
        from .markdown import parse_markdown

        return parse_markdown(source.path, source.text, source.encoding)
    if source.kind == "html":
        from .html import parse_html

        return parse_html(source.path, source.text, source.encoding)
    from .directives import text_directives
    from .text import parse_text

    # "# healthlint: disable=RULE" lines: suppressions, not prose (plain text has no comments)
    blanked, directives = text_directives(source.text)
    parsed = parse_text(source.path, blanked, source.encoding)
    parsed.text = source.text
    parsed.comments.extend(directives)
    return parsed
