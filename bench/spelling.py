#!/usr/bin/env python3
"""How often the spelling check flags a correctly spelled word, and how many real slips it finds.

Text: NIH documents of the MedQuAD collections that ``train/medical_words.py`` holds out (CancerGov,
NIDDK, NINDS, NIHSeniorHealth, NHLBI, CDC), so the medical word list never saw them; a fixed random
sample of about ``--words`` words, written as Markdown articles (title, question headings, answers).

1. False flags: the spelling check over the untouched text. Every finding is printed (file, word,
   message) so a person can tell MedQuAD's own slips and run-together words (real errors) from
   correct words flagged; the figure is findings per 5,000 words, all counted against the check.
2. Recall: the same text with realistic slips inserted, one word in ``--every``: a letter dropped,
   doubled, swapped with its neighbour, replaced by or inserted from a neighbouring key, and, for one
   slip in five, two such edits. Slips that make another real word ("form" -> "from": no dictionary
   check can see those) are not inserted and are counted apart. A slip counts as found when a
   finding covers that word.

Usage: bench/spelling.py [--training FILE] [--words N] [--every N] [--seed N] [--show N]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "train"))

from medical_words import DEFAULT_TRAINING, HELD_OUT, documents  # noqa: E402

KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
WORD = re.compile(r"(?<![\w'’./@-])[a-z]{4,}(?![\w'’@/-]|\.\w)")


def neighbours_on_keyboard() -> dict[str, str]:
    near: dict[str, str] = {}
    for r, row in enumerate(KEYBOARD_ROWS):
        for i, ch in enumerate(row):
            keys = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            for other in (r - 1, r + 1):
                if 0 <= other < len(KEYBOARD_ROWS):
                    keys += [KEYBOARD_ROWS[other][j] for j in (i - 1, i, i + 1) if 0 <= j < len(KEYBOARD_ROWS[other])]
            near[ch] = "".join(keys)
    return near


NEAR = neighbours_on_keyboard()


def one_slip(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word))  # writers rarely slip on the first letter
    kind = rng.choice(("drop", "double", "swap", "near", "insert"))
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "insert":
        return word[:i] + rng.choice(NEAR[word[i]]) + word[i:]
    return word[:i] + rng.choice(NEAR[word[i]]) + word[i + 1:]


def slip(word: str, rng: random.Random) -> str:
    typo = one_slip(word, rng)
    if rng.random() < 0.2:
        typo = one_slip(typo, rng)
    return typo


def article(doc: dict) -> str:
    parts = [f"# {doc['focus']}", ""]
    for qa in doc["qa"]:
        parts += [f"## {qa['question'].strip()}", ""]
        for paragraph in re.split(r"\n\s*\n|\n", qa["answer"]):
            if paragraph.strip():
                parts += [paragraph.strip(), ""]
    return "\n".join(parts)


def sample(training: Path, words: int, seed: int) -> list[dict]:
    docs = list(documents(training, HELD_OUT))
    random.Random(seed).shuffle(docs)
    chosen, total = [], 0
    for doc in docs:
        if total >= words:
            break
        chosen.append(doc)
        total += sum(len(qa["answer"].split()) for qa in doc["qa"])
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--training", type=Path, default=DEFAULT_TRAINING)
    parser.add_argument("--words", type=int, default=150_000)
    parser.add_argument("--every", type=int, default=100, help="insert one slip every N eligible words")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", type=int, default=40, help="missed slips to print")
    args = parser.parse_args()

    from healthlint.core.config import Config
    from healthlint.run.engine import lint_file
    from healthlint.language.vocabulary import load

    vocab = load()
    config = Config(select=["spelling"])
    rng = random.Random(args.seed)
    docs = sample(args.training, args.words, args.seed)
    started = time.perf_counter()
    words = 0
    false_flags: list[tuple[str, int, str]] = []
    inserted = found = real_word_slips = 0
    missed: list[tuple[str, str, str, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for doc in docs:
            text = article(doc)
            clean = Path(tmp) / f"{doc['id']}.md"
            clean.write_text(text, encoding="utf-8")
            result = lint_file(str(clean), config)
            flagged_words = set()
            for a in result.articles:
                for f in a.findings:
                    false_flags.append((doc["id"], f.start_line, f.message))
                    flagged_words.add(f.data.get("word", "").lower())
            words += len(re.findall(r"[A-Za-z]+", text))
            # Insert slips, line by line, so each can be found again by line and word.
            lines = text.split("\n")
            slips: dict[tuple[int, str], str] = {}
            count = 0
            for n, line in enumerate(lines):
                if line.startswith("#"):
                    continue
                pieces, last = [], 0
                for m in WORD.finditer(line):
                    word = m.group()
                    if word in flagged_words or not vocab.in_dictionary(word):
                        continue
                    count += 1
                    if count % args.every:
                        continue
                    typo = slip(word, rng)
                    if typo == word or vocab.in_dictionary(typo) or vocab.zipf(typo) >= 3.0:
                        real_word_slips += 1
                        continue
                    pieces += [line[last:m.start()], typo]
                    last = m.end()
                    slips[(n + 1, typo)] = word
                lines[n] = "".join(pieces) + line[last:]
            typo_file = Path(tmp) / f"{doc['id']}-slips.md"
            typo_file.write_text("\n".join(lines), encoding="utf-8")
            result = lint_file(str(typo_file), config)
            hits = {(f.start_line, f.data.get("word", "").lower()) for a in result.articles for f in a.findings}
            for (line_no, typo), word in slips.items():
                inserted += 1
                if (line_no, typo) in hits:
                    found += 1
                else:
                    missed.append((typo, word, doc['id'], line_no))
    elapsed = time.perf_counter() - started
    per_5000 = 5000 * len(false_flags) / max(words, 1)
    print(f"held-out NIH documents: {len(docs)} ({', '.join(HELD_OUT)}), words: {words:,}, time {elapsed:.0f}s")
    print(f"findings on the untouched text: {len(false_flags)} = {per_5000:.2f} per 5,000 words "
          "(every one counted as a false flag; judge them below)")
    print(f"slips inserted: {inserted}, found: {found}, recall {found / max(inserted, 1):.3f} "
          f"({real_word_slips} slips that made a real word were not inserted)")
    print("\nfindings on the untouched text:")
    for doc_id, line, message in false_flags:
        print(f"  {doc_id}:{line}  {message}")
    print(f"\nmissed slips (first {args.show}):")
    for typo, word, doc_id, line_no in missed[: args.show]:
        print(f"  {typo!r} for {word!r} ({doc_id}, line {line_no})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
