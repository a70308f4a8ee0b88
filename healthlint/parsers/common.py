"""Small helpers the parsers share."""
from __future__ import annotations

from pathlib import Path


def title_from_path(path: str) -> str:
    """A readable title for an article that names none: 'back-pain_tips.md' -> 'Back pain tips'."""
    stem = Path(path).stem.replace("-", " ").replace("_", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else path


# Every finding carries its article's title: a "title" of pages (a heading that swallowed a page,
# the first line of scraped text) would be repeated in each. No real title is this long.
MAX_TITLE_CHARS = 200


def clip_title(title: str) -> str:
    return title if len(title) <= MAX_TITLE_CHARS else title[:MAX_TITLE_CHARS - 1].rstrip() + "…"
