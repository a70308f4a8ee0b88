"""Where healthlint keeps what it derives once and reuses (the syllable table, the merged
vocabulary): ``$HEALTHLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/healthlint``, else ``~/.cache/healthlint``."""
from __future__ import annotations

import os
from pathlib import Path

ENV_DIR = "HEALTHLINT_CACHE_DIR"


def derived_data_dir() -> Path:
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "healthlint"


def discard_temporary(path: str) -> None:
    """Remove a temporary file after a write failed (it may be gone already): the cache entries,
    the vocabulary and ``--fix`` all write to a temporary file and rename it into place."""
    try:
        os.unlink(path)
    except OSError:
        pass
