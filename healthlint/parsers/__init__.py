"""Parsers: Markdown, HTML and scraped plain text, each into the one document model, held to the
size limits of ``limits``."""
from __future__ import annotations

from ..core.model import ParsedFile
from ..core.reading import SourceText
from .limits import bound, cut_text


def parse(source: SourceText) -> ParsedFile:
    text, problem = cut_text(source.text)
    if problem is None:
        return bound(_parse(source))
    parsed = bound(_parse(SourceText(source.path, source.kind, source.encoding, text)))
    parsed.problems.append(problem)
    return parsed


def _parse(source: SourceText) -> ParsedFile:
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
