"""Inline suppressions (``<!-- healthlint-disable RULE -->``) and front-matter ignores.

Placeholder until the workflow issue lands: nothing is suppressed yet.
"""
from __future__ import annotations


def apply_suppressions(parsed, result, config) -> None:
    return None
