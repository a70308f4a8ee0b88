"""Tests of the disclaimers check (medical, supplement, emergency, affiliate, review)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from healthlint.core.config import Config
from healthlint.run.engine import lint_file
from conftest import CORPUS

FIXTURES = Path(__file__).parent / "fixtures" / "disclaimers"
DISCLAIMER = "This article is for informational purposes only and is not a substitute for professional medical advice."


def findings(path, rule=None):
    result = lint_file(str(path), Config(select=["disclaimers"]))
    found = result.all_findings
    return [f for f in found if rule is None or f.rule == rule]


def write(tmp_path, text, name="a.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_bar():
    found = findings(CORPUS / "farm/tag-spinal-pain.txt")
    medical = [f for f in found if f.rule == "disclaimers/medical"]
    assert [f.article for f in medical] == [
        "What Causes Sciatica Buttock Pain? Understanding the Causes", "Causes of Back Spasms Unveiling the Reasons"]
    assert all(f.severity == "error" and f.data["fix"]["action"] == "append" for f in medical)
    supplement = [f for f in found if f.rule == "disclaimers/supplement"]
    assert [(f.start_line, f.data["supplements"]) for f in supplement] == [(78, ["cod liver oil"])]
    assert not [f for f in found if f.rule == "disclaimers/emergency"]  # line 39 has its advice


def test_compliant_fixture_with_unlisted_wording(tmp_path):
    text = (FIXTURES / "compliant.md").read_text().replace("REVIEWED", dt.date.today().isoformat())
    assert findings(write(tmp_path, text)) == []


@pytest.mark.parametrize("sentence", [
    DISCLAIMER,
    "The content here does not replace a consultation with your doctor.",
    "We share general information only; please talk to your healthcare provider about your own situation.",
    "Nothing on this page should take the place of advice from a qualified health professional.",
])
def test_medical_disclaimer_wordings(tmp_path, sentence):
    path = write(tmp_path, f"# Back pain\n\nRest helps.\n\n{sentence}\n")
    assert findings(path, "disclaimers/medical") == []


@pytest.mark.parametrize("sentence", [
    "Nothing beats a good night's sleep.",
    "Treatment depends on the cause.",
    "See your doctor if the pain lasts.",
    "Always talk with your doctor before you change the way you take your medicines.",
])
def test_medical_disclaimer_missing(tmp_path, sentence):
    path = write(tmp_path, f"# Back pain\n\nRest helps.\n\n{sentence}\n")
    found = findings(path, "disclaimers/medical")
    assert len(found) == 1 and found[0].severity == "error" and "consult" in found[0].suggestion.lower()


def test_medical_disclaimer_misplaced(tmp_path):
    body = "\n\n".join(f"Paragraph {i} says a little more about rest and sleep." for i in range(8))
    assert findings(write(tmp_path, f"# T\n\n{DISCLAIMER}\n\n{body}\n"), "disclaimers/medical") == []  # top is fine
    config = Config(select=["disclaimers"], overrides={"disclaimers": {"medical-location": "end"}})
    found = lint_file(str(write(tmp_path, f"# T\n\n{DISCLAIMER}\n\n{body}\n")), config).all_findings
    assert len(found) == 1 and found[0].severity == "warning" and found[0].start_line == 3
    middle = write(tmp_path, f"# T\n\n{body}\n\n{DISCLAIMER}\n\n{body}\n", "m.md")
    found = findings(middle, "disclaimers/medical")
    assert len(found) == 1 and found[0].severity == "warning" and "start or the end" in found[0].message


@pytest.mark.parametrize("sentence", [
    "The information on this website should not be construed as medical advice. Always consult a licensed physician.",
    "This content isn't intended to be a substitute for professional medical advice, diagnosis, or treatment.",
    "Always seek the advice of your physician. This site does not provide medical advice.",
    "Medical disclaimer: this page is written by our editors; talk to your doctor before changing treatment.",
    "The material here does not constitute medical advice and is provided for educational purposes.",
    "Our articles are not meant to replace the care of a licensed healthcare provider.",
    "Always consult your doctor or another qualified health professional with any questions about your health.",
    "Consult a licensed physician before making any changes to your treatment.",
    "Content is for informational purposes only and should not be relied upon as medical advice.",
])
def test_common_real_disclaimer_wordings(tmp_path, sentence):
    path = write(tmp_path, f"# Back pain\n\nRest helps.\n\n{sentence}\n")
    assert findings(path, "disclaimers/medical") == []


def test_emergency_section_counts(tmp_path):
    text = ("# Chest pain\n\n## Causes\n\nSudden chest pain can come from the heart.\n\n"
            "### Heart causes\n\nAngina is one cause.\n\n## Emergency situations\n\n"
            "If the pain spreads to your arm, get help right away.\n\n" + DISCLAIMER + "\n")
    assert findings(write(tmp_path, text), "disclaimers/emergency") == []
    other = ("# Chest pain\n\n## Causes\n\nSevere chest pain can come from the heart.\n\n## Diet\n\nEat well.\n\n"
             "## Exercise\n\nWalk daily.\n\n## Sleep\n\nGo to the ER if you cannot sleep.\n\n" + DISCLAIMER + "\n")
    assert len(findings(write(tmp_path, other, "o.md"), "disclaimers/emergency")) == 1


def test_supplement_positive_and_negative(tmp_path):
    rec = write(tmp_path, f"# T\n\nTry turmeric, which may help reduce swelling.\n\n{DISCLAIMER}\n", "r.md")
    found = findings(rec, "disclaimers/supplement")
    assert len(found) == 1 and found[0].start_line == 3
    neutral = write(tmp_path, f"# T\n\nLow levels of vitamin D are common in winter.\n\n{DISCLAIMER}\n", "n.md")
    assert findings(neutral, "disclaimers/supplement") == []


def test_emergency(tmp_path):
    bad = write(tmp_path, f"# T\n\n## Chest\n\nSudden chest pain can come from the heart.\n\n{DISCLAIMER}\n", "b.md")
    found = findings(bad, "disclaimers/emergency")
    assert len(found) == 1 and found[0].start_line == 5 and found[0].severity == "error"
    good = write(tmp_path, "# T\n\n## Chest\n\nSudden chest pain can come from the heart. If you have it, "
                 f"call 911 or your local emergency number.\n\n{DISCLAIMER}\n", "g.md")
    assert findings(good, "disclaimers/emergency") == []
    # A definition or a symptom list is not the emergency: "Angina is chest pain or discomfort."
    plain = write(tmp_path, f"# T\n\n## Heart\n\nAngina is severe chest pain or discomfort.\n\n{DISCLAIMER}\n", "p.md")
    assert findings(plain, "disclaimers/emergency") == []


@pytest.mark.parametrize("href, flagged", [
    ("https://www.amazon.com/dp/B01?tag=site-20", True),
    ("https://shop.example.com/p?utm_medium=affiliate", True),
    ("https://amzn.to/3abc", True),
    ("https://www.nih.gov/health", False),
])
def test_affiliate_links(tmp_path, href, flagged):
    path = write(tmp_path, f"# T\n\nBuy [fish oil]({href}).\n\n{DISCLAIMER}\n")
    assert bool(findings(path, "disclaimers/affiliate")) is flagged


def test_affiliate_disclosure_after_link(tmp_path):
    path = write(tmp_path, "# T\n\nBuy [fish oil](https://amzn.to/x).\n\n"
                 f"We earn a commission on purchases.\n\n{DISCLAIMER}\n")
    found = findings(path, "disclaimers/affiliate")
    assert len(found) == 1 and found[0].data["disclosure_after"] is True


def test_review(tmp_path):
    today = dt.date.today()
    fresh = write(tmp_path, f"---\nreviewed_by: Dr X\nreviewed: {today.isoformat()}\n---\n# T\n\n{DISCLAIMER}\n", "f.md")
    assert findings(fresh, "disclaimers/review") == []
    stale = write(tmp_path, f"---\nmedical_reviewer: Dr X\nlast_reviewed: {(today - dt.timedelta(days=400)).isoformat()}\n"
                  f"---\n# T\n\n{DISCLAIMER}\n", "s.md")
    found = findings(stale, "disclaimers/review")
    assert len(found) == 1 and "400 days" in found[0].message
    missing = write(tmp_path, f"---\ntitle: T\n---\n# T\n\n{DISCLAIMER}\n", "m.md")
    assert "no medical reviewer" in findings(missing, "disclaimers/review")[0].message
    no_front_matter = write(tmp_path, f"# T\n\n{DISCLAIMER}\n", "n.md")
    assert findings(no_front_matter, "disclaimers/review") == []


def test_rules_have_docs():
    from healthlint.checks.disclaimers import CHECK

    for rule in CHECK.rules:
        for heading in ("What it finds", "Why it matters", "Example", "Fix", "Options", "References"):
            assert f"## {heading}" in rule.doc, (rule.id, heading)
    assert CHECK.rules[0].fixable


def test_rel_sponsored_link_needs_a_disclosure(tmp_path):
    from healthlint.core.config import Config
    from healthlint.run.engine import lint_file

    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><h1>Knee braces</h1>"
        "<p>A brace can ease knee pain. <a rel='sponsored noopener' href='https://shop.example/brace'>This brace</a> is popular.</p>"
        "<p>Rest the knee and see a doctor if it swells.</p></article></body></html>")
    findings = [f for f in lint_file(str(page), Config(select=["disclaimers/affiliate"])).all_findings]
    assert [f.rule for f in findings] == ["disclaimers/affiliate"]
    page.write_text(page.read_text().replace("<p>A brace", "<p>We may earn a commission from links on this page.</p><p>A brace"))
    assert not lint_file(str(page), Config(select=["disclaimers/affiliate"])).all_findings
