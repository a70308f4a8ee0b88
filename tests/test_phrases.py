"""The one stemmer and the one phrase-list-to-regex helper."""
from __future__ import annotations

import re

from healthlint.core.phrases import TERM_EDGES, alternation, phrase_pattern, stem


def test_stem_plurals_and_possessives():
    assert [stem(w) for w in ("vaccines", "spasms", "therapies", "glasses", "bruises", "virus", "doctor's")] == [
        "vaccine", "spasm", "therapy", "glass", "bruise", "virus", "doctor"]


def test_longest_phrase_wins_and_spaces_match_gaps():
    pattern = phrase_pattern(("blood", "blood pressure", "high blood pressure"), capture=True)
    assert pattern.search("Your HIGH  blood\npressure").group(1) == "HIGH  blood\npressure"
    assert pattern.search("blood test").group(1) == "blood"
    assert pattern.search("bloodstream") is None


def test_term_edges_keep_hyphenated_words_whole_and_suffix_is_optional():
    pattern = phrase_pattern(("diabetes", "stent"), gap=r"[\s-]+", edges=TERM_EDGES, suffix="(?:s|es)?")
    assert pattern.search("two stents") and pattern.search("diabetes care")
    assert pattern.search("pre-diabetes") is None
    assert phrase_pattern(()) is None and phrase_pattern(("  ",)) is None


def test_phrase_pattern_matches_like_a_sorted_alternation():
    phrases = ("a b", "a", "ab", "abc", "b-c", "x.y")
    trie = phrase_pattern(phrases)
    plain = re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+")
                                           for p in sorted(phrases, key=len, reverse=True)) + r")\b", re.I)
    for text in ("a b c", "abc", "ab", "b-c d", "x.y", "x-y", "A  B"):
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_alternation_of_policy_patterns():
    pattern = alternation((r"studies? show", r"research (?:has )?found"))
    assert pattern.search("Research found that") and pattern.search("studies show")
    assert alternation(()) is None
