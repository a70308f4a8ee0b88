"""The learned off-topic detector ([off-topic] detector = "learned"): cases written here, in wordings
no training wrapper uses."""
from __future__ import annotations

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


def findings(tmp_path, name, text):
    (tmp_path / "healthlint.toml").write_text('[off-topic]\ndetector = "learned"\n')
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
                 "readers also asked about [the best budget laptops of the year](https://example.org/best-budget-laptops-of-the-year).")
    found = findings(tmp_path, "apnea.md", APNEA.format(inserted=paragraph))
    assert any(f.rule == "off-topic/link" and f.start_line == 13 for f in found)


def test_link_to_a_related_page_is_not_reported(tmp_path):
    paragraph = ("Most people get used to the mask within a few weeks. Our page on [choosing a CPAP mask for sleep "
                 "apnea](https://example.org/choosing-a-cpap-mask-for-sleep-apnea) compares the common types.")
    found = findings(tmp_path, "apnea.md", APNEA.format(inserted=paragraph))
    assert found == []


def test_recirculation_headline_in_scraped_text(tmp_path):
    found = findings(tmp_path, "shingles.txt", SHINGLES.format(inserted="MORE: City Council Approves New Bike Lanes Downtown"))
    assert [(f.rule, f.start_line) for f in found] == [("off-topic/headline", 7)]
    clean = SHINGLES.replace("{inserted}\n\n", "")
    assert findings(tmp_path, "shingles.txt", clean) == []
