"""Parsers: Markdown, HTML and scraped plain text, each into the one document model, held to the
size limits of ``limits``."""
from __future__ import annotations

from ..model import ParsedFile
from ..reading import SourceText
from .limits import bound


def parse(source: SourceText) -> ParsedFile:
    return bound(_parse(source))


def _parse(source: SourceText) -> ParsedFile:
    if source.kind == "markdown":
        from .markdown import parse_markdown

        return parse_markdown(source.path, source.text, source.encoding)
    if source.kind == "html":
        from .html import parse_html

        return parse_html(source.path, source.text, source.encoding)
    from .text import parse_text

    return parse_text(source.path, source.text, source.encoding)
