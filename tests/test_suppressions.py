"""Inline suppressions (Markdown and HTML comments) and front-matter ignores."""
from __future__ import annotations

import pytest

from healthlint.core import registry as checks_module
from healthlint.run import engine
from healthlint.core.registry import Check
from healthlint.core.config import Config
from healthlint.core.findings import Rule
from healthlint.core.reading import read_bytes

FAKE = Rule("fake/bad", "error", "The word BAD.", "## What it finds\nBAD.\n")
OTHER = Rule("fake/other", "warning", "The word OTHER.", "## What it finds\nOTHER.\n")


class FakeCheck(Check):
    """Reports every occurrence of BAD (fake/bad) and OTHER (fake/other) in prose and headings."""

    name = "fake"
    rules = (FAKE, OTHER)

    def run(self, analysed, ctx):
        for block in analysed.article.blocks:
            for word, rule in (("BAD", FAKE), ("OTHER", OTHER)):
                start = block.text.find(word)
                while start >= 0:
                    ctx.report(rule.id, f"{word} found", block=block, span=(start, start + len(word)))
                    start = block.text.find(word, start + 1)


@pytest.fixture
def fake_rules(monkeypatch):
    rules = dict(checks_module.all_rules())
    rules[FAKE.id] = FAKE
    rules[OTHER.id] = OTHER
    monkeypatch.setattr(engine, "enabled_checks", lambda config: [FakeCheck()])
    monkeypatch.setattr(checks_module, "all_rules", lambda: rules)
    return rules


def lint(name: str, text: str, config: Config | None = None, rules=None):
    source = read_bytes(name, text.encode("utf-8"))
    return engine.lint_source(source, config or Config(), rules)


def found(result):
    return sorted((f.rule, f.start_line) for f in result.all_findings)


def test_no_directive_reports_everything(fake_rules):
    result = lint("a.md", "# Title\n\nA BAD line.\n\nAnother BAD one.\n", rules=fake_rules)
    assert found(result) == [("fake/bad", 3), ("fake/bad", 5)]


def test_markdown_range_with_rule(fake_rules):
    text = (
        "# Title\n\n"
        "<!-- healthlint-disable fake/bad -->\n\n"  # line 3
        "A BAD line and OTHER.\n\n"  # line 5
        "<!-- healthlint-enable -->\n\n"  # line 7
        "Another BAD one.\n"  # line 9
    )
    result = lint("a.md", text, rules=fake_rules)
    assert found(result) == [("fake/bad", 9), ("fake/other", 5)]


def test_markdown_range_without_rule_and_open_to_end(fake_rules):
    text = "# Title\n\nBAD first.\n\n<!-- healthlint-disable -->\n\nBAD and OTHER.\n\nBAD again.\n"
    result = lint("a.md", text, rules=fake_rules)
    assert found(result) == [("fake/bad", 3)]


def test_several_rules_comma_or_space_separated(fake_rules):
    for sep in (" ", ", ", ","):
        text = f"# T\n\n<!-- healthlint-disable fake/bad{sep}fake/other -->\nBAD and OTHER.\n"
        assert found(lint("a.md", text, rules=fake_rules)) == []


def test_check_name_covers_its_rules(fake_rules):
    text = "# T\n\n<!-- healthlint-disable-next-line fake -->\nBAD and OTHER.\n"
    assert found(lint("a.md", text, rules=fake_rules)) == []


def test_markdown_next_line(fake_rules):
    text = (
        "# Title\n\n"
        "<!-- healthlint-disable-next-line fake/bad -->\n\n"  # line 3, blank line 4
        "A BAD line,\nwrapped BAD.\n\n"  # lines 5-6: the next block
        "Another BAD one.\n"  # line 8
    )
    result = lint("a.md", text, rules=fake_rules)
    assert found(result) == [("fake/bad", 8)]


def test_front_matter_ignore(fake_rules):
    text = "---\ntitle: T\nhealthlint:\n  ignore: [fake/bad]\n---\n\nBAD and OTHER.\n"
    result = lint("a.md", text, rules=fake_rules)
    assert found(result) == [("fake/other", 7)]


def test_front_matter_ignore_unused_is_reported(fake_rules):
    text = "---\ntitle: T\nhealthlint:\n  ignore: [fake/bad]\n---\n\nOnly OTHER.\n"
    result = lint("a.md", text, rules=fake_rules)
    assert found(result) == [("fake/other", 7), ("healthlint/unused-suppression", 3)]


def test_unused_suppression_reported(fake_rules):
    text = (
        "# Title\n\n"
        "<!-- healthlint-disable-next-line fake/bad -->\n"  # line 3
        "Nothing wrong here.\n\n"
        "<!-- healthlint-disable fake/other -->\n"  # line 6
        "BAD.\n"
        "<!-- healthlint-enable -->\n"
    )
    result = lint("a.md", text, rules=fake_rules)
    assert found(result) == [
        ("fake/bad", 7),
        ("healthlint/unused-suppression", 3),
        ("healthlint/unused-suppression", 6),
    ]
    unused = [f for f in result.all_findings if f.rule == "healthlint/unused-suppression"]
    assert all(f.severity == "warning" for f in unused)
    assert unused[0].article == "Title"


def test_unknown_rule_in_directive_is_reported(fake_rules):
    text = "# T\n\n<!-- healthlint-disable-next-line fake/nonesuch -->\nBAD.\n"
    result = lint("a.md", text, rules=fake_rules)
    messages = [f.message for f in result.all_findings if f.rule == "healthlint/unused-suppression"]
    assert len(messages) == 1 and "unknown rule fake/nonesuch" in messages[0]
    assert ("fake/bad", 4) in found(result)


def test_unused_not_reported_for_rules_switched_off(fake_rules):
    text = "# T\n\n<!-- healthlint-disable-next-line fake/bad -->\nOTHER.\n"
    result = lint("a.md", text, Config(select=["fake/other", "healthlint"]), rules=fake_rules)
    assert found(result) == [("fake/other", 4)]


def test_unused_suppression_can_be_ignored(fake_rules):
    text = "# T\n\n<!-- healthlint-disable-next-line fake/bad -->\nFine.\n"
    result = lint("a.md", text, Config(ignore=["healthlint/unused-suppression"]), rules=fake_rules)
    assert found(result) == []


def test_ordinary_comments_are_not_directives(fake_rules):
    text = "# T\n\n<!-- a note for editors -->\nBAD.\n"
    assert found(lint("a.md", text, rules=fake_rules)) == [("fake/bad", 4)]


HTML = """<!DOCTYPE html>
<html><head><title>Page</title></head>
<body>
<article>
<h1>Back pain</h1>
<!-- healthlint-disable-next-line fake/bad -->
<p>A BAD paragraph.</p>
<p>Another BAD paragraph.</p>
<!-- healthlint-disable fake/bad -->
<p>A third BAD paragraph.</p>
<p>OTHER here.</p>
<!-- healthlint-enable fake/bad -->
<p>A last BAD paragraph.</p>
<!-- healthlint-disable-next-line fake/other -->
<p>Clean.</p>
</article>
</body></html>
"""


def test_html_next_line_range_and_unused(fake_rules):
    result = lint("page.html", HTML, rules=fake_rules)
    assert found(result) == [
        ("fake/bad", 8),
        ("fake/bad", 13),
        ("fake/other", 11),
        ("healthlint/unused-suppression", 14),
    ]


def test_real_engine_finding_and_unused_directive():
    # healthlint/parse-error is an engine rule, always registered: a robust real finding. A
    # next-line directive after the front matter does not reach it, so it is reported as unused.
    only = Config(select=["healthlint"])
    text = '---\ntitle: "Back pain\n---\n\nText.\n'
    assert [f.rule for f in lint("a.md", text, only).all_findings] == ["healthlint/parse-error"]
    text += "\n<!-- healthlint-disable-next-line healthlint/parse-error -->\nMore text.\n"
    result = lint("a.md", text, only)
    assert sorted(f.rule for f in result.all_findings) == ["healthlint/parse-error", "healthlint/unused-suppression"]
    text = "<!-- healthlint-disable -->\n# T\n\nText.\n"
    assert [f.rule for f in lint("a.md", text, Config()).all_findings] in (
        [], ["healthlint/unused-suppression"])  # every real finding is suppressed


def test_unused_suppression_rule_is_registered():
    from healthlint.core.registry import all_rules

    rule = all_rules()["healthlint/unused-suppression"]
    for heading in ("What it finds", "Why it matters", "Example", "Fix", "Options", "References"):
        assert f"## {heading}" in rule.doc


def test_real_rule_front_matter_ignore():
    config = Config(select=["disclaimers/medical", "healthlint"])
    body = "# Back pain\n\nBack pain is common and usually gets better in a few weeks.\n"
    plain = lint("a.md", body, config)
    assert "disclaimers/medical" in [f.rule for f in plain.all_findings]
    ignored = lint("a.md", "---\nhealthlint:\n  ignore: [disclaimers/medical]\n---\n" + body, config)
    assert [f.rule for f in ignored.all_findings] == []


# --- plain text (issue 16: a .txt article could not suppress anything) --------------------------------

TEXT_ARTICLE = (
    "Looking After Your Back\n\n"                      # 1
    "# healthlint: disable-next-line=fake/bad\n"       # 3
    "A BAD line and OTHER here.\n\n"                   # 4
    "# healthlint: disable=fake/other\n"               # 6
    "OTHER and BAD.\n"                                 # 7
    "# healthlint: enable\n\n"                         # 8
    "<!-- healthlint-disable-next-line fake/bad -->\n"  # 10
    "Another BAD one, then OTHER.\n"                   # 11
)


def test_plain_text_directive_lines_suppress(fake_rules):
    result = lint("back.txt", TEXT_ARTICLE, rules=fake_rules)
    assert found(result) == [("fake/bad", 7), ("fake/other", 4), ("fake/other", 11)]


def test_plain_text_directive_lines_are_not_prose(fake_rules):
    result = lint("back.txt", "Title Line Here\n\n# healthlint: disable=fake/other\nBAD text.\n", rules=fake_rules)
    texts = [b["text"] for a in result.articles for b in a.blocks]
    assert not any("healthlint" in t for t in texts)
    assert found(result) == [("fake/bad", 4), ("healthlint/unused-suppression", 3)]


def test_plain_text_unused_directive_is_reported(fake_rules):
    text = "Title Line Here\n\n# healthlint: disable-next-line=fake/bad\nNothing wrong here.\n"
    result = lint("back.txt", text, rules=fake_rules)
    assert found(result) == [("healthlint/unused-suppression", 3)]


def test_html_comment_directives(fake_rules):
    html = ("<html><body><h1>Title</h1>\n"
            "<!-- healthlint-disable-next-line fake/bad -->\n"
            "<p>A BAD line.</p>\n"
            "<!-- healthlint-disable fake/other -->\n"
            "<p>OTHER and BAD.</p>\n"
            "<!-- healthlint-enable -->\n"
            "<p>OTHER again.</p>\n</body></html>\n")
    result = lint("page.html", html, rules=fake_rules)
    assert found(result) == [("fake/bad", 5), ("fake/other", 7)]
