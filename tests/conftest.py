"""Shared test helpers. Corpus files come from ``tests/fixtures/corpus`` (copies with their sources
in its ``SOURCE.md``), so the suite runs the same on a bare clone as in a development checkout."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "corpus"
SARIF_SCHEMA = CORPUS / "schemas" / "sarif-schema-2.1.0.json"


def corpus_file(relative: str) -> Path:
    """A corpus fixture by its path in the corpus (``"medquad/cdc-0000364.html"``); a missing one is
    an error, never a skip."""
    path = CORPUS / relative
    if not path.is_file():
        raise FileNotFoundError(f"corpus fixture {relative} is missing from {CORPUS} (see SOURCE.md)")
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS
