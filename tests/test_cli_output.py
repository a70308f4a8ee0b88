"""How the command line reads, for people used to ruff and Vale (issue 16)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main

REPO = Path(__file__).resolve().parents[1]
LOCATION = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[a-z-]+/[a-z-]+) \S")
BASE = ["--no-cache", "-j", "1", "--fail-on", "never"]


@pytest.fixture
def samples(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    shutil.copytree(REPO / "articles", folder)
    monkeypatch.chdir(tmp_path)
    return folder


def invoke(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_concise_is_the_default_off_a_terminal(samples):
    result = invoke("check", "articles", *BASE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("Found ") and "errors" in lines[-1]
    for line in lines[:-1]:
        match = LOCATION.match(line)
        assert match, line
        assert Path(match["path"]).is_file()
    assert len(lines) > 5


def test_quiet_prints_findings_only(samples):
    result = invoke("check", "articles", *BASE, "-q")
    assert all(LOCATION.match(line) for line in result.stdout.strip().splitlines())
    terminal = invoke("check", "articles", *BASE, "-q", "--format", "terminal")
    assert "summary" not in terminal.stdout and "passed" not in terminal.stdout
    assert "FAILED" not in terminal.stdout


def test_terminal_view_errors_first_clickable_and_wrapped_under_the_message(samples):
    result = invoke("check", "articles/heartburn-with-bridge.html", *BASE, "--format", "terminal",
                    "--color", "never", env={"COLUMNS": "60"})
    lines = result.stdout.splitlines()
    heads = [line.strip() for line in lines if re.match(r"^  \S+:\d+:\d+  (error|warning|info)  ", line)]
    assert heads, result.stdout
    severities = [h.split()[1] for h in heads]
    rank = {"error": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=rank.get)  # errors first, not by line
    assert all(h.startswith("articles/heartburn-with-bridge.html:") for h in heads)
    findings_part = lines[1: lines.index("")]
    assert all(line.startswith("  ") for line in findings_part)  # nothing wraps back to column 0
    messages = [line for line in findings_part if line.startswith("    ")]
    assert len(messages) > len(heads)  # long messages were wrapped, under the message's indent
    assert all(len(line) <= 60 or " " not in line.strip() for line in messages)
    assert not any(line != line.rstrip() for line in findings_part)


def test_terminal_view_piped_is_not_cut_at_80_columns(samples):
    result = invoke("check", "articles/heartburn-with-bridge.html", *BASE, "--format", "terminal", "--color", "never")
    assert max(len(line) for line in result.stdout.splitlines()) > 80


def test_color_always_and_never(samples):
    always = invoke("check", "articles/arthritis-and-diet.md", *BASE, "--format", "terminal", "--color", "always")
    never = invoke("check", "articles/arthritis-and-diet.md", *BASE, "--format", "terminal", "--color", "never")
    assert "\x1b[" in always.stdout and "\x1b[" not in never.stdout


def test_statistics_counts_per_rule(samples):
    result = invoke("check", "articles", *BASE, "--statistics")
    rows = [line.split() for line in result.stdout.strip().splitlines()]
    counts = {row[1]: int(row[0]) for row in rows}
    full = invoke("check", "articles", *BASE, "-q").stdout.strip().splitlines()
    assert sum(counts.values()) == len(full)
    assert counts["disclaimers/medical"] == sum(" disclaimers/medical " in line for line in full)
    assert [int(r[0]) for r in rows] == sorted((int(r[0]) for r in rows), reverse=True)


def test_exit_zero(samples):
    assert invoke("check", "articles", "--no-cache", "-j", "1").exit_code == 1
    assert invoke("check", "articles", "--no-cache", "-j", "1", "--exit-zero").exit_code == 0


def test_stdin_filename_names_the_input_and_picks_the_parser(samples):
    text = (samples / "sleep-tips-scraped.txt").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-", "--stdin-filename", "drafts/sleep.txt", *BASE,
                                       "--format", "json"], input=text)
    document = json.loads(result.stdout)
    assert [f["path"] for f in document["files"]] == ["drafts/sleep.txt"]
    assert document["files"][0]["kind"] == "text"
    Path("healthlint.toml").write_text('[per-file-ignores]\n"drafts/*" = ["tables"]\n', encoding="utf-8")
    ignored = CliRunner().invoke(main, ["check", "-", "--stdin-filename", "drafts/sleep.txt", *BASE, "-q"],
                                 input=text)
    assert "tables/" not in ignored.stdout and "drafts/sleep.txt:" in ignored.stdout


def test_formats_colliding_on_stdout_are_refused(samples):
    result = invoke("check", "articles", *BASE, "--format", "terminal", "--format", "json")
    assert result.exit_code == 2
    assert "standard output" in result.output


def test_report_refuses_colliding_formats_too(samples):
    invoke("check", "articles", *BASE, "--format", "json=results.json")
    result = invoke("report", "results.json", "--format", "markdown", "--format", "junit")
    assert result.exit_code == 2 and "standard output" in result.output


def test_html_without_a_folder_gets_the_default_folder(samples):
    result = invoke("check", "articles", *BASE, "--format", "html")
    assert result.exit_code == 0, result.output
    index = Path("reports/index.html")
    assert index.is_file() and "reports/index.html" in result.stderr
    pages = re.findall(r'href="(articles/[^"]+\.html)"', index.read_text(encoding="utf-8"))
    assert pages and all((index.parent / page).is_file() for page in pages)


def test_comma_lists_and_extend_select(samples):
    result = invoke("check", "articles", *BASE, "-q", "--select", "hygiene,tables/column-count")
    rules = {LOCATION.match(line)["rule"] for line in result.stdout.splitlines()}
    assert rules and all(r.startswith("hygiene/") or r == "tables/column-count" for r in rules)
    ignored = invoke("check", "articles", *BASE, "-q", "--ignore", "readability,spelling,off-topic")
    assert not {LOCATION.match(text)["rule"].split("/")[0] for text in ignored.stdout.splitlines()} & {
        "readability", "spelling", "off-topic"}
    Path("healthlint.toml").write_text('select = ["tables"]\nextend-select = ["disclaimers/medical"]\n',
                                       encoding="utf-8")
    configured = invoke("check", "articles", *BASE, "-q")
    checks = {LOCATION.match(text)["rule"] for text in configured.stdout.splitlines()}
    assert "disclaimers/medical" in checks and all(r.startswith("tables/") or r == "disclaimers/medical"
                                                   for r in checks)


def test_per_file_ignores(samples):
    Path("healthlint.toml").write_text('[per-file-ignores]\n"*.html" = ["disclaimers", "off-topic/bridge"]\n',
                                       encoding="utf-8")
    result = invoke("check", "articles", *BASE, "-q")
    html_rules = {LOCATION.match(text)["rule"] for text in result.stdout.splitlines() if ".html:" in text}
    md_rules = {LOCATION.match(text)["rule"] for text in result.stdout.splitlines() if ".txt:" in text}
    assert not {r for r in html_rules if r.startswith("disclaimers/") or r == "off-topic/bridge"}
    assert "disclaimers/medical" in md_rules
    Path("healthlint.toml").write_text('[per-file-ignores]\n"*.html" = ["nonsense/rule"]\n', encoding="utf-8")
    assert invoke("check", "articles", *BASE).exit_code == 2


def test_help_does_not_cut_the_report_description():
    result = invoke("--help")
    line = next(text for text in result.stdout.splitlines() if text.strip().startswith("report"))
    assert not line.rstrip().endswith(("e.g.", "e.g", "...")) and "without re-checking" in line
    commands = result.stdout.split("Commands:")[1].splitlines()
    assert not any(text.rstrip().endswith("...") for text in commands)


def test_rules_as_json():
    result = invoke("rules", "--format", "json")
    rules = json.loads(result.stdout)
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and "disclaimers/medical" in ids
    assert {"id", "check", "severity", "fixable", "summary", "doc"} <= set(rules[0])


def test_progress_line_while_dictionaries_are_built(monkeypatch, capsys):
    from healthlint.core import progress
    from healthlint.cli import _announce_building

    _announce_building(quiet=False)
    try:
        progress.building("the word dictionaries")
    finally:
        progress.set_listener(None)
    assert "building the word dictionaries" in capsys.readouterr().err


def test_vocabulary_build_announces_itself(monkeypatch, tmp_path):
    from healthlint.core import progress
    from healthlint.language import vocabulary

    heard = []
    monkeypatch.setattr(vocabulary, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(vocabulary, "_build", lambda *a: {"rows": {"back": [500, 1, "", 0]}, "sources": []})
    progress.set_listener(heard.append)
    vocabulary.load.cache_clear()
    try:
        vocabulary.load()
    finally:
        progress.set_listener(None)
        vocabulary.load.cache_clear()
    assert heard == ["the word dictionaries"]
