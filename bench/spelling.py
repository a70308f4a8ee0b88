#!/usr/bin/env python3
"""Run the spelling check over the clean MedQuAD articles and the farm seed.

Prints findings per 1,000 words over the clean articles of medquad/ (those whose label lists no
inserted blocks), every flagged word with its file and line (to classify by hand), whether the
seed's "Artikels" (farm/tag-spinal-pain.txt line 228) is found, and the time taken.

Usage: bench/spelling.py [--corpus DIR]
"""
from __future__ import annotations

import re
import time

from corpus_files import clean_medquad, corpus_from_arguments


def main() -> int:
    corpus = corpus_from_arguments(__doc__.splitlines()[0])
    from healthlint.config import Config
    from healthlint.engine import lint_file

    config = Config(select=["spelling"])
    words = 0
    flagged: list[tuple[str, int, str, str]] = []
    started = time.perf_counter()
    files = clean_medquad(corpus)
    for path in files:
        result = lint_file(str(path), config)
        for article in result.articles:
            words += sum(len(re.findall(r"[A-Za-z]+", b.get("text", "") or "")) for b in article.blocks
                         if b.get("kind") != "table")
            for f in article.findings:
                flagged.append((path.name, f.start_line, f.rule.split("/")[1], f.message))
    elapsed = time.perf_counter() - started
    print(f"clean MedQuAD articles: {len(files)}, words: {words}, findings: {len(flagged)}, "
          f"per 1,000 words: {1000 * len(flagged) / max(words, 1):.2f}, time: {elapsed:.1f}s")
    for name, line, rule, message in flagged:
        print(f"  {name}:{line}  {rule:13}  {message}")
    seed = lint_file(str(corpus / "farm" / "tag-spinal-pain.txt"), config)
    seed_findings = [f for a in seed.articles for f in a.findings]
    artikels = any(f.start_line == 228 and "Artikels" in f.message for f in seed_findings)
    print(f"farm seed: {len(seed_findings)} findings; 'Artikels' at line 228 found: {artikels}")
    for f in seed_findings:
        print(f"  tag-spinal-pain.txt:{f.start_line}  {f.rule}  {f.message}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
