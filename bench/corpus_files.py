"""What the benchmark scripts share: where the corpus is, its command-line option, and which of its
articles are clean."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"


def corpus_from_arguments(description: str) -> Path:
    """Parse ``--corpus DIR`` and make this checkout's healthlint importable."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    return args.corpus.resolve()


def clean_medquad(corpus: Path) -> list[Path]:
    """The MedQuAD articles whose label lists no inserted blocks."""
    files = []
    for label in sorted((corpus / "labels").glob("*.json")):
        data = json.loads(label.read_text(encoding="utf-8"))
        if data.get("file", "").startswith("medquad/") and not data.get("inserted_blocks"):
            files.append(corpus / data["file"])
    return files


TRAINING = HERE.parent.parent / "shared" / "training" / "medquad.jsonl.gz"


def write_training_articles(folder: Path, count: int, first: int = 0) -> list[Path]:
    """``count`` distinct NIH documents of the training set written as Markdown articles (title, one
    section per question), so benchmarks run on documents that are all different."""
    import gzip
    import re

    paths = []
    with gzip.open(TRAINING, "rt", encoding="utf-8") as handle:
        for k, line in enumerate(handle):
            if k < first:
                continue
            if len(paths) == count:
                break
            doc = json.loads(line)
            parts = [f"# {doc['focus']}", ""]
            for qa in doc["qa"]:
                answer = re.sub(r"[ \t]+", " ", qa.get("answer") or "").strip()
                if answer:
                    parts += [f"## {qa['question'].strip()}", "", re.sub(r"\n\s*\n+", "\n\n", answer), ""]
            path = folder / f"{doc['id']}.md"
            path.write_text("\n".join(parts), encoding="utf-8")
            paths.append(path)
    return paths
