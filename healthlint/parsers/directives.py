"""Suppression directives written as lines of their own in plain text (which has no comments):
``# healthlint: disable=RULE``, ``# healthlint: enable``, ``# healthlint: disable-next-line=RULE``,
or the HTML-comment form on a line of its own. ``healthlint/run/suppressions.py`` applies them."""
from __future__ import annotations

import re

from ..core.model import Comment

TEXT_DIRECTIVE = re.compile(
    r"^[ \t]*(?:#[ \t]*healthlint[ \t]*:[ \t]*(disable-next-line|disable|enable)\b(?:[ \t]*[=:]?[ \t]*(.*?))?"
    r"|<!--[ \t]*healthlint-(disable-next-line|disable|enable)\b(.*?)-->)[ \t]*$", re.I)


def text_directives(text: str) -> tuple[str, list[Comment]]:
    """Directive lines of a plain-text file as comments, and the text with those lines blanked (so
    line numbers stay and the directives are not read as prose)."""
    lines = text.split("\n")
    comments = []
    for number, line in enumerate(lines, start=1):
        match = TEXT_DIRECTIVE.match(line.rstrip("\r"))
        if not match:
            continue
        kind = (match.group(1) or match.group(3)).lower()
        rules = (match.group(2) if match.group(1) else match.group(4)) or ""
        comments.append(Comment(f"healthlint-{kind} {rules.strip()}".strip(), number, number))
        lines[number - 1] = "\r" if line.endswith("\r") else ""
    return "\n".join(lines), comments
