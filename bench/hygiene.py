#!/usr/bin/env python3
"""Score the hygiene check: recall on the labelled artifacts of the farm seed, and every hygiene
finding on the clean MedQuAD articles (those whose label lists no inserted blocks), to review by hand.

Usage: bench/hygiene.py [--corpus DIR]
"""
from __future__ import annotations

import json
import time

from corpus_files import clean_medquad, corpus_from_arguments

# Label name in labels/tag-spinal-pain.json -> the rule that should find it.
LABEL_RULES = {
    "missing_space_after_sentence": "hygiene/missing-space",
    "space_before_punctuation": "hygiene/space-before-punctuation",
    "machine_translation_word": "hygiene/foreign-word",
    "broken_emphasis_markup": "hygiene/broken-markup",
    "stray_keyword_line": "hygiene/stray-keyword-line",
    "keyword_stuffed_heading": "hygiene/keyword-stuffed-heading",
    "title_repeated": "hygiene/repeated-title",
    "heading_repeated_in_article": "hygiene/repeated-heading",
}


def main() -> int:
    corpus = corpus_from_arguments(__doc__.splitlines()[0])
    from healthlint.core.config import Config
    from healthlint.run.engine import lint_file

    config = Config(select=["hygiene"])
    label = json.loads((corpus / "labels" / "tag-spinal-pain.json").read_text(encoding="utf-8"))
    seed = lint_file(str(corpus / label["file"]), config)
    found = {(f.rule, line) for a in seed.articles for f in a.findings for line in range(f.start_line, f.end_line + 1)}
    total = hit = 0
    for name, lines in label["artifacts"].items():
        rule = LABEL_RULES.get(name)
        got = [line for line in lines if (rule, line) in found]
        total += len(lines)
        hit += len(got)
        missed = sorted(set(lines) - set(got))
        print(f"  {name:32} {len(got)}/{len(lines)}" + (f"  missed lines {missed}" if missed else ""))
    labelled = {(LABEL_RULES.get(n), line) for n, lines in label["artifacts"].items() for line in lines}
    extra = sorted((line, rule) for rule, line in found if (rule, line) not in labelled)
    print(f"farm seed recall: {hit}/{total} = {hit / max(total, 1):.0%}; unlabelled findings: {len(extra)}")
    for line, rule in extra:
        print(f"  tag-spinal-pain.txt:{line}  {rule}")

    started = time.perf_counter()
    clean = clean_medquad(corpus)
    findings = []
    for path in clean:
        result = lint_file(str(path), config)
        findings += [(path.name, f) for a in result.articles for f in a.findings]
    print(f"clean MedQuAD articles: {len(clean)}, hygiene findings: {len(findings)} "
          f"({time.perf_counter() - started:.1f}s)")
    for name, f in findings:
        print(f"  {name}:{f.start_line}  {f.rule:34} {f.message[:90]}  [{f.excerpt[:50]}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
