"""Disclaimers: the statements a health article must carry, recognised by meaning rather than one
exact string: the medical disclaimer, the supplement statement (DSHEA), emergency advice beside
red-flag symptoms, the affiliate disclosure (FTC), and a dated medical review in the front matter.

The wordings, triggers and thresholds are policy: checks/disclaimers.toml, with its sources.
"""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qsl, urlsplit

from ..core.findings import Rule
from ..core.model import HEADING, TABLE
from ..language.nlp import sentences
from ..core.phrases import TERM_EDGES, alternation, phrase_pattern
from ..core.registry import Check
from .disclaimers_fix import APPEND_DISCLAIMER
from .disclaimers_meaning import disclaimer_reason, has, words

MEDICAL = Rule("disclaimers/medical", "error",
               "The article has no medical disclaimer (or not where the house puts it).", """## What it finds
An article with no statement that it is general information, not a substitute for professional
medical advice. The statement is recognised by what its sentence says, in any wording, from small
concept word sets: (a) the text framed as information or advice, (b) a negation or limitation of
it, and/or (c) a referral to a professional. A sentence counts when it
- negates that the text replaces or is a professional's care: "The content of this page should
  not be construed as medical advice", "is not a substitute for professional medical advice",
  "does not constitute medical advice", "is not intended to diagnose, treat, cure";
- limits its purpose: "for informational purposes only", "for educational purposes";
- calls itself general information, with a professional, a referral or a negation nearby;
- sends every reader to a professional: "Always seek the advice of your physician", "consult a
  licensed physician about your own health" ("See your doctor if the pain lasts" is advice about
  one case, not a disclaimer; "Consult the table below" names no professional);
- is labelled "Medical disclaimer:" with a professional or a referral.
Words are stemmed and contractions spelled out ("isn't" = "is not"). A disclaimer found away from
where the policy wants it (the start or the end, by default, or under a heading the house names) is
reported at `warning` level.

## Why it matters
Readers act on health articles. The disclaimer tells them the article cannot account for their
case and sends them to a clinician; publishers rely on it, and the house style requires it.

## Example
An article that ends with its conclusion and no disclaimer.

## Fix
Append the house text (policy `medical.house-text`); `--fix` does it.

## Options
`medical-location` ("start-or-end", "end", "start", "section", "anywhere"), `medical-end-blocks`,
`medical-block-min-words`, `medical-negation-window`, `medical-referral-window` and the headings
`[medical] sections` in `checks/disclaimers.toml`; the concept word sets `[medical.concepts]`
(`framing`, `negation`, `replace`, `scope`, `general`, `professional`, `referral`,
`general-case`, `always`, `label`).

## References
- House style guide; FTC health-claims guidance (Health Products Compliance Guidance, 2022).
- HONcode principle 2 (complementarity); FDA 21 CFR 101.93(c); MedlinePlus "Disclaimers".
""", fix=APPEND_DISCLAIMER)

SUPPLEMENT = Rule("disclaimers/supplement", "error",
                  "The article recommends a dietary supplement without the supplement statement.", """## What it finds
A sentence that names a dietary supplement (fish oil, vitamin D, turmeric, melatonin, ...) with
a recommendation cue ("might help", "try", "consider taking", "benefits") in an article that does
not carry the supplement statement. Sentences about deficiency, blood levels or interactions are
not recommendations.

## Why it matters
Under DSHEA, a claim that a supplement affects the body's structure or function must carry the FDA
statement; the house applies the same rule to editorial recommendations.

## Example
"Taking turmeric capsules every morning might help ease stiff joints."

## Fix
Add the house supplement statement (policy `supplement.house-text`): "These statements have not
been evaluated by the Food and Drug Administration. This product is not intended to diagnose,
treat, cure, or prevent any disease." Or drop the recommendation.

## Options
`supplement.terms`, `supplement.recommendation`, `supplement.not-recommendation`, and the accepted
wording groups `not-evaluated`, `not-intended` in `checks/disclaimers.toml`.

## References
- Dietary Supplement Health and Education Act of 1994, 21 U.S.C. 343(r)(6).
- 21 CFR 101.93(b)-(c), the required disclaimer.
""")

EMERGENCY = Rule("disclaimers/emergency", "error",
                 "A red-flag condition or symptom is named without emergency advice near it.", """## What it finds
A red-flag condition or symptom (cauda equina syndrome, chest pain, signs of stroke, suicidal
thoughts, anaphylaxis, loss of bladder control, ...) with no emergency advice ("seek immediate
medical attention", "call 911 or your local emergency number", "go to the emergency room") in the
same part of the article: the red flag's section with its top-level heading and every
subsection under it (so an "Emergency" heading or a sentence advising 911, the ER or urgent care
anywhere there counts), a neighbouring section headed "Emergency situations" or "When to get
urgent help" (`emergency.headings`), the blocks right around the mention, and the blocks after a
short paragraph standing as such a heading ("Emergency situations" in bold) just after it. A red
flag that an advice sentence names anywhere in the article ("If you see signs of a stroke, call
911") is advised. A red flag named to define another term ("Angina is
chest pain") or in a pointer to other reading (`not-red-flag`) is not a warning. One finding an article, at the first red flag left
without advice; the message names the other red flags and lines.

## Why it matters
A reader with that symptom must act now; an article that lists it among ordinary causes of back
pain without saying so can delay care.

## Example
"Cauda equina syndrome causes numbness in the groin and loss of bladder control." with nothing
else.

## Fix
Add a sentence beside it: "This is a medical emergency: call 911 or your local emergency number."

## Options
`emergency-window` (blocks around the mention), `emergency-heading-max-words`,
`emergency.red-flags`, `emergency.advice`, `emergency.headings` and `emergency.not-red-flag`.

## References
- MedlinePlus, "Recognizing medical emergencies"; 988 Suicide & Crisis Lifeline.
""")

AFFILIATE = Rule("disclaimers/affiliate", "error",
                 "Affiliate or sponsored links with no disclosure before the first of them.", """## What it finds
A link whose URL marks it as paid (affiliate parameters such as `tag=`, `aff=`, `ref=`,
`utm_medium=affiliate`, or an affiliate network's host such as amzn.to, shareasale.com) with no
disclosure ("we earn a commission", "affiliate links", "sponsored by") before it.

## Why it matters
The FTC Endorsement Guides require a clear and conspicuous disclosure of a material connection,
placed before the reader meets the link, not in a footer.

## Example
"Try [this fish oil](https://amzn.to/3xYz)." in an article with no disclosure.

## Fix
Put the disclosure above the first affiliate link, e.g. "We may earn a commission from links on
this page."

## Options
`affiliate.params`, `affiliate.utm-medium`, `affiliate.hosts`, `affiliate.disclosure`. Links marked
`rel="sponsored"` are not seen yet (the HTML parser does not keep `rel`).

## References
- FTC, Guides Concerning the Use of Endorsements and Testimonials in Advertising, 16 CFR 255.5.
- FTC, ".com Disclosures" (2013) and "Disclosures 101 for Social Media Influencers" (2019).
""")

REVIEW = Rule("disclaimers/review", "warning",
              "The front matter names no medical reviewer, or the review date is missing or stale.", """## What it finds
In an article with front matter (Markdown), a missing medical reviewer (`medical_reviewer` or
`reviewed_by`), a missing or unreadable last-reviewed date (`last_reviewed` or `reviewed`), or a
date older than `review-max-age-days` (365) or in the future. HTML and plain text are not checked:
they have no agreed place for the reviewer.

## Why it matters
Medical advice changes; readers and search engines trust dated, reviewed content (the house policy
and HONcode-style criteria ask for both).

## Example
```
---
title: Knee pain
last_reviewed: 2021-03-01
---
```

## Fix
Have the article reviewed and record who and when.

## Options
`review-max-age-days`, `review-require-front-matter`, `review.reviewer-keys`, `review.date-keys`.

## References
- HONcode principles 1 (authority) and 4 (dates), Health On the Net Foundation.
""")


def _matches(patterns, text: str) -> re.Match | None:
    pattern = alternation(patterns if isinstance(patterns, tuple) else tuple(patterns))
    return pattern.search(text) if pattern is not None else None


def _sentences(analysed):
    """(block, start, end) for every sentence of every paragraph and list item."""
    for block, doc in analysed.prose():
        for sent in sentences(doc):
            yield block, sent.start_char, sent.end_char


def is_medical_disclaimer(sentence: str, concepts: dict, following: str = "", thresholds: dict | None = None) -> bool:
    """Whether ``sentence`` (with the ``following`` one) says what a medical disclaimer says (see
    ``disclaimers_meaning.disclaimer_reason`` and ``[medical.concepts]`` in checks/disclaimers.toml)."""
    return medical_disclaimer_reason(sentence, concepts, following, thresholds) is not None


def medical_disclaimer_reason(sentence: str, concepts: dict, following: str = "",
                              thresholds: dict | None = None) -> str | None:
    windows = {}
    if thresholds is not None:
        windows = {"negation_window": int(thresholds["medical-negation-window"]),
                   "referral_window": int(thresholds["medical-referral-window"])}
    return disclaimer_reason(sentence, concepts, following, **windows)


def disclaimer_sentences(analysed, policy: dict, thresholds: dict, limit: int = 50):
    """(block, (start, end), reason) of each sentence of the article that is a medical disclaimer,
    at most ``limit`` of them."""
    concepts = policy.get("concepts", {})
    found = []
    for block, doc in analysed.prose():
        sents = sentences(doc)
        for i, sent in enumerate(sents):
            following = sents[i + 1] if i + 1 < len(sents) else None
            reason = medical_disclaimer_reason(
                block.text[sent.start_char:sent.end_char], concepts,
                block.text[following.start_char:following.end_char] if following is not None else "", thresholds)
            if reason is not None:
                found.append((block, (sent.start_char, sent.end_char), reason))
                if len(found) >= limit:
                    return found
                break  # one a block is enough to place it
    return found


class DisclaimersCheck(Check):
    name = "disclaimers"
    rules = (MEDICAL, SUPPLEMENT, EMERGENCY, AFFILIATE, REVIEW)

    def run(self, analysed, ctx) -> None:
        policy = ctx.policy.section("disclaimers")
        thresholds = ctx.thresholds
        self._medical(analysed, ctx, policy.get("medical", {}), thresholds)
        self._supplement(analysed, ctx, policy.get("supplement", {}))
        self._emergency(analysed, ctx, policy.get("emergency", {}), thresholds)
        self._affiliate(analysed, ctx, policy.get("affiliate", {}))
        self._review(analysed, ctx, policy.get("review", {}), thresholds)

    def _medical(self, analysed, ctx, policy: dict, thresholds: dict) -> None:
        article = analysed.article
        house = policy.get("house-text", "")
        found = disclaimer_sentences(analysed, policy, thresholds)
        ctx.figures["medical_disclaimer"] = bool(found)
        if not found:
            ctx.report(MEDICAL.id, "No medical disclaimer: the article never says it is general information and "
                       "not a substitute for professional advice",
                       lines=(article.end_line, article.end_line), excerpt="",
                       suggestion=house, data={"fix": {"action": "append", "text": house}})
            return
        location = thresholds["medical-location"]
        if location == "anywhere" or any(self._in_place(article, block, location, policy, thresholds)
                                         for block, _, _ in found):
            return
        block, span, _ = found[0]
        where = {"start-or-end": "start or the end", "section": "section the house gives it"}.get(location, location)
        ctx.report(MEDICAL.id, f"The medical disclaimer is not at the {where} of the article, where the house puts it",
                   block=block, span=span, severity="warning", data={"location": location})

    @staticmethod
    def _in_place(article, block, location: str, policy: dict, thresholds: dict) -> bool:
        """Whether a disclaimer in ``block`` is where the house puts it: under a heading of
        ``[medical] sections`` (always), or among the first or last ``medical-end-blocks``
        paragraphs of at least ``medical-block-min-words`` words (bylines, dates and "Share"
        lines do not count)."""
        section = article.sections[block.section] if 0 <= block.section < len(article.sections) else None
        if section is not None and section.heading is not None and has(
                {"sections": policy.get("sections", [])}, "sections", words(section.title or "")):
            return True
        if location == "section":
            return False
        count, min_words = int(thresholds["medical-end-blocks"]), int(thresholds["medical-block-min-words"])
        paragraphs = [b for b in article.blocks if b.is_prose and (len(b.text.split()) >= min_words or b is block)]
        rank = next((i for i, b in enumerate(paragraphs) if b is block), 0)
        at_start, at_end = rank < count, rank >= len(paragraphs) - count
        return {"end": at_end, "start": at_start, "start-or-end": at_start or at_end}.get(location, True)

    def _supplement(self, analysed, ctx, policy: dict) -> None:
        terms = phrase_pattern(tuple(policy.get("terms", [])), edges=TERM_EDGES)
        triggers = []
        for block, start, end in _sentences(analysed):
            sentence = block.text[start:end]
            term = terms.search(sentence) if terms is not None else None
            if not term:
                continue
            if _matches(policy.get("recommendation", []), sentence) and not _matches(policy.get("not-recommendation", []), sentence):
                triggers.append((block, start, end, term.group(0)))
        if not triggers:
            return
        text = " ".join(b.text for b in analysed.article.blocks if b.kind != TABLE)
        if _matches(policy.get("not-evaluated", []), text) and _matches(policy.get("not-intended", []), text):
            return
        block, start, end, term = triggers[0]
        others = sorted({b.line_at(s) for b, s, _, _ in triggers[1:]})
        ctx.report(SUPPLEMENT.id,
                   f"Recommends a supplement ({term!r}) without the supplement statement"
                   + (f" (also at lines {', '.join(map(str, others))})" if others else ""),
                   block=block, span=(start, end), suggestion=policy.get("house-text"),
                   data={"supplements": sorted({t.lower() for *_, t in triggers}), "other_lines": others})

    def _emergency(self, analysed, ctx, policy: dict, thresholds: dict) -> None:
        window = int(thresholds["emergency-window"])
        blocks = analysed.article.blocks
        headings = {"headings": policy.get("headings", [])}
        # Short paragraphs standing as emergency headings ("Emergency situations" in bold): the
        # blocks after one, up to the next heading, are its section.
        max_words = int(thresholds["emergency-heading-max-words"])
        heads = [b.index for b in blocks if b.is_prose and len(b.text.split()) <= max_words
                 and not b.text.rstrip().endswith(".") and has(headings, "headings", words(b.text))]
        checked = set()
        red_flags = alternation(tuple(policy.get("red-flags", [])))
        advice = policy.get("advice", [])
        not_red_flag = tuple(policy.get("not-red-flag", []))
        if red_flags is None:
            return
        # Red flags that an advice sentence names, anywhere in the article ("If you show signs of a
        # stroke, call 911"): the reader is told what to do about them.
        advised = set()
        for block in blocks:
            if block.is_prose:
                for match in red_flags.finditer(block.text):
                    start, end = _sentence_span(block.text, match)
                    if _matches(advice, block.text[start:end]):
                        advised.add(_flag_key(match.group(0)))
        unadvised = []  # (block, match) of each red flag, once a section, with no advice around it
        for block in blocks:
            if not block.is_prose:
                continue
            for match in red_flags.finditer(block.text):
                key = (match.group(0).lower(), block.section)
                if key in checked or _flag_key(match.group(0)) in advised \
                        or _not_a_warning(block.text, match, not_red_flag):
                    continue
                checked.add(key)
                sections = _sections_around(analysed.article, block.section, headings)
                near = [b for b in blocks if b.kind != TABLE and (
                    b.section in sections or abs(b.index - block.index) <= window
                    or _under_pseudo_heading(blocks, b, heads, block.index, window))]
                if not any(_matches(advice, b.text) for b in near):
                    unadvised.append((block, match))
        if not unadvised:
            return
        # One finding an article, at the first red flag left without advice, naming the others.
        block, match = unadvised[0]
        flags = sorted({m.group(0).lower() for _, m in unadvised})
        others = sorted({b.line_at(m.start()) for b, m in unadvised[1:]} - {block.line_at(match.start())})
        ctx.report(EMERGENCY.id,
                   f"{match.group(0)!r} is a red flag, but no emergency advice is given near it"
                   + (f" (also {', '.join(repr(f) for f in flags if f != match.group(0).lower())})"
                      if len(flags) > 1 else "")
                   + (f"; other mentions at lines {', '.join(map(str, others))}" if others else ""),
                   block=block, span=(match.start(), match.end()),
                   suggestion="Add: \"This needs emergency care: call 911 or your local emergency number.\"",
                   data={"red_flag": match.group(0), "red_flags": flags, "other_lines": others})

    def _affiliate(self, analysed, ctx, policy: dict) -> None:
        article = analysed.article
        first = None
        for block, link in article.links:
            if link.href and _is_affiliate(link.href, policy, link.rel):
                first = (block, link)
                break
        if first is None:
            return
        block, link = first
        disclosure = policy.get("disclosure", [])
        before = [b.text for b in article.blocks[: block.index]] + [block.text[: link.start]]
        if any(_matches(disclosure, text) for text in before):
            return
        after = any(_matches(disclosure, b.text) for b in article.blocks[block.index:])
        where = "comes only after it" if after else "is missing"
        ctx.report(AFFILIATE.id,
                   f"Affiliate link ({link.href}) but the disclosure {where}: disclose before the first paid link",
                   block=block, span=(link.start, max(link.end, link.start + 1)),
                   suggestion="We may earn a commission from links on this page.",
                   data={"href": link.href, "disclosure_after": after})

    def _review(self, analysed, ctx, policy: dict, thresholds: dict) -> None:
        article = analysed.article
        if thresholds["review-require-front-matter"] and (analysed.kind != "markdown" or not article.metadata):
            return
        meta = {str(k).lower(): v for k, v in article.metadata.items()}
        reviewer = next((meta[k] for k in policy.get("reviewer-keys", []) if meta.get(k)), None)
        date_key = next((k for k in policy.get("date-keys", []) if meta.get(k)), None)
        problems = []
        if not reviewer:
            problems.append(f"no medical reviewer ({' or '.join(policy.get('reviewer-keys', [])[:2])})")
        if date_key is None:
            problems.append(f"no last-reviewed date ({' or '.join(policy.get('date-keys', [])[:2])})")
        else:
            date = _as_date(meta[date_key])
            limit = thresholds["review-max-age-days"]
            today = dt.date.today()
            if date is None:
                problems.append(f"{date_key} {meta[date_key]!r} is not a date")
            elif date > today:
                problems.append(f"{date_key} {date.isoformat()} is in the future")
            elif (today - date).days > limit:
                problems.append(f"last reviewed {date.isoformat()}, {(today - date).days} days ago (limit {limit})")
        if problems:
            ctx.report(REVIEW.id, "Front matter: " + "; ".join(problems), lines=(1, 1), excerpt="",
                       data={"problems": problems})


DEFINES = re.compile(r"\b(?:is|are|means|refers\s+to)\s+(?:an?\s+|the\s+)?$", re.I)


FLAG_FILLER = {"a", "an", "the", "of"}


def _flag_key(text: str) -> tuple[str, ...]:
    """A red flag's words, stemmed, articles aside: "symptoms of a stroke" = "symptom of stroke"."""
    return tuple(w for w in words(text) if w not in FLAG_FILLER)


def _sentence_span(text: str, match: re.Match) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, match.start()), text.rfind("(", 0, match.start()), -1) + 1
    end = text.find(". ", match.end())
    return start, end if end != -1 else len(text)


def _not_a_warning(text: str, match: re.Match, not_red_flag: tuple[str, ...]) -> bool:
    """A red flag named to define another term ("Angina is chest pain or discomfort") or in a pointer
    to other reading ("For more information about ... chest pain, see ...") warns nobody."""
    start, end = _sentence_span(text, match)
    sentence = text[start:end]
    return bool(DEFINES.search(text[start:match.start()])) or bool(_matches(not_red_flag, sentence))


def _under_pseudo_heading(blocks, b, heads: list[int], at: int, window: int) -> bool:
    """Whether ``b`` comes after an emergency pseudo-heading within ``window`` blocks of the red
    flag at ``at``, before the next real heading."""
    for head in heads:
        if abs(head - at) > window or b.index < head:
            continue
        if all(blocks[i].kind != HEADING for i in range(head + 1, b.index + 1)):
            return True
    return False


def _sections_around(article, index: int, headings: dict) -> set[int]:
    """The sections whose emergency advice covers a red flag in section ``index``: the whole part of
    the article the section belongs to (its top-level heading and every subsection under it), and a
    section beside that part whose heading is about emergencies ("Emergency situations", "When to
    call 911")."""
    sections = article.sections
    levels = [s.level if s.heading is not None and s.level else None for s in sections]
    # The title heading ("# Chest pain") spans the whole article: parts start one level below it.
    titled = [i for i, s in enumerate(sections) if levels[i] and s.heading.start_line == article.title_line]
    for i in titled:
        levels[i] = None
    top = min((lvl for lvl in levels if lvl), default=None)
    start = end = index
    if top is not None:
        while start > 0 and not (levels[start] is not None and levels[start] <= top):
            start -= 1
        end = start + 1
        while end < len(sections) and not (levels[end] is not None and levels[end] <= top):
            end += 1
        end -= 1
    chosen = set(range(start, end + 1)) | {index}
    for neighbour in (start - 1, end + 1):
        if 0 <= neighbour < len(sections) and sections[neighbour].heading is not None \
                and has(headings, "headings", words(sections[neighbour].title or "")):
            chosen.add(neighbour)
    return chosen


def _is_affiliate(href: str, policy: dict, rel: str | None = None) -> bool:
    # rel="sponsored" is how a page itself marks a paid link (Google's link attributes guidance).
    if rel and any(token in policy.get("rel", ["sponsored"]) for token in rel.lower().split()):
        return True
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if any(host == h or host.endswith("." + h) for h in policy.get("hosts", [])):
        return True
    params = {k.lower(): v.lower() for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    if any(p in params for p in policy.get("params", [])):
        return True
    return params.get("utm_medium", "") in policy.get("utm-medium", [])


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%m/%d/%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


CHECK = DisclaimersCheck()
