"""The fix of ``disclaimers/medical``: append the house disclaimer (the text the check puts in
``data["fix"]["text"]``, from ``[medical] house-text`` in ``checks/disclaimers.toml``) to the
article, as a Markdown paragraph, an HTML ``<p>`` inside the page's article/main/body, or a text
paragraph. Never twice: nothing is added when the text is already in the article."""
from __future__ import annotations

import re

from ..core.findings import SAFE, Edit, Finding, Fix, FixSource, LinesEdit, NotFixable

WHITESPACE = re.compile(r"\s+")
MARKUP = re.compile(r"<[^>]+>|[*_`]")


def _plain(text: str) -> str:
    return WHITESPACE.sub(" ", MARKUP.sub("", text)).strip().lower()


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def house_text(finding: Finding) -> str | None:
    fix = finding.data.get("fix") if isinstance(finding.data, dict) else None
    text = fix.get("text") if isinstance(fix, dict) else None
    return text.strip() if isinstance(text, str) and text.strip() else None


def append_disclaimer(finding: Finding, source: FixSource) -> list[Edit]:
    text = house_text(finding)
    if text is None:
        raise NotFixable("the policy gives no disclaimer text ([medical] house-text in disclaimers.toml)")
    lines = source.lines
    first, last = max(source.article_start, 1), max(source.article_end + 2, source.article_start)
    scope = lines if source.kind != "text" or source.articles == 1 else lines[first - 1:last]
    if _plain(text) in _plain("\n".join(scope)):
        return []  # already there: never add it twice
    if source.kind == "html":
        return [_html_edit(lines, f"<p>{_html_escape(text)}</p>")]
    # Markdown and text: a paragraph after the article's last non-blank line.
    end = min(max(source.article_end, 1), len(lines))
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    indent = _indent(lines[end - 1]) if source.kind == "text" and end > 0 else ""
    return [LinesEdit(end, end, ("", indent + text), order=1)]


def _html_edit(lines: tuple[str, ...], paragraph: str) -> LinesEdit:
    for tag in ("article", "main", "body"):
        for index in range(len(lines) - 1, -1, -1):
            at = lines[index].lower().rfind(f"</{tag}")
            if at < 0:
                continue
            indent = _indent(lines[index])
            if lines[index][:at].strip():  # closing tag after content on the same line
                before, after = lines[index][:at], lines[index][at:]
                return LinesEdit(index, index + 1, (before + paragraph + after,))
            return LinesEdit(index, index, (indent + "  " + paragraph if tag != "body" else paragraph,))
    return LinesEdit(len(lines), len(lines), (paragraph,), order=1)


APPEND_DISCLAIMER = Fix(append_disclaimer, applicability=SAFE)
