"""JUnit XML and the Markdown summary, on results built by hand."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from healthlint.core.findings import Finding, Rule
from healthlint.reports import junit, markdown
from healthlint.reports.base import RunInfo
from healthlint.core.results import ArticleResult, FileResult

RULES = {
    "off-topic/bridge": Rule("off-topic/bridge", "warning", "Bridge.", "doc"),
    "spelling/misspelling": Rule("spelling/misspelling", "warning", "Typo.", "doc"),
    "tables/ragged-row": Rule("tables/ragged-row", "error", "Ragged.", "doc"),
}


def _f(rule, severity, line, path="a/one.md", message="msg"):
    return Finding(rule, severity, message, path, line, line + 1, suggestion="fix", excerpt="some text")


def _results():
    one = FileResult("a/one.md", "markdown", "utf-8", None, [
        ArticleResult("First <Article> & co", 1, 20, [
            _f("tables/ragged-row", "error", 5, message="Row has \x07 3 cells <b>"),
            _f("spelling/misspelling", "warning", 7),
            _f("spelling/misspelling", "warning", 9),
        ]),
        ArticleResult("Second", 21, 40, []),
    ], [_f("parse/html", "warning", 1)])
    two = FileResult("b/two.txt", "text", "utf-8", None, [ArticleResult("Third", 1, 9, [_f("off-topic/bridge", "info", 3, "b/two.txt")])])
    bad = FileResult("c/bad.txt", error="cannot decode <bytes>")
    return [two, one, bad]


def _info(fail_on="error"):
    return RunInfo("0.1.0", RULES, fail_on)


def test_junit_parses_with_right_counts():
    root = ET.fromstring(junit.render(_results(), _info()).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["a/one.md", "b/two.txt", "c/bad.txt"]
    one = suites["a/one.md"]
    cases = one.findall("testcase")
    # file-level parse case + 2 articles x 3 checks
    assert len(cases) == 1 + 2 * 3
    assert one.get("tests") == "7" and one.get("failures") == "1" and one.get("errors") == "0"
    names = [c.get("name") for c in cases]
    assert "First <Article> & co :: tables" in names and "Second :: spelling" in names
    assert all(c.get("classname") == "a/one.md" for c in cases)
    tables = next(c for c in cases if c.get("name") == "First <Article> & co :: tables")
    failure = tables.find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert "a/one.md:5" in failure.text and "lines 5-6" in failure.text and "\x07" not in failure.text
    spelling = next(c for c in cases if c.get("name") == "First <Article> & co :: spelling")
    assert spelling.find("failure") is None  # warnings do not fail at fail_on=error
    assert spelling.find("system-out").text.count("spelling/misspelling") == 2
    bad = suites["c/bad.txt"]
    assert bad.get("errors") == "1"
    assert bad.find("testcase/error").get("message") == "cannot decode <bytes>"
    assert root.get("tests") == str(7 + 3 + 1) and root.get("failures") == "1" and root.get("errors") == "1"


def test_junit_fail_on_warning_counts_warnings():
    root = ET.fromstring(junit.render(_results(), _info("warning")).encode("utf-8"))
    one = root.find("testsuite[@name='a/one.md']")
    assert one.get("failures") == "3"  # tables, spelling, and the file-level parse case
    case = next(c for c in one.findall("testcase") if c.get("name") == "First <Article> & co :: spelling")
    failure = case.find("failure")
    assert failure.get("message").startswith("2 findings")


def test_junit_deterministic_and_no_rules():
    assert junit.render(_results(), _info()) == junit.render(list(reversed(_results())), _info())
    root = ET.fromstring(junit.render([FileResult("x.md", articles=[ArticleResult("T", 1, 2)])], RunInfo("0", {})))
    assert [c.get("name") for c in root.iter("testcase")] == ["T :: healthlint"]


def test_markdown_worst_first_and_totals():
    text = markdown.render(_results(), _info())
    assert "❌ **Failed**" in text
    assert "3 articles checked in 3 files" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 2  # only articles with findings
    assert "First &lt;Article&gt; &amp; co" in rows[0] and "Third" in rows[1]
    assert "c/bad.txt" in text and "cannot decode &lt;bytes&gt;" in text


def test_markdown_caps_rows():
    articles = [ArticleResult(f"Article {i:02d} | pipe", i * 10, i * 10 + 5,
                              [_f("spelling/misspelling", "warning", i * 10 + 1, "many.md")] * (1 + i % 3))
                for i in range(30)]
    text = markdown.render([FileResult("many.md", articles=articles)], _info())
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == markdown.MAX_ROWS
    assert "…and 10 more articles with findings." in text
    assert all("\\|" in row for row in rows)  # pipes in titles escaped
    counts = [int(row.split(" | ")[4]) for row in rows]
    assert counts == sorted(counts, reverse=True)


def test_markdown_no_findings():
    text = markdown.render([FileResult("ok.md", articles=[ArticleResult("Fine", 1, 3)])], _info())
    assert "✅ **Passed**" in text and "No findings." in text
