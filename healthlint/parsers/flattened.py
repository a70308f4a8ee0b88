"""Recover the cells of a table that scraping flattened into one line per row.

When a web page is saved as text, ``<td>`` boundaries become single spaces: "Herniated Disc Lower
back, radiating down buttock and leg Sharp, shooting, burning pain; worse with movement Numbness,
tingling". The cell breaks are still visible to a reader, because cells start with a capital letter
where the running text would not have one:

- a capitalised word right after a lowercase word with no punctuation ("... leg | Sharp, ...") is
  the strongest sign;
- a row label is a run of title-case words; the label ends before the capitalised word that a
  lowercase word follows ("Herniated Disc | Lower back");
- a sentence end is a weaker sign, since one cell may hold several sentences;
- a word after a comma, or after a word that cannot end a phrase ("using", "of"), is not a break.

The number of columns is the one that explains the header and all rows best; the header is then
split into that many names, preferring names that the article itself uses, and never starting or
ending a name with a linking word ("Type of | Trauma" is not a split).

Where the scraper kept tabs or runs of spaces between cells, those are used as they are.
"""
from __future__ import annotations

import re
from functools import lru_cache

NEG = float("-inf")
LINKING = {
    "a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "with", "by", "at", "from", "vs",
    "as", "into", "per", "via", "over", "under", "between", "than", "without", "within",
    "using", "including", "following", "involving", "during", "regarding", "like", "such",
}
EXPLICIT_SEPARATOR = re.compile(r"\t+|\s{2,}")
# Word endings of English adjectives, which modify the next word and so never end a column name.
ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ary", "ful", "less", "ible", "able")
ADJECTIVE_WORDS = {"other", "potential", "common", "main", "key", "possible", "typical", "new", "old"}
MAX_COLUMNS = 8
# A boundary is worth taking when its evidence is above this; sentence ends barely are.
BREAK_COST = 1.5
# Bounds on the search, which is quadratic in a row's words: a longer row is left whole (it is
# prose, not a row of short cells), the column count is chosen on the first rows, and a table of
# more rows is not split at all.
MAX_ROW_WORDS = 120
COLUMN_SAMPLE_ROWS = 50
MAX_RECOVERED_ROWS = 500


def recover_table(header: str, rows: list[str], context: str = "") -> tuple[list[str], list[list[str]]]:
    """Split a flattened header line and its row lines into cells."""
    explicit = _explicit_split(header, rows)
    if explicit is not None:
        return explicit
    header_words = header.split()
    row_words = [row.split() for row in rows]
    if len(rows) > MAX_RECOVERED_ROWS or len(header_words) > MAX_ROW_WORDS:
        return [header], [[row] for row in rows]
    context_key = _stems(context)
    best: tuple[float, int] | None = None
    for columns in range(2, min(MAX_COLUMNS, len(header_words)) + 1):
        header_score, _ = _best_split(header_words, columns, lambda w, i: _header_break(w, i), _header_group_score(context_key))
        if header_score == NEG:
            continue
        total = header_score
        for words in row_words[:COLUMN_SAMPLE_ROWS]:
            score, _ = _best_split(words, columns, _row_break)
            total += score if score != NEG else -20.0
        if best is None or total > best[0]:
            best = (total, columns)
    if best is None:
        return [header], [[row] for row in rows]
    columns = best[1]
    _, header_cells = _best_split(header_words, columns, lambda w, i: _header_break(w, i), _header_group_score(context_key))
    cells = []
    for words in row_words:
        score, split = _best_split(words, columns, _row_break)
        cells.append(split if score != NEG else [" ".join(words)])
    return header_cells, cells


def _explicit_split(header: str, rows: list[str]) -> tuple[list[str], list[list[str]]] | None:
    parts = [p for p in EXPLICIT_SEPARATOR.split(header.strip()) if p]
    if len(parts) < 2:
        return None
    split_rows = [[p for p in EXPLICIT_SEPARATOR.split(row.strip()) if p] for row in rows]
    if sum(len(r) == len(parts) for r in split_rows) < max(1, len(rows) // 2):
        return None
    return parts, split_rows


def _is_capitalised(word: str) -> bool:
    core = word.lstrip("(\"'“‘[")
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def _is_lower(word: str) -> bool:
    core = word.lstrip("(\"'“‘[")
    return bool(core) and core[0].islower()


def _row_break(words: list[str], i: int) -> float:
    """Evidence that a new cell starts at words[i]."""
    word, previous = words[i], words[i - 1]
    if not _is_capitalised(word):
        return NEG
    previous_core = previous.rstrip(")\"'”’]")
    if previous.endswith(","):
        return NEG
    if previous_core.lower() in LINKING:
        return 0.5
    next_lower = i + 1 < len(words) and _is_lower(words[i + 1])
    in_label = all(_is_capitalised(w) or w.lower() in LINKING for w in words[:i])
    if in_label:
        return 3.0 if next_lower else 0.5
    if previous_core.endswith((".", ";", "!", "?", ":")):
        return 2.0
    if _is_lower(previous):
        return 3.0
    return 2.5 if next_lower else 0.5


def _header_break(words: list[str], i: int) -> float:
    word, previous = words[i], words[i - 1]
    if word.lower() in LINKING or previous.lower() in LINKING:
        return NEG
    score = 0.0
    lowered = previous.lower().strip(",:;")
    if lowered in ADJECTIVE_WORDS or (lowered.endswith(ADJECTIVE_ENDINGS) and len(lowered) > 4):
        score -= 2.0
    if word.lower().endswith("ed") and i == len(words) - 1:
        score -= 2.0  # "Information | Provided": a participle does not stand alone as a name
    if previous.endswith((",", ":", ";")):
        score += 1.0
    if word.lower() in (w.lower() for w in words[:i]):
        score += 1.0  # a repeated word starts parallel names: "Pain Location | Pain Characteristics"
    return score


def _header_group_score(context_key: str):
    def score(group: list[str]) -> float:
        phrase = _stems(" ".join(group))
        if context_key and phrase in context_key:
            return float(len(group))
        return 0.0

    return score


def _best_split(words: list[str], cells: int, break_score, group_score=None) -> tuple[float, list[str]]:
    """Split ``words`` into exactly ``cells`` runs, maximising the evidence of the chosen breaks
    (minus BREAK_COST each) plus ``group_score`` of each run."""
    n = len(words)
    if cells > n or n > MAX_ROW_WORDS:
        return NEG, []
    breaks = [NEG] + [break_score(words, i) for i in range(1, n)]
    # best[c][j]: best score for words[:j] split into c runs, the last run ending at j.
    best = [[NEG] * (n + 1) for _ in range(cells + 1)]
    back = [[0] * (n + 1) for _ in range(cells + 1)]
    best[0][0] = 0.0
    if group_score is None:
        # Without a score of the runs themselves, the best split of words[:j] into c runs takes
        # the best earlier break whatever j is: a running maximum over i (the earliest on ties, as
        # below), linear instead of quadratic in the row's words.
        for c in range(1, cells + 1):
            top, top_at = NEG, 0
            for j in range(c, n + 1):
                i = j - 1
                if best[c - 1][i] != NEG and (i == 0 or breaks[i] != NEG):
                    gain = breaks[i] - BREAK_COST - 0.001 * i if i > 0 else 0.0
                    value = best[c - 1][i] + gain
                    if value > top:
                        top, top_at = value, i
                if top > best[c][j]:
                    best[c][j], back[c][j] = top, top_at
        return _read_back(words, cells, best, back)
    for c in range(1, cells + 1):
        for j in range(c, n + 1):
            for i in range(c - 1, j):
                if best[c - 1][i] == NEG:
                    continue
                if i > 0:
                    if breaks[i] == NEG:
                        continue
                    # Earlier breaks win ties: a cell's extra sentences follow its first one.
                    gain = breaks[i] - BREAK_COST - 0.001 * i
                else:
                    gain = 0.0
                value = best[c - 1][i] + gain + (group_score(words[i:j]) if group_score else 0.0)
                if value > best[c][j]:
                    best[c][j] = value
                    back[c][j] = i
    return _read_back(words, cells, best, back)


def _read_back(words: list[str], cells: int, best, back) -> tuple[float, list[str]]:
    n = len(words)
    if best[cells][n] == NEG:
        return NEG, []
    bounds = [n]
    j = n
    for c in range(cells, 0, -1):
        j = back[c][j]
        bounds.append(j)
    bounds.reverse()
    return best[cells][n], [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]


@lru_cache(maxsize=64)
def _stems(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return " " + " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words) + " "
