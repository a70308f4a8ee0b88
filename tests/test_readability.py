"""The readability check: counts against hand-listed fixtures, formulas, rules, corpus, offline."""
from __future__ import annotations

import json
import math
import socket
from pathlib import Path

import pytest

from healthlint.language import syllables, textcounts
from healthlint.core.config import Config
from healthlint.run.engine import lint_file
from healthlint.language.nlp import load_pipeline
from conftest import corpus_file

FIXTURES = Path(__file__).parent / "fixtures" / "readability"
CORPUS_FARM = corpus_file("farm/tag-spinal-pain.txt")
PASSAGES = json.loads((FIXTURES / "passages.json").read_text(encoding="utf-8"))["passages"]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("blank")


def hand_counts(sentences: list[list[list]]) -> dict[str, int]:
    """Counts from the fixture's word lists alone, by the documented rules."""
    c = dict(sentences=len(sentences), words=0, syllables=0, polysyllables=0, complex=0, difficult=0,
             letters=0, characters=0)
    for sentence in sentences:
        for i, (word, syl, *flags) in enumerate(sentence):
            proper = i > 0 and word[:1].isupper()
            c["words"] += 1
            c["syllables"] += syl
            c["polysyllables"] += syl >= 3
            c["complex"] += syl >= 3 and not proper and "-" not in word
            c["difficult"] += "difficult" in flags
            c["letters"] += sum(ch.isalpha() for ch in word)
            c["characters"] += sum(ch.isalnum() for ch in word)
    return c


def formulas(c: dict[str, int]) -> dict[str, float]:
    W, S, Syl = c["words"], c["sentences"], c["syllables"]
    pct = 100 * c["difficult"] / W
    return {
        "flesch_kincaid_grade": 0.39 * (W / S) + 11.8 * (Syl / W) - 15.59,
        "flesch_reading_ease": 206.835 - 1.015 * (W / S) - 84.6 * (Syl / W),
        "smog": 1.0430 * math.sqrt(c["polysyllables"] * 30 / S) + 3.1291,
        "gunning_fog": 0.4 * (W / S + 100 * c["complex"] / W),
        "coleman_liau": 0.0588 * (100 * c["letters"] / W) - 0.296 * (100 * S / W) - 15.8,
        "automated_readability": 4.71 * (c["characters"] / W) + 0.5 * (W / S) - 21.43,
        "dale_chall": 0.1579 * pct + 0.0496 * (W / S) + (3.6365 if pct > 5 else 0),
    }


@pytest.mark.parametrize("passage", PASSAGES, ids=[p["name"] for p in PASSAGES])
def test_words_and_syllables_match_fixture(nlp, passage):
    sentences = textcounts.block_sentences(nlp(passage["text"]))
    got = [[[w.text, w.syllables] + (["difficult"] if w.difficult else []) for w in s.words] for s in sentences]
    assert got == passage["sentences"]


@pytest.mark.parametrize("passage", PASSAGES, ids=[p["name"] for p in PASSAGES])
def test_metrics_equal_formula_on_hand_counts(nlp, passage):
    counts = textcounts.counts_of_sentences(textcounts.block_sentences(nlp(passage["text"])))
    hand = hand_counts(passage["sentences"])
    assert (counts.sentences, counts.words, counts.syllables, counts.polysyllables, counts.complex_words,
            counts.difficult_words, counts.letters, counts.characters) == tuple(hand.values())
    got = textcounts.metrics(counts)
    for name, expected in formulas(hand).items():
        assert got[name] == pytest.approx(expected, abs=0.01), name
    assert got["smog_reliable"] is (hand["sentences"] >= 30)


def test_long_passage_through_engine_figures(tmp_path):
    long = next(p for p in PASSAGES if p["name"] == "long")
    path = tmp_path / "diabetes.md"
    path.write_text("# Type 2 diabetes\n\n" + long["text"] + "\n", encoding="utf-8")
    result = lint_file(str(path), Config(select=["readability"]))
    figures = result.articles[0].figures["readability"]
    hand = hand_counts(long["sentences"])
    article = figures["article"]
    assert article["sentences"] == hand["sentences"] == 32
    assert article["words"] == hand["words"]
    assert article["smog_reliable"] is True
    for name, expected in formulas(hand).items():
        assert article[name] == pytest.approx(expected, abs=0.01), name
    assert figures["sections"][0]["start_line"] == 1
    assert figures["paragraphs"][0]["flesch_kincaid_grade"] == pytest.approx(article["flesch_kincaid_grade"], abs=0.01)


def test_short_text_smog_marked_unreliable(tmp_path):
    short = next(p for p in PASSAGES if p["name"] == "short")
    path = tmp_path / "short.md"
    path.write_text(short["text"] + "\n", encoding="utf-8")
    article = lint_file(str(path), Config(select=["readability"])).articles[0].figures["readability"]["article"]
    assert article["sentences"] == 3 and article["smog_reliable"] is False


@pytest.mark.parametrize("text, n_sentences", [
    ("Dr. Patel gave 2.5 mg of the drug, e.g. with food, to J. R. Smith at 9 a.m. in the U.S. today.", 1),
    ("Mr. T. S. Eliot took 0.5 mg. He felt fine.", 2),
    ("Take vitamin D, i.e. 600 IU a day, vs. the 400 IU dose. Ask St. John's clinic.", 2),
])
def test_abbreviations_decimals_initials_do_not_end_sentences(nlp, text, n_sentences):
    sentences = [s for s in textcounts.block_sentences(nlp(text)) if s.words]
    assert len(sentences) == n_sentences


def test_urls_and_emails_are_not_words(nlp):
    sentences = textcounts.block_sentences(nlp("Visit https://www.nih.gov/health or write to help@nih.gov today."))
    assert [w.text for s in sentences for w in s.words] == ["Visit", "or", "write", "to", "today"]


@pytest.mark.parametrize("word, expected", [
    ("COVID-19", 4), ("mg", 3), ("5-HT", 3), ("2.5", 3), ("1,200", 6), ("1998", 5), ("2005", 4),
    ("HIV", 3), ("NSAIDs", 5), ("50%", 4), ("3rd", 1), ("Dr.", 2), ("U.S.", 2), ("well-known", 2),
    ("hypertension", 4), ("didn't", 2), ("10mg", 4),
])
def test_syllable_rules(word, expected):
    assert syllables.word_syllables(word) == expected


@pytest.mark.parametrize("word, expected", [("myalgia", 3), ("piriformis", 4), ("anemia", 4), ("calcium", 3)])
def test_rule_based_fallback(word, expected):
    assert syllables.rule_syllables(word) == expected


def test_headings_tables_and_link_targets_do_not_count(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "# An extraordinarily complicated institutional heading\n\n"
        "Walk every day. See [the guide](https://example.org/very/long/path).\n\n"
        "| Interdisciplinary | Rehabilitation |\n|---|---|\n| Cardiovascular | Musculoskeletal |\n",
        encoding="utf-8",
    )
    article = lint_file(str(path), Config(select=["readability"])).articles[0].figures["readability"]["article"]
    assert (article["sentences"], article["words"]) == (2, 6)


def rules_of(result) -> list[str]:
    return [f.rule for a in result.articles for f in a.findings]


def findings_of(result, rule):
    return [f for a in result.articles for f in a.findings if f.rule == rule]


def test_jargon_reported_once_with_plain_word(tmp_path):
    path = tmp_path / "j.md"
    path.write_text("# Heart\n\nUntreated hypertension raises the risk of a myocardial infarction. "
                    "Hypertension is common.\n", encoding="utf-8")
    found = findings_of(lint_file(str(path), Config(select=["readability/jargon"])), "readability/jargon")
    by_term = {f.data["term"]: f for f in found}
    assert set(by_term) == {"hypertension", "myocardial infarction"}
    assert by_term["hypertension"].suggestion == "high blood pressure"
    assert '"hypertension"' in by_term["hypertension"].message
    assert by_term["hypertension"].data["uses"] == 2
    assert by_term["myocardial infarction"].suggestion == "heart attack"


@pytest.mark.parametrize("text", [
    "Hypertension (high blood pressure) is common in older adults.",
    "Many adults have hypertension, or high blood pressure, without knowing it.",
    "Many adults have high blood pressure (hypertension) and do not know it.",
    "Doctors call it hypertension when your blood pressure stays high; high blood pressure is treatable.",
])
def test_jargon_explained_at_first_use_is_skipped(tmp_path, text):
    path = tmp_path / "j.md"
    path.write_text(f"# Blood pressure\n\n{text} Hypertension can be treated.\n", encoding="utf-8")
    assert findings_of(lint_file(str(path), Config(select=["readability/jargon"])), "readability/jargon") == []


def test_jargon_list_has_enough_entries_and_no_meaning_changes():
    terms = Config().get_policy().section("jargon")["terms"]
    assert len(terms) >= 150
    for dropped in ("physical therapy", "muscle spasm", "sepsis", "inflammation", "chronic", "carcinoma"):
        assert dropped not in terms


def test_long_dense_and_hard_paragraph_rules(tmp_path):
    long_sentence = " ".join(["the patient walked to the clinic and back"] * 6) + "."
    dense = "Epidural corticosteroid injections occasionally alleviate radicular symptoms."
    hard = ("Comprehensive multidisciplinary rehabilitation programmes incorporating cognitive behavioural "
            "interventions demonstrate considerable effectiveness regarding functional restoration among "
            "individuals experiencing persistent musculoskeletal discomfort, particularly considering "
            "psychological comorbidities, occupational limitations and socioeconomic circumstances today.")
    path = tmp_path / "r.md"
    path.write_text(f"# Back pain\n\n{long_sentence.capitalize()}\n\n{dense}\n\n{hard}\n", encoding="utf-8")
    result = lint_file(str(path), Config(select=["readability"],
                                         overrides={"readability": {"report-sentences": True}}))
    long_found = findings_of(result, "readability/long-sentence")
    by_words = {f.data["words"]: f.severity for f in long_found}
    assert by_words == {48: "warning", 30: "info"}
    dense_found = findings_of(result, "readability/dense-sentence")
    assert any("corticosteroid" in f.message for f in dense_found)
    hard_found = findings_of(result, "readability/hard-paragraph")
    assert {f.start_line for f in hard_found} == {3, 7}  # the 48-word sentence is a hot spot too
    assert all(f.data["words"] >= 30 for f in hard_found)
    grade = findings_of(result, "readability/grade")
    assert grade and "Flesch-Kincaid grade" in grade[0].message and "not reliable" in grade[0].message


def test_target_grade_override(tmp_path):
    path = tmp_path / "easy.md"
    path.write_text("# Rest\n\nRest a lot. Drink water. Eat well. Walk a bit each day.\n", encoding="utf-8")
    assert findings_of(lint_file(str(path), Config(select=["readability/grade"])), "readability/grade") == []
    config = Config(select=["readability/grade"], overrides={"readability": {"target-grade": -5}})
    assert findings_of(lint_file(str(path), config), "readability/grade")


def test_explain_states_formulas_counting_and_references():
    from healthlint.checks.readability import GRADE

    for needle in ("0.39", "206.835", "1.0430", "0.0588", "4.71", "0.1579", "3.6365", "30 sentences",
                   "## What it finds", "## Why it matters", "## Example", "## Fix", "## Options",
                   "## References", "CDC", "NIH", "AMA", "cmudict", "URLs"):
        assert needle in GRADE.doc, needle


def test_farm_page_both_articles_well_above_grade_8():
    result = lint_file(str(CORPUS_FARM), Config(select=["readability"]))
    assert len(result.articles) == 2
    for article in result.articles:
        figures = article.figures["readability"]["article"]
        assert 11.5 <= figures["flesch_kincaid_grade"] <= 15.5
        assert figures["smog_reliable"] is True and figures["sentences"] >= 150
        assert any(f.rule == "readability/grade" and f.message.startswith("Article") for f in article.findings)


def test_works_offline_with_a_cold_syllable_cache(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    syllables.cmu_table.cache_clear()
    syllables.word_syllables.cache_clear()
    try:
        path = tmp_path / "a.md"
        path.write_text("# Flu\n\nInfluenza spreads quickly. Wash your hands.\n", encoding="utf-8")
        figures = lint_file(str(path), Config(select=["readability"])).articles[0].figures["readability"]
        assert figures["article"]["words"] == 6
        assert list((tmp_path / "cache").glob("cmudict-syllables-*.marshal"))  # cached for the next run
        syllables.cmu_table.cache_clear()
        assert syllables.cmu_table()["influenza"] == 4  # and loads back from the cache
    finally:
        syllables.cmu_table.cache_clear()
        syllables.word_syllables.cache_clear()


def _hard_text() -> str:
    return ("Comprehensive multidisciplinary rehabilitation programmes incorporating cognitive behavioural "
            "interventions demonstrate considerable effectiveness regarding functional restoration among "
            "individuals experiencing persistent musculoskeletal discomfort, particularly considering "
            "psychological comorbidities, occupational limitations and socioeconomic circumstances today.")


def test_sentences_folded_into_hot_spots_by_default(tmp_path):
    long_sentence = " ".join(["the patient walked to the clinic and back"] * 6) + "."
    path = tmp_path / "r.md"
    path.write_text(f"# Back pain\n\n{long_sentence.capitalize()}\n\nRest helps. Walk a bit.\n\n"
                    f"{_hard_text()}\n", encoding="utf-8")
    result = lint_file(str(path), Config(select=["readability"]))
    rules = rules_of(result)
    assert "readability/long-sentence" not in rules and "readability/dense-sentence" not in rules
    hard = {f.start_line: f for f in findings_of(result, "readability/hard-paragraph")}
    assert set(hard) == {3, 7}
    assert [s["words"] for s in hard[3].data["long_sentences"]] == [48]
    assert "1 long sentence (48 words)" in hard[3].message
    assert hard[7].data["dense_sentences"] and "dense sentence" in hard[7].message


def test_one_grade_finding_for_an_article_above_target(tmp_path):
    body = "\n\n".join(f"## Part {i}\n\n{_hard_text()} {_hard_text()} {_hard_text()} {_hard_text()}" for i in range(4))
    path = tmp_path / "g.md"
    path.write_text(f"# Back pain\n\n{body}\n", encoding="utf-8")
    grade = findings_of(lint_file(str(path), Config(select=["readability/grade"])), "readability/grade")
    assert len(grade) == 1 and grade[0].message.startswith("Article")
    assert "4 of" in grade[0].message and len(grade[0].data["sections_over"]) == 4


def test_house_disclaimer_not_counted(tmp_path):
    house = Config().get_policy().section("disclaimers")["medical"]["house-text"]
    path = tmp_path / "d.md"
    path.write_text(f"# Rest\n\nRest a lot. Drink water. Eat well. Walk a bit each day.\n\n{house}\n",
                    encoding="utf-8")
    result = lint_file(str(path), Config(select=["readability"]))
    assert result.articles[0].figures["readability"]["article"]["words"] == 12
    assert findings_of(result, "readability/grade") == []


@pytest.mark.parametrize("word", ["inflammation", "chronic", "fatigue", "antibiotics", "insomnia", "constipation"])
def test_everyday_words_are_not_jargon(tmp_path, word):
    path = tmp_path / "e.md"
    path.write_text(f"# Health\n\nMany people live with {word} for years.\n", encoding="utf-8")
    assert findings_of(lint_file(str(path), Config(select=["readability/jargon"])), "readability/jargon") == []


def test_common_jargon_in_the_list_is_skipped_by_frequency(tmp_path):
    from healthlint.checks.readability import term_zipf

    assert term_zipf("inflammation") >= 3.5 > term_zipf("hypertension")
    assert term_zipf("myocardial infarction") < 3.5


def test_jargon_inside_a_name_is_not_the_term(tmp_path):
    path = tmp_path / "n.md"
    path.write_text("# Cancer\n\nThe American Society of Clinical Oncology met. Hypertension is common.\n",
                    encoding="utf-8")
    found = findings_of(lint_file(str(path), Config(select=["readability/jargon"])), "readability/jargon")
    assert [f.data["term"] for f in found] == ["hypertension"]
