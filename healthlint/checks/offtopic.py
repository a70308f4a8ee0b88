"""off-topic: paragraphs slipped into an article to serve another page ("bridges").

A bridge restates the article's topic, pivots to an unrelated subject, names or links the other
article, and often returns to the topic in a closing sentence that may stand as its own paragraph.
The check reads the article's own vocabulary (title, headings, front matter, body) and weighs, for
every paragraph, several independent signs:

- departure: a sentence whose content words the rest of the article never uses, weighted by how
  specific each word is in English (wordfreq), so "passport" counts and "matters" does not;
- a block topic of its own: a specific term repeated inside the paragraph and nowhere else;
- a link whose anchor text and target slug are foreign to the article (Markdown, HTML);
- a referral: a cue such as "this guide on" followed by a title-like phrase of foreign words,
  which is what a link leaves behind when scraping drops it (plain text);
- the shape: a pivot marker ("Similarly", "Speaking of"), the topic restated before the departure
  and returned to after it.

No sign alone makes a bridge: the confidence is a weighted sum, and the threshold and weights are
editorial policy (``checks/off-topic.toml``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlparse

from ..core.findings import Rule
from ..core.model import PARAGRAPH, Block
from ..language.topic import TopicModel, build_topic_model, content_words, specificity, stem
from ..language.nlp import sentences
from ..core.registry import Check
from .offtopic_fix import DELETE_BRIDGE
from .offtopic_model import load_models, model_backs

BRIDGE = Rule(
    "off-topic/bridge",
    "error",
    "A paragraph (or run of paragraphs) that pivots to an unrelated subject to serve another page.",
    """## What it finds
One paragraph, or a few consecutive ones, that leave the article's subject to talk about something
else, usually to carry a link to another article: a paragraph on fish oil capsules inside an article
on knee pain, a travel-insurance plug inside an article on asthma. It also finds one sentence of
another walk of life set inside an on-topic paragraph (a line of local news in the middle of advice
on wound care). The finding covers every line of the block and
names the off-topic subject, the article topic it departs from, the sentence that pivots, the signs
that fired and a confidence.

## Why it matters
Readers come for one health question. An inserted paragraph wastes their attention, can pass off
a commercial page as medical advice, and is the mark of a content farm: search engines and
medical reviewers treat it as spam.

## Example
> Knee pain on stairs often comes from the joint behind the kneecap. Travel insurance for long
> flights is easy to compare online, and [our guide to cheap flights to Lisbon](https://example.org/cheap-flights-lisbon)
> lists the best deals. Strengthening the thigh muscles takes load off the knee.

## Fix
Delete the block (`healthlint check --fix` removes it), or rewrite it so that it serves the
article's reader. Where the paragraph's other sentences are on the subject, the finding says
"Off-topic sentence" and the fix deletes that sentence alone (where it stands whole on one source
line; in a hard-wrapped paragraph, delete it by hand). If the digression is deliberate and related (diet advice in an arthritis
article), keep it; if healthlint still flags it, suppress it with
`<!-- healthlint-disable-next-line off-topic/bridge -->`.

## Options
`checks/off-topic.toml`: `[thresholds] detector` ("both", the default: a model trained on NIH text
and on pages independent writers wrote, that reads no phrase list, plus the rules' findings where the
model reported nothing but finds a block at least `rules-floor` likely to depart; "learned" or "rules"
alone; see the README for each one's held-out figures), `learned-confidence` (the model's; 0.775, the
point where clean pages of writers it never saw drew at most 2 false alarms per 50), `rules-floor`
(0.2), `bridge-confidence` (rules; 0 to 1, higher flags less), the weights of each sign and the lists
of pivot markers and referral cues (rules).

## References
- Google Search Central, "Spam policies: scaled content abuse, link spam".
- NIH, "Clear & Simple": keep each document to the reader's question.
""",
    fix=DELETE_BRIDGE, display="block",
)

HEADLINE = Rule(
    "off-topic/headline",
    "warning",
    "The headline of another story (a recirculation link or widget) left between paragraphs.",
    """## What it finds
A short line between paragraphs that is the headline of an unrelated story: what a news site's
"more stories" links and recommendation widgets leave in a scraped or syndicated page, with or
without a label before a colon, in capitals or title case, with no final full stop.

## Why it matters
The line breaks the article for the reader and advertises another page; in a syndicated copy it
is debris of the source site.

## Example
```
Most people with shingles get better in three to five weeks.

MORE: Harbour festival returns with fireworks on Saturday

The rash usually appears on one side of the body.
```

## Fix
Delete the line.

## Options
The learned detector reports a bridge as an error only at `[thresholds] error-confidence` or more
(a warning below it), so that only the insertions it is sure of block publishing.
`[thresholds] learned-confidence` applies to headlines too.

## References
- Google Search Central, "Spam policies for Google web search".
""",
)

LINK = Rule(
    "off-topic/link",
    "warning",
    "A link whose anchor text and target are about another subject than the article.",
    """## What it finds
A link in the body whose anchor text and target (the URL's slug) are about a subject the article
never discusses: "[the best budget laptops of the year](https://example.org/best-budget-laptops)"
in an article on asthma. Links to sections of the same page, citations and
glossary links whose words the article uses are never flagged.

## Why it matters
Off-topic links are what inserted bridges exist to carry; they also leak the reader away from the
health question and can be paid placements.

## Example
`For more, see [the best budget laptops of the year](https://example.org/best-budget-laptops).`

## Fix
Remove the link, or replace it with one about the article's subject.

## Options
`checks/off-topic.toml`: `[thresholds] link-foreignness` (share of the anchor's and slug's specific
words the article never uses).

## References
- Google Search Central, "Spam policies: link spam".
""",
)

DEFAULT_WEIGHTS = {
    "cue": 0.5, "departure": 0.2, "pivot-marker": 0.1, "restate-return": 0.15, "interruption": 0.55,
    "own-topic": 0.05,
}
# How headlines of other articles begin ("how long does it take to …", "4 ways to …", "the truth
# about …"): after a referral cue, such a phrase is a title even when its words are everyday ones.
HEADLINE_SHAPE = re.compile(
    r"(?i)(how (to|long|much|many|often|do|does|can)|what (is|are|to)|why|when to|\d+ (ways|tips|things|signs|"
    r"reasons|steps|foods|habits)|the (best|truth|ultimate|complete)|tips (for|on|to)|everything)\b"
)
# Where a noun phrase ends and its clause goes on: the subject of a bridge is the phrase alone.
SUBJECT_END = re.compile(r"\s+(?:can|could|may|might|will|would|is|are|was|were|need|needs|depends|makes|helps|"
                         r"explains?|goes)\b|[,;:]")
SLUG_SPLIT = re.compile(r"[-_/.+]+")
CITATION_ANCHOR = re.compile(r"^[\[\(]?\d+[\]\)]?$|^(ref|source|link|here|this|pdf|doi)$", re.I)
TITLE_CUE_PHRASE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\- ]{6,}")


@dataclass
class SentenceEvidence:
    start: int
    end: int
    text: str
    departure: float  # weighted share of foreign words
    foreign_mass: float  # summed specificity of foreign words
    foreign_words: list[tuple[str, int, int]] = field(default_factory=list)
    mentions_topic: bool = False
    referral: tuple[int, int, float] | None = None  # span of the referred phrase and its foreignness
    pivot: bool = False
    phrase: tuple[int, int, float] | None = None  # a run of foreign words: a link's surviving anchor
    closer: bool = False  # opens with a closing marker ("Ultimately,", "In the end,")
    named: int = 0  # how many of the title's words it uses
    marker_end: int = -1  # where the last pivot marker or referral cue in it ends (block offsets)


@dataclass
class BlockEvidence:
    block: Block
    sentences: list[SentenceEvidence]
    link_foreignness: float = 0.0
    link_span: tuple[int, int] | None = None
    link_href: str | None = None
    own_topic: str | None = None
    signals: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0
    pair_confidence: float = 0.0
    pair_signals: dict[str, float] = field(default_factory=dict)
    pair_with: "BlockEvidence | None" = None

    @property
    def pivot_sentence(self) -> SentenceEvidence | None:
        if not self.sentences:
            return None
        return max(self.sentences, key=lambda s: (s.referral is not None and s.referral[2] > 0.5, s.foreign_mass * s.departure))


class OffTopicCheck(Check):
    name = "off-topic"
    rules = (BRIDGE, HEADLINE, LINK)

    def run(self, analysed, ctx) -> None:
        detector = ctx.thresholds.get("detector", "both")
        if detector not in ("learned", "both"):
            self._run_rules(analysed, ctx)
            return
        # Imported here so that numpy, the topic space and the model load only when the learned
        # detector runs: `healthlint rules` and `--help` stay light (tests/test_cli_startup.py).
        from .offtopic_learned import DETECTOR as LEARNED_DETECTOR

        scores = LEARNED_DETECTOR.run(analysed, ctx)
        floor = float(ctx.thresholds.get("rules-floor", load_models()[3]))
        # Where the model gives no block the floor, no rules finding could stand: the rules need not run.
        if detector == "both" and max((p for _, _, p in scores), default=0.0) >= floor:
            self._add_rules(analysed, ctx, scores, floor)
        elif detector == "both":
            ctx.figures["rules_added"] = 0

    def _add_rules(self, analysed, ctx, scores: list[tuple[int, int, float]], floor: float) -> None:

        """The weighted signs of generic discourse markers and referral cues, as a second reader: their
        findings are kept where the model reported nothing on the same lines, and only where the model
        too finds a block on those lines at least ``floor`` likely to depart (a marker alone, in a
        paragraph the model reads as the article's own, is the rules' commonest false alarm)."""
        learned, figures = list(ctx.findings), dict(ctx.figures)
        ctx.findings = []
        self._run_rules(analysed, ctx)
        def kind(finding) -> bool:  # a link, or a block (bridge or headline)
            return finding.rule == LINK.id

        added = [f for f in ctx.findings
                 if model_backs(f.start_line, f.end_line, scores, floor)
                 and not any(kind(f) == kind(g) and f.start_line <= g.end_line and g.start_line <= f.end_line
                             for g in learned)]
        ctx.findings = learned + added
        ctx.figures = {**figures, "bridges": int(figures.get("bridges", 0)) + sum(
            1 for f in added if f.rule != LINK.id), "rules_added": len(added)}

    def _run_rules(self, analysed, ctx) -> None:
        article = analysed.article
        policy = ctx.policy.section("off-topic")
        thresholds = ctx.thresholds or policy.get("thresholds", {})
        weights = policy.get("weights", {})
        markers = _compile_markers(tuple(policy.get("pivot_markers", [])))
        cues = _compile_markers(tuple(policy.get("referral_cues", [])))
        closers = _compile_markers(tuple(policy.get("closing_markers", [])))
        model = build_topic_model(article, analysed.block_words)
        prose = [(block, doc) for block, doc in analysed.prose()]
        if len(prose) < 3:
            ctx.figures.update({"paragraphs": len(prose), "bridges": 0})
            return
        indices = [block.index for block, _ in prose]
        evidence = [
            self._evidence(block, doc, model, markers, cues, set(indices[max(0, i - 1):i + 2]), closers)
            for i, (block, doc) in enumerate(prose)
        ]
        for i, item in enumerate(evidence):
            self._score(item, evidence, i, model, weights)
        self._score_pairs(evidence, model, weights)

        threshold = float(thresholds.get("bridge-confidence", 0.5))
        link_threshold = float(thresholds.get("link-foreignness", 0.75))
        topic = _topic_phrase(article.title, model)
        flagged = 0
        i = 0
        while i < len(evidence):
            item = evidence[i]
            paired = (item.pair_with is not None and item.pair_confidence >= threshold
                      and item.pair_with.confidence < threshold)
            if item.confidence < threshold and not paired:
                i += 1
                continue
            blocks = [item]
            if item.confidence < threshold:
                partner = item.pair_with
                blocks.append(partner)
                main = max((item, partner), key=lambda e: e.confidence)
                main.confidence, main.signals = item.pair_confidence, item.pair_signals
                item = main
            # A bridge's closing sentence may stand as its own short paragraph that only restates
            # the topic: it belongs to the block.
            after = evidence.index(blocks[-1]) + 1
            if after < len(evidence) and _is_closing(evidence[after], item, model):
                blocks.append(evidence[after])
            self._report_bridge(ctx, blocks, item, topic)
            flagged += 1
            i = max(i + 1, evidence.index(blocks[-1]) + 1)

        for item in evidence:
            # A foreign link alone is common in pages that cite related pages (glossaries, agencies);
            # report it where the paragraph carrying it is a bridge, or where its anchor is the
            # headline of another article.
            if not item.link_span or item.link_foreignness < link_threshold or _navigation_only(item):
                continue
            anchor = item.block.text[item.link_span[0]:item.link_span[1]]
            carried = max(item.confidence, item.pair_confidence) >= threshold
            if carried or (HEADLINE_SHAPE.match(anchor) and len(content_words(anchor)) >= 3):
                start, end = item.link_span
                ctx.report(
                    LINK.id,
                    f"Link '{item.block.text[start:end]}' ({item.link_href}) is about another subject "
                    f"than the article ({topic}).",
                    block=item.block, span=item.link_span,
                    confidence=round(item.link_foreignness, 2),
                    suggestion="Remove the link or point it to a page about the article's subject.",
                )
        ctx.figures.update({
            "paragraphs": len(evidence),
            "bridges": flagged,
            "topic": topic,
            "max_confidence": round(max((e.confidence for e in evidence), default=0.0), 3),
        })

    # -- evidence -----------------------------------------------------------------------------

    def _evidence(self, block: Block, doc, model: TopicModel, markers, cues, own: set[int], closers=None) -> BlockEvidence:
        """``own`` is the block and its neighbours: a bridge may span two paragraphs, so a word used
        only there is still foreign to the article."""
        per_sentence = []
        title_terms = set(model.title_terms) | model.heading_terms
        block_words = model.block_words.get(block.index, [])
        cursor = 0
        for sent in sentences(doc):
            offset = sent.start_char
            text = block.text[offset:sent.end_char]
            while cursor < len(block_words) and block_words[cursor][1] < offset:
                cursor += 1
            words = []
            while cursor < len(block_words) and block_words[cursor][1] < sent.end_char:
                words.append(block_words[cursor])
                cursor += 1
            total = foreign = 0.0
            foreign_words = []
            named = set()
            for word, a, b, term in words:
                weight = specificity(word)
                total += weight
                if term in model.title_terms:
                    named.add(term)
                if model.occurrences_elsewhere(term, own) == 0 and not word.isupper():
                    foreign += weight
                    foreign_words.append((word, a, b))
            departure = foreign / total if total else 0.0
            # Naming the topic takes two of the title's words ("knee ... pain"), or its only one:
            # a single generic title word such as "pain" or "causes" is not a restatement.
            mentions = len(named) >= min(2, len(set(model.title_terms)))
            evidence = SentenceEvidence(offset, offset + len(text), text, departure, foreign, foreign_words, mentions)
            evidence.phrase = _foreign_phrase([(w, a, b) for w, a, b, _ in words], foreign_words)
            evidence.named = len(named)
            evidence.pivot = bool(markers and markers.search(text))
            ends = [m.end() for pattern in (markers, cues) if pattern for m in pattern.finditer(text)]
            evidence.marker_end = offset + max(ends) if ends else -1
            evidence.closer = bool(closers and closers.match(text.strip()))
            if cues:
                for match in cues.finditer(text):
                    phrase = _phrase_after(text, match.end())
                    if phrase:
                        a, b = phrase
                        strength = max(_foreignness(text[a:b], model, own), 0.8 if HEADLINE_SHAPE.match(text[a:b]) else 0.0)
                        evidence.referral = (offset + a, offset + b, strength)
                        break
            per_sentence.append(evidence)
        item = BlockEvidence(block, per_sentence)
        for link in block.links:
            value = _link_foreignness(link.text, link.href, model, own)
            if value > item.link_foreignness:
                item.link_foreignness, item.link_span, item.link_href = value, (link.start, link.end), link.href
        repeated = [
            (count, term) for term, count in model.block_terms.get(block.index, {}).items()
            if count >= 2 and model.occurrences_elsewhere(term, own) == 0 and term not in title_terms
        ]
        if repeated:
            item.own_topic = max(repeated)[1]
        return item

    def _score(self, item: BlockEvidence, evidence: list[BlockEvidence], i: int, model: TopicModel, weights) -> None:
        pivot = item.pivot_sentence
        if pivot is None or item.block.kind != PARAGRAPH or _navigation_only(item):
            return
        w = dict(DEFAULT_WEIGHTS)
        w.update({k: float(v) for k, v in weights.items()})
        signals: dict[str, float] = {}
        # Departure: the pivot sentence's share of foreign words, counted in full only when they add
        # up to a few specific words (one new term is normal in any paragraph).
        signals["departure"] = round(pivot.departure * min(1.0, pivot.foreign_mass / 2.5), 3)
        if item.link_span:
            signals["link"] = round(item.link_foreignness, 3)
        referral = max((s.referral[2] for s in item.sentences if s.referral), default=0.0)
        if referral:
            signals["referral"] = round(referral, 3)
        phrase = max((s.phrase[2] for s in item.sentences if s.phrase), default=0.0)
        if phrase:
            signals["title-phrase"] = round(phrase, 3)
        if item.own_topic:
            signals["own-topic"] = 1.0
        if any(s.pivot for s in item.sentences):
            signals["pivot-marker"] = 1.0
        if _restates_and_returns(item, pivot, evidence, i, model):
            signals["restate-return"] = 1.0
        if _interrupts(item, evidence, i, model):
            signals["interruption"] = 1.0
        item.signals = {k: v for k, v in signals.items() if v}
        # A link or referral to another subject is ordinary in a page that cites related pages; it
        # is a bridge's when the paragraph is also built like one: a pivot, or the topic restated and
        # returned to. A paragraph that departs in every sentence and never names the topic is built
        # like one too, when what it refers to is a real subject (several specific words), or when
        # it also pivots. A bare run of foreign words counts only in a paragraph so built.
        departs_throughout = _departs_throughout(item)
        shaped = any(k in signals for k in ("pivot-marker", "restate-return"))
        cue = max(signals.get("link", 0.0), signals.get("referral", 0.0))
        if "restate-return" in signals or ("pivot-marker" in signals and departs_throughout):
            cue = max(cue, 0.6 * signals.get("title-phrase", 0.0))
        if departs_throughout and _referred_mass(item) >= 1.5:
            shaped = True
        if not shaped:
            cue *= 0.3
        total = w["cue"] * cue + sum(w[k] * v for k, v in signals.items() if k not in ("link", "referral", "title-phrase"))
        item.confidence = round(min(1.0, total), 3)

    def _score_pairs(self, evidence: list[BlockEvidence], model: TopicModel, weights) -> None:
        """A bridge may span two paragraphs: the pivot in one, the link or referral in the next.
        Score each pair of neighbouring paragraphs of one section as a single block."""
        for i in range(len(evidence) - 1):
            first, second = evidence[i], evidence[i + 1]
            if first.block.section != second.block.section or PARAGRAPH not in (first.block.kind, second.block.kind):
                continue
            if second.block.index != first.block.index + 1 or min(len(first.sentences), len(second.sentences)) < 2:
                continue
            merged = BlockEvidence(first.block, first.sentences + second.sentences)
            merged.link_foreignness, merged.link_span, merged.link_href = max(
                (first.link_foreignness, first.link_span, first.link_href),
                (second.link_foreignness, second.link_span, second.link_href), key=lambda t: t[0])
            merged.own_topic = first.own_topic or second.own_topic
            self._score(merged, [merged], 0, model, weights)
            if merged.confidence > max(first.confidence, second.confidence):
                for item in (first, second):
                    item.pair_confidence = merged.confidence
                    item.pair_signals = merged.signals
                first.pair_with = second

    # -- reporting ------------------------------------------------------------------------------

    def _report_bridge(self, ctx, blocks: list[BlockEvidence], main: BlockEvidence, topic: str) -> None:
        pivot = main.pivot_sentence
        subject_span = None
        if main.link_span and main.link_foreignness >= 0.5:
            subject_span = main.link_span
        elif pivot and pivot.referral and pivot.referral[2] >= 0.5:
            subject_span = pivot.referral[:2]
        elif pivot and pivot.phrase:
            subject_span = pivot.phrase[:2]
        elif pivot and pivot.foreign_words:
            subject_span = (pivot.foreign_words[0][1], pivot.foreign_words[-1][2])
        if subject_span and pivot and not (main.link_span and subject_span == main.link_span):
            subject_span = _best_segment(main.block.text, subject_span, pivot)
        subject = main.block.text[subject_span[0]:subject_span[1]].strip(" ,.") if subject_span else "another subject"
        fired = ", ".join(f"{k} {v:.2f}" for k, v in sorted(main.signals.items(), key=lambda kv: -kv[1]))
        start_line = blocks[0].block.start_line
        end_line = blocks[-1].block.end_line
        pivot_text = pivot.text.strip() if pivot else ""
        ctx.report(
            BRIDGE.id,
            f"Off-topic insertion about '{subject}' in an article on {topic} "
            f"(confidence {main.confidence:.2f}). Pivot: \"{_shorten(pivot_text)}\". Signs: {fired}.",
            block=main.block,
            span=subject_span,
            lines=(start_line, end_line),
            excerpt=" ".join(b.block.text for b in blocks),
            confidence=round(main.confidence, 3),
            suggestion="Delete the block, or rewrite it to serve this article's reader.",
            data={
                "subject": subject,
                "topic": topic,
                "pivot_sentence": pivot_text,
                "signals": main.signals,
                "blocks": [b.block.index for b in blocks],
                "phrase_span": list(subject_span) if subject_span else None,
                "fix": {"delete_lines": [start_line, end_line]},
            },
        )


def _foreign_phrase(words, foreign_words) -> tuple[int, int, float] | None:
    """The longest run of three or more consecutive foreign content words (linking words allowed
    between them): the title-like phrase a dropped link leaves in scraped text."""
    foreign_starts = {a for _, a, _ in foreign_words}
    best = None
    run: list[tuple[str, int, int]] = []
    for word, a, b in words + [("", -1, -1)]:
        if a in foreign_starts:
            run.append((word, a, b))
            continue
        if len(run) >= 3:
            mass = sum(specificity(w) for w, _, _ in run)
            if mass >= 1.5 and (best is None or mass > best[2]):
                best = (run[0][1], run[-1][2], min(1.0, mass / 2.5))
        run = []
    return best


def _best_segment(text: str, span: tuple[int, int], pivot: SentenceEvidence) -> tuple[int, int]:
    """The clause of ``span`` that carries most of the foreign words, without the words that
    announce it: "Speaking of planning, our packing checklist for family vacations can save ..."
    names "packing checklist for family vacations"."""
    start, end = span
    if start < pivot.marker_end < end:
        start = pivot.marker_end
    cuts = [start] + [m.start() for m in SUBJECT_END.finditer(text, start, end)] + [end]
    foreign = {a: specificity(w) for w, a, _ in pivot.foreign_words}
    best, best_mass = (start, end), -1.0
    for a, b in zip(cuts, cuts[1:]):
        mass = sum(weight for offset, weight in foreign.items() if a <= offset < b)
        if mass > best_mass:
            best, best_mass = (a, b), mass
    a, b = best
    lead = LEADING_FUNCTION_WORDS.match(text, a, b)
    return (lead.end() if lead else a), b


LEADING_FUNCTION_WORDS = re.compile(
    r"(?:[\s,;:–—-]|\b(?:our|this|that|the|a|an|of|on|to|about|like|in|is|are|can|could|may|might|will|would|"
    r"was|were|need|needs|depends|makes|helps|explains?|goes)\b)*")


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=32)
def _compile_markers(markers: tuple[str, ...]):
    if not markers:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, m.lower().split())) for m in markers)
    return re.compile(rf"(?i)\b(?:{alternatives})\b")


def _phrase_after(text: str, position: int) -> tuple[int, int] | None:
    """The title-like phrase a referral cue introduces: up to the end of the clause."""
    rest = text[position:]
    match = re.match(r"\s*(?:(?:this|that|our|the|a|an|these|those|my)\s+)?(?:(?:helpful|useful|"
                     r"detailed|great|quick|comprehensive|short|full)\s+)*"
                     r"(?:(?:guide|article|post|piece|resource|overview|read|story|page|blog)\s+"
                     r"(?:on|about|to|for|of)\s+)?", rest)
    start = position + (match.end() if match else 0)
    clause = re.match(r"[^.,;:!?()–—]+", text[start:])
    if not clause:
        return None
    end = start + len(clause.group(0).rstrip())
    tail = re.search(r"\s+(?:can|could|may|might|will|would|is|are|was|were|explains?|since|because|which|that)\b",
                     text[start:end])
    if tail:
        end = start + tail.start()
    if end - start < 6:
        return None
    return start, end


def _foreignness(text: str, model: TopicModel, own: set[int]) -> float:
    """Share of the specific words of ``text`` that the rest of the article never uses, discounted
    when those words are few and everyday ("how to say the words" is not a subject)."""
    total = foreign = 0.0
    for word, _, _ in content_words(text):
        weight = specificity(word)
        total += weight
        if model.occurrences_elsewhere(stem(word), own) == 0:
            foreign += weight
    if not total:
        return 0.0
    return (foreign / total) * min(1.0, foreign / 0.9)


def _link_foreignness(anchor: str, href: str | None, model: TopicModel, own: set[int]) -> float:
    if not href or href.startswith(("#", "mailto:", "tel:")) or CITATION_ANCHOR.match(anchor.strip()):
        return 0.0
    parsed = urlparse(href)
    slug = unquote(parsed.path.rstrip("/").rsplit("/", 1)[-1])
    slug = re.sub(r"\.(html?|aspx?|php)$", "", slug)
    # Only a descriptive slug ("how-to-keep-cut-flowers-fresh") says what the target is about;
    # "popDefinition.aspx?id=123" or "/types/lung" says little.
    parts = [p for p in re.split(r"[-_]+", slug) if p]
    slug_words = " ".join(parts) if len(parts) >= 3 else ""
    text = f"{anchor} {slug_words}"
    if len(content_words(text)) < 2:
        return 0.0
    return _foreignness(text, model, own)


def _departs_throughout(item: BlockEvidence) -> bool:
    """Every sentence leaves the article's vocabulary and none names its topic."""
    sentences = item.sentences
    return bool(sentences) and all(s.departure >= 0.7 and not s.named for s in sentences) and \
        sum(s.foreign_mass for s in sentences) >= 2.5


def _referred_mass(item: BlockEvidence) -> float:
    """How many specific words the link or referral of a block carries (its subject's weight)."""
    text = item.block.text
    spans = [s.referral[:2] for s in item.sentences if s.referral]
    if item.link_span:
        spans.append(item.link_span)
    return max((sum(specificity(w) for w, _, _ in content_words(text[a:b])) for a, b in spans), default=0.0)


def _restates_and_returns(item: BlockEvidence, pivot: SentenceEvidence, evidence, i: int, model) -> bool:
    """The bridge shape: the topic named first, a sentence that leaves it, the topic named again
    (in the last sentence or in a short closing paragraph)."""
    sentences = item.sentences
    if len(sentences) < 2 or pivot is sentences[0] or pivot.mentions_topic:
        return False
    if pivot.departure < 0.35 or pivot.foreign_mass < 1.5:
        return False
    returns = sentences[-1].mentions_topic and sentences[-1].closer and pivot is not sentences[-1]
    closing = i + 1 < len(evidence) and _is_closing(evidence[i + 1], item, model)
    return sentences[0].mentions_topic and (returns or closing)


def _interrupts(item: BlockEvidence, evidence, i: int, model: TopicModel) -> bool:
    """A paragraph of its own subject dropped between two paragraphs that share theirs: every
    sentence departs, none names the article's topic, and the neighbours have words in common
    that this paragraph lacks."""
    sentences = item.sentences
    if len(sentences) < 3 or any(s.mentions_topic for s in sentences):
        return False
    if min(s.departure for s in sentences) < 0.6 or sum(s.foreign_mass for s in sentences) < 4.0:
        return False
    if i == 0 or i + 1 >= len(evidence):
        return False
    heading = model.section_terms.get(item.block.section, set())
    if any(t in heading for t in model.block_terms.get(item.block.index, {})):
        return False
    before = model.block_terms.get(evidence[i - 1].block.index, {})
    after = model.block_terms.get(evidence[i + 1].block.index, {})
    mine = model.block_terms.get(item.block.index, {})
    shared_neighbours = {t for t in before if t in after and specificity(t) >= 0.3}
    shared_with_me = sum(specificity(t) for t in mine if (t in before or t in after) and specificity(t) >= 0.3)
    return len(shared_neighbours) >= 2 and shared_with_me <= 1.0


def _navigation_only(item: BlockEvidence) -> bool:
    """A paragraph that is only a link with a short label ("Read more: …", "Related: …") is page
    furniture, not prose."""
    if not item.link_span:
        return False
    start, end = item.link_span
    outside = (item.block.text[:start] + item.block.text[end:]).split()
    return len(outside) <= 4


def _is_closing(candidate: BlockEvidence, bridge: BlockEvidence, model: TopicModel) -> bool:
    """A short paragraph right after a bridge that only restates the topic, with nothing new."""
    block = candidate.block
    if block.kind != PARAGRAPH or len(candidate.sentences) != 1 or len(block.text.split()) > 30:
        return False
    sentence = candidate.sentences[0]
    return sentence.named >= 1 and sentence.closer and sentence.foreign_mass < 1.5


def _topic_phrase(title: str, model: TopicModel) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    if title and len(title.split()) <= 12:
        return f"'{title}'"
    return ", ".join(model.top_terms(3)) or "its subject"


CHECK = OffTopicCheck()
