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


LONG_BODY = "\n\n".join(f"Paragraph {i} says a little more about rest, sleep and gentle exercise." for i in range(10))


def test_disclaimer_at_the_top_after_byline_and_dates(tmp_path):
    # A byline, a date and share links are short lines, not paragraphs of the article: the
    # disclaimer after them is still at the top.
    text = (f"# Back pain\n\nBy the editors\n\nUpdated May 2024\n\nShare\n\nPrint\n\n"
            f"{DISCLAIMER}\n\n{LONG_BODY}\n")
    assert findings(write(tmp_path, text), "disclaimers/medical") == []


def test_disclaimer_under_a_configured_heading_is_in_place(tmp_path):
    text = f"# Back pain\n\n{LONG_BODY}\n\n## Disclaimer\n\n{DISCLAIMER}\n\n## Sleep\n\n{LONG_BODY}\n"
    assert findings(write(tmp_path, text), "disclaimers/medical") == []
    # "section": only under such a heading
    config = Config(select=["disclaimers"], overrides={"disclaimers": {"medical-location": "section"}})
    assert not lint_file(str(write(tmp_path, text)), config).all_findings
    at_end = write(tmp_path, f"# Back pain\n\n{LONG_BODY}\n\n{DISCLAIMER}\n", "e.md")
    found = lint_file(str(at_end), config).all_findings
    assert len(found) == 1 and found[0].severity == "warning" and "section" in found[0].message


def test_any_disclaimer_in_place_is_enough(tmp_path):
    # One in the middle (a quoted policy, say) and one at the end: the one at the end counts.
    text = f"# T\n\n{LONG_BODY}\n\n{DISCLAIMER}\n\n{LONG_BODY}\n\n{DISCLAIMER}\n"
    assert findings(write(tmp_path, text), "disclaimers/medical") == []


def test_emergency_paragraph_heading_just_after(tmp_path):
    # The page's own "Emergency situations" paragraph (a bold line, not a heading) right after
    # the red flag, its advice in the paragraph under it.
    text = ("# Allergy\n\n## Symptoms\n\nA severe allergic reaction can start within minutes.\n\n"
            "Hives and itching are common.\n\n**Emergency situations**\n\n"
            "Use your adrenaline pen and get help at once if your throat swells.\n\n" + DISCLAIMER + "\n")
    assert findings(write(tmp_path, text), "disclaimers/emergency") == []
    nothing = text.replace("**Emergency situations**\n\nUse your adrenaline pen and get help at once if your throat swells.",
                           "**Living with allergies**\n\nKeep a diary of what you eat.")
    assert len(findings(write(tmp_path, nothing, "n.md"), "disclaimers/emergency")) == 1


def test_emergency_when_to_get_urgent_help_section(tmp_path):
    text = ("# Back pain\n\n## Causes\n\nCauda equina syndrome is rare.\n\nMost back pain is muscular.\n\n"
            "Posture matters.\n\nLifting matters too.\n\n## When to get urgent help\n\n"
            "Go to A&E if you lose feeling in your legs.\n\n" + DISCLAIMER + "\n")
    assert findings(write(tmp_path, text), "disclaimers/emergency") == []


def test_house_disclaimer_appended_by_fix_is_not_counted_by_readability(tmp_path):
    # The text --fix appends is the house's: readability (grade, hard paragraphs, jargon) must
    # give the same findings before and after the fix.
    from healthlint.workflow.fixes import fix_results

    path = write(tmp_path, "# Sleep\n\nSleep helps you feel well. Go to bed at the same time each night.\n\n"
                 "Keep your room dark and cool. Put your phone away an hour before bed.\n")
    config = Config(select=["readability"])
    before = [(f.rule, f.message) for f in lint_file(str(path), config).all_findings]
    fixing = Config(select=["disclaimers/medical"])
    fix_results([lint_file(str(path), fixing)], fixing, write=True)
    assert "not a substitute for professional medical advice" in path.read_text()
    after = [(f.rule, f.message) for f in lint_file(str(path), config).all_findings]
    assert after == before


def test_emergency_advice_that_names_the_red_flag_anywhere(tmp_path):
    text = ("# Sickle cell disease\n\n## Complications\n\nSigns of a stroke include weakness on one side.\n\n"
            "## Eyes\n\nThe eyes can be harmed.\n\n## Lungs\n\nThe lungs can be harmed.\n\n## Kidneys\n\n"
            "The kidneys can be harmed.\n\n## What to do\n\nIf someone shows signs of stroke, call 911 right away.\n\n"
            + DISCLAIMER + "\n")
    assert findings(write(tmp_path, text), "disclaimers/emergency") == []
    other = text.replace("If someone shows signs of stroke, call 911 right away.", "If you faint, call 911 right away.")
    assert len(findings(write(tmp_path, other, "o.md"), "disclaimers/emergency")) == 1
