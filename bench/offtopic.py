#!/usr/bin/env python3
"""Score the off-topic detector on the labelled corpus.

Runs `healthlint check farm medquad nci --select off-topic --format sarif` from the corpus folder
(so SARIF paths match the labels), scores it with shared/bench/score_offtopic.py, and prints block
recall, precision and false alarms per 50 clean articles, the seed's own figures, and the check's
speed in words per second.

Usage: bench/offtopic.py [--corpus DIR] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--verbose", action="store_true", help="print every scored file")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    scorer = corpus.parent / "bench" / "score_offtopic.py"
    with tempfile.TemporaryDirectory() as tmp:
        sarif = Path(tmp) / "offtopic.sarif"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "healthlint", "check", "farm", "medquad", "nci", "--select", "off-topic",
             "--format", f"sarif={sarif}", "--fail-on", "never", "--no-cache"],
            cwd=corpus, check=True,
        )
        elapsed = time.perf_counter() - started
        words = sum(len(p.read_text(encoding="utf-8", errors="replace").split())
                    for folder in ("farm", "medquad", "nci") for p in (corpus / folder).iterdir())
        print("== whole corpus (farm + medquad + nci)")
        subprocess.run([sys.executable, str(scorer), str(sarif), str(corpus / "labels")]
                       + (["--verbose"] if args.verbose else []), check=True)
        seed_labels = Path(tmp) / "seed-labels"
        seed_labels.mkdir()
        (seed_labels / "tag-spinal-pain.json").write_text(
            (corpus / "labels" / "tag-spinal-pain.json").read_text(encoding="utf-8"), encoding="utf-8")
        print("== seed (farm/tag-spinal-pain.txt)")
        subprocess.run([sys.executable, str(scorer), str(sarif), str(seed_labels)], check=True)
        results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
        print(f"== {len(results)} off-topic results; whole process {elapsed:.1f} s for {words} words "
              f"({words / elapsed:,.0f} words/s including start-up, parsing and the NLP pass)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
