"""The hygiene check: scraping, translation and templating debris, on the corpus and edge cases."""
from __future__ import annotations

import json

import pytest


from healthlint.core.config import Config
from healthlint.run.engine import lint_file
from conftest import CORPUS

SEED = CORPUS / "farm" / "tag-spinal-pain.txt"
CONFIG = Config(select=["hygiene"])
LABEL_RULES = {
    "missing_space_after_sentence": "hygiene/missing-space",
    "space_before_punctuation": "hygiene/space-before-punctuation",
    "machine_translation_word": "hygiene/foreign-word",
    "broken_emphasis_markup": "hygiene/broken-markup",
    "stray_keyword_line": "hygiene/stray-keyword-line",
    "keyword_stuffed_heading": "hygiene/keyword-stuffed-heading",
    "title_repeated": "hygiene/repeated-title",
    "heading_repeated_in_article": "hygiene/repeated-heading",
}


def findings(path, rule=None):
    result = lint_file(str(path), CONFIG)
    return [f for a in result.articles for f in a.findings if rule is None or f.rule == rule]


def lint_text(tmp_path, body: str, rule=None, name="article.md", title="# Back pain\n\n"):
    path = tmp_path / name
    path.write_text(title + body + "\n", encoding="utf-8")
    return findings(path, rule)


def test_every_labelled_artifact_found_at_its_line():
    label = json.loads((CORPUS / "labels" / "tag-spinal-pain.json").read_text(encoding="utf-8"))
    found = {(f.rule, f.start_line) for f in findings(SEED)}
    for name, lines in label["artifacts"].items():
        for line in lines:
            assert (LABEL_RULES[name], line) in found, (name, line)
    assert len(found) == sum(len(v) for v in label["artifacts"].values())  # nothing else in the seed


def test_real_missing_space_in_medquad_and_clean_article():
    found = findings(CORPUS / "medquad" / "ninds-0000105.md", "hygiene/missing-space")
    assert [f.excerpt for f in found] == ["disorder.In"]
    assert findings(CORPUS / "medquad" / "cdc-0000364.html") == []


def test_footnote_asterisks_are_not_broken_markup():
    assert findings(CORPUS / "medquad" / "niddk-0000078.html", "hygiene/broken-markup") == []


def test_missing_space_edge_cases(tmp_path):
    text = ("Use ice, e.g. a cold pack. The U.S. Army studied it. J.R.R. Tolkien had back pain. "
            "Take 2.5 mg. See www.nih.gov.Or https://example.org/a.B for more. Dr.Smith agrees. "
            "It helps interventions.Beyond that, rest.")
    found = lint_text(tmp_path, text, "hygiene/missing-space")
    assert [f.excerpt for f in found] == ["interventions.Beyond"]
    fix = found[0].data["fix"]["replace"]
    assert fix[0] == fix[1] and fix[2] == " "


def test_space_before_punctuation(tmp_path):
    text = "A tension headache , can hurt. Wait ... then go. Files end in .pdf often. Values of .5 are low."
    found = lint_text(tmp_path, text, "hygiene/space-before-punctuation")
    assert [f.excerpt for f in found] == ["headache ,"]
    start, end, new = found[0].data["fix"]["replace"]
    assert (end - start, new) == (1, "")


def test_broken_markup(tmp_path):
    text = ("A study in theJournal of Bone Research* showed it. Balanced *emphasis* is fine. "
            "Salt &amp; pepper.<br> A snake_case word is fine.")
    found = lint_text(tmp_path, text, "hygiene/broken-markup", name="article.txt", title="Back pain\n\n")
    messages = [f.message for f in found]
    assert any("'*'" in m for m in messages)
    assert any("&amp;" in m for m in messages)
    assert any("<br>" in m for m in messages)
    assert len(found) == 3


def test_keyword_line_and_stuffed_heading(tmp_path):
    body = ("Causes of Back Spasms Explained\n\nCauses of back spasms can vary widely and include many things.\n\n"
            "Muscle Strain\n\nCauses of back spasms\n\nStrain is the most common cause of spasms in adults who lift.\n\n"
            "Stress Factors, Causes of back spasms\n\nStress raises muscle tension in the back and the neck muscles, and tense muscles go into spasm more easily.\n\n"
            "Other Causes\n\nSpasms of the back\n\nSome rarer causes need tests to find out what is going on.\n")
    found = lint_text(tmp_path, body, None, name="a.txt", title="")
    rules = sorted((f.rule, f.start_line) for f in found)
    assert ("hygiene/stray-keyword-line", 7) in rules
    assert ("hygiene/keyword-stuffed-heading", 11) in rules
    assert not any(line == 17 for _, line in rules)  # not the title's opening words


def test_repeated_title_heading_and_paragraph(tmp_path):
    para = "Rest and gentle stretching ease most back spasms within a few days for most people."
    body = (f"# Back pain\n\n## Causes\n\n{para}\n\n## Treatment\n\nText about treatment here.\n\n"
            f"## Causes\n\n{para}\n")
    found = lint_text(tmp_path, body, None, title="# Back pain\n\n")
    rules = {f.rule for f in found}
    assert rules == {"hygiene/repeated-title", "hygiene/repeated-heading", "hygiene/duplicate-paragraph"}


def test_front_matter_title_with_h1_is_not_repeated(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Back pain\n---\n# Back pain\n\nSome text here.\n", encoding="utf-8")
    assert findings(path) == []


def test_same_subheading_under_two_questions(tmp_path):
    body = ("What causes it?\n\nSeveral things cause it, and each of them is described below in detail.\n\n"
            "Tumors\n\nTumors of the pituitary gland make too much of the hormone in some people.\n\n"
            "How is it treated?\n\nTreatment depends on the cause, and each cause is described below in detail.\n\n"
            "Tumors\n\nSurgery removes most tumors of the pituitary gland in adults and children alike.\n")
    assert lint_text(tmp_path, body, "hygiene/repeated-heading", name="a.txt", title="Cushing syndrome\n\n") == []


def test_foreign_word(tmp_path):
    found = lint_text(tmp_path, "The following table Artikels common tests. A radiologista reads it.",
                      "hygiene/foreign-word")
    assert [f.excerpt for f in found] == ["Artikels"]


def test_footnote_mark_and_note_in_one_paragraph(tmp_path):
    body = ("Foods that may contain wheat, barley or rye* include soups and sauces, and *people should only eat "
            "them when the label says gluten-free.")
    assert lint_text(tmp_path, body, "hygiene/broken-markup") == []
    assert len(lint_text(tmp_path, "A study in theJournal of Bone Research* found a link.", "hygiene/broken-markup")) == 1


@pytest.mark.parametrize("line", ["woman preparing food", "verified_user Medically Reviewed", "previous arrow",
                                  "next arrow", "Image of a knee brace on a table"])
def test_page_leftovers_by_shape(tmp_path, line):
    path = tmp_path / "a.md"
    path.write_text(f"# Healthy eating\n\nEat more greens every day.\n\n{line}\n\nCook with olive oil.\n",
                    encoding="utf-8")
    found = [f for a in lint_file(str(path), Config(select=["hygiene"])).articles for f in a.findings]
    assert [(f.rule, f.start_line) for f in found] == [("hygiene/stray-keyword-line", 5)]


@pytest.mark.parametrize("line", ["and then some more words follow", "iPhone users can read this",
                                  "you can ask your doctor about it"])
def test_prose_lines_are_not_leftovers(tmp_path, line):
    path = tmp_path / "a.md"
    path.write_text(f"# Healthy eating\n\nEat more greens, for example\n\n{line}\n\nCook with olive oil.\n",
                    encoding="utf-8")
    found = [f for a in lint_file(str(path), Config(select=["hygiene"])).articles for f in a.findings]
    assert found == []


def test_question_heading_is_not_keyword_stuffed(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# How long do bed bug bites last?\n\nBites fade.\n\n## So, how long do bed bug bites last?\n\n"
                    "About a week.\n\n## Treatment, How long do bed bug bites last\n\nWash them.\n", encoding="utf-8")
    found = [f for a in lint_file(str(path), Config(select=["hygiene/keyword-stuffed-heading"])).articles
             for f in a.findings]
    assert [f.start_line for f in found] == [9]


def test_a_passage_pasted_twice_is_one_finding(tmp_path):
    passage = ("New kinds of treatment are tested in clinical trials.\n\n"
               "Some patients find that taking part in a clinical trial is the best choice for them, and they "
               "talk it over with their care team before they decide.\n\n"
               "Ask your doctor whether a trial is right for you.\n\n")
    body = f"## Treatment\n\n{passage}Other text about the treatment of back pain.\n\n{passage}"
    found = lint_text(tmp_path, body, "hygiene/duplicate-paragraph")
    assert len(found) == 1 and found[0].data["paragraphs"] == 3


def test_a_short_note_under_every_stage_is_not_a_duplicate(tmp_path):
    note = "Ask your care team whether a research study is right for you."
    body = "".join(f"## Stage {n}\n\nTreatment for stage {n} depends on the tumour and on you.\n\n{note}\n\n"
                   for n in ("one", "two", "three"))
    assert lint_text(tmp_path, body, "hygiene/duplicate-paragraph") == []


def test_a_line_after_a_colon_is_an_item_not_a_heading(tmp_path):
    body = ("Babies with the disease may have complications including:\n\nInfections\n\n"
            "Pain in the hands and the feet that comes and goes for many days in a row.\n\n"
            "Mothers may have medical complications including:\n\nInfections\n\n"
            "Blood clots that form in the legs and move to the lungs during the pregnancy.\n")
    assert lint_text(tmp_path, body, "hygiene/repeated-heading", name="a.txt", title="Sickle cell disease\n\n") == []
