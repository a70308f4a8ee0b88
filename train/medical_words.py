#!/usr/bin/env python3
"""Derive healthlint's medical word list from NIH text (MedQuAD) and write it, compressed, into the
package: ``healthlint/data/medical-words.txt.gz``.

A word is kept when it is written in lower case (not a name) in at least ``--min-documents``
documents of the training collections, and general English dictionaries (pyspellchecker's list and
Hunspell's en_US) lack it: drug, supplement, anatomy and disease words ("clopidogrel", "ileal",
"thymoma"). A word that sits one edit away from a word used far more often in the same text is
left out: that is a slip the writers repeated ("occuring" beside "occurring"), not a term.

Only the collections named in TRAINING are read. The other collections (CancerGov, NIDDK, NINDS,
NHLBI, CDC, NIHSeniorHealth) are held out, so that ``bench/spelling.py`` can measure the spelling
check on NIH text the list never saw.

Source: MedQuAD, Ben Abacha and Demner-Fushman, "A Question-Entailment Approach to Question
Answering", BMC Bioinformatics 2019; CC BY 4.0 (https://github.com/abachaa/MedQuAD). The derived list
ships with that credit in its header.

Usage: train/medical_words.py [--training FILE] [--min-documents N] [--output FILE]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_TRAINING = REPO.parent / "shared" / "training" / "medquad.jsonl.gz"
DEFAULT_OUTPUT = REPO / "healthlint" / "data" / "medical-words.txt.gz"
# GARD (rare diseases), Genetics Home Reference and MedlinePlus health topics: 4,751 documents,
# 1.9 million words. None of them is used by the benchmarks.
TRAINING = ("2_GARD_QA", "3_GHR_QA", "4_MPlus_Health_Topics_QA")
HELD_OUT = ("1_CancerGov_QA", "5_NIDDK_QA", "6_NINDS_QA", "7_SeniorHealth_QA", "8_NHLBI_QA_XML", "9_CDC_QA")
# Lower-case words of letters only (hyphenated words are counted by their parts, as the check reads them).
TOKEN = re.compile(r"(?<![\w'’./-])[a-z]{4,}(?![\w'’/]|\.\w)")
# A repeated slip: a neighbour one edit away used this many times more often in the training text.
SLIP_RATIO = 10
HEADER = """# Medical words healthlint knows besides the general dictionaries: lower-case words used in at
# least {min_documents} NIH document(s) of MedQuAD's GARD, Genetics Home Reference and MedlinePlus
# collections that pyspellchecker's and Hunspell's en_US lists lack. Derived by train/medical_words.py.
# Source: MedQuAD (Ben Abacha and Demner-Fushman, BMC Bioinformatics 2019), CC BY 4.0,
# https://github.com/abachaa/MedQuAD; the text is by the U.S. National Institutes of Health.
"""


def documents(path: Path, collections: tuple[str, ...]):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["collection"] in collections:
                yield doc


def document_text(doc: dict) -> str:
    return "\n".join([doc.get("focus", "")] + [qa["answer"] for qa in doc["qa"]])


def general_dictionary() -> set[str]:
    """pyspellchecker's English list and Hunspell's en_US (with its affixes) where installed."""
    sys.path.insert(0, str(REPO))
    from spellchecker import SpellChecker

    from healthlint.language.vocabulary import expand_dic, hunspell_files, read_affixes

    words = set(SpellChecker().word_frequency.dictionary)
    _, english, aff = hunspell_files()
    affixes = read_affixes(aff)
    for path in english:
        words |= expand_dic(path, affixes)
    return words


# A lost dash or space glues a very common word (wordfreq Zipf 5 or more: "also", "the", "which")
# to its neighbour: "failureor", "abdomenalso".
GLUE_ZIPF = 5.0


def _run_together(word: str, known: set[str]) -> bool:
    from wordfreq import zipf_frequency

    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if (left in known and zipf_frequency(right, "en") >= GLUE_ZIPF) or (
                right in known and zipf_frequency(left, "en") >= GLUE_ZIPF):
            return True
    return False


def derive(training: Path, min_documents: int) -> list[str]:
    sys.path.insert(0, str(REPO))
    from healthlint.language.vocabulary import edits1

    in_documents: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    for doc in documents(training, TRAINING):
        found = TOKEN.findall(document_text(doc))
        uses.update(found)
        in_documents.update(set(found))
    known = general_dictionary()
    kept = []
    for word, count in in_documents.items():
        if count < min_documents or word in known:
            continue
        if word.endswith("s") and word[:-1] in known:
            continue  # a plural the affix rules already give
        if count == 1 and _run_together(word, known):
            continue  # "failureor": a dash lost between two words in one document, not a term
        neighbours = edits1(word)
        if max((uses[n] for n in neighbours if n in uses), default=0) >= SLIP_RATIO * uses[word]:
            continue
        kept.append(word)
    return sorted(kept)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--training", type=Path, default=DEFAULT_TRAINING)
    parser.add_argument("--min-documents", type=int, default=1)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    words = derive(args.training, args.min_documents)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    body = HEADER.format(min_documents=args.min_documents) + "\n".join(words) + "\n"
    # mtime=0: the same input gives the same bytes.
    with open(args.output, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(body.encode("utf-8"))
    print(f"{len(words)} words -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
