"""Speed benchmark: healthlint against proselint, the cache, worker processes, linearity, memory,
cold start. Every figure is a whole process timed from outside (wall clock), as a user would see it.

    python bench/speed.py N [--parts compare,cache,jobs,startup] [--linear N2] [--keep DIR]

Parts (default: compare,cache,jobs,startup):
  (compare and jobs time each side --repeat times, alternating, and keep the fastest.)
  compare  healthlint with every default check (``check DIR --format json -o /dev/null --fail-on never``,
           cold cache, default jobs) against proselint 0.16 (``proselint check FILES...``, installed in
           its own venv under ~/.cache/healthlint-bench/, its own cache emptied). Bar (N=1,000): <= 1.0.
  cache    the same command again over the unchanged corpus. Bar (N >= 200): >= 20x faster.
  jobs     ``--jobs 1`` against ``--jobs 2`` (both ``--no-cache``). Bar: >= 1.7x.
  linear   time per article at N and at --linear N2 (e.g. 200 and 2000), ``--no-cache``. Bar: within 15%.
  memory   peak memory of a run (``--no-cache``). Bar: <= 1 GB at N=10,000.
  startup  one article from a cold start (``--no-cache``, best of 3). Bar: <= 2 s.

Memory is given two ways: the largest single process (``ru_maxrss`` of the process and the workers it
waited for, from ``wait4``) and the peak total of the process tree, sampled every 0.1 s as PSS (shared
pages counted once, so forked workers are not counted twice).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import build  # noqa: E402

BENCH_HOME = Path(os.environ.get("HEALTHLINT_BENCH_HOME", Path.home() / ".cache" / "healthlint-bench"))
PROSELINT_VENV = BENCH_HOME / "proselint-venv"
PROSELINT_SPEC = "proselint==0.16.0"


@dataclass
class Timing:
    wall: float
    maxrss_mb: float  # largest single process
    tree_pss_mb: float  # sampled peak of the whole process tree
    returncode: int


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except OSError:
            continue
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(command: list[str], env: dict | None = None, cwd: str | None = None) -> Timing:
    """Run a command to the end; wall time, peak memory. Output is discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(process.pid)))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.exists("/proc/self/smaps_rollup"):
        sampler.start()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.stderr.write(stderr.decode(errors="replace")[-3000:])
        raise SystemExit(f"{command[:4]}... exited with {process.returncode}")
    return Timing(wall, usage.ru_maxrss / 1024, peak[0] / 1024, process.returncode)


REPO = Path(__file__).resolve().parents[1]
# healthlint runs import this tree's package, whatever is installed and wherever they run
os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])


def healthlint_command() -> list[str]:
    return [sys.executable, "-m", "healthlint"]


def proselint_binary() -> Path:
    binary = PROSELINT_VENV / "bin" / "proselint"
    if not binary.exists():
        print(f"installing {PROSELINT_SPEC} into {PROSELINT_VENV} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PROSELINT_VENV)], check=True)
        subprocess.run([str(PROSELINT_VENV / "bin" / "pip"), "install", "-q", PROSELINT_SPEC], check=True)
    return binary


def files_under(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.is_file())


def check_args(folder: Path, *extra: str) -> list[str]:
    return [*healthlint_command(), "check", str(folder), "--format", "json", "-o", os.devnull,
            "--fail-on", "never", "-q", *extra]




def count_entries(cache: Path) -> int:
    return sum(1 for _ in cache.rglob("*.json")) if cache.exists() else 0


def cpu_probe() -> float:
    """Seconds for a fixed pure-Python loop: how fast this (shared, virtual) machine is right now, so
    that figures from different runs can be compared (it ranged from 0.9 to 1.7 s during one
    afternoon on the development machine)."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def line(name: str, value: float, bar: str, unit: str = "") -> None:
    print(f"{name} = {value:.2f}{unit} (bar {bar})", flush=True)


def describe(label: str, t: Timing, n: int, words: int) -> None:
    print(f"  {label}: {t.wall:.2f} s wall, {t.wall / n * 1000:.1f} ms/article, {words / t.wall:,.0f} words/s, "
          f"peak {t.maxrss_mb:.0f} MB largest process, {t.tree_pss_mb:.0f} MB whole tree (PSS)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="articles in the generated corpus")
    parser.add_argument("--parts", default="compare,cache,jobs,startup",
                        help="comma-separated: compare, cache, jobs, linear, memory, startup")
    parser.add_argument("--linear", type=int, default=None, metavar="N2",
                        help="second corpus size for the linear part (default 10 x N)")
    parser.add_argument("--keep", type=Path, default=None, help="build the corpus here and keep it")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=2,
                        help="time each side of a comparison this many times, alternating, and keep the "
                             "fastest (the machine's speed drifts; default 2)")
    args = parser.parse_args()
    parts = set(args.parts.split(","))

    work = Path(tempfile.mkdtemp(prefix="healthlint-bench-"))
    home = os.getcwd()
    os.chdir(work)  # no configuration file above: defaults; the results cache starts empty here
    try:
        corpus = (args.keep and Path(home, args.keep)) or work / "corpus"
        if corpus.exists():
            shutil.rmtree(corpus)
        stats = build(args.n, corpus, args.seed)
        n, words = stats["files"], stats["words"]
        print(f"corpus: {n} articles, {words:,} words, {stats['bytes'] / 1e6:.1f} MB, kinds {stats['kinds']}, "
              f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f}, cpu probe {cpu_probe():.2f} s", flush=True)

        if {"compare", "cache"} & parts:
            # results cache: .healthlint_cache/ in a fresh working folder (no configuration above it);
            # HEALTHLINT_CACHE_DIR is left alone: the derived dictionaries built once live there.
            cache = work / ".healthlint_cache"
            first = timed(check_args(corpus), cwd=str(work))
            describe("healthlint (cold cache)", first, n, words)
            if "compare" in parts:
                proselint = proselint_binary()
                penv = dict(os.environ, XDG_CACHE_HOME=str(work / "proselint-cache"), HOME=str(work / "home"))
                penv.pop("PYTHONPATH", None)
                (work / "home").mkdir(exist_ok=True)
                other = timed([str(proselint), "check", *files_under(corpus)], penv)
                for _ in range(args.repeat - 1):
                    # Alternate the two sides so a slower spell of the machine hits both alike.
                    again_first = timed(check_args(corpus, "--no-cache"), cwd=str(work))
                    first = again_first if again_first.wall < first.wall else first
                    again_other = timed([str(proselint), "check", *files_under(corpus)], penv)
                    other = again_other if again_other.wall < other.wall else other
                describe("healthlint (fastest cold run)", first, n, words)
                describe("proselint", other, n, words)
                line("ratio healthlint/proselint", first.wall / other.wall, "<= 1.0 at N=1,000")
            if "cache" in parts:
                stored = count_entries(cache)
                again = timed(check_args(corpus), cwd=str(work))
                describe("healthlint (warm cache)", again, n, words)
                missed = count_entries(cache) - stored
                print(f"  cache entries after first run {stored}; analysed again on the second run {missed}"
                      + (" (healthlint's code changed between the runs?)" if missed else ""), flush=True)
                line("cache rerun speed-up first/second", first.wall / again.wall, ">= 20 at N >= 200", "x")

        if "jobs" in parts:
            one = two = None
            for _ in range(args.repeat):
                t1 = timed(check_args(corpus, "--no-cache", "--jobs", "1"))
                t2 = timed(check_args(corpus, "--no-cache", "--jobs", "2"))
                one = t1 if one is None or t1.wall < one.wall else one
                two = t2 if two is None or t2.wall < two.wall else two
            describe("healthlint --jobs 1", one, n, words)
            describe("healthlint --jobs 2", two, n, words)
            line("jobs speed-up jobs1/jobs2", one.wall / two.wall, ">= 1.7 on 2 quiet cores", "x")

        if "linear" in parts:
            small = timed(check_args(corpus, "--no-cache"))
            describe(f"healthlint N={n}", small, n, words)
            n2 = args.linear or 10 * n
            big_corpus = work / "corpus-big"
            big = build(n2, big_corpus, args.seed)
            large = timed(check_args(big_corpus, "--no-cache"))
            describe(f"healthlint N={n2}", large, big["files"], big["words"])
            ratio = (large.wall / big["files"]) / (small.wall / n)
            line(f"time per article N={n2} / N={n}", ratio, "<= 1.15")
            # The fixed cost of a run (start-up, loading spaCy and the dictionaries, forking workers)
            # is paid once whatever N; the marginal cost per article is what must stay flat.
            fixed = timed(check_args(next(iter(sorted(corpus.rglob("*.md")))), "--no-cache"))
            marginal = ((large.wall - fixed.wall) / big["files"]) / ((small.wall - fixed.wall) / n)
            print(f"  fixed cost of a run (one article): {fixed.wall:.2f} s", flush=True)
            line(f"marginal time per article N={n2} / N={n}", marginal, "informational: start-up excluded, noisy on a shared machine")
            shutil.rmtree(big_corpus, ignore_errors=True)

        if "memory" in parts:
            run = timed(check_args(corpus, "--no-cache"))
            describe("healthlint memory run", run, n, words)
            line("peak memory, whole tree", run.tree_pss_mb, "<= 1024 at N=10,000", " MB")
            line("peak memory, largest process", run.maxrss_mb, "<= 1024 at N=10,000", " MB")

        if "startup" in parts:
            article = next(p for p in sorted(corpus.rglob("*.md")))
            best = None
            for _ in range(3):
                t = timed([*healthlint_command(), "check", str(article), "--no-cache", "--fail-on", "never", "-q"])
                best = t if best is None or t.wall < best.wall else best
            line(f"cold start, one article ({Path(article).name})", best.wall, "<= 2.0", " s")
    finally:
        os.chdir(home)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
