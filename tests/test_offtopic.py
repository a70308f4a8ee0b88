"""off-topic: real detections and real non-detections, on corpus text and on cases written here."""
from __future__ import annotations

import json

import pytest

from healthlint.core.config import Config
from healthlint.run.engine import lint_file


def bridges(path, rule="off-topic/bridge", detector=None):
    overrides = {"off-topic": {"detector": detector}} if detector else {}
    config = Config(select=["off-topic"], overrides=overrides)
    result = lint_file(str(path), config)
    return [f for f in result.all_findings if f.rule == rule]


@pytest.mark.xfail(strict=True, reason="issue #13: with the corpus's own phrases taken out of checks/off-topic.toml, "
                   "the rules detector misses the seed's line-109 bridge, and the learned detector, which runs "
                   "with it by default, finds none of the seed's bridges at its operating point")
def test_all_six_seed_bridges_found_with_no_false_alarm(corpus):
    label = json.loads((corpus / "labels" / "tag-spinal-pain.json").read_text())
    found = bridges(corpus / "farm" / "tag-spinal-pain.txt")
    for block in label["inserted_blocks"]:
        assert any(f.start_line <= line <= f.end_line for f in found for line in block["lines"]), block
    labelled = {line for block in label["inserted_blocks"] for line in block["lines"]}
    for finding in found:
        assert any(finding.start_line <= line <= finding.end_line for line in labelled), finding


def test_message_names_subject_topic_pivot_and_confidence(corpus):
    # The rules detector's message (the default keeps this finding only where the model agrees).
    finding = next(f for f in bridges(corpus / "farm" / "tag-spinal-pain.txt", detector="rules") if f.start_line == 78)
    assert "cod liver oil" in finding.data["subject"]
    assert "Sciatica" in finding.message and "Pivot:" in finding.message
    assert 0.5 <= finding.confidence <= 1.0
    assert finding.span is not None and "cod liver oil" in finding.excerpt


def test_two_paragraph_bridge_covers_both_paragraphs(corpus):
    found = bridges(corpus / "medquad" / "cdc-0000364.html")
    assert [(f.start_line, f.end_line) for f in found] == [(37, 38)]


def test_link_is_reported_with_its_target(corpus):
    links = bridges(corpus / "medquad" / "ninds-0000115.html", rule="off-topic/link")
    assert {f.start_line for f in links} == {15, 18}
    assert any("meal-prep" in f.message for f in links)


@pytest.mark.parametrize("name", ["niddk-0000003.txt", "nhlbi-0000028.txt", "niddk-0000043.md", "ninds-0000030.html"])
def test_clean_nih_articles_have_no_finding(corpus, name):
    assert bridges(corpus / "medquad" / name) == []
    assert bridges(corpus / "medquad" / name, rule="off-topic/link") == []


@pytest.mark.parametrize("page", ["breast-reconstruction.html", "star-trial-qa.md"])
def test_clean_nci_pages_with_glossary_links_have_no_finding(corpus, page):
    assert bridges(corpus / "nci" / page) == []
    assert bridges(corpus / "nci" / page, rule="off-topic/link") == []


def test_glossary_links_of_a_clean_nci_page_are_not_reported(corpus):
    assert bridges(corpus / "nci" / "lumpectomy-or-mastectomy.html", rule="off-topic/link") == []


@pytest.mark.xfail(strict=True, reason="issue #13: at the operating point chosen on the written sets (0.775), "
                   "the model reads the clinical-trials call-out of this clean NCI page as a departure")
def test_clinical_trials_call_out_of_a_clean_nci_page_is_not_a_bridge(corpus):
    assert bridges(corpus / "nci" / "lumpectomy-or-mastectomy.html") == []


ARTHRITIS = """# Rheumatoid Arthritis and Your Joints

Rheumatoid arthritis is an autoimmune disease that inflames the lining of the joints. Hands, wrists
and knees swell and stiffen, often on both sides of the body.

## Treatment

Medicines called DMARDs slow the damage to the joints. A rheumatologist adjusts the dose over time.

## Diet and rheumatoid arthritis

Some people with rheumatoid arthritis find that a Mediterranean diet, with fish, olive oil, beans and
vegetables, eases their joint pain. Omega-3 fats in oily fish may reduce joint stiffness in the
morning. Diet does not replace medicine, but it supports your joints and your heart.

## Exercise

Gentle exercise keeps the joints moving. Swimming and walking are easy on swollen knees and wrists.
"""

INSERTED = """# Asthma in Children

Asthma makes the airways in the lungs swell and narrow, so breathing becomes hard. Children with
asthma may cough, wheeze or feel tight in the chest.

## Triggers

Colds, smoke, dust mites and cold air can set off asthma symptoms in children. Keeping a diary of
symptoms helps parents and doctors find the triggers.

Asthma in children can change family routines. On a related note, a clean barbecue grill matters more
than most people think, and this guide on [seasoning a cast iron skillet](https://example.net/seasoning-a-cast-iron-skillet)
explains why. In the end, managing asthma in children starts with knowing the triggers.

## Treatment

Inhaled medicines open the airways quickly during an attack. Daily controller medicines reduce the
swelling in the airways of children with asthma.
"""


def test_related_digression_is_not_flagged(tmp_path):
    path = tmp_path / "arthritis.md"
    path.write_text(ARTHRITIS)
    assert bridges(path) == []


def test_unseen_bridge_with_other_wording_is_flagged(tmp_path):
    path = tmp_path / "asthma.md"
    path.write_text(INSERTED)
    found = bridges(path)
    assert len(found) == 1
    assert (found[0].start_line, found[0].end_line) == (11, 13)
    assert "cast iron skillet" in found[0].data["subject"]


def test_threshold_is_editorial_policy(tmp_path, corpus):
    (tmp_path / "healthlint.toml").write_text("[off-topic]\nbridge-confidence = 1.01\n")
    from healthlint.core.config import load_config

    config = load_config(str(tmp_path / "healthlint.toml"))
    config.select = ["off-topic"]
    result = lint_file(str(corpus / "medquad" / "cdc-0000364.html"), config)
    assert not [f for f in result.all_findings if f.rule == "off-topic/bridge"]


MIGRAINE = [
    "Migraine Headaches",
    "A migraine is a strong headache that often throbs on one side of the head. Many people also feel sick "
    "to their stomach and are bothered by light and sound.",
    "Some people see flashing lights or zigzag lines before the headache starts. This warning, called an "
    "aura, usually lasts less than an hour.",
    "Common migraine triggers include stress, missed meals, poor sleep, bright lights and some foods. Keeping "
    "a headache diary can help you find your own triggers.",
    "Over-the-counter pain relievers help many mild migraines. For frequent or severe migraines, doctors may "
    "prescribe triptans or medicines that prevent attacks.",
    "See a doctor right away if a headache is sudden and severe, or comes with weakness, confusion or trouble "
    "speaking.",
]


PODCASTS = ("If you enjoy learning new things, you might like our roundup of the ten best podcasts about ancient "
            "history, perfect for long drives.")


@pytest.mark.parametrize("inserted, subject", [
    (PODCASTS, "podcasts"),
    ("Migraine headaches can touch every part of your week. Speaking of planning, our packing checklist for "
     "family vacations can save you hours before your next trip. In the end, staying on top of migraine "
     "headaches is what matters most.", "packing checklist"),
])
def test_scraped_text_bridges_without_a_link(tmp_path, inserted, subject):
    path = tmp_path / "migraine.txt"
    paragraphs = MIGRAINE[:3] + [inserted] + MIGRAINE[3:]
    path.write_text("\n\n".join(paragraphs) + "\n")
    found = bridges(path)
    assert [(f.start_line, f.end_line) for f in found] == [(7, 7)]
    assert subject in found[0].data["subject"]
    path.write_text("\n\n".join(MIGRAINE) + "\n")
    assert bridges(path) == []


def test_default_keeps_a_rules_finding_only_where_the_model_agrees(tmp_path):
    """Under "both", a rules finding on lines the model did not report stands only where the model gives
    a block there at least `rules-floor`."""
    path = tmp_path / "migraine.txt"
    path.write_text("\n\n".join(MIGRAINE[:3] + [PODCASTS] + MIGRAINE[3:]) + "\n")

    def found(floor):
        # learned-confidence above 1: the model reports nothing itself, so what is left is the rules'.
        thresholds = {"detector": "both", "learned-confidence": 1.01, "rules-floor": floor}
        result = lint_file(str(path), Config(select=["off-topic"], overrides={"off-topic": thresholds}))
        return [(f.start_line, f.end_line) for f in result.all_findings if f.rule == "off-topic/bridge"]

    assert found(0.0) == [(7, 7)]
    assert found(1.01) == []
