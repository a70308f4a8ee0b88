"""Kill ``healthlint check --jobs 2`` with SIGKILL at random moments, then check that nothing is lost
or corrupted.

    python bench/kill.py [CORPUS] [--kills 30] [--seed 17]

CORPUS defaults to ../shared/corpus (when there) plus 60 generated hostile files. All runs share one
fresh ``HEALTHLINT_CACHE_DIR`` (the result cache and the derived vocabulary and syllable tables), the
first runs starting with it empty, so kills land while the vocabulary is being built; from the
seventh kill on, every other run starts with the result cache emptied (derived tables kept), so
kills land while results are analysed and written, and the others on a warm cache. Each of the ``--kills`` runs is killed after a random
delay, in turn: the main process alone (its workers must notice and exit), the whole process group,
or one worker. After every kill the script waits for the processes to go and checks every cache
file: each result entry is whole JSON with the key it is filed under, every ``vocabulary-*.sqlite``
passes SQLite's integrity check, the syllable table loads. At the end one run goes to completion
with the cache: every file must be in its JSON, and its JSON must equal a ``--no-cache`` run's.
"""
from __future__ import annotations

import argparse
import json
import marshal
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import hostile  # noqa: E402
from speed import REPO, _tree  # noqa: E402


def command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "healthlint", "check", str(corpus), "--format", "json", "-o", str(out),
            "--fail-on", "never", "-q", "--jobs", "2", *extra]


def cache_problems(cache: Path) -> list[str]:
    problems = []
    for entry in (cache / "results").rglob("*.json"):
        if entry.name.startswith(".tmp-"):
            continue  # a write cut short: never read (entries are renamed into place whole)
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            if data.get("key") != entry.stem:
                problems.append(f"{entry}: key does not match its name")
        except (ValueError, OSError) as exc:
            problems.append(f"{entry}: {exc}")
    for database in cache.glob("vocabulary-*.sqlite"):
        try:
            db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            (verdict,) = db.execute("PRAGMA integrity_check").fetchone()
            db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
            db.close()
            if verdict != "ok":
                problems.append(f"{database}: {verdict}")
        except sqlite3.Error as exc:
            problems.append(f"{database}: {exc}")
    for table in cache.glob("cmudict-syllables-*.marshal"):
        try:
            marshal.loads(table.read_bytes())
        except (ValueError, EOFError, TypeError) as exc:
            problems.append(f"{table}: {exc}")
    return problems


def alive(pids: list[int]) -> list[int]:
    living = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                if handle.read().split()[2] != "Z":
                    living.append(pid)
        except OSError:
            continue
    return living


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="healthlint-kill-"))
    corpus = work / "corpus"
    if Path(args.corpus).is_dir():
        shutil.copytree(args.corpus, corpus / "given", ignore=shutil.ignore_patterns("*.json", "README*"))
    hostile.write_corpus(corpus / "hostile", 60, seed=args.seed)
    cache = work / "cache"
    env = dict(os.environ, HEALTHLINT_CACHE_DIR=str(cache))
    failures: list[str] = []
    orphans = 0
    kinds = ["main process", "process group", "one worker"]
    try:
        for number in range(args.kills):
            kind = kinds[number % 3]
            out = work / f"killed-{number}.json"
            if number >= 6 and number % 2 == 0:
                # Results cache emptied (the derived tables kept), so that the kill lands while
                # results are being analysed and written rather than after a fast warm run.
                shutil.rmtree(cache / "results", ignore_errors=True)
            process = subprocess.Popen(command(corpus, out), cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
            delay = rng.uniform(0.3, 8.0)
            time.sleep(delay)
            family = _tree(process.pid)
            if process.poll() is None:
                if kind == "main process":
                    os.kill(process.pid, signal.SIGKILL)
                elif kind == "process group":
                    os.killpg(process.pid, signal.SIGKILL)
                else:
                    workers = family[1:]
                    os.kill(workers[0] if workers else process.pid, signal.SIGKILL)
            try:
                process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                failures.append(f"kill {number} ({kind}): the run did not end within 120 s after the kill")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            deadline = time.monotonic() + 10
            while alive(family) and time.monotonic() < deadline:
                time.sleep(0.2)
            left = alive(family)
            if left:
                orphans += len(left)
                failures.append(f"kill {number} ({kind}): {len(left)} process(es) still running 10 s later")
                for pid in left:
                    os.kill(pid, signal.SIGKILL)
            problems = cache_problems(cache)
            failures.extend(f"kill {number} ({kind}): {p}" for p in problems)
            entries = sum(1 for p in cache.rglob("*.json") if not p.name.startswith(".tmp-"))
            print(f"  kill {number + 1:2d}/{args.kills} ({kind:13s}) after {delay:4.1f} s, exit {process.returncode:4d}, "
                  f"{entries} cached results, cache {'ok' if not problems else 'CORRUPT'}", flush=True)
        final = work / "final.json"
        reference = work / "reference.json"
        subprocess.run(command(corpus, final), cwd=REPO, env=env, check=False, stderr=subprocess.DEVNULL)
        subprocess.run(command(corpus, reference, "--no-cache"), cwd=REPO, env=env, check=False,
                       stderr=subprocess.DEVNULL)
        files = sorted(str(p) for p in corpus.rglob("*") if p.is_file() and p.suffix in (".md", ".html", ".txt"))
        got = json.loads(final.read_text(encoding="utf-8"))
        paths = [entry["path"] for entry in got["files"]]
        lost = sorted(set(files) - set(paths))
        if lost:
            failures.append(f"re-run: {len(lost)} file(s) missing from the JSON, e.g. {lost[0]}")
        if final.read_bytes() != reference.read_bytes():
            failures.append("re-run with the cache differs from a --no-cache run")
        print(f"\nhealthlint kill test: {args.kills} SIGKILLs of `check --jobs 2` over {len(files)} files "
              f"(main process, process group, one worker in turn)")
        print(f"  re-run: {len(paths)} of {len(files)} files in the JSON, lost {len(lost)}; "
              f"same JSON as --no-cache: {final.read_bytes() == reference.read_bytes()}")
        leftovers = [p for p in cache.rglob("*") if p.name.startswith(".tmp-") or p.name.endswith(".tmp")]
        print(f"  temporary files left by killed writes (never read): {len(leftovers)}")
        print(f"  corrupt cache files found: {sum('key does not match' in f or 'sqlite' in f for f in failures)}; "
              f"processes left behind: {orphans}")
        for line in failures[:30]:
            print("  - " + line)
        print("bar: " + ("met" if not failures else "NOT met"))
        return 0 if not failures else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
