"""Where one process spends its time on a folder of articles: reading and parsing, the spaCy pass,
the word table, and each check, in CPU seconds (``time.process_time``), after a warm-up (spaCy and
the dictionaries loaded, as a run does before its first file).

    python bench/check_costs.py DIR [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from healthlint.checks.context import CheckContext  # noqa: E402
from healthlint.core.config import Config  # noqa: E402
from healthlint.core.reading import read_source  # noqa: E402
from healthlint.core.registry import all_rules  # noqa: E402
from healthlint.language import wordtable  # noqa: E402
from healthlint.language.nlp import analyse, load_pipeline  # noqa: E402
from healthlint.language.vocabulary import load as load_vocabulary  # noqa: E402
from healthlint.parsers import parse  # noqa: E402
from healthlint.run.engine import STEPS, enabled_checks, pipeline_model, prepare  # noqa: E402
from healthlint.run.parallel import warm_up  # noqa: E402


def costs(folder: Path) -> dict[str, float]:
    config = Config()
    rules = all_rules()
    checks = enabled_checks(config)
    start = time.process_time()
    nlp = load_pipeline(pipeline_model(config, checks))
    prepare(checks)
    warm_up(STEPS, config)
    spent = {"start-up (spaCy, dictionaries, warm-up)": time.process_time() - start}

    def add(name: str, since: float) -> float:
        now = time.process_time()
        spent[name] = spent.get(name, 0.0) + now - since
        return now

    needs = {n for c in checks for n in c.needs}
    vocab = load_vocabulary() if "vocabulary" in needs else None
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        t = time.process_time()
        parsed = parse(read_source(str(path)))
        t = add("read and parse", t)
        analysed_articles = analyse(parsed.articles, nlp, str(path), parsed.kind)
        t = add("spaCy pass", t)
        if wordtable.NEED in needs:
            wordtable.attach(analysed_articles, vocab)
            t = add("word table", t)
        for analysed in analysed_articles:
            for check in checks:
                context = CheckContext(analysed, config, rules, check.name)
                check.run(analysed, context)
                t = add(f"check {check.name}", t)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    spent = costs(args.folder)
    if args.json:
        print(json.dumps(spent))
        return
    total = sum(spent.values())
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:42} {seconds:7.2f} s CPU  {100 * seconds / total:5.1f}%")
    print(f"  {'total':42} {total:7.2f} s CPU")


if __name__ == "__main__":
    main()
