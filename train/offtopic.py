#!/usr/bin/env python3
"""Train the off-topic detector from NIH text: the topic space and the learned combiner.

    python train/offtopic.py vectors    # healthlint/data/topicspace.npz (distilled from all-MiniLM-L6-v2)
    python train/offtopic.py space      # the older LSA space instead (no neural model needed)
    python train/offtopic.py domain     # the domain odds of the shipped space's terms (no neural model)
    python train/offtopic.py fit        # healthlint/data/offtopic-model.json, with held-out figures

Data: ``../shared/training/medquad.jsonl.gz`` (MedQuAD, Ben Abacha and Demner-Fushman 2019, CC BY 4.0).
Documents that also stand in ``../shared/corpus`` (the test set) are left out of both steps.

``fit`` builds synthetic articles (``train/synth.py``): host articles from MedQuAD documents, with
inserted blocks taken from other documents about other subjects, wrapped in generated wrapper
families, and hard negatives (related paragraphs of the same subject, same-subject links, glossary
links, citations, calls to action, disclaimers, headline lines of the same subject). Every article is
written as Markdown, HTML or scraped text, parsed by healthlint's own parsers and measured by the
check's own feature code. It reports cross-validation that holds out whole wrapper families and whole
host/donor collections, then fits the shipped model on everything. The labelled sets that
independent writers wrote (bench/offtopic-sets/set-1 to set-11d) join the synthetic articles, each
held out as one writer in cross-validation; sets 12 and 13 are test sets and are never read. The operating
point of the default detector (the model's threshold, and the floor under which the rules' findings
are dropped) is chosen on the written sets' pages and the NIH pages, out of fold. Deterministic (seed 13).
"""
from __future__ import annotations

import argparse
import gzip
import os
import json
import sys
import time
from pathlib import Path

import numpy as np

# One thread: scikit-learn's tree building sums gradients in parallel, and the order of a parallel
# float sum changes the last bits of the model from run to run.
os.environ.setdefault("OMP_NUM_THREADS", "1")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from healthlint.language.topic import content_words, stem  # noqa: E402
from healthlint.language.topicspace import save_space  # noqa: E402

TRAINING = ROOT.parent / "shared" / "training" / "medquad.jsonl.gz"
CORPUS = ROOT.parent / "shared" / "corpus"
DATA = ROOT / "healthlint" / "data"
SEED = 13


def load_documents(path: Path = TRAINING) -> list[dict]:
    """MedQuAD documents, without those the test corpus holds."""
    held = set()
    if CORPUS.is_dir():
        held = {p.stem for p in CORPUS.rglob("*") if p.is_file()}
    docs = [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    return [d for d in docs if d["id"] not in held]


def terms_of(text: str) -> list[str]:
    return [stem(w) for w, _, _ in content_words(text)]


def paragraphs(answer: str, size: int = 4) -> list[str]:
    """An answer cut into runs of a few sentences: co-occurrence within a paragraph says more about
    what goes together than within a whole document."""
    import re

    sentences = re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", answer))
    return [" ".join(sentences[i:i + size]) for i in range(0, len(sentences), size)]


def build_space(docs: list[dict], dimensions: int = 256, max_terms: int = 30000) -> None:
    """LSA over paragraphs. The first singular direction is dropped: it is the direction of health
    prose in general, shared by every paragraph, and it makes unrelated health subjects look close."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [p for d in docs for qa in d["qa"] if qa.get("answer") for p in paragraphs(qa["answer"])]
    vectorizer = TfidfVectorizer(analyzer=terms_of, min_df=3, max_df=0.5, max_features=max_terms,
                                 sublinear_tf=True, dtype=np.float32)
    matrix = vectorizer.fit_transform(texts)
    svd = TruncatedSVD(n_components=dimensions + 1, random_state=SEED, algorithm="randomized", n_iter=7)
    svd.fit(matrix)
    terms = vectorizer.get_feature_names_out()
    rows = svd.components_[1:].T.astype(np.float16)  # term -> its coordinates
    DATA.mkdir(parents=True, exist_ok=True)
    save_space(DATA / "topicspace.npz", list(terms), vectorizer.idf_, rows)
    print(f"topic space: {len(terms)} terms x {dimensions} dimensions from {len(texts)} paragraphs; "
          f"explained variance {svd.explained_variance_ratio_.sum():.3f}; "
          f"{(DATA / 'topicspace.npz').stat().st_size / 1e6:.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["vectors", "space", "domain", "fit"])
    parser.add_argument("--articles", type=int, default=4200, help="synthetic articles for fit (the shipped model: 4,200)")
    parser.add_argument("--no-cv", action="store_true")
    parser.add_argument("--compare", action="store_true", help="also score the other learner")
    parser.add_argument("--learner", choices=["trees", "logistic"], default="trees")
    parser.add_argument("--grafts", action="store_true",
                        help="also graft sentences of other walks of life into host paragraphs, and read the "
                             "sentence-domain measures (an experiment; not the shipped model)")
    args = parser.parse_args()
    started = time.perf_counter()
    docs = load_documents()
    if args.step == "vectors":
        from vectors import build_vectors

        build_vectors(docs, DATA / "topicspace.npz")
    elif args.step == "domain":
        from vectors import add_domain

        add_domain(docs, DATA / "topicspace.npz")
    elif args.step == "space":
        build_space(docs)
    else:
        import fit

        fit.run(docs, args.articles, cross_validate=not args.no_cv, seed=SEED, compare=args.compare, learner=args.learner,
                grafts=args.grafts)
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
