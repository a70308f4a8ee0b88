"""Known words: general English, medical English and a few other languages, loaded fast and once.

Sources, all general (none built from the articles healthlint checks):
- wordfreq (Speer et al., https://github.com/rspeer/wordfreq): word frequencies on the Zipf scale for
  English and, for spotting machine-translation leftovers, German, Dutch, French, Spanish, Italian
  and Portuguese. It also knows many medical words, but it knows common misspellings too
  ("recieve" has Zipf 2.75), so a word known only to wordfreq is checked against its neighbours.
- pyspellchecker's English dictionary (a curated word list).
- Hunspell dictionaries found on the system: the English medical dictionary of Debian's
  ``hunspell-en-med`` (``en_med_glut.dic``: OpenMedSpel and MTH-Med-Spel-Chek, 90,000 terms, GPL-3+,
  so it is read where installed and never copied) and ``en_US.dic``, both expanded with the affix
  rules of ``en_US.aff`` (the medical dictionary uses its flags). Absent files are skipped.
- the medical word list shipped in the package (``data/medical-words.txt.gz``), derived from NIH
  text (MedQuAD, CC BY 4.0) by ``train/medical_words.py``: words of many NIH documents that the
  general dictionaries lack, so medical words are known even without ``hunspell-en-med``.
- the house dictionary of the policy folder (``vocabulary/house.txt``), read by the check.

Reading all of that takes about a second, so the merged result is kept in the user cache folder
(``$HEALTHLINT_CACHE_DIR`` or ``$XDG_CACHE_HOME/healthlint``) as an SQLite table queried word by
word: no load time at start, a few microseconds a word. Its name is a hash of what it is built from
(the dictionary files' contents, never their modification times, and the libraries' versions), so
two processes with the same sources share one file and processes with other sources use another.
It is written to a temporary file and renamed into place, never deleted by healthlint (another
process may be about to open it), checked when opened, and rebuilt when missing or corrupt.
"""
from __future__ import annotations

import glob
import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.userdirs import discard_temporary

FORMAT = 4
FOREIGN_LANGUAGES = ("de", "nl", "fr", "es", "it", "pt")
# Only words common in another language (Zipf >= 3: once per million words) are kept for it.
FOREIGN_MIN_ZIPF = 3.0
HUNSPELL_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts",
                 "/usr/local/share/hunspell", "/opt/homebrew/share/hunspell", "/Library/Spelling")
MEDICAL_PATTERNS = ("en_med*.dic", "en-med*.dic", "en_US-med*.dic")
ENGLISH_NAMES = ("en_US.dic",)
WORD = re.compile(r"^[a-z][a-z'\-]*$")
PACKAGED_MEDICAL = Path(__file__).resolve().parents[1] / "data" / "medical-words.txt.gz"


CURATED = 1
MEDICAL = 2
# Words offered as suggestions: dictionary words at least this common in English, and medical words.
SUGGESTION_MIN_ZIPF = 2.0


class Vocabulary:
    """Word look-ups against the cached database, memoised; nothing is loaded up front."""

    def __init__(self, path: str | None, data: dict | None = None, key: str | None = None):
        self._key = key
        self._memo: dict[str, tuple[int, int, str, int]] = {}
        self._data = data  # the built tables, when the cache could not be written
        self._path = path
        self._db = None
        self._pid = os.getpid()
        self._inherited: list = []
        if path is not None:
            self._db = self._connect()
        self._pool: frozenset[str] | None = None

    def _connect(self):
        return open_database(self._path, self._key)

    def _tables(self) -> dict:
        """The built tables kept in memory (only when there is no database file)."""
        assert self._data is not None, "a vocabulary has its database or its tables"
        return self._data

    def after_fork(self) -> None:
        """In a forked worker: open a connection of its own. SQLite forbids using one across a fork;
        the inherited one is kept, unused and unclosed, so that nothing touches it here. When the
        file cannot be opened (deleted or damaged since), the worker builds its own."""
        if self._db is not None and os.getpid() != self._pid:
            self._inherited.append(self._db)
            self._pid = os.getpid()
            try:
                self._db = self._connect()
            except Exception:
                fresh = _open_or_build()
                self._db, self._data, self._path = fresh._db, fresh._data, fresh._path

    def _row(self, word: str) -> tuple[int, int, str, int]:
        lower = word.lower()
        row = self._memo.get(lower)
        if row is None:
            if self._db is not None:
                found = self._db.execute("SELECT en, flags, lang, fz FROM words WHERE word = ?", (lower,)).fetchone()
            else:
                found = self._tables()["rows"].get(lower)
            row = tuple(found) if found else (0, 0, "", 0)
            self._memo[lower] = row
        return row

    def row(self, lower: str) -> tuple[int, int, str, int]:
        """(English Zipf x 100, flags, other language, its Zipf x 100) of a lower-case word."""
        return self._row(lower)

    def prefetch(self, words) -> None:
        """Look up every word of ``words`` (lower case) not yet looked up, in one query per 900
        words instead of one a word: a document's distinct words, before its checks run."""
        todo = [w for w in set(words) if w and w not in self._memo]
        if not todo:
            return
        if self._db is None:
            rows = self._tables()["rows"]
            for w in todo:
                found = rows.get(w)
                self._memo[w] = tuple(found) if found else (0, 0, "", 0)
            return
        for i in range(0, len(todo), 900):
            chunk = todo[i:i + 900]
            query = f"SELECT word, en, flags, lang, fz FROM words WHERE word IN ({','.join('?' * len(chunk))})"
            for w, en, flags, lang, fz in self._db.execute(query, chunk):
                self._memo[w] = (en, flags, lang, fz)
            for w in chunk:
                if w not in self._memo:
                    self._memo[w] = (0, 0, "", 0)

    def zipf(self, word: str) -> float:
        """English Zipf frequency from wordfreq (0 when unknown)."""
        return self._row(word)[0] / 100

    def in_dictionary(self, word: str) -> bool:
        return bool(self._row(word)[1] & CURATED)

    def is_medical(self, word: str) -> bool:
        return bool(self._row(word)[1] & MEDICAL)

    def foreign_zipf(self, word: str) -> tuple[str, float] | None:
        """The other language in which ``word`` is most common, and its Zipf value, if common there."""
        _, _, lang, value = self._row(word)
        return (lang, value / 100) if lang else None

    def rows_among(self, words) -> dict[str, tuple[int, int]]:
        """English Zipf x 100 and flags of those of ``words`` that are known, in one query."""
        words = [w for w in set(words) if w]
        found: dict[str, tuple[int, int]] = {}
        if self._db is None:
            for w in words:
                row = self._tables()["rows"].get(w)
                if row and (row[0] or row[1]):
                    found[w] = (row[0], row[1])
            return found
        for i in range(0, len(words), 900):
            chunk = words[i:i + 900]
            query = f"SELECT word, en, flags FROM words WHERE word IN ({','.join('?' * len(chunk))})"
            for w, en, flags in self._db.execute(query, chunk):
                if en or flags:
                    found[w] = (en, flags)
        return found

    def suggestion_pool(self) -> frozenset[str]:
        """Words that may be suggested: loaded on the first request for a suggestion."""
        if self._pool is None:
            if self._db is not None:
                rows = self._db.execute(
                    "SELECT word FROM words WHERE (flags & ?) OR ((flags & ?) AND en >= ?)",
                    (MEDICAL, CURATED, round(SUGGESTION_MIN_ZIPF * 100)),
                )
                self._pool = frozenset(w for (w,) in rows)
            else:
                self._pool = frozenset(
                    w for w, (en, flags, _, _) in self._tables()["rows"].items()
                    if flags & MEDICAL or (flags & CURATED and en >= SUGGESTION_MIN_ZIPF * 100)
                )
        return self._pool


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in LETTERS]
    inserts = [a + c + b for a, b in splits for c in LETTERS]
    return set(deletes + transposes + replaces + inserts)


def is_foreign_leftover(vocab: Vocabulary, word: str, min_zipf: float = 3.0) -> bool:
    """A word English lacks but another language uses commonly: a machine-translation leftover."""
    if len(word) < 4 or vocab.in_dictionary(word) or vocab.zipf(word) > 0:
        return False
    found = vocab.foreign_zipf(word)
    return found is not None and found[1] >= min_zipf


def hunspell_files() -> tuple[list[str], list[str], str | None]:
    """Medical and English .dic files on this machine, and the en_US.aff whose flags they use."""
    extra = [p for p in os.environ.get("HEALTHLINT_HUNSPELL_PATH", "").split(os.pathsep) if p]
    dirs = extra + list(HUNSPELL_DIRS)
    medical: list[str] = []
    english: list[str] = []
    aff = None
    for folder in dirs:
        for pattern in MEDICAL_PATTERNS:
            medical.extend(sorted(glob.glob(os.path.join(folder, pattern))))
        for name in ENGLISH_NAMES:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                english.append(path)
        if aff is None and os.path.isfile(os.path.join(folder, "en_US.aff")):
            aff = os.path.join(folder, "en_US.aff")
    dedupe = lambda paths: list(dict.fromkeys(os.path.realpath(p) for p in paths))  # noqa: E731
    return dedupe(medical), dedupe(english)[:1], aff


# --- Hunspell affix expansion -------------------------------------------------------------------

@dataclass
class _Affix:
    kind: str  # "PFX" or "SFX"
    cross: bool
    rules: list[tuple[str, str, re.Pattern]]


def read_affixes(path: str | None) -> dict[str, _Affix]:
    """PFX/SFX classes of a Hunspell .aff file (single-character flags, as en_US.aff has)."""
    if path is None:
        return _FALLBACK_AFFIXES
    affixes: dict[str, _Affix] = {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parts = line.split("#", 1)[0].split()
            if len(parts) < 4 or parts[0] not in ("PFX", "SFX"):
                continue
            kind, flag = parts[0], parts[1]
            if flag not in affixes:  # header: PFX flag cross count
                affixes[flag] = _Affix(kind, parts[2] == "Y", [])
                continue
            strip = "" if parts[2] == "0" else parts[2]
            add = "" if parts[3] == "0" else parts[3].split("/", 1)[0]
            condition = parts[4] if len(parts) > 4 else "."
            pattern = re.compile((condition + "$") if kind == "SFX" else ("^" + condition))
            affixes[flag].rules.append((strip, add, pattern))
    return affixes


# Used when no en_US.aff is installed: the plural, the commonest flag of the medical dictionary.
_FALLBACK_AFFIXES = {
    "S": _Affix("SFX", True, [("y", "ies", re.compile("[^aeiou]y$")), ("", "s", re.compile("[aeiou]y$")),
                              ("", "es", re.compile("[sxzh]$")), ("", "s", re.compile("[^sxzhy]$"))]),
}


def _apply(word: str, affix: _Affix) -> list[str]:
    out = []
    for strip, add, pattern in affix.rules:
        if not pattern.search(word):
            continue
        if affix.kind == "SFX":
            if strip and not word.endswith(strip):
                continue
            out.append((word[: len(word) - len(strip)] if strip else word) + add)
        else:
            if strip and not word.startswith(strip):
                continue
            out.append(add + (word[len(strip):] if strip else word))
    return out


def expand_dic(path: str, affixes: dict[str, _Affix]) -> set[str]:
    """Every word form of a Hunspell .dic file, lower case."""
    words: set[str] = set()
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip() or line[0].isspace():
                continue  # the count line is a number; en_med_glut.dic opens with indented prose
            entry = line.strip().split()[0]
            stem, _, flags = entry.partition("/")
            if stem.isdigit():
                continue
            forms = [stem]
            suffixed = []
            for flag in flags:
                affix = affixes.get(flag)
                if affix is None:
                    continue
                made = _apply(stem, affix)
                forms.extend(made)
                if affix.kind == "SFX" and affix.cross:
                    suffixed.extend(made)
            for flag in flags:  # cross products: prefix + suffixed forms
                affix = affixes.get(flag)
                if affix is not None and affix.kind == "PFX" and affix.cross:
                    for form in suffixed:
                        forms.extend(_apply(form, affix))
            for form in forms:
                form = form.lower().replace("’", "'")
                if not form.endswith("'s"):
                    words.add(form)
    return words


def packaged_medical_words(path: Path = PACKAGED_MEDICAL) -> set[str]:
    """The medical words derived from NIH text that ship with healthlint (one a line, gzip)."""
    import gzip

    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return {line.strip() for line in handle if line.strip() and not line.startswith("#")}
    except OSError:
        return set()


# --- building and caching -----------------------------------------------------------------------

def cache_dir() -> Path:
    from ..core.userdirs import derived_data_dir

    return derived_data_dir()


def _source_key(paths: list[str]) -> str:
    """A hash of the format, the libraries' versions and the dictionary files' contents."""
    import importlib.metadata as md

    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for name in ("wordfreq", "pyspellchecker"):
        try:
            digest.update(f"{name} {md.version(name)}".encode())
        except md.PackageNotFoundError:
            digest.update(name.encode())
    for path in paths:
        digest.update(f"\0{os.path.basename(path)}\0".encode())
        try:
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()[:20]


def _build(medical_files: list[str], english_files: list[str], aff: str | None) -> dict:
    from wordfreq import get_frequency_dict

    english = {}
    for word, freq in get_frequency_dict("en", wordlist="best").items():
        if WORD.match(word):
            english[word] = round(_zipf(freq) * 100)
    foreign = {}
    for lang in FOREIGN_LANGUAGES:
        table = {}
        try:
            frequencies = get_frequency_dict(lang, wordlist="best")
        except (LookupError, ValueError):
            continue
        for word, freq in frequencies.items():
            zipf = _zipf(freq)
            if zipf >= FOREIGN_MIN_ZIPF and word.isalpha():
                table[word] = round(zipf * 100)
        foreign[lang] = table
    curated: set[str] = set()
    try:
        from spellchecker import SpellChecker

        curated.update(w for w in SpellChecker().word_frequency.dictionary if WORD.match(w))
    except Exception:  # pragma: no cover - pyspellchecker is a dependency; degrade if broken
        pass
    affixes = read_affixes(aff)
    medical: set[str] = packaged_medical_words()
    for path in medical_files:
        medical |= expand_dic(path, affixes)
    for path in english_files:
        curated |= expand_dic(path, affixes)
    curated |= medical
    rows: dict[str, list] = {}
    for word, value in english.items():
        rows[word] = [value, 0, "", 0]
    for word in curated:
        rows.setdefault(word, [0, 0, "", 0])[1] |= CURATED
    for word in medical:
        rows[word][1] |= MEDICAL
    for lang, table in foreign.items():
        for word, value in table.items():
            row = rows.setdefault(word, [0, 0, "", 0])
            if value > row[3]:
                row[2], row[3] = lang, value
    return {"rows": rows, "sources": medical_files + english_files}


def _write(path: Path, data: dict, key: str) -> None:
    """Write the tables to a temporary file in the same folder, then rename it into place: a
    process opening ``path`` sees the old file or the whole new one, never half of one."""
    import sqlite3
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    os.close(handle)
    try:
        db = sqlite3.connect(temporary)
        try:
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, en INTEGER, flags INTEGER, lang TEXT,"
                       " fz INTEGER) WITHOUT ROWID")
            db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
            db.executemany("INSERT INTO words VALUES (?, ?, ?, ?, ?)", ((w, *r) for w, r in data["rows"].items()))
            db.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
            db.commit()
        finally:
            db.close()
        os.replace(temporary, path)
    except BaseException:
        discard_temporary(temporary)
        raise


def open_database(path: str, key: str | None = None):
    """A read-only connection to a vocabulary file, checked: its key (when given) and a query."""
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        row = db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        db.execute("SELECT en FROM words WHERE word = 'the'").fetchone()
        if row is None or (key is not None and row[0] != key):
            raise sqlite3.DatabaseError(f"{path}: not the expected vocabulary")
    except BaseException:
        db.close()
        raise
    return db


def _zipf(freq: float) -> float:
    import math

    return math.log10(freq) + 9 if freq > 0 else 0.0


def english_zipf(word: str) -> float:
    """wordfreq's English Zipf frequency of a word (0 when unknown), from the vocabulary table built
    from wordfreq's own list: the same figure without importing wordfreq on every run."""
    lower = word.lower()
    value = load().zipf(lower)
    if not value and "-" in lower:
        # wordfreq combines the parts of a hyphenated word; the rarer part is a close estimate.
        parts = [p for p in lower.split("-") if p]
        value = min((load().zipf(p) for p in parts), default=0.0) if parts else 0.0
    return value


@lru_cache(maxsize=1)
def load() -> Vocabulary:
    return _open_or_build()


def _open_or_build() -> Vocabulary:
    """The cached vocabulary for this machine's sources; built (and cached) when missing or
    unreadable; kept in memory when the cache folder cannot be written."""
    medical_files, english_files, aff = hunspell_files()
    paths = medical_files + english_files + ([aff] if aff else []) + [str(PACKAGED_MEDICAL)]
    key = _source_key(paths)
    target = cache_dir() / f"vocabulary-{key}.sqlite"
    if target.is_file():
        try:
            return Vocabulary(str(target), key=key)
        except Exception:
            pass  # damaged (a disk error, a foreign file): built again below and renamed over it
    from ..core.progress import building

    building("the word dictionaries")
    data = _build(medical_files, english_files, aff)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, data, key)
        return Vocabulary(str(target), key=key)
    except Exception:  # a read-only (or full) cache folder: keep the tables in memory for this run
        return Vocabulary(None, data)
