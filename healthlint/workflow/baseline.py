"""Baselines: record today's findings so that ``check --baseline`` reports only new ones.

``healthlint baseline write FILE PATHS...`` writes a JSON file::

    {
      "tool": "healthlint",
      "version": 1,                      # format version of this file
      "healthlint_version": "0.1.0",     # version that wrote it (informational)
      "created": "2025-01-31T12:00:00+00:00",
      "findings": [
        {
          "rule": "spelling/unknown-word",
          "path": "articles/back-pain.md",   # relative to the working directory, "/" separated
          "article": "Back pain",            # article title (a scraped page may hold several)
          "fingerprint": "3f1c0a9be2d4c771", # Finding.fingerprint: rule + article + normalised excerpt
          "line": 12,                        # where it was when written (informational)
          "message": "..."                   # informational
        }
      ]
    }

A finding matches an entry when path and fingerprint are equal. The fingerprint does not hold the
line, so an entry survives edits elsewhere in the file. Entries are counted: two entries with the
same path and fingerprint absorb at most two matching findings, and a third is new. Only ``path``
and ``fingerprint`` are needed to match; the other fields are there for people reading the file.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read; the message says why."""


def normal_path(path: str) -> str:
    if path.startswith("<"):  # <stdin>
        return path
    try:
        relative = os.path.relpath(os.path.abspath(path))
    except ValueError:  # another drive on Windows
        relative = os.path.abspath(path)
    return Path(relative).as_posix()


def entry_key(path: str, fingerprint: str) -> tuple[str, str]:
    return normal_path(path), fingerprint


def build(results) -> dict:
    from .. import __version__

    entries = []
    for result in results:
        for finding in result.all_findings:
            entries.append({
                "rule": finding.rule,
                "path": normal_path(finding.path or result.path),
                "article": finding.article,
                "fingerprint": finding.fingerprint,
                "line": finding.start_line,
                "message": finding.message,
            })
    entries.sort(key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]))
    return {
        "tool": "healthlint",
        "version": FORMAT_VERSION,
        "healthlint_version": __version__,
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "findings": entries,
    }


def write(path: str | Path, results) -> int:
    """Write the baseline of ``results`` to ``path`` atomically; return the number of entries."""
    data = build(results)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    from .fixes import atomic_write

    atomic_write(target, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return len(data["findings"])


def load(path: str | Path) -> Counter:
    """The baseline's entries as a multiset of (path, fingerprint)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"baseline file {path} not found (create it with `healthlint baseline write`)") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline file {path} is not readable JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"baseline file {path}: expected an object with a \"findings\" list")
    if data.get("version", FORMAT_VERSION) > FORMAT_VERSION:
        raise BaselineError(f"baseline file {path}: format version {data['version']} is newer than this healthlint")
    counts: Counter = Counter()
    for i, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) or not isinstance(
            entry.get("fingerprint"), str
        ):
            raise BaselineError(f"baseline file {path}: findings[{i}] needs a \"path\" and a \"fingerprint\"")
        counts[entry_key(entry["path"], entry["fingerprint"])] += 1
    return counts


def filter_results(results: Iterable, baseline: Counter, remaining: Counter | None = None) -> int:
    """Remove findings the baseline accounts for, in place; return how many were absorbed.
    ``remaining`` carries the unused entries from one call to the next when results are streamed."""
    if remaining is None:
        remaining = Counter(baseline)
    absorbed = 0

    def keep(finding, result_path: str) -> bool:
        nonlocal absorbed
        key = entry_key(finding.path or result_path, finding.fingerprint)
        if remaining[key] > 0:
            remaining[key] -= 1
            absorbed += 1
            return False
        return True

    for result in results:
        result.findings = [f for f in result.findings if keep(f, result.path)]
        for article in result.articles:
            article.findings = [f for f in article.findings if keep(f, result.path)]
    return absorbed
