"""--fix and --diff: safe fixes, atomic writes, encodings and line endings kept, idempotent."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from healthlint.core import registry as checks_module
from healthlint.run import engine
from healthlint.core.registry import Check
from healthlint.cli import main
from healthlint.core.config import Config
from healthlint.core.findings import DISPLAY_ONLY, Fix, LinesEdit, Rule
from healthlint.workflow.fixes import fix_results, split_lines
from healthlint.core.reading import SourceText

DISCLAIMER = "This article is for information only: ask your doctor about your own health."


REAL_RULES = checks_module.all_rules()


def _rule(rule_id: str) -> Rule:
    """A stand-in rule with the real rule's id, severity and fix."""
    real = REAL_RULES[rule_id]
    return Rule(rule_id, real.severity, rule_id, "## What it finds\nTest.\n", fix=real.fix)


class FakeFixable(Check):
    """Reports like the real checks (same rule ids, same data for the fixes), on patterns simple
    enough that a test can say exactly what the fixed file holds."""

    name = "fakefix"
    rules = tuple(_rule(r) for r in ("off-topic/bridge", "hygiene/missing-space",
                                     "hygiene/space-before-punctuation", "disclaimers/medical"))
    structured = True
    bridge_confidence = 0.95

    def run(self, analysed, ctx):
        article = analysed.article
        for block in article.blocks:
            if "BRIDGE" in block.text:
                data = {"fix": {"delete_lines": [block.start_line, block.end_line]}} if self.structured else {}
                ctx.report("off-topic/bridge", "bridge", block=block, data=data, confidence=self.bridge_confidence)
                continue
            for m in re.finditer(r"([a-z])([.!?])([A-Z])", block.text):
                ctx.report("hygiene/missing-space", "missing space", block=block, span=(m.start(), m.end()),
                           data={"fix": {"replace": [m.end(2), m.end(2), " "]}})
            for m in re.finditer(r"(\w)( )([,;:!?])", block.text):
                ctx.report("hygiene/space-before-punctuation", "space before", block=block,
                           span=(m.start(), m.end()), data={"fix": {"replace": [m.start(2), m.end(2), ""]}})
        if not any("ask your doctor" in b.text for b in article.blocks):
            house = ctx.policy.section("disclaimers").get("medical", {}).get("house-text", "")
            ctx.report("disclaimers/medical", "no medical disclaimer", data={"fix": {"text": house}})


@pytest.fixture
def fake(monkeypatch):
    rules = dict(checks_module.all_rules())
    for rule in FakeFixable.rules:
        rules.setdefault(rule.id, rule)
    check = FakeFixable()
    monkeypatch.setattr(engine, "enabled_checks", lambda config: [check])
    monkeypatch.setattr(checks_module, "all_rules", lambda: rules)
    monkeypatch.setattr(engine, "all_rules", lambda: rules)
    monkeypatch.setattr("healthlint.workflow.fixes.all_rules", lambda: rules)
    return check


@pytest.fixture
def config(tmp_path):
    policy = tmp_path / "policy"
    policy.mkdir()
    (policy / "disclaimers.toml").write_text(f'[medical]\nhouse-text = "{DISCLAIMER}"\n', encoding="utf-8")
    (tmp_path / "healthlint.toml").write_text('policy = "policy"\n', encoding="utf-8")
    return Config(policy_dir=policy)


def lint(path, config):
    return [engine.lint_file(str(path), config)]


MD = (
    "# Back pain\n"
    "\n"
    "Back pain is common.Most people recover in weeks.\n"
    "\n"
    "Looking for a new car? BRIDGE deals on\n"
    "sedans are here.\n"
    "\n"
    "Rest helps , and so does gentle movement.\n"
)
MD_FIXED = (
    "# Back pain\n"
    "\n"
    "Back pain is common. Most people recover in weeks.\n"
    "\n"
    "Rest helps, and so does gentle movement.\n"
    "\n"
    f"{DISCLAIMER}\n"
)


@pytest.mark.parametrize("structured", [True, False])
def test_fix_markdown_exact_bytes_and_idempotent(tmp_path, fake, config, structured):
    fake.structured = structured
    path = tmp_path / "a.md"
    path.write_bytes(MD.encode("utf-8"))
    changed, notes = fix_results(lint(path, config), config, write=True)
    assert [c.path for c in changed] == [str(path)] and notes == []
    assert path.read_bytes() == MD_FIXED.encode("utf-8")  # nothing outside the fixed spans changed
    changed, _ = fix_results(lint(path, config), config, write=True)
    assert changed == []
    assert path.read_bytes() == MD_FIXED.encode("utf-8")
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file of the atomic write is gone


def test_fix_keeps_crlf_and_bom(tmp_path, fake, config):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf" + MD.replace("\n", "\r\n").encode("utf-8"))
    fix_results(lint(path, config), config, write=True)
    assert path.read_bytes() == b"\xef\xbb\xbf" + MD_FIXED.replace("\n", "\r\n").encode("utf-8")
    result = lint(path, config)[0]
    assert result.encoding == "utf-8-sig" and result.all_findings == []


def test_fix_keeps_latin1_and_missing_final_newline(tmp_path, fake, config):
    text = "# Café\n\nLe café est bon.Très bon.\n\nRest helps , truly.\n\nAsk ...  ask your doctor."
    path = tmp_path / "a.md"
    path.write_bytes(text.encode("latin-1"))
    fix_results(lint(path, config), config, write=True)
    expected = "# Café\n\nLe café est bon. Très bon.\n\nRest helps, truly.\n\nAsk ...  ask your doctor."
    assert path.read_bytes() == expected.encode("latin-1")


def test_fix_mixed_line_endings_untouched_outside_spans(tmp_path, fake, config):
    raw = b"# T\r\n\nOne.Two ask your doctor.\r\n\n\rEnd line\n"
    path = tmp_path / "a.md"
    path.write_bytes(raw)
    fix_results(lint(path, config), config, write=True)
    assert path.read_bytes() == b"# T\r\n\nOne. Two ask your doctor.\r\n\n\rEnd line\n"


HTML = """<!DOCTYPE html>
<html><head><title>Back pain</title></head>
<body>
<article>
<h1>Back pain</h1>
<p>Back pain is common.Most people recover.</p>

<p>Need a new car? BRIDGE deals are here.</p>

<p>Rest helps , truly.</p>
</article>
</body>
</html>
"""


def test_fix_html(tmp_path, fake, config):
    path = tmp_path / "a.html"
    path.write_text(HTML, encoding="utf-8")
    fix_results(lint(path, config), config, write=True)
    fixed = path.read_text(encoding="utf-8")
    assert fixed == HTML.replace("common.Most", "common. Most").replace(
        "<p>Need a new car? BRIDGE deals are here.</p>\n\n", "").replace(
        "helps , truly", "helps, truly").replace("</article>", f"  <p>{DISCLAIMER}</p>\n</article>")
    assert fix_results(lint(path, config), config, write=True)[0] == []


def test_fix_text(tmp_path, fake, config):
    path = tmp_path / "a.txt"
    path.write_text("Back pain\n\nBack pain is common.Most people recover in a few weeks of rest.\n",
                    encoding="utf-8")
    fix_results(lint(path, config), config, write=True)
    assert path.read_text(encoding="utf-8") == (
        "Back pain\n\nBack pain is common. Most people recover in a few weeks of rest.\n\n" + DISCLAIMER + "\n")


def test_no_disclaimer_text_in_policy_is_a_note(tmp_path, fake):
    policy = tmp_path / "empty"
    policy.mkdir()
    # a valid policy folder (one with no .toml file is refused) that has no house disclaimer text
    (policy / "disclaimers.toml").write_text("[medical]\n", encoding="utf-8")
    config = Config(policy_dir=policy)
    path = tmp_path / "a.md"
    path.write_text("# T\n\nFine text.\n", encoding="utf-8")
    changed, notes = fix_results(lint(path, config), config, write=True)
    assert changed == [] and "no disclaimer text" in notes[0]


def test_split_lines_roundtrip():
    for text in ("a\r\nb\nc\rd", "a\n", "", "\n\n", "x"):
        assert "".join(line.text + line.eol for line in split_lines(text)) == text


def test_cli_diff_writes_nothing_and_fix_writes(tmp_path, fake, monkeypatch):
    monkeypatch.chdir(tmp_path)
    policy = tmp_path / "policy"
    policy.mkdir()
    (policy / "disclaimers.toml").write_text(f'[medical]\nhouse-text = "{DISCLAIMER}"\n', encoding="utf-8")
    (tmp_path / "healthlint.toml").write_text('policy = "policy"\n', encoding="utf-8")
    path = tmp_path / "a.md"
    path.write_bytes(MD.encode("utf-8"))
    mtime = path.stat().st_mtime_ns
    runner = CliRunner()
    base = ["check", "a.md", "--jobs", "1", "--no-cache", "--format", "json"]

    plain = runner.invoke(main, base)
    assert path.read_bytes() == MD.encode("utf-8"), plain.output  # never changed without --fix

    shown = runner.invoke(main, base + ["--diff"])
    assert shown.exit_code == 1, shown.output
    assert "--- a/a.md" in shown.output and "-Rest helps , and" in shown.output
    assert f"+{DISCLAIMER}" in shown.output
    assert path.read_bytes() == MD.encode("utf-8") and path.stat().st_mtime_ns == mtime

    fixed = runner.invoke(main, base + ["--fix"])
    assert path.read_bytes() == MD_FIXED.encode("utf-8"), fixed.output
    import json

    report = json.loads(fixed.stdout)
    assert report["files"][0]["articles"][0]["findings"] == []  # re-linted: the fixed file's findings

    again = runner.invoke(main, base + ["--diff"])
    assert again.exit_code == 0 and again.stdout == ""
    runner.invoke(main, base + ["--fix"])
    assert path.read_bytes() == MD_FIXED.encode("utf-8")


BRIDGE_MD = "# Back pain\n\nRest helps. ask your doctor.\n\nNeed a new car? BRIDGE deals are here.\n\nWalk daily.\n"


def test_bridge_below_high_confidence_is_an_unsafe_fix(tmp_path, fake, config):
    fake.bridge_confidence = 0.6
    path = tmp_path / "a.md"
    path.write_text(BRIDGE_MD, encoding="utf-8")
    changed, _ = fix_results(lint(path, config), config, write=True)
    assert changed == [] and path.read_text(encoding="utf-8") == BRIDGE_MD  # --fix alone leaves it
    changed, _ = fix_results(lint(path, config), config, write=True, unsafe=True)
    assert [c.fixed for c in changed] == [["off-topic/bridge"]]
    assert "BRIDGE" not in path.read_text(encoding="utf-8")


def test_display_only_fix_is_never_applied(tmp_path, fake, config, monkeypatch):
    shown = Rule("off-topic/bridge", "error", "bridge", "Test.",
                 fix=Fix(REAL_RULES["off-topic/bridge"].fix.edits, applicability=DISPLAY_ONLY))
    rules = dict(checks_module.all_rules(), **{"off-topic/bridge": shown})
    monkeypatch.setattr(checks_module, "all_rules", lambda: rules)
    monkeypatch.setattr("healthlint.workflow.fixes.all_rules", lambda: rules)
    path = tmp_path / "a.md"
    path.write_text(BRIDGE_MD, encoding="utf-8")
    changed, _ = fix_results(lint(path, config), config, write=True, unsafe=True)
    assert changed == [] and path.read_text(encoding="utf-8") == BRIDGE_MD


def test_fix_that_would_add_a_finding_is_not_made(tmp_path, fake, config, monkeypatch):
    """A fix whose result the checks flag again (here it writes a bridge) is dropped before writing."""
    def adds_a_bridge(finding, source):
        return [LinesEdit(finding.start_line - 1, finding.start_line, ("Rest helps. BRIDGE",))]

    bad = Rule("hygiene/missing-space", "warning", "m", "Test.", fix=Fix(adds_a_bridge))
    rules = dict(checks_module.all_rules(), **{"hygiene/missing-space": bad})
    monkeypatch.setattr("healthlint.workflow.fixes.all_rules", lambda: rules)
    path = tmp_path / "a.md"
    text = "# Back pain\n\nRest helps.Walk daily. ask your doctor.\n"
    path.write_text(text, encoding="utf-8")

    def recheck(name, kind, encoding, new_text):
        return engine.lint_source(SourceText(name, kind, encoding, new_text), config)

    changed, notes = fix_results(lint(path, config), config, write=True, recheck=recheck)
    assert changed == [] and path.read_text(encoding="utf-8") == text
    assert any("would add" in note and "off-topic/bridge" in note for note in notes), notes
    # without the re-check the same fix would have been written: the guard is what stops it
    changed, _ = fix_results(lint(path, config), config, write=False)
    assert changed and b"BRIDGE" in changed[0].new


def test_cli_unsafe_fixes_flag(tmp_path, fake, monkeypatch):
    monkeypatch.chdir(tmp_path)
    policy = tmp_path / "policy"
    policy.mkdir()
    (policy / "disclaimers.toml").write_text(f'[medical]\nhouse-text = "{DISCLAIMER}"\n', encoding="utf-8")
    (tmp_path / "healthlint.toml").write_text('policy = "policy"\n', encoding="utf-8")
    fake.bridge_confidence = 0.6
    path = tmp_path / "a.md"
    path.write_text(BRIDGE_MD, encoding="utf-8")
    base = ["check", "a.md", "--jobs", "1", "--no-cache", "--format", "json"]
    CliRunner().invoke(main, base + ["--fix"])
    assert "BRIDGE" in path.read_text(encoding="utf-8")  # unsafe: not by --fix alone
    done = CliRunner().invoke(main, base + ["--fix", "--unsafe-fixes"])
    assert "BRIDGE" not in path.read_text(encoding="utf-8"), done.output
