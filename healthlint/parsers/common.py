"""Small helpers the parsers share."""
from __future__ import annotations

from pathlib import Path


def title_from_path(path: str) -> str:
    """A readable title for an article that names none: 'back-pain_tips.md' -> 'Back pain tips'."""
    stem = Path(path).stem.replace("-", " ").replace("_", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else path
