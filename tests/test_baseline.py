"""Baselines: `healthlint baseline write` and `check --baseline`."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from healthlint.core import registry as checks_module
from healthlint.run import engine
from healthlint.workflow.baseline import BaselineError, filter_results, load
from healthlint.core.registry import Check
from healthlint.cli import main
from healthlint.core.findings import Rule

FAKE = Rule("fake/bad", "error", "The word BAD.", "## What it finds\nBAD.\n")


class FakeCheck(Check):
    name = "fake"
    rules = (FAKE,)

    def run(self, analysed, ctx):
        for block in analysed.article.blocks:
            start = block.text.find("BAD")
            while start >= 0:
                end = block.text.find(" ", start)
                end = len(block.text) if end < 0 else end
                ctx.report(FAKE.id, "BAD found", block=block, span=(start, end))
                start = block.text.find("BAD", start + 1)


@pytest.fixture
def fake(monkeypatch, tmp_path):
    rules = dict(checks_module.all_rules())
    rules[FAKE.id] = FAKE
    monkeypatch.setattr(engine, "enabled_checks", lambda config: [FakeCheck()])
    monkeypatch.setattr(checks_module, "all_rules", lambda: rules)
    monkeypatch.setattr(engine, "all_rules", lambda: rules)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "healthlint.toml").write_text("", encoding="utf-8")


def check(*args):
    return CliRunner().invoke(main, ["check", *args, "--jobs", "1", "--no-cache", "--format", "json"])


def rules_of(output: str) -> list[tuple[str, int, str]]:
    document = json.loads(output)
    return [(f["rule"], f["start_line"], f["excerpt"]) for file in document["files"]
            for a in file["articles"] for f in a["findings"]]


def test_baseline_absorbs_known_and_survives_lines_above(tmp_path, fake):
    article = tmp_path / "articles" / "a.md"
    article.parent.mkdir()
    article.write_text("# Title\n\nA BADone here.\n\nAnd BADtwo there.\n", encoding="utf-8")
    written = CliRunner().invoke(main, ["baseline", "write", "baseline.json", "articles"])
    assert written.exit_code == 0, written.output
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["tool"] == "healthlint"
    assert [(e["rule"], e["path"], e["article"]) for e in data["findings"]] == [
        ("fake/bad", "articles/a.md", "Title"), ("fake/bad", "articles/a.md", "Title")]
    assert all(len(e["fingerprint"]) == 16 for e in data["findings"])

    result = check("articles", "--baseline", "baseline.json")
    assert result.exit_code == 0 and rules_of(result.stdout) == []

    # Lines inserted above both findings, and a new finding: only the new one is reported.
    article.write_text("# Title\n\nNew intro.\n\nMore intro.\n\nA BADone here.\n\nAnd BADtwo there.\n\n"
                       "A BADthree now.\n", encoding="utf-8")
    result = check("articles", "--baseline", "baseline.json")
    assert result.exit_code == 1
    assert rules_of(result.stdout) == [("fake/bad", 11, "BADthree")]

    # Without the baseline everything is reported.
    assert len(rules_of(check("articles").stdout)) == 3


def test_duplicates_are_counted(tmp_path, fake):
    article = tmp_path / "a.md"
    article.write_text("# T\n\nBAD x.\n\nBAD y.\n", encoding="utf-8")  # same excerpt: same fingerprint
    assert CliRunner().invoke(main, ["baseline", "write", "b.json", "a.md"]).exit_code == 0
    article.write_text("# T\n\nBAD x.\n\nBAD y.\n\nBAD z.\n", encoding="utf-8")
    found = rules_of(check("a.md", "--baseline", "b.json").stdout)
    assert len(found) == 1  # two entries absorb two findings; the third is new


def test_paths_given_differently_still_match(tmp_path, fake):
    article = tmp_path / "a.md"
    article.write_text("# T\n\nBAD x.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["baseline", "write", "b.json", "./a.md"]).exit_code == 0
    assert rules_of(check(str(article), "--baseline", "b.json").stdout) == []


def test_missing_or_broken_baseline_is_a_usage_error(tmp_path, fake):
    (tmp_path / "a.md").write_text("# T\n\nText.\n", encoding="utf-8")
    result = check("a.md", "--baseline", "nope.json")
    assert result.exit_code == 2 and "not found" in result.output
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    result = check("a.md", "--baseline", "bad.json")
    assert result.exit_code == 2 and "not readable JSON" in result.output
    with pytest.raises(BaselineError):
        (tmp_path / "odd.json").write_text('{"findings": [{"rule": "x"}]}', encoding="utf-8")
        load(tmp_path / "odd.json")


def test_filter_results_counts_by_path_and_fingerprint():
    from collections import Counter

    from healthlint.core.findings import Finding
    from healthlint.core.results import ArticleResult, FileResult

    findings = [Finding("r/x", "error", "m", "a.md", n, n, excerpt="same", article="T") for n in (1, 5, 9)]
    result = FileResult("a.md", articles=[ArticleResult("T", 1, 10, list(findings))])
    absorbed = filter_results([result], Counter({("a.md", findings[0].fingerprint): 2}))
    assert absorbed == 2 and [f.start_line for f in result.all_findings] == [9]
