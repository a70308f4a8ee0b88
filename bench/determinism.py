"""Same input, same output: the JSON of a corpus across --jobs, cache state and file order.

    python bench/determinism.py [CORPUS=../shared/corpus] [--hostile N]

Runs ``healthlint check FILES --format json`` (``--fail-on never -q``) over the corpus's article
files (plus N generated hostile files, default 60) with one fresh ``HEALTHLINT_CACHE_DIR``:

  A  --jobs 1 --no-cache           B  --jobs 2 --no-cache
  C  --jobs 2, cold result cache   D  --jobs 2, warm cache      E  --jobs 1, warm cache
  F  --jobs 2 --no-cache, the files in reverse order
  G  --jobs 1 --no-cache, the files in a shuffled order

A to E must be byte-identical. F and G list the files in the order given, so for them every
file's line of the JSON and the summary must be byte-identical to A's. Prints what differs.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import hostile  # noqa: E402
from speed import REPO  # noqa: E402


def run(files: list[str], out: Path, env: dict, *extra: str) -> bytes:
    listing = out.with_suffix(".args")
    listing.write_text("\n".join(files))
    subprocess.run([sys.executable, "-m", "healthlint", "check", *files, "--format", "json", "-o", str(out),
                    "--fail-on", "never", "-q", *extra], cwd=REPO, env=env, check=False,
                   stderr=subprocess.DEVNULL)
    return out.read_bytes()


def file_lines(data: bytes) -> dict[str, bytes]:
    import json

    lines = {}
    for line in data.splitlines():
        if line.startswith(b'{"path"'):
            line = line.rstrip(b",")
            lines[json.loads(line)["path"]] = line
    return lines


def summary(data: bytes) -> bytes:
    return data[data.rindex(b'"summary"'):]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--hostile", type=int, default=60)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="healthlint-determinism-"))
    try:
        files = sorted(str(p) for p in Path(args.corpus).rglob("*") if p.suffix in (".md", ".html", ".txt")
                       and p.name != "README.md") if Path(args.corpus).is_dir() else []
        files += hostile.write_corpus(work / "hostile", args.hostile, seed=17)
        env = dict(os.environ, HEALTHLINT_CACHE_DIR=str(work / "cache"))
        shuffled = files[:]
        random.Random(17).shuffle(shuffled)
        a = run(files, work / "a.json", env, "--jobs", "1", "--no-cache")
        b = run(files, work / "b.json", env, "--jobs", "2", "--no-cache")
        c = run(files, work / "c.json", env, "--jobs", "2")
        d = run(files, work / "d.json", env, "--jobs", "2")
        e = run(files, work / "e.json", env, "--jobs", "1")
        f = run(files[::-1], work / "f.json", env, "--jobs", "2", "--no-cache")
        g = run(shuffled, work / "g.json", env, "--jobs", "1", "--no-cache")
        print(f"healthlint determinism: {len(files)} files ({args.hostile} hostile), JSON {len(a):,} bytes")
        failures = 0
        reference = file_lines(a)
        if len(reference) != len(files):
            failures += 1
            print(f"  A lists {len(reference)} of {len(files)} files")
        for name, data in (("B --jobs 2", b), ("C cold cache", c), ("D warm cache", d), ("E warm, --jobs 1", e)):
            same = data == a
            failures += not same
            print(f"  A vs {name:18s} byte-identical: {same}")
            if not same:
                lines = file_lines(data)
                differing = [p for p in reference if lines.get(p) != reference[p]]
                print(f"    {len(differing)} file(s) differ, e.g. {differing[:3]}")
        for name, data in (("F reversed order", f), ("G shuffled order", g)):
            lines = file_lines(data)
            differing = [p for p in reference if lines.get(p) != reference[p]]
            same = not differing and summary(data) == summary(a) and len(lines) == len(reference)
            failures += not same
            print(f"  A vs {name:18s} every file's JSON and the summary byte-identical: {same}"
                  + (f" ({len(differing)} differ, e.g. {differing[:3]})" if differing else ""))
        print("bar: " + ("met" if not failures else "NOT met"))
        return 0 if not failures else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
