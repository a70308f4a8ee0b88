"""Fuzz healthlint through its real command line with generated hostile files (``bench/hostile.py``).

    python bench/fuzz.py [N] [--batch 250] [--jobs 2] [--seed 17] [--keep DIR]

N files (default 10,000) are written in batches to a temporary folder and checked batch by batch
with ``healthlint check FOLDER --format json -o OUT --no-cache --fail-on never -q --jobs J``, the
per-file time budget at its default (10 s). For each batch it records the exit code, the wall time
and the peak memory of the whole process tree (PSS, sampled every 0.1 s, so forked workers' shared
pages are counted once), then reads the JSON. It prints:

- crashes: batches whose process died or exited with a code other than 0, 1 or 3, and files with a
  ``healthlint/internal-error`` result (healthlint failed on the file but went on);
- hangs: files with a ``healthlint/time-limit`` result (over 10 s) and batches that did not finish
  within their wall-clock limit (killed);
- peak memory of the process tree, over all batches;
- lost files: files written but missing from the JSON (or present twice).

Bar (issue #17): 0 crashes, 0 hangs, peak memory under 1 GB, no file lost. Exit status 1 when a bar
is missed. The generator is seeded, so the same N and seed give the same files.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fix_safety  # noqa: E402
import hostile  # noqa: E402
from speed import REPO, _pss_kb, _tree  # noqa: E402  (speed sets PYTHONPATH to this tree)

BATCH_TIMEOUT_PER_FILE = 12.0  # seconds of wall time a batch may take per file before it is a hang


def run_batch(folder: Path, out: Path, jobs: int, timeout: float) -> dict:
    command = [sys.executable, "-m", "healthlint", "check", str(folder), "--format", "json", "-o", str(out),
               "--no-cache", "--fail-on", "never", "-q", "--jobs", str(jobs)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO,
                               start_new_session=True)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(process.pid)))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    killed = False
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        killed = True
        os.killpg(process.pid, 9)
        _, stderr = process.communicate()
    stop.set()
    sampler.join()
    return {"code": process.returncode, "wall": time.perf_counter() - start, "peak_mb": peak[0] / 1024,
            "killed": killed, "stderr": stderr.decode(errors="replace")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--keep", help="keep the files of batches with a problem here")
    parser.add_argument("--only", help="run only these batches (comma-separated numbers; same files as in a full run)")
    parser.add_argument("--fix-kills", type=int, default=20,
                        help="kill -9 runs of the --fix probes (bench/fix_safety.py); 0 skips those probes")
    args = parser.parse_args()

    env_budget = os.environ.get("HEALTHLINT_TIME_BUDGET")
    if env_budget:
        print(f"note: HEALTHLINT_TIME_BUDGET={env_budget} (not the default)")
    work = Path(tempfile.mkdtemp(prefix="healthlint-fuzz-"))
    totals = collections.Counter()
    kinds = collections.Counter()
    problems: list[str] = []
    peak = 0.0
    slowest = 0.0
    started = time.perf_counter()
    try:
        done = 0
        batch_index = 0
        only = {int(b) for b in args.only.split(",")} if args.only else None
        while done < args.n:
            count = min(args.batch, args.n - done)
            if only is not None and batch_index not in only:
                done += count
                batch_index += 1
                continue
            folder = work / f"batch-{batch_index:04d}"
            paths = hostile.write_corpus(folder, count, seed=args.seed * 1_000_003 + batch_index)
            out = work / f"batch-{batch_index:04d}.json"
            timeout = 60 + BATCH_TIMEOUT_PER_FILE * count / max(1, args.jobs)
            batch = run_batch(folder, out, args.jobs, timeout)
            peak = max(peak, batch["peak_mb"])
            slowest = max(slowest, batch["wall"])
            bad = False
            if batch["killed"]:
                totals["hung batches"] += 1
                problems.append(f"batch {batch_index}: killed after {timeout:.0f} s")
                bad = True
            elif batch["code"] not in (0, 1, 3):
                totals["crashed batches"] += 1
                tail = batch["stderr"].strip().splitlines()[-1:] or ["(no output)"]
                problems.append(f"batch {batch_index}: exit {batch['code']}: {tail[0][:200]}")
                bad = True
            seen = collections.Counter()
            if out.exists() and not batch["killed"]:
                try:
                    data = json.loads(out.read_text(encoding="utf-8"))
                except ValueError as exc:
                    data = {"files": []}
                    problems.append(f"batch {batch_index}: JSON unreadable: {exc}")
                    bad = True
                for entry in data.get("files", []):
                    seen[entry["path"]] += 1
                    rules = {f["rule"] for f in entry.get("findings", [])}
                    rules |= {f["rule"] for a in entry.get("articles", []) for f in a.get("findings", [])}
                    kind = Path(entry["path"]).stem.split("-", 1)[1]
                    if "healthlint/internal-error" in rules:
                        totals["internal errors"] += 1
                        kinds[f"internal-error {kind}"] += 1
                        problems.append(f"{entry['path']}: {entry.get('error') or 'internal error in a check'}")
                        bad = True
                    if "healthlint/time-limit" in rules:
                        totals["files over 10 s"] += 1
                        kinds[f"time-limit {kind}"] += 1
                        problems.append(f"{entry['path']}: over the time budget")
                        bad = True
                    for rule in ("healthlint/unreadable", "healthlint/over-limit", "healthlint/parse-error"):
                        if rule in rules:
                            totals[rule] += 1
            lost = [p for p in paths if seen[os.path.normpath(p)] != 1]
            if lost:
                totals["lost files"] += len(lost)
                problems.append(f"batch {batch_index}: {len(lost)} file(s) missing or repeated in the JSON")
                bad = True
            if bad and args.keep:
                shutil.copytree(folder, Path(args.keep) / folder.name, dirs_exist_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
            out.unlink(missing_ok=True)
            done += count
            batch_index += 1
            print(f"  {done:6d}/{args.n} files  batch {batch['wall']:6.1f} s  peak {batch['peak_mb']:6.0f} MB"
                  f"  exit {batch['code']}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    crashes = totals["crashed batches"] + totals["internal errors"]
    hangs = totals["hung batches"] + totals["files over 10 s"]
    print(f"\nhealthlint fuzz: {args.n:,} hostile files, seed {args.seed}, batches of {args.batch}, --jobs {args.jobs}, "
          f"{time.perf_counter() - started:.0f} s")
    print(f"  crashes: {crashes}  ({totals['crashed batches']} batch processes, "
          f"{totals['internal errors']} files with healthlint/internal-error)")
    print(f"  hangs:   {hangs}  ({totals['hung batches']} batches killed, {totals['files over 10 s']} files over the 10 s budget)")
    print(f"  peak memory, whole process tree: {peak:.0f} MB   (slowest batch {slowest:.1f} s)")
    print(f"  lost files: {totals['lost files']}")
    print(f"  reported as such: unreadable {totals['healthlint/unreadable']}, over-limit "
          f"{totals['healthlint/over-limit']}, parse-error {totals['healthlint/parse-error']}")
    for name, count in sorted(kinds.items()):
        print(f"    {name}: {count}")
    for line in problems[:40]:
        print("  - " + line)
    ok = crashes == 0 and hangs == 0 and peak < 1024 and totals["lost files"] == 0
    if args.fix_kills:
        # The --fix cases: two paths to one file, symlinks, hard links, read-only files and folders,
        # kill -9 in the middle of a fix (bench/fix_safety.py prints the same figures on its own).
        print("\n--fix probes (bench/fix_safety.py)")
        figures = fix_safety.probe(kills=args.fix_kills)
        width = max(len(k) for k in figures)
        for key, value in figures.items():
            print(f"  {key:<{width}}  {value}")
    print("bar: " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
