"""Per-rule fixtures in markdownlint's style: a small document per rule in tests/fixtures/rules/,
named CHECK--RULE.EXT, with the findings it must give marked inline by a comment on the line before:

    <!-- expect: hygiene/missing-space -->          the next non-blank line has that finding
    <!-- expect: tables/column-count below 4 -->    the 4th non-blank line below (inside a table,
                                                    where a comment would end the table)
    <!-- options: readability.report-sentences = true -->   a check threshold for this document

The document is checked with only its rule selected, and the findings' (rule, line) must be exactly
the marked ones: lines without a mark are the rule's non-detections.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from healthlint.core.config import Config
from healthlint.run.engine import lint_file

from conftest import FIXTURES

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*--*.*"))
MARK = re.compile(r"<!--\s*expect:\s*([\w-]+/[\w-]+)(?:\s+below\s+(\d+))?\s*-->")
OPTION = re.compile(r"<!--\s*options:\s*([\w-]+)\.([\w-]+)\s*=\s*(.+?)\s*-->")


def options(path: Path) -> dict[str, dict]:
    """The check thresholds a fixture sets (TOML values), as configuration overrides."""
    found: dict[str, dict] = {}
    for match in OPTION.finditer(path.read_text(encoding="utf-8")):
        found.setdefault(match.group(1), {})[match.group(2)] = tomllib.loads(f"v = {match.group(3)}")["v"]
    return found


def rule_of(path: Path) -> str:
    return path.name.split(".", 1)[0].replace("--", "/", 1)


def expected(path: Path) -> list[tuple[str, int]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    marks = []
    for number, line in enumerate(lines, 1):
        match = MARK.search(line)
        if not match:
            continue  # (an options line is no mark)
        wanted = int(match.group(2) or 1)
        below = [n for n in range(number + 1, len(lines) + 1)
                 if lines[n - 1].strip() and not MARK.search(lines[n - 1])]
        assert len(below) >= wanted, f"{path.name}:{number}: nothing {wanted} lines below the mark"
        marks.append((match.group(1), below[wanted - 1]))
    return sorted(marks)


def test_there_is_a_fixture_per_rule_file_and_every_rule_exists():
    from healthlint.core.registry import all_rules

    assert len(RULE_FIXTURES) >= 8
    assert {rule_of(p) for p in RULE_FIXTURES} <= set(all_rules())


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: p.name)
def test_rule_fixture(path):
    rule = rule_of(path)
    marks = expected(path)
    assert marks, f"{path.name} marks no finding"
    assert {r for r, _ in marks} == {rule}
    result = lint_file(str(path), Config(select=[rule], overrides=options(path)))
    assert result.error is None
    assert sorted((f.rule, f.start_line) for f in result.all_findings) == marks
