"""Counting for readability: words, sentences, syllables and letters from the shared spaCy pass,
and the published formulas computed from those counts.

What counts (the same rules for article, section and paragraph figures):

- Prose only: paragraphs and list items. Headings, table cells, captions and front matter are not
  counted; a link counts by its anchor words, never its target.
- A sentence is a spaCy sentence (blank English + sentencizer) that holds at least one word. None
  is dropped for being short. The tokenizer keeps "e.g.", "Dr.", "U.S.", "2.5" and initials
  ("J. R. Smith") inside their sentence.
- A word is a run of tokens with at least one letter or digit. Tokens joined without a space by a
  hyphen ("well-known", "COVID-19", "5-HT"), a contraction ("didn't", "patient's") or a percent
  sign ("50%") make one word; a slash separates words ("and/or" is two). URLs and e-mail addresses
  are not words and add nothing to any count.
- Syllables: ``healthlint.language.syllables.word_syllables`` (CMU dictionary, numbers and units spoken in
  full, acronyms spelled, rule-based fallback). A hyphenated word has the sum of its parts' syllables.
- Polysyllables (SMOG): words of 3 or more syllables, numbers included (McLaughlin: numerals are
  pronounced to count their syllables).
- Complex words (Gunning Fog): words of 3 or more syllables, except proper nouns (a capitalised
  word that is not the first word of its sentence; there is no tagger) and hyphenated words.
- Difficult words (New Dale-Chall): words not on the Dale-Chall list of familiar words (textstat's
  copy of the list) nor a regular inflection of one (-s, -es, -ies, -ed, -ing, -er, -est, -ly,
  possessive), counting numbers, proper nouns and hyphenated words whose parts are all familiar
  as familiar.
- Letters: alphabetic characters of words. Characters (ARI): letters and digits of words; no
  punctuation.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Iterable, NamedTuple

from .nlp import doc_text, sentences, token_table
from .syllables import word_syllables


HYPHENS = {"-", "\u2010", "\u2011"}
CONTRACTIONS = {"n't", "'s", "'re", "'ll", "'ve", "'d", "'m", "\u2019s", "n\u2019t", "\u2019re",
                "\u2019ll", "\u2019ve", "\u2019d", "\u2019m", "'", "\u2019"}
URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|^[\w.-]+\.(?:com|org|gov|edu|net|int|mil|io|info|uk|ca|au|us)(?:[/?#:]|$)",
                 re.IGNORECASE)
EMAIL = re.compile(r"^[\w.+-]+@[\w-]+\.[\w.-]+$")
SMOG_MIN_SENTENCES = 30


class Word(NamedTuple):
    """A word and what the formulas count of it (a tuple: a document has hundreds of thousands)."""

    text: str
    start: int  # character offsets in the block's text
    end: int
    syllables: int
    letters: int
    characters: int
    hyphenated: bool
    proper: bool
    difficult: bool

    @property
    def polysyllable(self) -> bool:
        return self.syllables >= 3

    @property
    def complex(self) -> bool:
        return self.syllables >= 3 and not self.proper and not self.hyphenated


@dataclass
class Counts:
    sentences: int = 0
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0
    complex_words: int = 0
    difficult_words: int = 0
    letters: int = 0
    characters: int = 0

    def add(self, other: "Counts") -> "Counts":
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class Sentence:
    start: int
    end: int
    words: list[Word] = field(default_factory=list)

    @property
    def counts(self) -> Counts:
        return counts_of_words(self.words, 1 if self.words else 0)


def counts_of_words(words: Iterable[Word], sentences: int) -> Counts:
    c = Counts(sentences=sentences)
    for w in words:
        c.words += 1
        c.syllables += w.syllables
        c.polysyllables += w.polysyllable
        c.complex_words += w.complex
        c.difficult_words += w.difficult
        c.letters += w.letters
        c.characters += w.characters
    return c


def counts_of_sentences(sentences: Iterable[Sentence]) -> Counts:
    total = Counts()
    for s in sentences:
        if s.words:
            total.add(s.counts)
    return total


# --- words from tokens -------------------------------------------------------------------------

def _joins(prev_text: str, prev_space: bool, text: str) -> bool:
    """Whether a token continues the word of the token before it ("COVID" "-" "19", "do" "n't")."""
    if prev_space:
        return False
    if text in HYPHENS or prev_text in HYPHENS:
        return True
    if text.lower() in CONTRACTIONS:
        return True
    return text == "%" and any(ch.isdigit() for ch in prev_text)


URL_HINT = re.compile(r"[./@:]")
ALNUM = re.compile(r"[^\W_]")
PIECE_EDGES = "\"'()[]{}*_<>,;:!?\u2018\u2019\u201c\u201d"


def is_url(text: str) -> bool:
    return bool(URL_HINT.search(text)) and bool(URL.search(text) or EMAIL.match(text))


def sentence_words(tokens: list[tuple[str, int, bool]], text: str) -> list[Word]:
    """The words of one sentence (see the module docstring for what a word is), from its tokens as
    (text, offset, followed by a space) and the block's text."""
    groups: list[list[tuple[str, int, bool]]] = []
    for token in tokens:
        if groups and _joins(groups[-1][-1][0], groups[-1][-1][2], token[0]):
            groups[-1].append(token)
        else:
            groups.append([token])
    words: list[Word] = []
    for group in groups:
        for piece, at in word_pieces(group, text):
            words.append(make_word(piece, at, first=not words))
    return words


def word_pieces(group: list, text: str) -> list[tuple[str, int]]:
    """The words (text, offset) of a group of joined tokens: hyphens at its edges dropped, a URL
    skipped, "and/or" split at the slash, punctuation at each piece's edges stripped."""
    while group and group[-1][0] in HYPHENS:
        group.pop()
    while group and group[0][0] in HYPHENS:
        group.pop(0)
    if not group:
        return []
    start, end = group[0][1], group[-1][1] + len(group[-1][0])
    word_text = text[start:end]
    if is_url(word_text):
        return []
    pieces = [(word_text, start)]
    if "/" in word_text:
        pieces, offset = [], start
        for piece in word_text.split("/"):
            pieces.append((piece, offset))
            offset += len(piece) + 1
    out = []
    for piece, offset in pieces:
        stripped = piece.strip(PIECE_EDGES)
        if ALNUM.search(stripped):
            out.append((stripped, offset + piece.find(stripped)))
    return out


def make_word(text: str, start: int, first: bool) -> Word:
    proper = not first and text[:1].isupper()
    syllables, letters, characters, hyphenated, difficult = _word_features(text, proper)
    return Word(
        text=text,
        start=start,
        end=start + len(text),
        syllables=syllables,
        letters=letters,
        characters=characters,
        hyphenated=hyphenated,
        proper=proper,
        difficult=difficult,
    )


@lru_cache(maxsize=200_000)
def _word_features(text: str, proper: bool) -> tuple[int, int, int, bool, bool]:
    """What a word's counts depend on, which is the same wherever the word stands: computed once."""
    return (
        word_syllables(text),
        sum(ch.isalpha() for ch in text),
        sum(ch.isalnum() for ch in text),
        bool(re.search(r"\w[-\u2010\u2011]\w", text)),
        not familiar(text, proper),
    )


def block_sentences(doc) -> list[Sentence]:
    """Every sentence of a block's Doc with its words (sentences without words are kept, empty)."""
    text = doc_text(doc)
    tokens = token_table(doc)
    return [Sentence(s.start_char, s.end_char, sentence_words(tokens[s.start:s.end], text)) for s in sentences(doc)]


# --- Dale-Chall familiar words -----------------------------------------------------------------

@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """The Dale-Chall list of familiar words, as textstat ships it (read from its package folder
    without importing textstat, whose import pulls in NLTK)."""
    import importlib.util

    spec = importlib.util.find_spec("textstat")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = os.path.join(folder, "resources", "en", "easy_words.txt")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                return frozenset(line.strip().lower() for line in f if line.strip())
    return frozenset()


def _inflection_stems(w: str) -> list[str]:
    stems = [w]
    if w.endswith("'s") or w.endswith("s'"):
        stems.append(w[:-2])
    for suffix, replacements in (
        ("ies", ("y",)), ("ied", ("y",)), ("ier", ("y",)), ("iest", ("y",)), ("ily", ("y",)),
        ("es", ("", "e")), ("s", ("",)), ("ed", ("", "e")), ("d", ("",)), ("ing", ("", "e")),
        ("er", ("", "e")), ("est", ("", "e")), ("ly", ("", "le")), ("r", ("",)), ("st", ("",)),
    ):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            stem = w[: -len(suffix)]
            for rep in replacements:
                stems.append(stem + rep)
            if suffix in ("ed", "ing", "er", "est") and len(stem) > 2 and stem[-1] == stem[-2]:
                stems.append(stem[:-1])  # stopped -> stop, bigger -> big
    return stems


@lru_cache(maxsize=65536)
def familiar(text: str, proper: bool = False) -> bool:
    """A Dale-Chall familiar word: on the list, a regular inflection of one, a number or a proper noun."""
    if proper or any(ch.isdigit() for ch in text):
        return True
    easy = easy_words()
    w = text.lower().replace("\u2019", "'").strip(".")
    parts = [p for p in re.split(r"[-\u2010\u2011]", w) if p]
    if len(parts) > 1:
        return all(familiar(p) for p in parts)
    return any(stem in easy for stem in _inflection_stems(w))


# --- formulas ----------------------------------------------------------------------------------

def metrics(c: Counts) -> dict[str, float | bool | None]:
    """Every metric from the counts, by its published formula (None when there are no words)."""
    if not c.words or not c.sentences:
        return {name: None for name in METRIC_NAMES} | {"smog_reliable": False}
    wps = c.words / c.sentences
    spw = c.syllables / c.words
    difficult_pct = 100 * c.difficult_words / c.words
    dale_chall = 0.1579 * difficult_pct + 0.0496 * wps + (3.6365 if difficult_pct > 5 else 0.0)
    return {
        "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
        "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
        "smog": 1.0430 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291,
        "gunning_fog": 0.4 * (wps + 100 * c.complex_words / c.words),
        "coleman_liau": 0.0588 * (100 * c.letters / c.words) - 0.296 * (100 * c.sentences / c.words) - 15.8,
        "automated_readability": 4.71 * c.characters / c.words + 0.5 * wps - 21.43,
        "dale_chall": dale_chall,
        "smog_reliable": c.sentences >= SMOG_MIN_SENTENCES,
    }


METRIC_NAMES = ("flesch_kincaid_grade", "flesch_reading_ease", "smog", "gunning_fog", "coleman_liau",
                "automated_readability", "dale_chall")

METRIC_LABELS = {
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "flesch_reading_ease": "Flesch reading ease",
    "smog": "SMOG grade",
    "gunning_fog": "Gunning Fog index",
    "coleman_liau": "Coleman-Liau index",
    "automated_readability": "Automated Readability Index",
    "dale_chall": "New Dale-Chall score",
}


def rounded(values: dict, places: int = 2) -> dict:
    return {k: (round(v, places) if isinstance(v, float) else v) for k, v in values.items()}


def dale_chall_band(score: float | None) -> str | None:
    """The grade band the New Dale-Chall tables give for a raw score."""
    if score is None:
        return None
    for limit, band in ((5.0, "grade 4 and below"), (6.0, "grades 5-6"), (7.0, "grades 7-8"),
                        (8.0, "grades 9-10"), (9.0, "grades 11-12"), (10.0, "grades 13-15 (college)")):
        if score < limit:
            return band
    return "grade 16 and above (college graduate)"
