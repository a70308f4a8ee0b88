"""A semantic space for health text: which words belong together.

One static vector per term (a stem of healthlint's stemmer), distilled by ``train/offtopic.py
vectors`` from the sentence-embedding model all-MiniLM-L6-v2 (Apache 2.0) over a vocabulary of the
NIH documents of MedQuAD (CC BY 4.0) and wordfreq's English list (see ``train/vectors.py``). It
ships in the package as ``data/topicspace.npz``: the terms, each term's weight in a bag of words
(smooth inverse frequency), its row in float16, and whether health writing uses it. Nothing is
downloaded and no neural network runs at check time: a text's vector is a weighted sum of rows.

Two texts that share no word can still be close here ("insulin" and "glucose"), which is what the
off-topic detector needs beyond counting shared words: a paragraph about another subject is far from
the article even when it shares everyday words with it.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

SPACE_FILE = "topicspace.npz"
# Regular British-to-American spelling changes (oesophagus, anaemia, tumour, paediatric, centre).
BRITISH_SPELLINGS = (("oe", "e"), ("ae", "e"), ("our", "or"), ("tre", "ter"), ("ise", "ize"))


@dataclass(frozen=True)
class TopicSpace:
    index: dict[str, int]
    idf: np.ndarray  # float32, one per term: its weight in a bag of words
    rows: np.ndarray  # float32, terms x dimensions
    health: np.ndarray | None = None  # bool, one per term: used by health writing

    @property
    def dimensions(self) -> int:
        return int(self.rows.shape[1])

    def lookup(self, term: str) -> int | None:
        """The term's row, trying the American spelling of a British one ("anaemia", "tumour"):
        the space was learned from U.S. text."""
        i = self.index.get(term)
        if i is None and len(term) > 4:
            for british, american in BRITISH_SPELLINGS:
                if british in term:
                    i = self.index.get(term.replace(british, american))
                    if i is not None:
                        break
        return i

    def weights(self, terms: Counter) -> tuple[np.ndarray, np.ndarray]:
        """Term ids and their sublinear TF-IDF weights for the terms the space knows."""
        ids, values = [], []
        for term, count in terms.items():
            i = self.lookup(term)
            if i is not None:
                ids.append(i)
                values.append((1.0 + math.log(count)) * float(self.idf[i]))
        return np.asarray(ids, dtype=np.int64), np.asarray(values, dtype=np.float32)

    def vector(self, terms: Counter) -> np.ndarray:
        """The unit vector of a bag of terms (all zeros when the space knows none of them)."""
        ids, values = self.weights(terms)
        if not len(ids):
            return np.zeros(self.dimensions, dtype=np.float32)
        vector = values @ self.rows[ids]
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def coverage(self, terms: Counter) -> float:
        """Share of the terms (by count) that health writing uses: low for text of another domain."""
        total = sum(terms.values())
        if not total:
            return 0.0
        known = 0
        for term, count in terms.items():
            i = self.lookup(term)
            if i is not None and (self.health is None or self.health[i]):
                known += count
        return known / total


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two vectors that are unit length or zero (0 when either is zero)."""
    return float(a @ b)


@lru_cache(maxsize=1)
def load_space() -> TopicSpace:
    with resources.files("healthlint.data").joinpath(SPACE_FILE).open("rb") as handle:
        data = np.load(handle, allow_pickle=False)
        terms = [str(t) for t in data["terms"]]
        idf = data["idf"].astype(np.float32)
        rows = data["rows"].astype(np.float32)
        health = data["health"].astype(bool) if "health" in data.files else None
    return TopicSpace({t: i for i, t in enumerate(terms)}, idf, rows, health)
