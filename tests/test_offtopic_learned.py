"""The learned off-topic detector ([off-topic] detector = "learned"): cases written here, in wordings
no training wrapper uses."""
from __future__ import annotations

import pytest

from healthlint.core.config import load_config
from healthlint.run.engine import lint_file

APNEA = """# Sleep Apnea

Sleep apnea is a common disorder in which breathing stops and starts many times during sleep. The pauses can last from a few seconds to a minute, and they often happen dozens of times an hour.

## Symptoms

People with sleep apnea often snore loudly and wake up tired even after a full night in bed. A bed partner may notice gasping or choking sounds during sleep.

## Causes

In obstructive sleep apnea, the muscles of the throat relax too much during sleep and the airway narrows or closes. Excess weight, a large neck and older age make obstructive sleep apnea more likely.

{inserted}

## Treatment

A CPAP machine keeps the airway open by blowing a steady stream of air through a mask worn during sleep. Losing weight and sleeping on your side can also reduce sleep apnea in some people.

## When to see a doctor

See a doctor if you snore loudly, stop breathing during sleep or feel very sleepy during the day. A sleep study can confirm sleep apnea.
"""

TURMERIC = ("Research into sleep apnea moves quickly, and so does the world of turmeric lattes. Turmeric gets its "
            "yellow color from a compound called curcumin. You can read more in [turmeric latte recipes to try this "
            "winter](https://example.org/turmeric-latte-recipes-to-try-this-winter).")

SHINGLES = """Shingles: What to Expect

Shingles is a painful rash caused by the same virus that causes chickenpox. After a person has chickenpox, the virus stays in the body and can wake up years later as shingles.

The first sign is often pain, itching or tingling on one side of the body. A few days later, a band of blisters appears in the same place.

{inserted}

Most people with shingles get better in three to five weeks. Antiviral medicines started early can make the rash heal faster and ease the pain.

Some people have nerve pain that lasts long after the rash is gone. This is called postherpetic neuralgia, and it is more common in older adults.

A vaccine lowers the chance of getting shingles and of long-lasting nerve pain. Adults aged 50 and older are advised to get two doses.
"""


def findings(tmp_path, name, text, detector="learned", confidence=None):
    setting = f"learned-confidence = {confidence}\n" if confidence is not None else ""
    (tmp_path / "healthlint.toml").write_text(f'[off-topic]\ndetector = "{detector}"\n{setting}')
    config = load_config(str(tmp_path / "healthlint.toml"))
    config.select = ["off-topic"]
    path = tmp_path / name
    path.write_text(text)
    return lint_file(str(path), config).all_findings


def test_blatant_bridge_with_a_link_is_found(tmp_path):
    found = findings(tmp_path, "apnea.md", APNEA.format(inserted=TURMERIC))
    bridge = [f for f in found if f.rule == "off-topic/bridge"]
    assert [(f.start_line, f.end_line) for f in bridge] == [(13, 13)]
    assert "turmeric" in bridge[0].data["subject"]
    assert bridge[0].data["signals"], "the finding names the signs that weighed most"
    assert any(f.rule == "off-topic/link" and f.start_line == 13 for f in found)


def test_clean_article_has_no_finding(tmp_path):
    clean = APNEA.replace("{inserted}\n\n", "")
    assert findings(tmp_path, "apnea.md", clean) == []


def test_swapping_the_linking_words_barely_moves_the_confidence(tmp_path):
    swapped = TURMERIC.replace("and so does", "as does").replace("You can read more in", "There is more in")
    first = [f for f in findings(tmp_path, "a.md", APNEA.format(inserted=TURMERIC)) if f.rule == "off-topic/bridge"]
    second = [f for f in findings(tmp_path, "b.md", APNEA.format(inserted=swapped)) if f.rule == "off-topic/bridge"]
    assert first and second
    assert abs(first[0].confidence - second[0].confidence) < 0.15


def test_link_about_another_subject_is_reported_without_a_bridge(tmp_path):
    paragraph = ("CPAP works best when the mask fits well, so try several sizes with your sleep clinic. Some "
                 "readers also asked about [how to repaint a rusty garden gate](https://example.org/how-to-repaint-a-rusty-garden-gate).")
    found = findings(tmp_path, "apnea.md", APNEA.format(inserted=paragraph))
    assert any(f.rule == "off-topic/link" and f.start_line == 13 for f in found)


def test_link_to_a_related_page_is_not_reported(tmp_path):
    paragraph = ("Most people get used to the mask within a few weeks. Our page on [choosing a CPAP mask for sleep "
                 "apnea](https://example.org/choosing-a-cpap-mask-for-sleep-apnea) compares the common types.")
    found = findings(tmp_path, "apnea.md", APNEA.format(inserted=paragraph))
    assert found == []


def test_recirculation_headline_in_scraped_text(tmp_path):
    found = findings(tmp_path, "shingles.txt", SHINGLES.format(inserted="MORE: Regional Orchestra Names Its New Principal Conductor"))
    assert [(f.rule, f.start_line) for f in found] == [("off-topic/headline", 7)]
    clean = SHINGLES.replace("{inserted}\n\n", "")
    assert findings(tmp_path, "shingles.txt", clean) == []


HOT_TUB = ("Similarly, people who sleep badly often look for ways to unwind in the evening, and a hot tub can feel "
           "like the answer. Our guide on [choosing a hot tub for a small garden](https://example.org/choosing-a-hot-tub-"
           "for-a-small-garden) walks through sizes, heaters and running costs. Ultimately, better sleep starts with "
           "treating sleep apnea.")


def test_the_issue_synonym_swap_keeps_the_finding(tmp_path):
    """Issue #13: Similarly → Likewise, guide on → page on, Ultimately → Finally must not lose a bridge."""
    swapped = HOT_TUB.replace("Similarly", "Likewise").replace("guide on", "page on").replace("Ultimately", "Finally")
    first = [f for f in findings(tmp_path, "a.md", APNEA.format(inserted=HOT_TUB)) if f.rule == "off-topic/bridge"]
    second = [f for f in findings(tmp_path, "b.md", APNEA.format(inserted=swapped)) if f.rule == "off-topic/bridge"]
    assert [(f.start_line, f.end_line) for f in first] == [(13, 13)]
    assert [(f.start_line, f.end_line) for f in second] == [(13, 13)]
    assert abs(first[0].confidence - second[0].confidence) < 0.15


NO_LINK_MONEY = ("Sleep apnea leaves many people tired at work. Tired or not, savers should know that a pension "
                 "pot left in cash loses value to inflation every year, and moving it into a low-cost index "
                 "fund is one option financial advisers often suggest.")
NEW_WORDINGS = {
    "plug": ("Writing a thesis while exhausted? ScholarDesk's editors polish dissertations overnight, with a free "
             "plagiarism check on every order. [Order your dissertation edit](https://example.org/order-dissertation-edit)."),
    "headline": "READ NEXT: [The Ten Best Ski Resorts For Families This Winter](https://example.org/best-ski-resorts-families)",
    "tangent with a link": ("Snoring keeps partners awake too. On a lighter note, our editors spent a month testing "
                            "espresso machines for small kitchens, and the results surprised them: see "
                            "[the espresso machines we liked best](https://example.org/espresso-machines-we-liked-best)."),
}


def test_insertions_in_new_wordings_are_found(tmp_path):
    """Wordings written for this test, in voices no training wrapper uses, with the shipped settings."""
    missed = []
    for name, inserted in NEW_WORDINGS.items():
        found = findings(tmp_path, "apnea.md", APNEA.format(inserted=inserted), detector="both")
        if not any(f.rule.startswith("off-topic/") and f.start_line == 13 for f in found):
            missed.append(name)
        assert all(f.start_line == 13 for f in found), f"{name}: a finding away from the insertion"
    assert not missed, f"missed: {missed}"


def test_digression_without_a_link_is_found_and_nothing_else(tmp_path):
    """A digression with no link and no bridge wording: the model that learned from people's own
    insertions (the written sets) reports it at the shipped operating point, and only it."""
    text = APNEA.format(inserted=NO_LINK_MONEY)
    found = findings(tmp_path, "apnea.md", text)
    assert [(f.rule, f.start_line) for f in found] == [("off-topic/bridge", 13)]
    assert "pension" in found[0].data["subject"] or "inflation" in found[0].data["subject"] or \
        "index" in found[0].data["subject"], found[0].data["subject"]


def test_default_detectors_report_an_insertion_once(tmp_path):
    """By default the model and the rules both read the article; where both flag the same lines,
    the editor sees one finding of each rule, the model's."""
    found = findings(tmp_path, "apnea.md", APNEA.format(inserted=TURMERIC), detector="both")
    assert sorted(f.rule for f in found) == ["off-topic/bridge", "off-topic/link"]
    assert all(f.start_line == 13 for f in found)
    assert "Signs:" in next(f for f in found if f.rule == "off-topic/bridge").message  # the model's wording


BYLINES = [
    "*By Marisol Quentin, RN. Reviewed by Dr. Teodor Haskell. Updated March 2026.*",
    "By [Marisol Quentin](https://example.org/staff/marisol-quentin) · 14 Oct 2025 · 4 min read",
]
UTILITY_BARS = [
    "[Print](#print) · [Email](#email) · [Listen](#listen)",
    "Sleep clinic leaflet | [Español](/es/apnea-del-sueno) | [Polski](/pl/bezdech-senny) | [Large print](#large)",
]


def test_bylines_and_utility_bars_are_page_furniture_not_departures():
    from healthlint.checks.offtopic_features import is_furniture
    from healthlint.parsers.markdown import parse_markdown

    def block(line):
        return parse_markdown("a.md", f"# Sleep Apnea\n\n{line}\n").articles[0].blocks[-1]

    assert all(is_furniture(block(line)) for line in BYLINES + UTILITY_BARS)
    prose = [TURMERIC, "By the age of 60, about one in five adults has some sleep apnea, often without knowing it.",
             "See [choosing a CPAP mask](https://example.org/cpap-masks) and [CPAP cleaning](https://example.org/cpap-cleaning)."]
    assert not any(is_furniture(block(line)) for line in prose)


def test_a_byline_with_a_foreign_author_link_is_not_reported(tmp_path):
    found = findings(tmp_path, "apnea.md", APNEA.format(inserted=BYLINES[1] + "\n\n" + UTILITY_BARS[1]))
    assert found == []


def test_html_byline_and_translation_boxes_are_page_chrome():
    from healthlint.parsers.html import parse_html

    page = ("<html><body><main><h1>Sleep Apnea</h1>"
            "<p class='entry-meta'>By <a href='/author/m-quentin/'>Marisol Quentin</a></p>"
            "<p>Sleep apnea is a common disorder in which breathing stops and starts during sleep.</p>"
            "<p class='translations'>This leaflet is available in <a href='/languages/apnea'>Polish and Welsh</a>.</p>"
            "</main></body></html>")
    blocks = parse_html("a.html", page).articles[0].blocks
    assert [b.text for b in blocks] == ["Sleep Apnea", "Sleep apnea is a common disorder in which breathing stops "
                                                       "and starts during sleep."]


RAYNAUD = """# Raynaud's Phenomenon

Raynaud's phenomenon makes the small blood vessels of the fingers and toes narrow too much in the cold or under stress. The skin turns white, then blue, and then red as the blood flows back.

## Symptoms

During an attack the fingers feel cold and numb. As they warm up they may throb, tingle or ache. Attacks usually last a few minutes but can go on for an hour or more.

## Causes

Most people have primary Raynaud's, which has no known cause and tends to run in families. Secondary Raynaud's comes with another condition, such as scleroderma or lupus, or with some medicines that narrow blood vessels.

## Living with Raynaud's

Keeping the whole body warm matters as much as warming the hands. Wear layers, a hat and thick socks when it is cold, and warm the car before a journey in winter. {graft} Gloves or mittens help most when you put them on before you go outside.

## Treatment

Many people need no treatment beyond keeping warm and avoiding sudden changes of temperature. If attacks are frequent or severe, a doctor may prescribe a medicine that widens the blood vessels, such as nifedipine.

## When to see a doctor

See a doctor if one side of the body is affected, if attacks began after the age of 30, or if a sore or ulcer appears on a finger or toe.
"""


def test_one_sentence_of_another_walk_of_life_in_an_on_topic_paragraph_is_found(tmp_path):
    graft = "The village hall's jumble sale raised enough last month to repaint the bandstand by the pond."
    found = findings(tmp_path, "raynaud.md", RAYNAUD.format(graft=graft), detector="both")
    bridges = [f for f in found if f.rule == "off-topic/bridge"]
    assert len(bridges) == 1, found
    finding = bridges[0]
    assert finding.start_line == 15 and finding.message.startswith("Off-topic sentence")
    # The rest of the paragraph is on the subject: the fix takes out the sentence, not the paragraph.
    assert finding.data["pivot_sentence"] == graft == finding.data["fix"]["delete_text"]
    start, end = finding.data["phrase_span"]  # what the HTML report emphasises
    assert finding.excerpt[start:end] == graft


def test_everyday_advice_in_an_on_topic_paragraph_is_not_flagged(tmp_path):
    advice = "If you work outdoors, tell your manager, because small changes to your shifts can make a real difference."
    assert findings(tmp_path, "raynaud.md", RAYNAUD.format(graft=advice), detector="both") == []


def test_the_fix_of_a_grafted_sentence_deletes_that_sentence_alone():
    from healthlint.checks.offtopic_fix import delete_sentence
    from healthlint.core.findings import FixSource, NotFixable, SpanEdit

    graft = "The bandstand was repainted in May."
    lines = ("# Title", "", f"Keep warm. {graft} Wear gloves.", "")
    source = FixSource(lines, "markdown", 1, len(lines))
    [edit] = delete_sentence(graft, 3, 3, source)
    assert isinstance(edit, SpanEdit)
    assert lines[2][:edit.start] + lines[2][edit.end:] == "Keep warm. Wear gloves."
    wrapped = FixSource(("Keep warm. The bandstand was", "repainted in May. Wear gloves."), "text", 1, 2)
    with pytest.raises(NotFixable):
        delete_sentence(graft, 1, 2, wrapped)
