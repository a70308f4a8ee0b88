"""Words and phrases, the one way: the stemmer, and how a list of phrases (or of policy patterns)
becomes one regular expression. Checks and the topic model use these instead of their own.

- :func:`stem`: a light English stemmer (plural and possessive endings), enough to match
  "vaccines" with "vaccine" and "spasms" with "spasm".
- :func:`alternation`: the policy's regular expressions as one alternation, so a text is scanned
  once, not once a pattern.
- :func:`phrase_pattern`: literal phrases (a space matches a run of ``gap``) as one regex, built as
  a character trie so the engine tries one branch per letter instead of every phrase at every word;
  a longer phrase wins over a shorter one at the same place, as in a list sorted longest first.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Where a phrase may start and end: at word boundaries, or (TERM_EDGES) not inside a longer
# hyphenated word either ("pre-diabetes" does not hold the term "diabetes").
WORD_EDGES = (r"\b", r"\b")
TERM_EDGES = (r"(?<![\w-])", r"(?![\w-])")


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """A light English stemmer, enough to match 'vaccines' with 'vaccine' and 'spasms' with 'spasm'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=64)
def alternation(patterns: tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern | None:
    """Policy patterns (regular expressions) as one alternation; None for an empty list."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def phrase_source(phrases: tuple[str, ...] | list[str], gap: str = r"\s+") -> str:
    """The regex source of an alternation of literal ``phrases`` as a trie (see the module doc)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            piece = gap if ch == " " else re.escape(ch)
            branches.append(piece + render(node[ch]))
        if not branches:
            return ""
        body = "|".join(branches)
        if "" in node:
            return f"(?:{body})?"
        return body if len(branches) == 1 else f"(?:{body})"

    return render(trie)


@lru_cache(maxsize=4096)
def phrase_pattern(phrases: tuple[str, ...], *, gap: str = r"\s+", edges: tuple[str, str] = WORD_EDGES,
                   suffix: str = "", capture: bool = False, flags: int = re.IGNORECASE) -> re.Pattern | None:
    """One regex for literal ``phrases``: between ``edges``, a space matching ``gap``, followed by an
    optional ``suffix`` (e.g. ``(?:s|es)?`` for plurals). With ``capture`` the phrase (without the
    suffix) is group 1. None for an empty list."""
    phrases = tuple(p for p in phrases if p.strip())
    if not phrases:
        return None
    body = phrase_source(phrases, gap)
    body = f"({body})" if capture else f"(?:{body})"
    return re.compile(f"{edges[0]}{body}{suffix}{edges[1]}", flags)
