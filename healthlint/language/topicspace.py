"""A semantic space for health text: which words belong together.

One static vector per term (a stem of healthlint's stemmer), distilled by ``train/offtopic.py
vectors`` from the sentence-embedding model all-MiniLM-L6-v2 (Apache 2.0) over a vocabulary of the
NIH documents of MedQuAD (CC BY 4.0) and wordfreq's English list (see ``train/vectors.py``). It
ships in the package as ``data/topicspace.npz`` (written by :func:`save_space`): the terms, each term's weight in a bag of words
(smooth inverse frequency), its row in float16, whether health writing uses it, and how much more
often health writing uses it than English at large (its domain odds). Nothing is
downloaded and no neural network runs at check time: a text's vector is a weighted sum of rows.

Two texts that share no word can still be close here ("insulin" and "glucose"), which is what the
off-topic detector needs beyond counting shared words: a paragraph about another subject is far from
the article even when it shares everyday words with it.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np

SPACE_FILE = "topicspace.npz"
# Regular British-to-American spelling changes (oesophagus, anaemia, tumour, paediatric, centre).
BRITISH_SPELLINGS = (("oe", "e"), ("ae", "e"), ("our", "or"), ("tre", "ter"), ("ise", "ize"))


@dataclass(frozen=True)
class TopicSpace:
    index: dict[str, int]
    idf: np.ndarray  # float32, one per term: its weight in a bag of words
    rows: np.ndarray  # float16 as stored, terms x dimensions: see ``rows_of``
    health: np.ndarray | None = None  # bool, one per term: used by health writing
    domain: np.ndarray | None = None  # float16, one per term: log10 of its odds in health writing

    @cached_property
    def idf_ceiling(self) -> float:
        """The weight of a term the space does not know: the rarest known term's."""
        return float(self.idf.max())

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

    def rows_of(self, ids: np.ndarray) -> np.ndarray:
        """The rows of these terms in float32 (the space is kept in float16: half the memory, and
        nothing to convert at start-up; only the rows a text uses are widened)."""
        return self.rows[ids].astype(np.float32)

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
        vector = values @ self.rows_of(ids)
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

    def domain_odds(self, terms) -> list[float]:
        """Each term's log10 odds of appearing in health writing rather than in English at large
        (+2.3 for "biopsy", -0.1 for "water", -2.6 for "league"); an unknown term counts as 0."""
        if self.domain is None:
            return [0.0 for _ in terms]
        out = []
        for term in terms:
            i = self.lookup(term)
            out.append(float(self.domain[i]) if i is not None else 0.0)
        return out


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two vectors that are unit length or zero (0 when either is zero)."""
    return float(a @ b)


@lru_cache(maxsize=1)
def load_space() -> TopicSpace:
    with resources.files("healthlint.data").joinpath(SPACE_FILE).open("rb") as handle:
        data = np.load(handle, allow_pickle=False)
        terms = bytes(data["terms"]).decode("utf-8").split("\n")
        idf = data["idf"].astype(np.float32)
        rows = data["rows"]
        health = data["health"].astype(bool) if "health" in data.files else None
        domain = data["domain"] if "domain" in data.files else None
    return TopicSpace({t: i for i, t in enumerate(terms)}, idf, rows, health, domain)


def save_space(target, terms, idf: np.ndarray, rows: np.ndarray, health: np.ndarray | None = None,
               domain: np.ndarray | None = None) -> None:
    """Write a space as :func:`load_space` reads it, in float16. The terms are one UTF-8 text (400 kB,
    where an array of fixed-width strings took 7.5 MB to inflate and 48,000 conversions), and the rows
    are stored uncompressed: float16 hardly compresses (6%), and inflating it cost 60 ms at every start."""
    import io
    import zipfile

    arrays: dict[str, np.ndarray] = {"terms": np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8),
              "idf": np.asarray(idf, dtype=np.float16), "rows": np.asarray(rows, dtype=np.float16)}
    if health is not None:
        arrays["health"] = np.asarray(health, dtype=bool)
    if domain is not None:
        arrays["domain"] = np.asarray(domain, dtype=np.float16)
    with zipfile.ZipFile(target, "w") as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.save(buffer, array, allow_pickle=False)
            member = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_STORED if name == "rows" else zipfile.ZIP_DEFLATED
            archive.writestr(member, buffer.getvalue())
