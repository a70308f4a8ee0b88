"""The learned off-topic detector (``[detector] kind = "learned"`` in ``checks/off-topic.toml``):
bridges, headlines of other stories dropped between paragraphs, and links about another subject.

It reads no list of phrases. For every candidate block (paragraph, list item, short line)
``offtopic_features`` measures how far the block and each of its sentences depart from the rest of
the article, lexically and in a topic space learned from NIH text, and how the block is shaped; a
model trained on synthetic insertions into NIH articles (``train/offtopic.py``) turns those
measures into a probability. Consecutive blocks over the threshold are one finding. Each finding
names the off-topic subject, the sentence that departs furthest and the signs that weighed most.
"""
from __future__ import annotations

import re

from ..language.topicspace import load_space
from .offtopic_features import GRAFT_FEATURES, ArticleFeatures, Unit, domain_measures, extract, is_furniture
from .offtopic_model import group_flags, load_models

BRIDGE_ID, HEADLINE_ID, LINK_ID = "off-topic/bridge", "off-topic/headline", "off-topic/link"

# How each measure reads in a finding (the model's own names are for developers).
SIGNAL_NAMES = {
    "foreign_self": "words the article uses nowhere else",
    "foreign_near": "words the article uses nowhere else",
    "foreign_mass": "specific words new to the article",
    "sent_foreign_max": "a sentence of words new to the article",
    "sent_foreign_min": "every sentence leaves the subject",
    "sent_foreign_first": "opens away from the subject",
    "sent_foreign_last": "ends away from the subject",
    "profile": "on topic, away, back again",
    "depart_after_restate": "restates the topic, then departs",
    "sim_rest": "far from the article's subject",
    "sim_rest_z": "further from the subject than the article's other paragraphs",
    "sim_sent_min": "a sentence far from the article's subject",
    "sim_prev": "unlike the paragraph before",
    "sim_next": "unlike the paragraph after",
    "sim_title": "far from the title and headings",
    "coverage": "vocabulary outside health writing",
    "lex_sim_rest": "shares few words with the article",
    "own_topic": "a subject of its own, repeated",
    "title_share": "does not name the title's subject",
    "has_link": "carries a link",
    "link_foreign": "a link about another subject",
    "link_sim": "a link far from the article's subject",
    "link_share": "carries a link",
    "title_case": "headline capitals",
    "upper": "capital letters",
    "label_prefix": "a label before a colon",
    "ends_terminal": "no final full stop",
    "question": "a question",
}
SIGNAL_NAMES.update({f"{k}_z": v for k, v in list(SIGNAL_NAMES.items())})
SUBJECT_WORDS = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
HEADLINE_WORDS = 16
MIN_NEW_WORDS = 3  # the default of `min-new-words`


class LearnedDetector:
    def run(self, analysed, ctx) -> list[tuple[int, int, float]]:
        """Reports the article's departures; returns each candidate block's line range and probability
        (what the rules' findings are weighed against when both detectors run)."""
        thresholds = ctx.thresholds
        block_model, link_model, trained_threshold, _ = load_models()
        threshold = float(thresholds.get("learned-confidence", trained_threshold))
        link_threshold = float(thresholds.get("link-confidence", 0.5))
        features = extract(analysed, domain=any(name in GRAFT_FEATURES for name in block_model.features))
        units = features.units
        prose = sum(1 for u in units if u.block.is_prose)
        if prose < int(thresholds.get("min-paragraphs", 3)):
            ctx.figures.update({"paragraphs": prose, "bridges": 0})
            return []
        # Another subject is named in words: a block with fewer words new to the article than this
        # ("Share", "Contact us", "Last reviewed: May 2024") can be page furniture, never a departure.
        min_foreign = int(thresholds.get("min-new-words", MIN_NEW_WORDS))
        furniture = {id(u) for u in units if is_furniture(u.block)}
        probabilities = [block_model.probability(u.features)
                         if len(u.foreign_words) >= min_foreign and id(u) not in furniture else 0.0
                         for u in units]
        groups = group_flags([(k, k) for k in range(len(units))], probabilities, threshold)
        topic = _topic_phrase(analysed.article.title, features)
        for first, last in groups:
            members = units[first:last + 1]
            main = max(range(first, last + 1), key=lambda k: probabilities[k])
            contributions = block_model.contributions(units[main].features)
            self._report(ctx, members, units[main], probabilities[main], contributions, topic,
                         float(thresholds.get("error-confidence", 0.0)))
        if link_model is not None:
            for candidate in features.links:
                if id(candidate.unit) in furniture:
                    continue
                confidence = link_model.probability(candidate.features)
                if confidence < link_threshold:
                    continue
                unit, link = candidate.unit, candidate.link
                ctx.report(
                    LINK_ID,
                    f"Link '{unit.block.text[link.start:link.end]}' ({link.href}) is about another subject "
                    f"than the article ({topic}).",
                    block=unit.block, span=(link.start, link.end), confidence=round(confidence, 2),
                    suggestion="Remove the link or point it to a page about the article's subject.",
                )
        ctx.figures.update({
            "paragraphs": prose,
            "bridges": len(groups),
            "topic": topic,
            "max_confidence": round(max(probabilities, default=0.0), 3),
        })
        return [(u.block.start_line, u.block.end_line, probability) for u, probability in zip(units, probabilities)]

    def _report(self, ctx, members: list[Unit], main: Unit, confidence: float, contributions: dict[str, float],
                topic: str, error_confidence: float) -> None:
        headline = all(_is_short_line(u) for u in members)
        graft = None if headline or len(members) > 1 else _grafted_sentence(main)
        pivot = graft or _pivot_sentence(main)
        subject_span = _subject_span(main, pivot)
        block_text = main.block.text
        subject = block_text[subject_span[0]:subject_span[1]].strip(" ,.:;") if subject_span else "another subject"
        signs = _signs(contributions)
        start_line, end_line = members[0].block.start_line, members[-1].block.end_line
        pivot_text = block_text[pivot[0]:pivot[1]].strip() if pivot else ""
        rule_id = HEADLINE_ID if headline else BRIDGE_ID
        # A grafted sentence: the rest of the paragraph is the article's own, so the fix takes out
        # the one sentence.
        fix = {"delete_text": pivot_text} if graft else {"delete_lines": [start_line, end_line]}
        if headline:
            message = (f"Headline of another story ('{_shorten(block_text.strip())}') in an article on {topic} "
                       f"(confidence {confidence:.2f}). Signs: {', '.join(signs)}.")
            suggestion = "Delete the line."
        elif graft:
            message = (f"Off-topic sentence about '{subject}' in a paragraph on {topic} "
                       f"(confidence {confidence:.2f}): \"{_shorten(pivot_text)}\". "
                       f"Signs: {', '.join(signs)}.")
            suggestion = "Delete the sentence; the rest of the paragraph is on the subject."
        else:
            message = (f"Off-topic insertion about '{subject}' in an article on {topic} "
                       f"(confidence {confidence:.2f}). Departs at: \"{_shorten(pivot_text)}\". "
                       f"Signs: {', '.join(signs)}.")
            suggestion = "Delete the block, or rewrite it to serve this article's reader."
        ctx.report(
            rule_id,
            message,
            block=main.block,
            span=subject_span,
            lines=(start_line, end_line),
            excerpt=" ".join(u.block.text for u in members),
            confidence=round(confidence, 3),
            # A bridge blocks publishing only when the detector is sure of it.
            severity="warning" if not headline and confidence < error_confidence else None,
            suggestion=suggestion,
            data={
                "subject": subject,
                "topic": topic,
                "pivot_sentence": pivot_text,
                "signals": {k: round(v, 3) for k, v in sorted(contributions.items(), key=lambda kv: -kv[1])[:5]
                            if v > 0},
                "blocks": [u.block.index for u in members],
                # What the report emphasises: the sentence the fix deletes, or the subject's words.
                "phrase_span": list(graft) if graft else list(subject_span) if subject_span else None,
                "fix": fix,
            },
        )


# A grafted sentence: a paragraph's sentence whose words are this much rarer in health writing (log10
# odds, see ``offtopic_features.domain_measures``) than its other sentences'. Of the blocks the writers of the
# labelled sets marked, 53% of the one-sentence grafts and 6-12% of the other insertions go this far.
GRAFT_GAP = 0.8


def _grafted_sentence(unit: Unit) -> tuple[int, int] | None:
    """The span of the sentence that departs alone from a paragraph that is otherwise on the
    subject (then the insertion is that sentence, not the paragraph)."""
    if "domain_gap" not in unit.features:
        unit.features.update(domain_measures(load_space(), unit))
    k = unit.least_medical
    if k is None or len(unit.sentences) < 2 or unit.features.get("domain_gap", 0.0) < GRAFT_GAP:
        return None
    return unit.sentences[k].start, unit.sentences[k].end


def _is_short_line(unit: Unit) -> bool:
    return len(unit.block.text.split()) <= HEADLINE_WORDS and not unit.features.get("ends_terminal")


def _pivot_sentence(unit: Unit) -> tuple[int, int] | None:
    """The sentence that departs furthest: the largest mass of words new to the article."""
    if not unit.sentences:
        return None
    foreign = {a for _, a, _ in unit.foreign_words}

    def mass(sentence) -> float:
        return sum(1.0 for _, a, _, _ in sentence.words if a in foreign)

    best = max(unit.sentences, key=mass)
    return best.start, best.end


def _subject_span(unit: Unit, pivot: tuple[int, int] | None) -> tuple[int, int] | None:
    """A link's anchor when the block carries one about another subject; otherwise the longest run
    of words new to the article in the pivot sentence (short linking words may sit inside it)."""
    text = unit.block.text
    if unit.block.links and unit.features.get("link_foreign", 0.0) >= 0.5:
        link = max(unit.block.links, key=lambda candidate: candidate.end - candidate.start)
        return link.start, link.end
    if pivot is None:
        return None
    foreign = [(a, b) for _, a, b in unit.foreign_words if pivot[0] <= a < pivot[1]]
    if not foreign:
        return None
    runs: list[list[tuple[int, int]]] = [[foreign[0]]]
    for a, b in foreign[1:]:
        gap = text[runs[-1][-1][1]:a]
        if len(SUBJECT_WORDS.findall(gap)) <= 2 and not re.search(r"[.,;:!?()]", gap):
            runs[-1].append((a, b))
        else:
            runs.append([(a, b)])
    best = max(runs, key=len)
    return best[0][0], best[-1][1]


def _signs(contributions: dict[str, float]) -> list[str]:
    names: list[str] = []
    for feature, value in sorted(contributions.items(), key=lambda kv: -kv[1]):
        if value <= 0 or len(names) == 3:
            break
        name = SIGNAL_NAMES.get(feature)
        if name and name not in names:
            names.append(name)
    return names or ["far from the article's subject"]


def _shorten(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _topic_phrase(title: str, features: ArticleFeatures) -> str:
    title = re.sub(r"\s+", " ", title).strip()
    if title and len(title.split()) <= 12:
        return f"'{title}'"
    common = [t for t, _ in features.spread.most_common(3)]
    return ", ".join(common) or "its subject"


DETECTOR = LearnedDetector()
