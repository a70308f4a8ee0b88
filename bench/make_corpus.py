"""Build a benchmark corpus of N articles from the real corpus (../shared/corpus beside the checkout).

Each article starts from a real one (round robin over every file, so the Markdown / HTML / text mix
and the size mix stay those of the corpus at any N), keeps its head (front matter, title), shuffles
the order of its paragraphs and swaps a few of them for paragraphs of another article of the same
kind. No two generated articles are the same text, and each is still a realistic article.

    python bench/make_corpus.py N DEST [--seed S]
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from corpus_files import DEFAULT_CORPUS

CORPUS = DEFAULT_CORPUS
FOLDERS = ("farm", "medquad", "nci")
SUFFIXES = {".md", ".html", ".txt"}
_HTML_PARAGRAPH = re.compile(r"<p\b[^>]*>.*?</p>", re.S | re.I)


def sources(corpus: Path = CORPUS) -> list[Path]:
    files = []
    for folder in FOLDERS:
        files += sorted(p for p in (corpus / folder).glob("*") if p.suffix in SUFFIXES)
    if not files:
        raise SystemExit(f"no articles under {corpus}")
    return files


def _split_text(text: str) -> tuple[str, list[str]]:
    """Head (front matter and first block) and the paragraphs after it."""
    head = ""
    body = text
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end > 0:
            head, body = text[: end + 5], text[end + 5:]
    parts = re.split(r"\n\s*\n", body.strip("\n"))
    if parts:
        head += parts[0] + "\n\n"
        parts = parts[1:]
    return head, parts


def mix_text(text: str, donor: str, rng: random.Random) -> str:
    head, parts = _split_text(text)
    _, donor_parts = _split_text(donor)
    # shuffle in windows of a few paragraphs: headings stay near their text, tables stay whole
    windows = [parts[i:i + 3] for i in range(0, len(parts), 3)]
    rng.shuffle(windows)
    parts = [p for w in windows for p in w]
    prose = [i for i, p in enumerate(parts) if not p.lstrip().startswith(("#", "|", "-", "*"))]
    donors = [p for p in donor_parts if not p.lstrip().startswith(("#", "|", "-", "*"))]
    for i in rng.sample(prose, min(len(prose), 2)):
        if donors:
            parts[i] = rng.choice(donors)
    return head + "\n\n".join(parts) + "\n"


def mix_html(text: str, donor: str, rng: random.Random) -> str:
    paragraphs = _HTML_PARAGRAPH.findall(text)
    donors = _HTML_PARAGRAPH.findall(donor)
    if len(paragraphs) < 2:
        return text
    order = paragraphs[:]
    rng.shuffle(order)
    for i in rng.sample(range(len(order)), min(len(order), 2)):
        if donors:
            order[i] = rng.choice(donors)
    replacements = iter(order)
    return _HTML_PARAGRAPH.sub(lambda m: next(replacements), text)


def build(n: int, dest: Path, seed: int = 7, corpus: Path = CORPUS) -> dict:
    """Write N articles under dest (in subfolders of 500); return counts: files, words, bytes, kinds."""
    rng = random.Random(seed)
    files = sources(corpus)
    texts = [(p.suffix, p.stem, p.read_text(encoding="utf-8", errors="replace")) for p in files]
    by_kind: dict[str, list[str]] = {}
    for suffix, _, text in texts:
        by_kind.setdefault(suffix, []).append(text)
    dest.mkdir(parents=True, exist_ok=True)
    stats = {"files": 0, "words": 0, "bytes": 0, "kinds": {}}
    for i in range(n):
        suffix, stem, text = texts[i % len(texts)]
        donor = rng.choice(by_kind[suffix])
        mixed = mix_html(text, donor, rng) if suffix == ".html" else mix_text(text, donor, rng)
        folder = dest / f"part{i // 500:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{i:05d}-{stem}{suffix}").write_text(mixed, encoding="utf-8")
        stats["files"] += 1
        stats["words"] += len(mixed.split())
        stats["bytes"] += len(mixed.encode("utf-8"))
        stats["kinds"][suffix] = stats["kinds"].get(suffix, 0) + 1
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(build(args.n, args.dest, args.seed))


if __name__ == "__main__":
    main()
