"""Time healthlint on a generated corpus of hostile files (``bench/hostile.py``).

    python bench/hostile_corpus.py [N=250] [--seed 17] [--jobs 2] [--keep DIR]

Writes N hostile files, then times one whole process, as CI would run it:
``healthlint check DIR --format json -o OUT --no-cache --fail-on never -q --jobs J``. Prints the wall
time, the peak memory of the process tree (PSS), the exit code, how many files came back (every
one must) and how many got each healthlint/* result. Bar (issue #17): N = 250 in under 60 s.
"""
from __future__ import annotations

import argparse
import collections
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import hostile  # noqa: E402
from fuzz import run_batch  # noqa: E402
from speed import cpu_probe  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=250)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", help="write the corpus here and keep it")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="healthlint-hostile-"))
    try:
        paths = hostile.write_corpus(work / "corpus", args.n, seed=args.seed)
        size = sum(Path(p).stat().st_size for p in paths)
        print(f"cpu probe: {cpu_probe():.2f} s (a fixed Python loop; higher = slower machine right now)")
        batch = run_batch(work / "corpus", work / "results.json", args.jobs, timeout=600)
        data = json.loads((work / "results.json").read_text(encoding="utf-8")) if not batch["killed"] else {"files": []}
        returned = collections.Counter(entry["path"] for entry in data["files"])
        missing = [p for p in paths if returned[p] != 1]
        rules = collections.Counter()
        for entry in data["files"]:
            found = {f["rule"] for f in entry["findings"]} | {f["rule"] for a in entry["articles"] for f in a["findings"]}
            rules.update(r for r in found if r.startswith("healthlint/"))
        print(f"hostile corpus: {args.n} files, {size / 1e6:.1f} MB, seed {args.seed}, --jobs {args.jobs}")
        print(f"  wall time {batch['wall']:.1f} s (bar < 60 s)   peak memory {batch['peak_mb']:.0f} MB (process tree, PSS)"
              f"   exit {batch['code']}{'  KILLED' if batch['killed'] else ''}")
        print(f"  files in the JSON: {len(returned)} of {args.n}; missing or repeated: {len(missing)}")
        for rule, count in sorted(rules.items()):
            print(f"  files with {rule}: {count}")
        ok = not batch["killed"] and batch["wall"] < 60 and not missing and batch["code"] in (0, 1)
        print("bar: " + ("met" if ok else "NOT met"))
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
