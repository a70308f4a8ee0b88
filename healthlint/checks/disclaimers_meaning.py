"""What a sentence says, for the disclaimers check: small concept word sets (policy:
``[medical.concepts]`` in checks/disclaimers.toml) matched on the sentence's words, with no
spaCy and no fixed wording.

A sentence is tokenised into lower-case words, contractions spelled out ("isn't" -> "is not") and
each word stemmed (``phrases.stem``: "doctors" -> "doctor", "doctor's" -> "doctor"). A concept is
a list of entries; an entry is a word or a phrase of words, and a word ending in ``*`` matches any
word it starts ("substitut*": substitute, substitutes, substitution). Matching is linear in the
number of words: each word is looked up in a table of first words.

:func:`disclaimer_reason` says why a sentence is a medical disclaimer (or None): see its doc.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..core.phrases import stem

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
CONTRACTIONS = ((re.compile(r"\bcan't\b"), "cannot"), (re.compile(r"\bwon't\b"), "will not"),
                (re.compile(r"n't\b"), " not"))


def spelled_out(text: str) -> str:
    """Contractions written in full, so that concept groups see one negation: "isn't" -> "is not"."""
    text = text.replace("’", "'")
    for pattern, replacement in CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """The stemmed, lower-case words of ``text``, contractions spelled out."""
    return tuple(stem(w) for w in WORD.findall(spelled_out(text.lower())))


Part = tuple[str, bool]  # (word, is a prefix)
# Distinct words a concept remembers the entries of (bounded memory on huge runs).
MEMO_WORDS = 100_000


@dataclass(frozen=True)
class Concept:
    """Entries (phrases of words or prefixes) indexed by their first word."""

    by_word: dict[str, tuple[tuple[Part, ...], ...]]
    by_prefix: tuple[tuple[str, tuple[Part, ...]], ...]
    # What any entry can start with: most sentences hold none of it, and are passed over in C.
    first_words: frozenset[str] = frozenset()
    first_prefixes: tuple[str, ...] = ()
    # word -> the entries that may start at it: the prefixes are tried once per distinct word, not
    # once per occurrence (most words start none).
    _starting: dict[str, tuple[tuple[Part, ...], ...]] = field(default_factory=dict, compare=False, repr=False)

    def starting_at(self, tok: str) -> tuple[tuple[Part, ...], ...]:
        entries = self._starting.get(tok)
        if entries is None:
            entries = self.by_word.get(tok, ()) + tuple(entry for prefix, entry in self.by_prefix
                                                          if tok.startswith(prefix))
            if len(self._starting) < MEMO_WORDS:
                self._starting[tok] = entries
        return entries

    def spans(self, toks: tuple[str, ...]) -> list[tuple[int, int]]:
        """(start, end) word positions of every match, in order."""
        if self.first_words.isdisjoint(toks) and not (
                self.first_prefixes and any(tok.startswith(self.first_prefixes) for tok in toks)):
            return []
        found = []
        for i, tok in enumerate(toks):
            for entry in self.starting_at(tok):
                end = i + len(entry)
                if end <= len(toks) and all(_part_matches(part, toks[i + k]) for k, part in enumerate(entry)):
                    found.append((i, end))
        return found

    def first(self, toks: tuple[str, ...]) -> tuple[int, int] | None:
        spans = self.spans(toks)
        return spans[0] if spans else None


def _part_matches(part: Part, tok: str) -> bool:
    text, prefix = part
    return tok.startswith(text) if prefix else tok == text


@lru_cache(maxsize=256)
def concept(entries: tuple[str, ...]) -> Concept:
    """The compiled concept of a policy list."""
    by_word: dict[str, list[tuple[Part, ...]]] = {}
    by_prefix: list[tuple[str, tuple[Part, ...]]] = []
    for entry in entries:
        parts: list[Part] = []
        for raw in entry.lower().replace("’", "'").split():
            if raw.endswith("*") and len(raw) > 1:
                parts.append((raw[:-1], True))
            else:
                parts.extend((stem(w), False) for w in WORD.findall(spelled_out(raw)))
        if not parts:
            continue
        key, is_prefix = parts[0]
        if is_prefix:
            by_prefix.append((key, tuple(parts)))
        else:
            by_word.setdefault(key, []).append(tuple(parts))
    return Concept({k: tuple(v) for k, v in by_word.items()}, tuple(by_prefix), frozenset(by_word),
                   tuple(sorted({prefix for prefix, _ in by_prefix})))


def spans_of(concepts: dict, name: str, toks: tuple[str, ...]) -> list[tuple[int, int]]:
    return concept(tuple(concepts.get(name, ()))).spans(toks)


def has(concepts: dict, name: str, toks: tuple[str, ...]) -> bool:
    return bool(spans_of(concepts, name, toks))


def _followed(concepts: dict, first: str, second: str, toks: tuple[str, ...], within: int) -> int | None:
    """The end of the first ``second`` that starts within ``within`` words after a ``first``."""
    firsts = spans_of(concepts, first, toks)
    if not firsts:
        return None  # most sentences: the second concept need not be looked for
    seconds = spans_of(concepts, second, toks)
    starts = [s for s, _ in seconds]
    for _, end in firsts:
        i = bisect.bisect_left(starts, end)  # the first ``second`` at or after it: linear overall
        if i < len(starts) and starts[i] <= end + within:
            return seconds[i][1]
    return None


def _negated_replacement(concepts: dict, toks: tuple[str, ...], within: int) -> int | None:
    """The end of the chain of ``replace`` words, each starting within ``within`` words after the
    one before, that starts within ``within`` words after the first ``negation`` that has one ("is
    not meant to stand in for": the end of "stand in for"), or None."""
    negations = spans_of(concepts, "negation", toks)
    if not negations:
        return None
    replaces = spans_of(concepts, "replace", toks)
    starts = [s for s, _ in replaces]
    for _, end in negations:
        i = bisect.bisect_left(starts, end)
        if i == len(starts) or starts[i] > end + within:
            continue
        last = end
        while i < len(starts) and starts[i] <= last + within:  # each span looked at once
            last = max(last, replaces[i][1])
            i += 1
        return last
    return None


def disclaimer_reason(sentence: str, concepts: dict, following: str = "",
                      negation_window: int = 5, referral_window: int = 6) -> str | None:
    """Why ``sentence`` is a medical disclaimer, or None. ``following`` is the next sentence, where
    the second half of a labelled or general-information statement may be.

    A disclaimer (a) frames the text as information or advice, (b) negates or limits it, and/or
    (c) refers the reader to a professional. The concept groups of ``concepts``:

    - "negated-advice": a ``framing`` word (information, content, page, advice ...), a
      ``negation`` followed within ``negation_window`` words by a ``replace`` word (substitute,
      replace, construed, constitute, intended, relied ...), and a ``professional`` (a doctor, a
      provider, "medical advice", "diagnose, treat") after it: "The
      content of this page should not be construed as medical advice", "is not a substitute for
      professional medical advice"; or a negation right before the professional ("this is not
      medical advice").
    - "scope": a purpose that limits the text, which is a disclaimer alone: "for informational
      purposes only", "for educational purposes".
    - "general-information": ``general`` ("general information", "general health information")
      with a ``professional`` or a ``negation`` in the sentence ("See the General Information
      section" is a pointer, not a disclaimer).
    - "referral": a ``referral`` verb (consult, talk to, seek the advice of) followed within
      ``referral_window`` words by a ``professional`` and at once by an ``addressee`` (your, a,
      the: "talk with their doctor" is said of a group, not to the reader), said of every reader: a ``general-case``
      ("about your own health", "before making any changes", "a medical condition"), or
      ``always`` with a framing word ("Always seek the advice of your physician"). "See your
      doctor if the pain lasts" is advice about one case, not a disclaimer.
    - "label": ``label`` ("Medical disclaimer:") with a professional, a referral or a negation in
      this or the next sentence.
    """
    toks = words(sentence)
    if not toks:
        return None
    window = toks + words(following) if following else toks
    framing = has(concepts, "framing", toks)
    if framing:
        end = _negated_replacement(concepts, toks, negation_window)
        if end is not None and has(concepts, "professional", toks[end:]):
            return "negated-advice"
        if _followed(concepts, "negation", "professional", toks, 1) is not None:
            return "negated-advice"
    if has(concepts, "scope", toks):
        return "scope"
    if has(concepts, "general", toks) and (has(concepts, "professional", toks) or has(concepts, "negation", toks)):
        return "general-information"
    if _followed(concepts, "referral", "professional", toks, referral_window) is not None \
            and _followed(concepts, "referral", "addressee", toks, 2) is not None and (
            has(concepts, "general-case", toks) or (framing and has(concepts, "always", toks))):
        return "referral"
    backed = (has(concepts, "professional", window) or has(concepts, "referral", window)
              or has(concepts, "negation", window))
    if has(concepts, "label", toks) and backed:
        return "label"
    return None
