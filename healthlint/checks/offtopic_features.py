"""What the off-topic detector measures of each block: how far it departs from the rest of the article.

Every measure is relative to the article itself, so none depends on any site's wording:

- lexical departure: the share of a block's (and each sentence's) specific words that the rest of
  the article never uses, each word weighted by how specific it is in English (wordfreq);
- semantic distance: cosine, in the topic space of ``healthlint.language.topicspace``, between the block (and
  each sentence) and the rest of the article, its neighbours and its title, also as a z-score
  against the article's other blocks (some articles wander more than others);
- the bridge profile read from per-sentence departures: on topic, away, back again;
- the block's own topic: a specific word it repeats that the article never uses;
- domain (``domain_measures``): how much more often health writing uses a sentence's words than English at large, and how
  far the least medical sentence of a paragraph falls below the others (one sentence of another walk
  of life grafted into an on-topic paragraph);
- links: how foreign the words of a link's anchor and URL slug are to the article;
- shape: length, final punctuation, title case or capitals, a short label before a colon (how the
  headline of another story sits in a page), heading or list item, position.

``train/offtopic.py`` builds examples through the same code, so the model sees at training time
exactly what the check computes at run time.
"""
from __future__ import annotations

import calendar
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

import numpy as np

from ..core.model import HEADING, LIST_ITEM, TABLE, Block, Link
from ..language.nlp import AnalysedArticle, analysable
from ..language.topic import specificity, stemmed_words
from ..language.topicspace import TopicSpace, cosine, load_space

# Shape of a headline's lead-in label: one to three words and a colon, then the headline.
LABEL_PREFIX = re.compile(r"^\W{0,3}[A-Za-z][A-Za-z'’]*(?:\s+[A-Za-z'’]+){0,2}\s*:\s+\S")
TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
CITATION_ANCHOR = re.compile(r"^[\[\(]?\d+[\]\)]?$|^\W*$")
SLUG_SPLIT = re.compile(r"[-_+]+")
LETTER = re.compile(r"[A-Za-z]")
CAPITALISED = re.compile(r"^[A-Z0-9]")

# What the model reads. Departure is read relative to the article's other blocks (the "_z" measures):
# a lexically varied article has many new words in every paragraph, a repetitive one few, and only a
# block that departs more than its article usually does is a sign. Absolute measures stay where they
# mean the same in every article (shape, links, the topic space's coverage).
RELATIVE = {name: f"{name}_z" for name in (
    "foreign_near", "foreign_mass", "sent_foreign_max", "sent_foreign_min", "sent_foreign_first",
    "sent_foreign_last", "sim_rest", "sim_sent_min", "sim_prev", "sim_next", "sim_title", "lex_sim_rest",
    "run_mass", "run_sim", "title_share", "shares_next", "shares_prev", "sent_domain_min", "block_domain",
)}
BLOCK_FEATURES = tuple(v for k, v in RELATIVE.items() if k not in ("sent_domain_min", "block_domain")) + (
    "profile", "depart_after_restate", "coverage", "own_topic", "has_link", "link_foreign", "link_sim",
    "link_share", "log_words", "log_sentences", "ends_terminal", "title_case", "upper", "label_prefix",
    "is_heading", "is_list_item", "question", "position", "is_first", "is_last", "comma_openers", "run_words",
    "foreign_specificity", "departure", "departure_rank", "departure_gap",
)
# The sentence-domain measures (``domain_measures``), computed where the model reads them: a model
# fitted with ``train/offtopic.py fit --grafts`` does, the shipped one does not. With them, held out by
# writer, a model found 2.4 times as many of the written sets' grafted sentences, but no more
# insertions in all within the false-alarm budget (the README gives the figures).
GRAFT_FEATURES = ("sent_domain_min_z", "block_domain_z", "sent_domain_min", "block_domain", "domain_gap",
                  "graft_sim", "graft_inside")
# One departure index: the measures agree in sign, and a block a little further away on all of them
# is rarer than one far away on any single one.
DEPARTURE = {"foreign_near_z": 1.0, "sent_foreign_max_z": 1.0, "run_mass_z": 0.5, "sim_rest_z": -1.0,
             "sim_sent_min_z": -1.0, "lex_sim_rest_z": -1.0, "sim_title_z": -1.0, "title_share_z": -0.5}

LINK_FEATURES = (
    "link_foreign", "link_mass", "link_sim", "link_sim_z", "anchor_words", "slug_words", "block_foreign",
    "link_share", "citation_shape", "anchor_title_case", "link_title_sim", "link_nearest_sim", "path_known",
    "path_title", "path_words", "block_sim_rest_z", "block_departure", "block_coverage", "anchor_coverage",
)


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    words: list[tuple[str, int, int, str]]  # (word, start, end, term) in block offsets


@dataclass
class Unit:
    """One candidate block (paragraph, list item, or a short line the parser read as a heading)."""

    block: Block
    words: list[tuple[str, int, int, str]]
    sentences: list[Sentence]
    terms: Counter
    vector: np.ndarray
    raw: np.ndarray  # idf-weighted sum of term rows, unnormalised: the rest of an article is a sum
    features: dict[str, float] = field(default_factory=dict)
    foreign_words: list[tuple[str, int, int]] = field(default_factory=list)
    least_medical: int | None = None  # the sentence whose words health writing uses least (see ``domain_measures``)


@dataclass
class LinkCandidate:
    unit: Unit
    link: Link
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class ArticleFeatures:
    units: list[Unit]
    links: list[LinkCandidate]
    spread: Counter  # term -> how many units (title, headings and tables count too) use it
    title_terms: set[str]


_weight = specificity  # a word's weight in the shares below: 0.1 for everyday words, up to 1 for rare ones


def _words(text: str) -> list[tuple[str, int, int, str]]:
    return stemmed_words(text)


def _shares(words, foreign_terms) -> tuple[float, float, list[tuple[str, int, int]]]:
    """Weighted share and mass of the words whose terms are foreign, and those words."""
    total = mass = 0.0
    foreign = []
    for word, a, b, term in words:
        weight = _weight(word)
        total += weight
        if term in foreign_terms:
            mass += weight
            foreign.append((word, a, b))
    return (mass / total if total else 0.0), mass, foreign


def _raw(space: TopicSpace, terms: Counter) -> np.ndarray:
    ids, values = space.weights(terms)
    if not len(ids):
        return np.zeros(space.dimensions, dtype=np.float32)
    return values @ space.rows_of(ids)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _slug_words(href: str | None) -> str:
    if not href:
        return ""
    path = unquote(urlparse(href).path.rstrip("/"))
    slug = re.sub(r"\.(html?|aspx?|php)$", "", path.rsplit("/", 1)[-1])
    parts = [p for p in SLUG_SPLIT.split(slug) if p and not p.isdigit()]
    # Only a descriptive slug says what a page is about; "/types/lung" or "id=123" says little.
    return " ".join(parts) if len(parts) >= 3 else ""


def _path_words(href: str | None) -> str:
    """The words of every segment of a link's path ("/conditions/asthma/treatment"): a site files a
    page under its subject even where the last segment says little."""
    if not href:
        return ""
    path = unquote(urlparse(href).path)
    path = re.sub(r"\.(html?|aspx?|php)$", "", path)
    return " ".join(p for p in SLUG_SPLIT.split(path.replace("/", " ")) if p and not p.isdigit())


def _shape(text: str) -> dict[str, float]:
    words = text.split()
    letters = LETTER.findall(text)
    capitalised = sum(1 for w in words if CAPITALISED.match(w))
    return {
        "log_words": math.log1p(len(words)),
        "ends_terminal": 1.0 if TERMINAL.search(text) else 0.0,
        "title_case": capitalised / len(words) if words else 0.0,
        "upper": sum(map(str.isupper, letters)) / len(letters) if letters else 0.0,
        "label_prefix": 1.0 if LABEL_PREFIX.match(text) else 0.0,
        "question": 1.0 if text.rstrip().endswith("?") else 0.0,
    }


# Page furniture: lines that are about the page, not about any subject, so never a departure. Read
# from shape alone: a byline ("By" and a capitalised name, then a date, the convention of bylines and
# datelines in news and web publishing), and a bar of utility links (print, share, other languages:
# several links of a word or three with little text between them, or links to a place on the page).
BYLINE = re.compile(r"^\W{0,3}By\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z]")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
MONTHS = re.compile(r"\b(?:%s)\b" % "|".join(m for m in calendar.month_name[1:] + calendar.month_abbr[1:]))
BYLINE_WORDS = 40
BAR_ANCHOR_WORDS = 3
BAR_TEXT_WORDS = 5


def is_furniture(block: Block) -> bool:
    """Whether ``block`` is a byline or a bar of utility links (see BYLINE above)."""
    text = block.text
    words = [w for w in text.split() if any(c.isalnum() for c in w)]
    if len(words) <= BYLINE_WORDS and BYLINE.match(text) and (YEAR.search(text) or MONTHS.search(text)):
        return True
    links = [link for link in block.links if link.end > link.start]
    if not links:
        return False
    if all((link.href or "").startswith("#") for link in links) and len(words) <= BAR_ANCHOR_WORDS * len(links):
        return True
    anchors = [text[link.start:link.end].split() for link in links]
    outside = len(words) - sum(len(a) for a in anchors)
    return (len(links) >= 2 and all(len(a) <= BAR_ANCHOR_WORDS for a in anchors)
            and outside <= BAR_TEXT_WORDS)


def _foreign_run(words, foreign_terms, text: str) -> list[tuple[str, int, int, str]]:
    """The longest run of consecutive foreign content words with nothing but short linking words
    between them: a phrase of another subject set inside an on-topic sentence ("a new subject
    phrase") is what a bridge with a single pivot sentence leaves."""
    best: tuple[int, int] = (0, 0)  # the best run as a slice of ``words``; weights summed as it grows,
    best_weight = 0.0               # so that a block of thousands of foreign words stays linear
    start, weight = 0, 0.0
    for k, (word, a, b, term) in enumerate(words):
        if term not in foreign_terms:
            start, weight = k + 1, 0.0
            continue
        if k > start:
            gap = text[words[k - 1][2]:a]
            if re.search(r"[.,;:!?()\[\]]", gap) or len(gap.split()) > 2:
                start, weight = k, 0.0
        weight += _weight(word)
        if weight > best_weight:
            best, best_weight = (start, k + 1), weight
    return list(words[best[0]:best[1]])


def _profile(on_topic: list[float]) -> float:
    """How far a block leaves and comes back: the deepest dip below the lower of the best sentence
    before it and the best after it (0 for fewer than three sentences)."""
    best = 0.0
    for j in range(1, len(on_topic) - 1):
        before, after = max(on_topic[:j]), max(on_topic[j + 1:])
        best = max(best, min(before, after) - on_topic[j])
    return best


def _sentences(unit_block: Block, analysed: AnalysedArticle, words) -> list[Sentence]:
    spans = [(s.start_char, s.end_char, s.text) for s in analysed.sentences(unit_block)]
    if not spans:
        spans = [(0, len(unit_block.text), unit_block.text)]
    out = []
    cursor = 0
    for start, end, text in spans:
        while cursor < len(words) and words[cursor][1] < start:
            cursor += 1
        mine = []
        while cursor < len(words) and words[cursor][1] < end:
            mine.append(words[cursor])
            cursor += 1
        out.append(Sentence(start, end, text, mine))
    return out


def extract(analysed: AnalysedArticle, space: TopicSpace | None = None, domain: bool = True) -> ArticleFeatures:
    """The features of every candidate block and link of an article; the sentence-domain measures
    (``GRAFT_FEATURES``) only with ``domain`` (a model that does not read them need not pay for them:
    :func:`domain_measures` gives them for one block)."""
    space = space or load_space()
    article = analysed.article
    title_words = _words(article.title)
    title_terms = {t for _, _, _, t in title_words}
    spread: Counter = Counter()
    frame_terms: Counter = Counter(t for _, _, _, t in title_words)
    for key in ("title", "description", "tags", "keywords", "topic"):
        value = article.metadata.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            frame_terms.update(t for _, _, _, t in _words(str(item)))
    units: list[Unit] = []
    heading_terms: Counter = Counter()
    for block in article.blocks:
        if block.kind == TABLE and block.table is not None:
            cells = [c for row in block.table.rows for c in row.cells] + list(block.table.header or [])
            terms = Counter(t for _, _, _, t in _words(" ".join(cells)))
            spread.update(terms.keys())
            continue
        if not analysable(block):
            continue
        words = analysed.block_words(block)
        terms = Counter(t for _, _, _, t in words)
        if block.kind == HEADING:
            heading_terms.update(terms)
        if block.kind == HEADING and (analysed.kind != "text" and not block.links or not terms):
            # A heading in markup is the author's own structure; in scraped text a short line is read
            # as a heading, and may be another story's headline left between paragraphs.
            spread.update(terms.keys())
            continue
        raw = _raw(space, terms)
        units.append(Unit(block, words, _sentences(block, analysed, words), terms, _unit(raw), raw))
        spread.update(terms.keys())
    spread.update(frame_terms.keys())

    if not units:
        return ArticleFeatures([], [], spread, title_terms)
    total_raw = sum((u.raw for u in units), np.zeros(space.dimensions, dtype=np.float32))
    frame_raw = _raw(space, frame_terms)
    title_vector = _unit(frame_raw * 2 + _raw(space, heading_terms))
    total_weighted = _idf_bag(space, units)
    total_square = sum(w * w for w in total_weighted.values())

    n = len(units)
    sims = []
    for i, unit in enumerate(units):
        near = units[max(0, i - 1): i + 2]
        foreign_near = {t for t in unit.terms if spread[t] - sum(1 for o in near if t in o.terms) <= 0}
        foreign_self = {t for t in unit.terms if spread[t] <= 1}
        share_self, _, _ = _shares(unit.words, foreign_self)
        share_near, mass_near, foreign_words = _shares(unit.words, foreign_near)
        unit.foreign_words = foreign_words
        rest = _unit(total_raw - sum((o.raw for o in near), np.zeros_like(total_raw)) + frame_raw * 2)
        sim_rest = cosine(unit.vector, rest)
        sims.append(sim_rest)
        sentence_foreign, sentence_sims = [], []
        for sentence in unit.sentences:
            share, _, _ = _shares(sentence.words, foreign_near)
            sentence_foreign.append(share if sentence.words else 0.0)
            sentence_terms = Counter(t for _, _, _, t in sentence.words)
            if sum(sentence_terms.values()) >= 3:
                sentence_sims.append(cosine(_unit(_raw(space, sentence_terms)), rest))
        on_topic = [1.0 - s for s in sentence_foreign]
        measures = domain_measures(space, unit) if domain else {}
        run = _foreign_run(unit.words, foreign_near, unit.block.text)
        run_terms = Counter(t for _, _, _, t in run)
        repeated = [t for t, c in unit.terms.items() if c >= 2 and t in foreign_near and t not in title_terms]
        f = unit.features
        f.update(_shape(unit.block.text))
        f.update({
            "foreign_self": share_self,
            "foreign_near": share_near,
            "foreign_mass": math.log1p(mass_near),
            "sent_foreign_max": max(sentence_foreign, default=0.0),
            "sent_foreign_min": min(sentence_foreign, default=0.0),
            "sent_foreign_first": sentence_foreign[0] if sentence_foreign else 0.0,
            "sent_foreign_last": sentence_foreign[-1] if sentence_foreign else 0.0,
            "profile": _profile(on_topic),
            "depart_after_restate": (on_topic[0] - min(on_topic[1:])) if len(on_topic) >= 2 else 0.0,
            "sim_rest": sim_rest,
            "sim_sent_min": min(sentence_sims, default=sim_rest),
            "sim_prev": cosine(unit.vector, units[i - 1].vector) if i > 0 else 0.0,
            "sim_next": cosine(unit.vector, units[i + 1].vector) if i + 1 < n else 0.0,
            "sim_title": cosine(unit.vector, title_vector),
            "coverage": space.coverage(unit.terms),
            "lex_sim_rest": _rest_cosine(space, unit.terms, total_weighted, total_square),
            "own_topic": math.log1p(len(repeated)),
            "title_share": len(title_terms & set(unit.terms)) / len(title_terms) if title_terms else 0.0,
            "log_sentences": math.log1p(len(unit.sentences)),
            "is_heading": 1.0 if unit.block.kind == HEADING else 0.0,
            "is_list_item": 1.0 if unit.block.kind == LIST_ITEM else 0.0,
            "position": i / max(1, n - 1),
            "is_first": 1.0 if i == 0 else 0.0,
            "is_last": 1.0 if i == n - 1 else 0.0,
            "log_units": math.log1p(n),
            "comma_openers": _comma_openers(unit),
            # A section heading of scraped text shares its words with the paragraph it introduces;
            # another story's headline shares them with nothing around it.
            "shares_next": _shared(unit, units[i + 1]) if i + 1 < n else 0.0,
            "shares_prev": _shared(unit, units[i - 1]) if i > 0 else 0.0,
            "foreign_specificity": mass_near / len(foreign_words) if foreign_words else 0.0,
            "run_mass": sum(_weight(w) for w, *_ in run),
            "run_words": float(len(run)),
            "run_sim": cosine(_unit(_raw(space, run_terms)), rest) if run_terms else 1.0,
        })
        f.update(measures)
    mean = float(np.mean(sims)) if sims else 0.0
    spread_sd = float(np.std(sims)) if sims else 0.0
    article_foreign = float(np.mean([u.features["foreign_near"] for u in units])) if units else 0.0
    prose_units = [u for u in units if u.block.kind != HEADING] or units
    for name, relative in RELATIVE.items():
        if name not in units[0].features:
            continue
        values = [u.features[name] for u in prose_units]
        centre, deviation = float(np.mean(values)), float(np.std(values))
        for u in units:
            u.features[relative] = (u.features[name] - centre) / (deviation + 0.05)
    for u in units:
        u.features["departure"] = sum(w * u.features[name] for name, w in DEPARTURE.items())
    ranked = sorted(u.features["departure"] for u in prose_units)
    for i, u in enumerate(units):
        d = u.features["departure"]
        u.features["departure_rank"] = sum(1 for v in ranked if v < d) / max(1, len(ranked) - 1)
        # How far the block stands out from the blocks around it (a bridge departs from its neighbours).
        around = [units[k].features["departure"] for k in (i - 1, i + 1) if 0 <= k < len(units)]
        u.features["departure_gap"] = d - max(around) if around else 0.0
    links: list[LinkCandidate] = []
    for i, unit in enumerate(units):
        f = unit.features
        f["prev_foreign"] = units[i - 1].features["foreign_near"] if i > 0 else 0.0
        f["next_foreign"] = units[i + 1].features["foreign_near"] if i + 1 < n else 0.0
        f["article_foreign"] = article_foreign
        _link_features(unit, units, spread, title_terms, title_vector, space, total_raw, frame_raw, mean,
                       spread_sd, links)
    return ArticleFeatures(units, links, spread, title_terms)


GRAFT_MIN_TERMS = 3  # a sentence shorter than this says too little about its domain


def domain_measures(space: TopicSpace, unit: Unit) -> dict[str, float]:
    """The block's domain odds (mean over its terms), its least medical sentence's, how far that one
    falls below the block's other sentences, how close it is to them in the topic space, and whether
    other sentences stand on both sides of it (a graft sits inside a paragraph). The least medical
    sentence is noted on the unit (``least_medical``)."""
    terms = list(unit.terms)
    odds_of = dict(zip(terms, space.domain_odds(terms)))
    block_domain = (sum(odds_of[t] * c for t, c in unit.terms.items()) / sum(unit.terms.values())
                    if unit.terms else 0.0)
    scored = []  # (mean odds, index) of every sentence long enough to be read
    for k, sentence in enumerate(unit.sentences):
        if len(sentence.words) >= GRAFT_MIN_TERMS:
            scored.append((sum(odds_of[t] for _, _, _, t in sentence.words) / len(sentence.words), k))
    if len(scored) < 2:
        low = scored[0][0] if scored else block_domain
        return {"sent_domain_min": low, "block_domain": block_domain, "domain_gap": 0.0, "graft_sim": 1.0,
                "graft_inside": 0.0}
    low, k = min(scored)
    unit.least_medical = k
    others = [value for value, j in scored if j != k]
    graft_terms = Counter(t for _, _, _, t in unit.sentences[k].words)
    other_terms = Counter(t for j, s in enumerate(unit.sentences) if j != k for _, _, _, t in s.words)
    return {
        "sent_domain_min": low,
        "block_domain": block_domain,
        "domain_gap": float(np.mean(others)) - low,
        "graft_sim": cosine(_unit(_raw(space, graft_terms)), _unit(_raw(space, other_terms))),
        "graft_inside": 1.0 if 0 < k < len(unit.sentences) - 1 else 0.0,
    }


def _idf_term(space: TopicSpace, term: str) -> float:
    i = space.index.get(term)
    return float(space.idf[i]) if i is not None else space.idf_ceiling


def _idf_bag(space: TopicSpace, units: list[Unit]) -> dict[str, float]:
    bag: dict[str, float] = {}
    for unit in units:
        for term, count in unit.terms.items():
            bag[term] = bag.get(term, 0.0) + _idf_term(space, term) * count
    return bag


def _rest_cosine(space: TopicSpace, terms: Counter, total: dict[str, float], total_square: float) -> float:
    """Cosine of a block's TF-IDF bag with the rest of the article's (``total`` less the block). Only
    the block's own terms differ between the two, so the rest's norm is the total's, corrected on
    them: linear in the block, where building the rest's bag for every block was quadratic."""
    dot = mine_square = 0.0
    rest_square = total_square
    for term, count in terms.items():
        weight = _idf_term(space, term) * count
        mine_square += weight * weight
        whole = total.get(term, 0.0)
        rest = whole - weight if weight < whole else 0.0
        rest_square += rest * rest - whole * whole
        dot += weight * rest
    norm = math.sqrt(mine_square) * math.sqrt(max(rest_square, 0.0))
    return dot / norm if norm else 0.0


def _shared(unit: Unit, other: Unit) -> float:
    """Share of the block's terms that the other block uses."""
    if not unit.terms:
        return 0.0
    return sum(1 for t in unit.terms if t in other.terms) / len(unit.terms)


def _comma_openers(unit: Unit) -> float:
    """Share of sentences after the first that open with a short lead-in and a comma (the shape of a
    transition, whatever its words)."""
    later = unit.sentences[1:]
    if not later:
        return 0.0
    return sum(1 for s in later if re.match(r"^\s*(?:\S+\s+){0,2}\S+,", s.text)) / len(later)


def _link_features(unit: Unit, units: list[Unit], spread: Counter, title_terms: set[str],
                   title_vector: np.ndarray, space: TopicSpace, total_raw: np.ndarray, frame_raw: np.ndarray,
                   mean: float, spread_sd: float, links: list[LinkCandidate]) -> None:
    f = unit.features
    best_foreign, best_sim, covered = 0.0, 1.0, 0
    # A link is measured against everything but its own block: a related page is often about what
    # the next paragraph discusses.
    rest = _unit(total_raw - unit.raw + frame_raw * 2)
    for link in unit.block.links:
        covered += max(0, link.end - link.start)
        href = link.href or ""
        if href.startswith(("#", "mailto:", "tel:")):
            continue
        anchor = unit.block.text[link.start:link.end]
        slug = _slug_words(link.href)
        words = _words(f"{anchor} {slug}")
        terms = Counter(t for _, _, _, t in words)
        foreign = {t for t in terms if spread[t] - (1 if t in unit.terms else 0) <= 0}
        share, mass, _ = _shares(words, foreign)
        vector = _unit(_raw(space, terms))
        sim = cosine(vector, rest) if terms else 1.0
        path_terms = {t for _, _, _, t in _words(_path_words(link.href))}
        anchor_terms = Counter(t for _, _, _, t in _words(anchor))
        candidate = LinkCandidate(unit, link, {
            "link_foreign": share,
            "link_mass": math.log1p(mass),
            "link_sim": sim,
            "link_sim_z": (sim - mean) / (spread_sd + 0.05),
            "anchor_words": math.log1p(len(anchor.split())),
            "slug_words": math.log1p(len(slug.split())),
            "block_foreign": f["foreign_near"],
            "link_share": (link.end - link.start) / max(1, len(unit.block.text)),
            "citation_shape": 1.0 if CITATION_ANCHOR.match(anchor.strip()) else 0.0,
            "anchor_title_case": _shape(anchor)["title_case"],
            "link_title_sim": cosine(vector, title_vector) if terms else 1.0,
            # A related page is often about what one other paragraph of the article discusses.
            "link_nearest_sim": max((cosine(vector, o.vector) for o in units if o is not unit), default=0.0)
            if terms else 1.0,
            "path_known": sum(1 for t in path_terms if spread[t] - (1 if t in unit.terms else 0) > 0)
            / len(path_terms) if path_terms else 0.5,
            "path_title": len(path_terms & title_terms) / len(path_terms) if path_terms else 0.0,
            "path_words": math.log1p(len(path_terms)),
            "block_sim_rest_z": f.get("sim_rest_z", 0.0),
            "block_departure": f.get("departure", 0.0),
            "block_coverage": f.get("coverage", 1.0),
            "anchor_coverage": space.coverage(anchor_terms) if anchor_terms else 1.0,
        })
        links.append(candidate)
        best_foreign = max(best_foreign, share if words else 0.0)
        best_sim = min(best_sim, sim)
    f["has_link"] = 1.0 if unit.block.links else 0.0
    f["link_foreign"] = best_foreign
    f["link_sim"] = best_sim if unit.block.links else 1.0
    f["link_share"] = covered / max(1, len(unit.block.text))


def vectorise(features: dict[str, float], names: tuple[str, ...]) -> list[float]:
    return [float(features.get(name, 0.0)) for name in names]
