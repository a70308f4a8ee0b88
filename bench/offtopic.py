#!/usr/bin/env python3
"""Score the off-topic detector.

1. Held-out figures on training data: `python train/offtopic.py fit` prints cross-validation that
   holds out whole wording styles and whole host collections (run it; this script does not retrain).
2. Test sets: runs `healthlint check --select off-topic --format sarif` from each labelled folder (so
   SARIF paths match the labels) and scores it with shared/bench/score_offtopic.py: block recall,
   precision, false alarms per 50 clean articles. By default the shared corpus (farm + medquad + nci,
   and the seed page alone); `--labelled DIR` scores any folder laid out the same way (DIR/labels/*.json
   naming files relative to DIR), e.g. an evaluation set written by someone else.
3. Speed: the off-topic check's share of a full default run (per-check timing in one process).

Usage: bench/offtopic.py [--detector both|learned|rules] [--set KEY=VALUE ...] [--corpus DIR] [--labelled DIR ...]
                         [--clean DIR ...]
                         [--verbose] [--speed N]

`--set learned-confidence=0.6` overrides a threshold of checks/off-topic.toml for the run.
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
SCORER = HERE.parent.parent / "shared" / "bench" / "score_offtopic.py"


DETECTOR = "both"
OVERRIDES: list[str] = []


def score(folder: Path, targets: list[str], labels: Path, verbose: bool, title: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sarif = Path(tmp) / "offtopic.sarif"
        config = Path(tmp) / "healthlint.toml"
        config.write_text(f'[off-topic]\ndetector = "{DETECTOR}"\n' + "".join(f"{o}\n" for o in OVERRIDES),
                          encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "healthlint", "check", *targets, "--select", "off-topic", "--config", str(config),
             "--format", f"sarif={sarif}", "--fail-on", "never", "--no-cache"],
            cwd=folder, check=True, stdout=subprocess.DEVNULL,
        )
        print(f"== {title} [{DETECTOR} detector{''.join(', ' + o for o in OVERRIDES)}]", flush=True)
        subprocess.run([sys.executable, str(SCORER), str(sarif), str(labels)] + (["--verbose"] if verbose else []),
                       check=True)
        results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
        recall_by_kind(results, labels)
        by_rule: dict[str, int] = {}
        for result in results:
            by_rule[result["ruleId"]] = by_rule.get(result["ruleId"], 0) + 1
        print("   results by rule:", ", ".join(f"{k} {v}" for k, v in sorted(by_rule.items())) or "none")


def recall_by_kind(results: list[dict], labels: Path) -> None:
    """Block recall per kind of insertion, where the labels name kinds (headline, plug, ...)."""
    spans = []
    for result in results:
        if not result["ruleId"].startswith("off-topic"):
            continue
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        spans.append((location["artifactLocation"]["uri"], region["startLine"], region.get("endLine", region["startLine"])))
    found: dict[str, list[int]] = {}
    for path in sorted(labels.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        for block in label.get("inserted_blocks", []):
            if "kind" not in block:
                continue
            hit = any(uri.endswith(label["file"]) and a <= line <= b for uri, a, b in spans for line in block["lines"])
            found.setdefault(block["kind"], []).append(int(hit))
    if found:
        print("   recall by kind:", ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(found.items())))


def speed(count: int) -> None:
    """Per-check CPU time of a full default run over ``count`` distinct NIH articles, in one process."""
    sys.path.insert(0, str(HERE))
    from corpus_files import write_training_articles  # type: ignore

    from healthlint.core.registry import all_checks
    from healthlint.checks.offtopic_learned import DETECTOR as LEARNED_DETECTOR
    from healthlint.checks.offtopic_model import load_models
    from healthlint.language.topicspace import load_space
    from healthlint.core.config import load_config
    from healthlint.checks.context import CheckContext
    from healthlint.core.registry import all_rules
    from healthlint.language.nlp import analyse, load_pipeline
    from healthlint.parsers import parse
    from healthlint.core.reading import read_source

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_training_articles(Path(tmp), count)
        config = load_config(None)
        rules = all_rules()
        nlp = load_pipeline("blank")
        totals: dict[str, float] = {}
        learned = 0.0
        load_models()
        load_space()
        started = time.process_time()
        for path in paths:
            t0 = time.process_time()
            parsed = parse(read_source(str(path), config.max_file_size))
            analysed_all = analyse(parsed.articles, nlp, str(path), parsed.kind)
            totals["read, parse, NLP"] = totals.get("read, parse, NLP", 0.0) + time.process_time() - t0
            for analysed in analysed_all:
                for check in all_checks():
                    t0 = time.process_time()
                    check.run(analysed, CheckContext(analysed, config, rules, check.name))
                    totals[check.name] = totals.get(check.name, 0.0) + time.process_time() - t0
                t0 = time.process_time()
                LEARNED_DETECTOR.run(analysed, CheckContext(analysed, config, rules, "off-topic"))
                learned += time.process_time() - t0
        whole = time.process_time() - started - learned
    print(f"== per-check CPU seconds over {count} distinct NIH articles (one process, no cache; "
          f"default run {whole:.2f} s)")
    for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"   {name:>18}: {seconds:7.2f} s  {100 * seconds / whole:5.1f}%")
    print(f"   learned off-topic detector instead of the rules one: {learned:.2f} s, "
          f"{100 * learned / (whole - totals.get('off-topic', 0.0) + learned):.1f}% of such a run")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--labelled", type=Path, action="append", default=[],
                        help="a folder with labels/*.json naming files relative to it")
    parser.add_argument("--clean", type=Path, action="append", default=[],
                        help="a folder of pages with nothing inserted (false alarms per 50 pages), e.g. "
                             "the real NIH pages `bench/precision.py --keep DIR` writes")
    parser.add_argument("--verbose", action="store_true", help="print every scored file")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="also time the checks on N articles")
    parser.add_argument("--detector", choices=["rules", "learned", "both"], default="both")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a threshold of checks/off-topic.toml (e.g. learned-confidence=0.6)")
    args = parser.parse_args()
    global DETECTOR
    DETECTOR = args.detector
    for item in args.set:
        key, _, value = item.partition("=")
        OVERRIDES.append(f"{key.strip()} = {value.strip()}")
    corpus = args.corpus.resolve()
    if corpus.is_dir():
        score(corpus, ["farm", "medquad", "nci"], corpus / "labels", args.verbose,
              "shared corpus (farm + medquad + nci): a test set, never trained or tuned on")
        with tempfile.TemporaryDirectory() as tmp:
            seed_labels = Path(tmp)
            (seed_labels / "tag-spinal-pain.json").write_text(
                (corpus / "labels" / "tag-spinal-pain.json").read_text(encoding="utf-8"), encoding="utf-8")
            score(corpus, ["farm"], seed_labels, args.verbose, "seed (farm/tag-spinal-pain.txt)")
    for folder in args.labelled:
        folder = folder.resolve()
        files = sorted({json.loads(p.read_text(encoding="utf-8"))["file"] for p in (folder / "labels").glob("*.json")})
        score(folder, files, folder / "labels", args.verbose, f"labelled set {folder}")
    for folder in args.clean:
        folder = folder.resolve()
        files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                       if p.is_file() and p.suffix.lower() in (".md", ".html", ".htm", ".txt"))
        with tempfile.TemporaryDirectory() as tmp:
            labels = Path(tmp)
            for k, name in enumerate(files):
                (labels / f"{k:05d}.json").write_text(json.dumps({"file": name, "inserted_blocks": []}),
                                                      encoding="utf-8")
            score(folder, files, labels, args.verbose, f"clean pages {folder}")
    if args.speed:
        speed(args.speed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
