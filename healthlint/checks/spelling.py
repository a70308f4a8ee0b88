"""Spelling: words no general or medical dictionary knows, and words run together.

Known words come from general sources, never from the checked articles (see ``healthlint.language.vocabulary``):
wordfreq, pyspellchecker, Hunspell's en_US and Debian's medical dictionary (hunspell-en-med), plus
the newsroom's house dictionary in the policy folder. Names, acronyms, URLs, e-mail addresses,
numbers with units, words with digits and terms the article itself introduces are left alone.
"""
from __future__ import annotations

import re

from ..core.findings import Rule
from ..language.vocabulary import edits1, is_foreign_leftover, load
from ..language.wordtable import is_title_case, unaccented, word_table
from ..core.registry import Check

UNKNOWN_DOC = """## What it finds
A word that no dictionary healthlint reads knows: general English (wordfreq, pyspellchecker,
Hunspell en_US), medical English (Debian's hunspell-en-med: drug names, anatomy, diseases; and a
list of medical words derived from NIH text, MedQuAD, CC BY 4.0), drug names built on the WHO
International Nonproprietary Name stems ("-mab", "-gepant", "-tinib", "-vir", "-pril", "-statin",
...: "rimegepant", "fremanezumab"), medical terms built from known parts the way medical terminology
builds them (`[lists] combining-forms`, `medical-suffixes`, `suffix-alternations`: "ileo" + "anal",
"pouch" + "itis", "colonoscope" beside "colonoscopy") and the house dictionary. An accented word ("Sauté", "naïve") is
read whole and known when its unaccented spelling is. A word that only wordfreq knows and that sits one edit away from a much more
common dictionary word is taken for a common misspelling ("recieve"). A capitalised word mid-sentence
is a name and is skipped, unless it is a common word of another language that English does not
have: a machine-translation leftover ("The following table Artikels ...").

Not flagged: names (capitalised mid-sentence, or capitalised anywhere in the article, or written
as a name: "Addison's disease", "May-Hegglin"), acronyms,
mixed-case words, URLs, e-mail addresses, words with digits ("5mg", "COVID-19"), and terms the
article introduces ("a *fooectomy* (a surgery to ...)", "called *X*", "known as *X*").

## Why it matters
A misspelled drug or condition name sends a reader to the wrong search result, and slips make a
health article look unreviewed. Readers judge medical credibility on surface errors.

## Example
> Take your medicaitons with food.

`Unknown word 'medicaitons'; did you mean 'medications'?`

## Fix
Correct the word. If it is right (a new drug, a brand), add it to the house dictionary,
`checks/vocabulary/house.txt`, one word a line.

## Options
`[tool.healthlint.spelling]`: `misspelling-zipf-gap`, `misspelling-max-zipf`, `foreign-min-zipf`.
Suggestions depend on the word alone: one edit away, else (for words of up to 10 letters) two edits
away; a word longer than any dictionary word (over 45 letters) gets no suggestion. The house dictionary is `vocabulary/house.txt` in the policy folder. The
INN stems are `[inn] stems` in `checks/spelling.toml`.
Install Debian's `hunspell-en-med` (`apt-get install hunspell-en-med`) for the medical dictionary;
without it, medical words rely on wordfreq alone.

## References
- AMA Manual of Style, 11th ed., ch. 14 (Nomenclature).
- R. Speer, wordfreq (https://github.com/rspeer/wordfreq).
- hunspell-en-med (https://github.com/Glutanimate/hunspell-en-med-glut), OpenMedSpel, MTH-Med-Spel-Chek.
- WHO, "The use of stems in the selection of International Nonproprietary Names (INN) for
  pharmaceutical substances", WHO/EMP/RHT/TSN/2018.1 (2018).
- Ben Abacha and Demner-Fushman, MedQuAD (BMC Bioinformatics 2019), CC BY 4.0: the derived
  medical word list (`train/medical_words.py`).
"""

JOINED_DOC = """## What it finds
A word that no dictionary knows but that splits into two common dictionary words: the space or dash
between them was lost, typically in scraping or extraction ("growth platesareas",
"radiologista", "abdomenthe"). Splits after a common prefix ("non", "pre", "over") are not offered:
"nonsmokers" is a compound, not two words run together.

## Why it matters
Run-together words stop a reader and a screen reader alike, and search engines cannot match them.

## Example
> Bones grow at the growth platesareas of cartilage.

`'platesareas' looks like two words run together: 'plates areas'`

## Fix
Restore the space or the dash that was lost (often a dash: "growth plates - areas").

## Options
`[tool.healthlint.spelling]`: `joined-part-min-zipf` (how common each half must be),
`joined-short-part-min-zipf` (for halves of one to three letters), `joined-min-length`.

## References
- Ben Abacha and Demner-Fushman, MedQuAD (2019): its extraction dropped dashes between words.
"""

UNKNOWN_WORD = Rule("spelling/unknown-word", "warning", "A word no general, medical or house dictionary knows.",
                    UNKNOWN_DOC, display="underline")
JOINED_WORDS = Rule("spelling/joined-words", "warning",
                    "Two words run together where a space or a dash was lost.", JOINED_DOC,
                    display="underline")

# A four-letter part of a compound must be at least this common ("nonmeat", not "cotrol" = "co" + "trol").
COMMON_PART_ZIPF = 3.5
# "(a ...)", "(an ...)", "(also called ...)" after a word introduce it as a term.
DEFINING_PAREN = {"a", "an", "the", "also", "or", "which", "called", "known", "i.e.", "e.g.", "meaning", "from"}


class SpellingCheck(Check):
    name = "spelling"
    rules = (UNKNOWN_WORD, JOINED_WORDS)

    needs = frozenset({"sentences", "vocabulary", "words"})

    def run(self, analysed, ctx) -> None:
        vocab = load()
        speller = _speller_for(ctx, vocab)
        settings = speller.settings
        table = word_table(analysed, vocab)  # the words, split once per document
        blocks = [(b, analysed.docs[b.index]) for b in analysed.article.blocks if b.index in analysed.docs]
        defined = _article_terms(blocks, table)
        names = _article_names(blocks)
        decided: dict[tuple[str, bool, bool], tuple | None] = {}  # one decision per distinct case
        # A word a dictionary (or the house list) knows is fine wherever it stands, in any case:
        # decided once per distinct word of the document (the table fetched their vocabulary rows
        # in one query). Only words written in lower case somewhere are asked (every one of them is
        # asked anyway); a name is left to the rules below, which skip it before any look-up.
        distinct = {w for words in table.spelling.values() for w, _ in words if len(w) >= 3 and w.islower()}
        fine = {w for w in distinct if w in settings.house or (len(w) <= MAX_WORD_LENGTH and speller.known(w))}
        checked = flagged = 0
        for block, doc in blocks:
            title_case = block.kind == "heading" or is_title_case(doc)
            starts = table.sentence_starts[block.index]
            text = block.text
            previous = ""
            for word, start in table.spelling[block.index]:
                if len(word) < 3 or _acronym_or_mixed(word):
                    previous = word.lower()
                    continue
                checked += 1
                if word.lower() in fine or (word[0].isupper() and word.lower() in names):
                    previous = word.lower()
                    continue
                initial = start in starts or title_case or _after_opening(text, start)
                after_antibody = previous.endswith("mab") and speller.drug_name(previous)
                previous = word.lower()
                if after_antibody and text[start - 1:start] == " ":
                    continue  # an antibody-drug conjugate's second word: "brentuximab vedotin"
                in_parens = text[start - 1:start] == "("  # "plaque (plak)": a respelling
                key = (word, initial, in_parens)
                if key in decided:
                    finding = decided[key]
                else:
                    finding = decided[key] = self._check_word(word, initial, defined, speller, settings, in_parens)
                if finding is None:
                    continue
                flagged += 1
                rule_id, message, suggestion, data = finding
                ctx.report(rule_id, message, block=block, span=(start, start + len(word)),
                           suggestion=suggestion, data=dict(data))
        ctx.figures["words_checked"] = checked
        ctx.figures["words_flagged"] = flagged

    def _check_word(self, word, initial, defined, speller, settings, in_parens=False):
        lower = word.lower()
        if lower in settings.house:
            return None
        if not lower.isascii():
            folded = unaccented(lower)
            if folded in settings.house or (folded.isascii() and speller.known(folded)):
                return None  # "Sauté", "naïve": English words written with their accents
        foreign = speller.foreign_leftover(word)
        if lower in defined and not foreign and (in_parens or not speller.slip_of_common_word(lower)):
            return None  # a term the article introduces ("a glorbectomy (a surgery ...)")
        capitalised = word[0].isupper()
        if capitalised and not initial and not foreign:
            return None  # a name
        if len(lower) > MAX_WORD_LENGTH:  # no dictionary word is this long: nothing to search
            shown = word[:40] + "…"
            return (UNKNOWN_WORD.id, f"Unknown word '{shown}' ({len(word):,} letters, longer than any "
                    "dictionary word)", None, {"word": shown, "length": len(word)})
        if speller.known(lower):
            return None
        split = speller.split(lower)
        if split is not None and speller.slip_rather_than_split(lower, split):
            split = None  # "chloesterol" is a slip of "cholesterol", not "chloe sterol"
        if split is not None:
            left, right = split
            suggestion = f"{left} {right}"
            if capitalised:
                suggestion = suggestion[0].upper() + suggestion[1:]
            return (JOINED_WORDS.id, f"'{word}' looks like two words run together: '{suggestion}'",
                    suggestion, {"word": word, "split": [left, right]})
        suggestion = speller.suggest(lower)
        if capitalised and not foreign and suggestion is None:
            return None  # a capitalised unknown word without a near neighbour is most likely a name
        if suggestion and capitalised:
            suggestion = suggestion[0].upper() + suggestion[1:]
        message = f"Unknown word '{word}'" + (f"; did you mean '{suggestion}'?" if suggestion else "")
        return UNKNOWN_WORD.id, message, suggestion, {"word": word}


class _Settings:
    def __init__(self, ctx):
        t = ctx.thresholds
        lists = ctx.policy.section("spelling").get("lists", {})
        self.gap = float(t["misspelling-zipf-gap"])
        self.misspelling_max = float(t["misspelling-max-zipf"])
        self.part_min = float(t["joined-part-min-zipf"])
        self.short_part_min = float(t["joined-short-part-min-zipf"])
        self.joined_min_length = int(t["joined-min-length"])
        self.foreign_min = float(t["foreign-min-zipf"])
        self.prefixes = set(lists.get("compound-prefixes", []))
        self.suffixes = set(lists.get("compound-suffixes", []))
        # What may stand before a known part: English prefixes and medical combining forms.
        self.word_starts = tuple(self.prefixes | set(lists.get("combining-forms", [])))
        self.medical_suffixes = tuple(lists.get("medical-suffixes", []))
        self.alternations = tuple((str(a), str(b)) for a, b in lists.get("suffix-alternations", []))
        self.short_words = set(lists.get("joined-short-words", ["a", "an", "the", "and", "or", "of", "in", "to"]))
        self.house = {w.lower() for w in ctx.policy.word_list(lists.get("house", "vocabulary/house.txt"))}
        stems = ctx.policy.section("spelling").get("inn", {}).get("stems", [])
        self.inn_stems = tuple(sorted({s.lower() for s in stems}, key=len, reverse=True))


_SPELLERS: dict[tuple, "_Speller"] = {}


def _speller_for(ctx, vocab) -> "_Speller":
    """One speller per policy and thresholds in a process, so that its memos serve every article."""
    key = (id(ctx.policy), tuple(sorted((k, repr(v)) for k, v in ctx.thresholds.items())), id(vocab))
    speller = _SPELLERS.get(key)
    if speller is None:
        speller = _SPELLERS[key] = _Speller(vocab, _Settings(ctx))
    return speller


# Longer than any word of the dictionaries healthlint reads ("pneumonoultramicroscopicsilicovolcano-
# coniosis" has 45 letters): such a "word" is reported without searching for splits or suggestions,
# whose cost grows with the square of its length.
MAX_WORD_LENGTH = 45
# Two-edit suggestions are searched for words of up to this many letters.
DEEP_SEARCH_MAX_LENGTH = 10
# Memo entries kept per decision before the memo starts again (bounded memory on huge runs).
MEMO_LIMIT = 200_000


class _Memo(dict):
    """A memo that starts again when full: it only saves work, so it never changes a decision."""

    def __setitem__(self, key, value):
        if len(self) >= MEMO_LIMIT:
            self.clear()
        super().__setitem__(key, value)


class _Speller:
    """Decisions about single words. Each is a function of the word, the vocabulary and the
    settings alone (never of the words seen before), so it is memoised for the process and the
    same article gets the same findings whatever ran before it."""

    def __init__(self, vocab, settings: _Settings):
        self.vocab = vocab
        self.settings = settings
        self._known: dict[str, bool] = _Memo()
        self._splits: dict[str, tuple[str, str] | None] = _Memo()
        self._suggestions: dict[str, str | None] = _Memo()
        self._foreign: dict[str, bool] = _Memo()

    def known(self, lower: str) -> bool:
        cached = self._known.get(lower)
        if cached is None:
            cached = self._known[lower] = self._decide(lower)
        return cached

    def _decide(self, lower: str) -> bool:
        vocab = self.vocab
        if vocab.in_dictionary(lower):
            return True
        if self.drug_name(lower):
            return True
        if self.apostrophe_lost(lower):
            return False
        zipf = vocab.zipf(lower)
        if zipf <= 0:
            return self._compound_or_plural(lower)
        if zipf >= self.settings.misspelling_max:
            return True
        # Known to wordfreq only: a common misspelling sits one edit from a far more common word.
        # Misspellings keep the first letter: "funder" is a word, not a slip for "under".
        neighbours = vocab.rows_among(_edits1(lower))
        best = max((en for w, (en, flags) in neighbours.items() if flags & 1 and w != lower and w[:1] == lower[:1]
                    and abs(len(w) - len(lower)) <= 1), default=0)
        return best / 100 < zipf + self.settings.gap

    def slip_of_common_word(self, lower: str) -> bool:
        """One edit from a common dictionary word with the same first letter: "synrdome (RDS)" is a
        slip of "syndrome", not a term being introduced."""
        if self.known(lower):
            return False
        rows = self.vocab.rows_among(_edits1(lower))
        return any(flags & 1 and en >= COMMON_PART_ZIPF * 100 and w[:1] == lower[:1]
                   for w, (en, flags) in rows.items() if w != lower)

    def slip_rather_than_split(self, lower: str, split: tuple[str, str]) -> bool:
        """Whether a word one edit away (not one of the split's parts) is more common than the rarer
        part of the split: then the word is a slip of it, not two words run together."""
        if min(len(split[0]), len(split[1])) <= 3:
            return False  # "defecta": a lost dash before a short word ("defect - a ...") is the common case
        rows = self.vocab.rows_among(_edits1(lower))
        near = _best({w: r for w, r in rows.items() if w not in split}, lower)
        if near is None:
            return False
        return self.vocab.zipf(near) >= min(self.vocab.zipf(split[0]), self.vocab.zipf(split[1]))

    def drug_name(self, lower: str) -> bool:
        """A word built on a WHO INN stem ("rimegepant", "erenumabs"), not one edit from a
        dictionary word (a slip of "cholesterol" is not a "-terol" drug)."""
        for core in (lower, lower[:-1]) if lower.endswith("s") else (lower,):  # "everolimus", "statins"
            if len(core) >= 6 and core in self.settings.inn_stems:
                return True  # the class itself: "statin", "triptans"
            stem = next((s for s in self.settings.inn_stems if core.endswith(s)), None)
            if stem is not None and len(core) >= len(stem) + 3:
                break
        else:
            return False
        rows = self.vocab.rows_among(_edits1(core))
        return not any(flags & 1 for w, (_, flags) in rows.items() if w != core)

    def apostrophe_lost(self, lower: str) -> str | None:
        """The contraction or possessive a word that no dictionary has would be with its apostrophe
        back ("dont" -> "don't", "theyre" -> "they're"), when that is a dictionary word."""
        if len(lower) < 4 or self.vocab.in_dictionary(lower):
            return None
        forms = [lower[:i] + "'" + lower[i:] for i in range(1, len(lower))]
        rows = self.vocab.rows_among(forms)
        found = [(en, w) for w, (en, flags) in rows.items() if flags & 1 and not w.endswith("'s")]
        return max(found)[1] if found else None

    def _compound_or_plural(self, lower: str) -> bool:
        """Words the dictionaries lack but English and medical terminology form regularly (those
        built at their end are read as their singular too: "thymomas", "ureteroscopes"):
        - a prefix or a combining form before a known part: "nonprogressive", "ileo" + "anal",
          "procto" + "colectomy";
        - a dictionary word before a suffix word or a medical suffix: "spongelike", "pouch" + "itis";
        - a sibling of a dictionary word by a regular change of ending: "colonoscope" beside
          "colonoscopy", "inactivator" beside "inactivate".
        Known parts must be dictionary words themselves: "known" parts would let a slip through as a
        compound of a slip ("proovides" = "pro" + "ovides", "cotrol" = "co" + "trol")."""
        s = self.settings
        for suffix in s.suffixes:
            stem = lower[: -len(suffix)]
            if lower.endswith(suffix) and len(stem) >= 3 and self.vocab.in_dictionary(stem):
                return True
        plural = lower.endswith("s") and not lower.endswith("ss")
        if plural and len(lower) > 5 and self.vocab.is_medical(lower[:-1]):
            return True
        if any(lower.startswith(start) and self._known_part(lower[len(start):].lstrip("-"))
               for start in s.word_starts):
            return True
        for word in (lower, lower[:-1]) if plural and len(lower) > 6 else (lower,):
            if any(word.endswith(suffix) and len(word) - len(suffix) >= 4
                   and self.vocab.in_dictionary(word[: -len(suffix)]) for suffix in s.medical_suffixes):
                return True
            if self._sibling_known(word):
                return True
        return False

    def _known_part(self, rest: str) -> bool:
        """The part after a prefix or combining form: a dictionary word of five letters or more (of
        four when it is common: "nonmeat", "ileo" + "anal"), or a sibling of one, or the plural of
        such a sibling ("hemangio" + "endotheliomas")."""
        if len(rest) < 4:
            return False
        if self.vocab.in_dictionary(rest):
            return len(rest) >= 5 or self.vocab.zipf(rest) >= COMMON_PART_ZIPF
        return self._sibling_known(rest) or (rest.endswith("s") and self._sibling_known(rest[:-1]))

    def _sibling_known(self, word: str) -> bool:
        """A dictionary word differs from ``word`` by a regular change of ending (``suffix-alternations``)."""
        return any(word.endswith(ending) and len(word) - len(ending) >= 4
                   and self.vocab.in_dictionary(word[: -len(ending)] + sibling)
                   for ending, sibling in self.settings.alternations if ending != sibling)

    def foreign_leftover(self, word: str) -> bool:
        cached = self._foreign.get(word)
        if cached is None:
            cached = self._foreign[word] = is_foreign_leftover(self.vocab, word, self.settings.foreign_min)
        return cached

    def split(self, lower: str) -> tuple[str, str] | None:
        """The most plausible split of an unknown word into two common dictionary words."""
        if lower not in self._splits:
            self._splits[lower] = self._split(lower)
        return self._splits[lower]

    def _split(self, lower: str) -> tuple[str, str] | None:
        s = self.settings
        if len(lower) < s.joined_min_length:
            return None
        candidates = []
        for i in range(1, len(lower)):
            left, right = lower[:i], lower[i:]
            if left in s.prefixes or right in s.suffixes:
                continue
            if (len(left) <= 3 and left not in s.short_words) or (len(right) <= 3 and right not in s.short_words):
                continue
            candidates.append((left, right))
        rows = self.vocab.rows_among([w for pair in candidates for w in pair])
        best = None
        for left, right in candidates:
            score = min(self._part_score(left, rows), self._part_score(right, rows))
            if score is not None and score > 0 and (best is None or score > best[0]):
                best = (score, left, right)
        return (best[1], best[2]) if best else None

    def _part_score(self, part: str, rows) -> float:
        en, flags = rows.get(part, (0, 0))
        if not flags & 1:
            return 0.0
        zipf = en / 100
        if flags & 2 and len(part) >= 6:  # a medical term: rare in general English, but a word
            zipf = max(zipf, self.settings.part_min)
        floor = self.settings.short_part_min if len(part) <= 3 else self.settings.part_min
        return zipf - floor + 0.01 if zipf >= floor else 0.0

    def suggest(self, lower: str) -> str | None:
        if lower not in self._suggestions:
            self._suggestions[lower] = self._suggest(lower)
        return self._suggestions[lower]

    def _suggest(self, lower: str) -> str | None:
        restored = self.apostrophe_lost(lower)
        if restored:
            return restored
        if lower.endswith("s") and not lower.endswith("ss") and len(lower) > 4 and self.vocab.in_dictionary(lower[:-1]):
            return lower[:-1] + "'s"  # an apostrophe lost: "babys"
        first = _edits1(lower)
        rows = self.vocab.rows_among(first)
        best = _best(rows, lower)
        if best is not None or len(lower) > DEEP_SEARCH_MAX_LENGTH:
            return best
        found = two_edits_away(lower, self.vocab)
        if not found:
            return None
        return _best(self.vocab.rows_among(found), lower)


def two_edits_away(lower: str, vocab) -> list[str]:
    """Words of the suggestion pool at most two edits (insertion, deletion, replacement or swap of
    neighbours: optimal string alignment distance) from ``lower``, found by RapidFuzz over the pool
    words of similar length: a few milliseconds, where generating every string two edits away
    costs a tenth of a second a word. Only letters are inserted, as by ``edits1``."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    choices = _pool_by_length(vocab, len(lower))
    matches = process.extract(lower, choices, scorer=OSA.distance, score_cutoff=2, limit=None)
    allowed = set(lower) | _LETTERS
    return sorted(word for word, _, _ in matches if word != lower and set(word) <= allowed)


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_POOL_NEAR: dict[tuple[int, int], list[str]] = {}


_POOL_BUCKETS: dict[int, dict[int, list[str]]] = {}


def _pool_by_length(vocab, length: int) -> list[str]:
    """Suggestion-pool words within two letters of ``length`` (kept per vocabulary). The pool is put
    into buckets by length once, rather than scanned whole for every length; the words are not
    sorted, since ``two_edits_away`` takes every match and sorts what it found."""
    key = (id(vocab), length)
    near = _POOL_NEAR.get(key)
    if near is None:
        buckets = _POOL_BUCKETS.get(id(vocab))
        if buckets is None:
            buckets = _POOL_BUCKETS[id(vocab)] = {}
            for word in vocab.suggestion_pool():
                buckets.setdefault(len(word), []).append(word)
        near = _POOL_NEAR[key] = [w for n in range(length - 2, length + 3) for w in buckets.get(n, ())]
    return near


def _best(rows, lower) -> str | None:
    scored = [(en, w) for w, (en, flags) in rows.items() if w != lower and (flags & 1 and en >= 100 or flags & 2)]
    if not scored:
        return None
    return max(scored)[1]


def _edits1(word: str) -> set[str]:
    return edits1(word)


def _after_opening(text: str, offset: int) -> bool:
    """A word after an opening quote or bracket, a colon, a dash, a bullet or a full stop (with or
    without its space) may be capitalised without being a name."""
    i = offset - 1
    while i >= 0 and text[i] in " \t\"'“‘([*_":
        i -= 1
    return i < 0 or text[i] in ".!?:;—–-•|>"


def _acronym_or_mixed(word: str) -> bool:
    rest = word[1:]
    return rest != rest.lower()


CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?![\w'’-])")
# Anchored at a word's start: unanchored, a long run of letters and hyphens is re-scanned from
# every letter in it (quadratic).
BEFORE_PAREN = re.compile(r"(?<![A-Za-z'’-])([A-Za-z][A-Za-z'’-]*)\s*\(\s*([^\s()]+)")
IN_PARENS = re.compile(r"\(\s*([A-Za-z][A-Za-z'’-]*)\s*\)")
AFTER_CUE = re.compile(r"\b(?:called|known\s+as|termed|named|term)\s+([A-Za-z][A-Za-z'’-]*)", re.I)
EPONYM = re.compile(r"(?<![\w'’-])([A-Z][a-z]{2,})(?:['’]s\b|(?=-[A-Z][a-z]))|(?<=[A-Za-z]-)([A-Z][a-z]{2,})\b")
NOT_A_NAME_AFTER = frozenset(':"“(•')


def _article_names(blocks) -> set[str]:
    """Names the article writes as names: a capitalised possessive ("Addison's disease") or the
    capitalised part of a hyphenated name ("May-Hegglin anomaly", "Sturge-Weber"), wherever it stands (a heading, a
    sentence's start), even one edit from a common word ("Paget's disease": "Paget" is not a slip of "page")."""
    return {(m.group(1) or m.group(2)).lower() for block, _ in blocks for m in EPONYM.finditer(block.text)}


def _article_terms(blocks, table) -> set[str]:
    """Words the article introduces or uses as names: kept out of the unknown-word rule."""
    terms: set[str] = set()
    for block, doc in blocks:
        text = block.text
        sentence_starts = table.sentence_starts[block.index]
        # Capitalised mid-sentence somewhere: a name or a defined term throughout the article.
        for match in CAPITALISED.finditer(text):
            start = i = match.start()
            while i > 0 and text[i - 1].isspace():
                i -= 1
            if start in sentence_starts or i == 0 or text[i - 1] in NOT_A_NAME_AFTER:
                continue
            terms.add(match.group().lower())
        # "X (a ...)" or "X (ABC)": X is being introduced.
        for match in BEFORE_PAREN.finditer(text):
            inside = match.group(2)
            if inside.lower() in DEFINING_PAREN or inside.isupper():
                terms.add(match.group(1).lower())
        # "(X)" right after a phrase: X names what was just said; "called X", "known as X".
        for pattern in (IN_PARENS, AFTER_CUE):
            terms.update(m.group(1).lower() for m in pattern.finditer(text))
    return terms


CHECK = SpellingCheck()
