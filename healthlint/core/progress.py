"""Telling the user about slow one-off work (building dictionaries on a machine's first run).

Library code calls :func:`building`; only the command line listens (and prints a line on stderr), so
tests and other callers stay silent.
"""
from __future__ import annotations

from typing import Callable

_listener: Callable[[str], None] | None = None


def set_listener(listener: Callable[[str], None] | None) -> None:
    global _listener
    _listener = listener


def building(what: str) -> None:
    if _listener is not None:
        _listener(what)
