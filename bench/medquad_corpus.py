"""Write N distinct health articles built from MedQuAD (``../shared/training/medquad.jsonl.gz``).

Each article is one MedQuAD document, or a part of one: a document's question-answer pairs are
taken two at a time (one at a time when the two have over 600 words), and a lone answer of over
300 words is cut in two at a paragraph, so the pool
holds over 10,000 distinct articles (3.1 million words) and every N draws from the same pool (the
units in one fixed shuffled order, the first N): N = 1,000 and N = 10,000 have the same mix. No text
is repeated (an article whose body is the same as an earlier one's is left out). The formats
rotate: Markdown (front matter, title, a heading a question), plain text as scraped (title, then
paragraphs) and HTML.

    python bench/medquad_corpus.py N DEST [--seed S]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import random
import re
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MEDQUAD = REPO.parent / "shared" / "training" / "medquad.jsonl.gz"
LONG_ANSWER_WORDS = 300


def _paragraphs(answer: str) -> list[str]:
    """An answer's paragraphs: its lines, stripped, blank ones dropped; bullets ("- x") kept."""
    out = []
    for line in answer.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        # MedQuAD runs a list's bullets together on one line ("- a.    - b.")
        items = [p.strip() for p in re.split(r"\s+-\s+(?=[A-Z])", " " + line) if p.strip()]
        if line.startswith("- ") and len(items) > 1:
            out.extend("- " + item.lstrip("- ") for item in items)
        else:
            out.append(line)
    return out


@lru_cache(maxsize=2)
def units(source: Path = MEDQUAD, seed: int = 7) -> tuple[tuple[str, str, tuple], ...]:
    """Every article of the pool as (id, title, ((question, paragraphs), ...)), shuffled once."""
    found = []
    seen: set[str] = set()
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            pairs = [(qa["question"].strip(), _paragraphs(qa["answer"])) for qa in doc["qa"]]
            pairs = [(q, p) for q, p in pairs if p]
            chunks = [pairs[i:i + 2] for i in range(0, len(pairs), 2)]
            pieces = []
            for chunk in chunks:
                words = sum(len(p.split()) for _, ps in chunk for p in ps)
                if len(chunk) == 1 and words > LONG_ANSWER_WORDS and len(chunk[0][1]) >= 4:
                    question, paragraphs = chunk[0]
                    half = len(paragraphs) // 2
                    pieces += [[(question, paragraphs[:half])], [(question, paragraphs[half:])]]
                elif len(chunk) == 2 and words > 2 * LONG_ANSWER_WORDS:
                    pieces += [chunk[:1], chunk[1:]]
                else:
                    pieces.append(chunk)
            for k, piece in enumerate(pieces):
                body = "\n".join(p for _, ps in piece for p in ps)
                digest = hashlib.sha1(body.encode()).hexdigest()
                if digest in seen:
                    continue
                seen.add(digest)
                title = doc["focus"] + (f" (part {k + 1})" if len(pieces) > 1 else "")
                found.append((f"{doc['id']}-{k + 1}", title, tuple((q, tuple(ps)) for q, ps in piece)))
    random.Random(seed).shuffle(found)
    return tuple(found)


def _markdown(title: str, piece) -> str:
    out = [f"---\ntitle: \"{title}\"\n---\n", f"# {title}\n"]
    for question, paragraphs in piece:
        out.append(f"## {question}\n")
        out += [p + "\n" for p in paragraphs]
    return "\n".join(out)


def _text(title: str, piece) -> str:
    out = [title, ""]
    for question, paragraphs in piece:
        out += [question, ""]
        for p in paragraphs:
            out += [p, ""]
    return "\n".join(out)


def html_blocks(paragraphs) -> list[str]:
    """Paragraphs as HTML elements: a run of "- " lines becomes one list."""
    out, items = [], []
    for p in paragraphs:
        if p.startswith("- "):
            items.append(f"<li>{html.escape(p[2:])}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        out.append(f"<p>{html.escape(p)}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return out


def _html(title: str, piece) -> str:
    out = [f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body><article>",
           f"<h1>{html.escape(title)}</h1>"]
    for question, paragraphs in piece:
        out.append(f"<h2>{html.escape(question)}</h2>")
        out.extend(html_blocks(paragraphs))
    out.append("</article></body></html>\n")
    return "\n".join(out)


FORMATS = ((".md", _markdown), (".txt", _text), (".html", _html))


def build(n: int, dest: Path, seed: int = 7, source: Path = MEDQUAD) -> dict:
    """Write the first ``n`` articles of the pool into ``dest``; what was written."""
    pool = units(source, seed)
    if n > len(pool):
        raise SystemExit(f"the MedQuAD pool holds {len(pool)} distinct articles, fewer than {n}")
    dest.mkdir(parents=True, exist_ok=True)
    words = size = 0
    kinds: dict[str, int] = {}
    paragraphs: list[str] = []
    for i, (ident, title, piece) in enumerate(pool[:n]):
        suffix, render = FORMATS[i % len(FORMATS)]
        text = render(title, piece)
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", ident)[:80] + suffix
        (dest / name).write_text(text, encoding="utf-8")
        size += len(text.encode())
        kinds[suffix] = kinds.get(suffix, 0) + 1
        for question, ps in piece:
            paragraphs.append(question)
            paragraphs += ps
            words += len(question.split()) + sum(len(p.split()) for p in ps)
    return {"files": n, "words": words, "bytes": size, "kinds": kinds, "paragraphs": paragraphs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    stats = build(args.n, args.dest, args.seed)
    print(f"{stats['files']} articles, {stats['words']:,} words, {stats['bytes'] / 1e6:.1f} MB, {stats['kinds']}")


if __name__ == "__main__":
    main()
