"""What an article is about, from the article itself: the vocabulary of its title, headings, front
matter and body, and how widely each term is spread over its blocks.

A term that the rest of an article never uses, and that is specific rather than everyday English
(wordfreq's Zipf frequency tells which), is *foreign* to the article. One foreign word means little:
articles introduce new terms all the time. A paragraph whose sentences, link or title-like phrase
are built of foreign terms has left the article's subject.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ..core.model import HEADING, TABLE, Article, Block
from ..core.phrases import stem

WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")

# Function words and the everyday verbs and adverbs of explanatory prose carry no topic.
STOP_WORDS = frozenset("""
a about above across after again against all almost also although always am among an and another
any anyone anything are around as at away back be became because become becomes been before being
below best better between both but by can cannot could did do does doing done down during each
either else enough especially even ever every few first for from further get gets getting give
given go goes going good got great had has have having he her here hers herself him himself his how
however i if in include includes including into is it its itself just keep know known last least
less let like likely little lot made make makes making many may maybe me might more most much must
my myself near need needs never new next no nor not nothing now of off often on once one only onto
or other others otherwise our ours out over own part per perhaps put quite rather really right same
see seem seems several she should show shows since so some something sometimes still such take
takes than that the their theirs them themselves then there therefore these they thing things this
those though through thus to together too toward towards under until up upon us use used uses
using usually very via was way ways we well were what whatever when where whether which while who
whole whom whose why will with within without would yet you your yours yourself yourselves
also able across actually already ask asked bring called can't come comes don't doesn't isn't it's
let's look looks lots mean means people person someone something thing think try trying want wants
year years day days time times help helps helping important find found based
""".split())


@lru_cache(maxsize=65536)
def specificity(word: str) -> float:
    """0.1 for everyday words, up to 1.0 for rare ones, from their frequency in English."""
    from .vocabulary import english_zipf

    zipf = english_zipf(word)
    return max(0.1, min(1.0, (6.0 - zipf) / 3.0))


def content_words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of the words of ``text`` that can carry a topic."""
    out = []
    for match in WORD.finditer(text):
        word = match.group(0)
        lower = word.lower().replace("’", "'")
        if len(lower) < 3 or lower in STOP_WORDS or lower.endswith("'t"):
            continue
        out.append((word, match.start(), match.end()))
    return out


@dataclass
class TopicModel:
    """Where each term of an article occurs: in which blocks, and whether the title or a heading
    or the front matter names it."""

    block_terms: dict[int, Counter] = field(default_factory=dict)
    spread: Counter = field(default_factory=Counter)  # term -> number of blocks holding it
    heading_terms: set[str] = field(default_factory=set)
    title_terms: list[str] = field(default_factory=list)
    title_words: list[str] = field(default_factory=list)
    section_terms: dict[int, set[str]] = field(default_factory=dict)  # section -> its heading's terms
    # block -> its content words as (word, start, end, term), found once for every check that reads them
    block_words: dict[int, list[tuple[str, int, int, str]]] = field(default_factory=dict)

    def occurrences_elsewhere(self, term: str, blocks: set[int]) -> int:
        """How many blocks outside ``blocks`` use the term (the title and headings count as one)."""
        inside = sum(1 for b in blocks if term in self.block_terms.get(b, ()))
        return self.spread[term] - inside + (1 if term in self.heading_terms else 0)

    def is_topic_term(self, term: str) -> bool:
        return term in self.heading_terms or self.spread[term] >= 3

    def top_terms(self, n: int = 4) -> list[str]:
        ranked = sorted(self.spread.items(), key=lambda kv: (-kv[1] * (2 if kv[0] in self.heading_terms else 1), kv[0]))
        return [t for t, _ in ranked[:n]]


def stemmed_words(text: str) -> list[tuple[str, int, int, str]]:
    """The content words of a text with their offsets and stems: what both off-topic detectors
    compare between blocks."""
    return [(w, a, b, stem(w)) for w, a, b in content_words(text)]


def build_topic_model(article: Article, words_of: Callable[[Block], list] | None = None) -> TopicModel:
    """``words_of`` gives a block's :func:`stemmed_words` (``AnalysedArticle.block_words``, found once
    per article for every check that compares blocks)."""
    words_of = words_of or (lambda block: stemmed_words(block.text))
    model = TopicModel()
    title_words = [w for w, _, _ in content_words(article.title)]
    model.title_words = title_words
    model.title_terms = [stem(w) for w in title_words]
    model.heading_terms.update(model.title_terms)
    for key in ("title", "tags", "keywords", "categories", "description", "topic"):
        value = article.metadata.get(key)
        values = value if isinstance(value, list) else [value] if value else []
        for item in values:
            model.heading_terms.update(stem(w) for w, _, _ in content_words(str(item)))
    for block in article.blocks:
        if block.kind == HEADING:
            terms = {t for _, _, _, t in words_of(block)}
            model.heading_terms.update(terms)
            model.section_terms[block.section] = terms
            continue
        if block.kind == TABLE and block.table is not None:
            cells = [c for row in block.table.rows for c in row.cells] + list(block.table.header or [])
            terms = Counter(stem(w) for w, _, _ in content_words(" ".join(cells)))
        else:
            words = words_of(block)
            model.block_words[block.index] = words
            terms = Counter(t for _, _, _, t in words)
        model.block_terms[block.index] = terms
        model.spread.update(terms.keys())
    return model
