"""Speed, measured honestly (#18): healthlint against the tools a user would pick instead, on
distinct articles, in CPU seconds of whole process trees as well as wall time.

    python bench/speed.py [--n 1000] [--big 10000] [--repeat 3] [--only PARTS] [--quick]
                          [--peers DIR] [--keep DIR] [--baseline DIR]

The corpus: ``--n`` distinct articles from MedQuAD (``bench/medquad_corpus.py``: NIH documents
of ``../shared/training/medquad.jsonl.gz``, Markdown, plain text and HTML in turn), written into a
temporary folder. No article repeats another, so no per-process memo of words meets the same text
twice.

Every command runs in a fresh process. CPU seconds are user + system time of the whole process
tree (``getrusage(RUSAGE_CHILDREN)`` before and after: the workers healthlint forks and waits for
are counted); memory is sampled every 0.1 s over the tree (RSS summed, and PSS, which counts
shared pages once). Sides of a comparison alternate (A B A B ...), ``--repeat`` times, and the
median of each side is compared: a slower spell of the shared machine hits every side alike.

Parts (``--only a,b``; default all):
  ratio    healthlint ``--jobs 1`` against proselint on the same files. Bar: CPU <= 0.5x.
  ratio2   healthlint ``--jobs 2`` against two proselint processes on halves, side by side.
  floor    spaCy's blank English tokenizer + sentencizer alone on the same paragraphs (a process
           that imports spaCy and pipes them): its whole process, and the pipe alone (CPU seconds
           it measures itself). Bar: healthlint ``--jobs 1`` CPU <= 10x (both are shown).
  peers    textstat alone (the seven grade formulas healthlint computes, on each file's text),
           write-good and alex (npm) on the same files: CPU and wall ratios.
  checks   per-check breakdown in one process (``bench/check_costs.py``).
  jobs     ``--jobs 2`` against ``--jobs 1`` wall time. Bar: >= 1.8x (on an idle machine). Also the
           machine's own ceiling: two CPU-bound loops side by side against one after the other.
  cache    an unchanged re-run (result cache filled) against the cold run. Bar: >= 20x faster.
  startup  ``healthlint check one.md`` in a fresh process (median of 5). Bar: <= 1.0 s wall.
  linear   N = ``--big`` against N = ``--n`` (``--jobs 2``), time ratio. Bar: <= 10.5x
           (for 10x the articles).
  memory   peak memory of the process tree of the N = ``--big`` run. Bar: <= 1 GB.

Peers: proselint and textstat from PyPI, write-good and alex from npm, installed outside the
repository, e.g.::

    python -m venv /tmp/peers/venv && /tmp/peers/venv/bin/pip install proselint textstat spacy
    cd /tmp/peers && npm install write-good alex

and found with ``--peers DIR`` or ``$HEALTHLINT_BENCH_PEERS`` (default ``/tmp/peers``): a missing
peer is skipped with a note. healthlint runs from this checkout (``python -m healthlint``);
``$HEALTHLINT_CACHE_DIR`` (its derived dictionaries) is left as it is, its result cache lives in
the benchmark's own working folder (a ``pyproject.toml`` there sets ``cache-dir``, nothing else).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from medquad_corpus import build  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PARTS = ("ratio", "ratio2", "floor", "peers", "checks", "jobs", "cache", "startup", "linear", "memory")
QUICK = ("ratio", "floor", "checks", "cache", "startup")
# the seven metrics healthlint's readability check computes, as textstat names them
TEXTSTAT_SCRIPT = """
import sys, textstat
total = 0.0
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    for f in (textstat.flesch_kincaid_grade, textstat.flesch_reading_ease, textstat.smog_index,
              textstat.gunning_fog, textstat.coleman_liau_index, textstat.automated_readability_index,
              textstat.dale_chall_readability_score):
        total += f(text)
print(total)
"""
FLOOR_SCRIPT = """
import json, sys, time, spacy
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
texts = json.load(open(sys.argv[1], encoding="utf-8"))
start = time.process_time()
tokens = sentences = 0
for doc in nlp.pipe(texts, batch_size=256):
    tokens += len(doc)
    sentences += sum(1 for _ in doc.sents)
print(time.process_time() - start, tokens, sentences)
"""


@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds of the whole process tree
    rss_mb: float  # sampled peak of the tree, RSS summed
    pss_mb: float  # sampled peak of the tree, PSS
    out: str = ""  # what the first command printed


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


def _memory_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(commands: list[list[str]], env: dict | None = None, cwd: str | None = None,
        sample: bool = False, peer: bool = False) -> Run:
    """Run the commands side by side to the end: wall time, CPU of their process trees, peak memory."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    processes = [subprocess.Popen(c, stdout=subprocess.PIPE if i == 0 else subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, env=env, cwd=cwd)
                 for i, c in enumerate(commands)]
    peak = [0, 0]
    stop = threading.Event()

    def sampler():
        while not stop.is_set():
            pids = [p for process in processes for p in _tree(process.pid)]
            sizes = [_memory_kb(p) for p in pids]
            peak[0] = max(peak[0], sum(s[0] for s in sizes))
            peak[1] = max(peak[1], sum(s[1] for s in sizes))
            stop.wait(0.1)

    thread = threading.Thread(target=sampler, daemon=True)
    if sample and os.path.exists("/proc/self/smaps_rollup"):
        thread.start()
    outputs = [p.communicate() for p in processes]
    errors = [error for _, error in outputs]
    wall = time.perf_counter() - start
    stop.set()
    for process, error, command in zip(processes, errors, commands):
        # a peer's exit code may count its findings (write-good's does); a signal is a failure
        if (process.returncode < 0 or process.returncode >= 128) if peer else process.returncode not in (0, 1):
            sys.stderr.write(error.decode(errors="replace")[-3000:])
            raise SystemExit(f"{' '.join(command[:4])}... exited with {process.returncode}")
    return Run(wall, _children_cpu() - cpu0, peak[0] / 1024, peak[1] / 1024,
               (outputs[0][0] or b"").decode(errors="replace"))


SPIN = "x = 0\nfor i in range(20_000_000):\n    x += i\n"


def parallel_ceiling(repeat: int) -> float:
    """How much faster two CPU-bound processes finish side by side than one after the other: the
    most any ``--jobs 2`` can gain here. Virtual cores that share a physical one give far less than 2."""
    spin = [sys.executable, "-c", SPIN]
    runs = alternate({"one": lambda: run([spin]), "two": lambda: run([spin, spin])}, repeat)
    return 2 * median(runs["one"]).wall / median(runs["two"]).wall


def alternate(sides: dict[str, callable], repeat: int) -> dict[str, list[Run]]:
    """Each side ``repeat`` times, in turn (A B A B ...)."""
    runs: dict[str, list[Run]] = {name: [] for name in sides}
    for _ in range(repeat):
        for name, side in sides.items():
            runs[name].append(side())
    return runs


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.rss_mb for r in runs), max(r.pss_mb for r in runs))


def show(name: str, runs: list[Run], words: int | None = None) -> Run:
    m = median(runs)
    rate = f", {words / m.cpu:,.0f} words per CPU second" if words and m.cpu else ""
    spread = f"CPU {min(r.cpu for r in runs):.2f}-{max(r.cpu for r in runs):.2f}" if len(runs) > 1 else ""
    print(f"  {name}: median {m.cpu:.2f} s CPU, {m.wall:.2f} s wall over {len(runs)} runs"
          f"{' (' + spread + ')' if spread else ''}{rate}", flush=True)
    return m


def verdict(label: str, value: float, bar: str, met: bool | None, unit: str = "x") -> None:
    state = "" if met is None else ("  MET" if met else "  NOT MET")
    print(f"{label} = {value:.2f}{unit} (bar {bar}){state}", flush=True)


class Peers:
    def __init__(self, folder: Path):
        self.folder = folder
        venv = folder / "venv" / "bin"
        self.proselint = self._found(venv / "proselint", "proselint (pip install proselint)")
        python = venv / "python"
        self.textstat_python = None
        if python.exists() and subprocess.run([str(python), "-c", "import textstat"],
                                              capture_output=True).returncode == 0:
            self.textstat_python = python
        else:
            print(f"  note: textstat not found in {venv} (pip install textstat): skipped", flush=True)
        self.spacy_python = None
        for candidate in (python, Path(sys.executable)):
            if candidate.exists() and subprocess.run([str(candidate), "-c", "import spacy"],
                                                     capture_output=True).returncode == 0:
                self.spacy_python = candidate
                break
        bin_ = folder / "node_modules" / ".bin"
        self.write_good = self._found(bin_ / "write-good", "write-good (npm install write-good)")
        self.alex = self._found(bin_ / "alex", "alex (npm install alex)")

    @staticmethod
    def _found(path: Path, what: str) -> Path | None:
        if path.exists():
            return path
        print(f"  note: {what} not found at {path}: skipped", flush=True)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="articles in the corpus (default 1,000)")
    parser.add_argument("--big", type=int, default=10000, help="articles for linear and memory (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side, alternating (default 3)")
    parser.add_argument("--only", default=None, help="comma-separated parts: " + ", ".join(PARTS))
    parser.add_argument("--quick", action="store_true",
                        help=f"N=300, 2 repeats, parts {','.join(QUICK)} (unless --only/--n given)")
    parser.add_argument("--peers", type=Path, default=Path(os.environ.get("HEALTHLINT_BENCH_PEERS", "/tmp/peers")))
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout of healthlint (e.g. `git worktree add /tmp/base main`): the ratio "
                             "part also runs its --jobs 1, to show what a change gained")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.quick:
        args.n = 300 if args.n == 1000 else args.n
        args.repeat = 2 if args.repeat == 3 else args.repeat
    parts = set(args.only.split(",")) if args.only else set(QUICK if args.quick else PARTS)
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")

    work = Path(tempfile.mkdtemp(prefix="healthlint-speed-"))
    try:
        bench(args, parts, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(args, parts: set[str], work: Path) -> None:
    corpus = args.keep.resolve() if args.keep else work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    stats = build(args.n, corpus, args.seed)
    files = sorted(str(p) for p in corpus.iterdir())
    words = stats["words"]
    print(f"corpus: {len(files)} distinct MedQuAD articles, {words:,} words, {stats['bytes'] / 1e6:.1f} MB, "
          f"{stats['kinds']}; cores {os.cpu_count()}, load {os.getloadavg()[0]:.2f}; "
          f"repeats {args.repeat}, alternating, medians", flush=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]))
    cwd = str(work)  # the defaults, every check on; the result cache in the working folder
    (work / "pyproject.toml").write_text('[tool.healthlint]\ncache-dir = ".healthlint_cache"\n', encoding="utf-8")

    def healthlint(*extra: str, target: str = str(corpus)) -> list[str]:
        return [sys.executable, "-m", "healthlint", "check", target, "--format", "json", "-o", os.devnull,
                "--fail-on", "never", "-q", *extra]

    def hl(*extra: str, target: str = str(corpus), sample: bool = False):
        return lambda: run([healthlint(*extra, target=target)], env, cwd, sample)

    peers = Peers(args.peers) if parts & {"ratio", "ratio2", "peers", "floor"} else None
    penv = dict(os.environ, XDG_CACHE_HOME=str(work / "peer-cache"), HOME=str(work / "peer-home"))
    penv.pop("PYTHONPATH", None)
    (work / "peer-home").mkdir(exist_ok=True)
    half = len(files) // 2
    one = None  # healthlint --jobs 1, median

    if parts & {"ratio", "floor", "peers"}:
        print("\nhealthlint --jobs 1 --no-cache against its peers (one process each, same files):", flush=True)
        sides = {"healthlint --jobs 1": hl("--jobs", "1", "--no-cache")}
        if args.baseline:
            benv = dict(env, PYTHONPATH=str(args.baseline.resolve()))
            sides[f"baseline {args.baseline}"] = lambda: run([healthlint("--jobs", "1", "--no-cache")], benv, cwd)
        if peers and peers.proselint and parts & {"ratio"}:
            sides["proselint"] = lambda: run([[str(peers.proselint), "check", *files]], penv, cwd, peer=True)
        if peers and peers.spacy_python and "floor" in parts:
            texts = work / "paragraphs.json"
            texts.write_text(json.dumps(stats["paragraphs"]), encoding="utf-8")
            sides["tokenizer floor (spaCy blank en + sentencizer)"] = lambda: run(
                [[str(peers.spacy_python), "-c", FLOOR_SCRIPT, str(texts)]], penv, cwd, peer=True)
        if peers and "peers" in parts:
            if peers.textstat_python:
                sides["textstat (7 formulas)"] = lambda: run(
                    [[str(peers.textstat_python), "-c", TEXTSTAT_SCRIPT, *files]], penv, cwd, peer=True)
            if peers.write_good:
                sides["write-good"] = lambda: run([[str(peers.write_good), *files]], penv, cwd, peer=True)
            if peers.alex:
                sides["alex"] = lambda: run([[str(peers.alex), *files]], penv, cwd, peer=True)
        runs = alternate(sides, args.repeat)
        medians = {name: show(name, r, words) for name, r in runs.items()}
        one = medians["healthlint --jobs 1"]
        for name, m in medians.items():
            if name == "healthlint --jobs 1" or not m.cpu:
                continue
            if name.startswith("baseline"):
                verdict(f"healthlint --jobs 1 / {name}, CPU", one.cpu / m.cpu, "informational", None)
            elif name == "proselint":
                verdict("healthlint --jobs 1 / proselint, CPU", one.cpu / m.cpu, "<= 0.5", one.cpu / m.cpu <= 0.5)
                verdict("healthlint --jobs 1 / proselint, wall", one.wall / m.wall, "informational", None)
            elif name.startswith("tokenizer floor"):
                # the floor two ways: its whole process (importing spaCy included, as healthlint's
                # CPU includes its own start-up), and the tokenizing alone (the pipe, in-process)
                piped = statistics.median(float(r.out.split()[0]) for r in runs[name])
                print(f"  tokenizer floor, the pipe alone: median {piped:.2f} s CPU "
                      f"({words / piped:,.0f} words per CPU second)", flush=True)
                verdict("healthlint --jobs 1 / tokenizer floor (whole process), CPU", one.cpu / m.cpu, "<= 10",
                        one.cpu / m.cpu <= 10)
                verdict("healthlint --jobs 1 / tokenizer floor (the pipe alone), CPU", one.cpu / piped, "<= 10",
                        one.cpu / piped <= 10)
            else:
                verdict(f"healthlint --jobs 1 / {name}, CPU", one.cpu / m.cpu, "informational", None)
                verdict(f"healthlint --jobs 1 / {name}, wall", one.wall / m.wall, "informational", None)

    if "ratio2" in parts and peers and peers.proselint:
        print("\nhealthlint --jobs 2 against two proselint processes on halves:", flush=True)
        runs = alternate({
            "healthlint --jobs 2": hl("--jobs", "2", "--no-cache"),
            "2 x proselint": lambda: run([[str(peers.proselint), "check", *files[:half]],
                                          [str(peers.proselint), "check", *files[half:]]], penv, cwd, peer=True),
        }, args.repeat)
        a, b = show("healthlint --jobs 2", runs["healthlint --jobs 2"], words), show("2 x proselint", runs["2 x proselint"], words)
        verdict("healthlint --jobs 2 / 2 x proselint, CPU", a.cpu / b.cpu, "informational (<= 0.5 at --jobs 1)", None)
        verdict("healthlint --jobs 2 / 2 x proselint, wall", a.wall / b.wall, "informational", None)

    if "checks" in parts:
        print("\nper-check breakdown, one process (bench/check_costs.py):", flush=True)
        subprocess.run([sys.executable, str(REPO / "bench" / "check_costs.py"), str(corpus)], env=env, cwd=cwd,
                       check=True)

    if "jobs" in parts:
        print("\n--jobs 2 against --jobs 1 (both --no-cache):", flush=True)
        runs = alternate({"--jobs 1": hl("--jobs", "1", "--no-cache"), "--jobs 2": hl("--jobs", "2", "--no-cache")},
                         args.repeat)
        a, b = show("--jobs 1", runs["--jobs 1"], words), show("--jobs 2", runs["--jobs 2"], words)
        verdict("wall speed-up --jobs 2 over --jobs 1", a.wall / b.wall, ">= 1.8 on an idle machine",
                a.wall / b.wall >= 1.8)
        print(f"  (load average now {os.getloadavg()[0]:.2f}: the machine's 2 cores are shared)", flush=True)
        ceiling = parallel_ceiling(args.repeat)
        print(f"  the machine's own ceiling: two copies of a pure-Python loop side by side run {ceiling:.2f}x as fast "
              "as one after the other (2.00 where two cores are really two)", flush=True)

    if "cache" in parts:
        print("\nunchanged re-run (result cache) against a cold run (default jobs):", flush=True)
        cold, warm = [], []
        for _ in range(args.repeat):
            shutil.rmtree(work / ".healthlint_cache", ignore_errors=True)
            cold.append(hl()())
            warm.append(hl()())
        a, b = show("cold (empty result cache)", cold, words), show("unchanged re-run", warm, words)
        verdict("re-run speed-up, wall", a.wall / b.wall, ">= 20", a.wall / b.wall >= 20)
        verdict("re-run speed-up, CPU", a.cpu / b.cpu, "informational", None)

    if "startup" in parts:
        article = next(f for f in files if f.endswith(".md"))
        runs = [run([healthlint("--no-cache", target=article)], env, cwd) for _ in range(5)]
        m = show(f"\ncold start, one article in a fresh process ({Path(article).name}, --no-cache)", runs)
        verdict("cold start, one article, wall", m.wall, "<= 1.0 s on an idle machine", m.wall <= 1.0, " s")

    if parts & {"linear", "memory"}:
        big = work / "corpus-big"
        big_stats = build(args.big, big, args.seed)
        print(f"\nN={args.big:,} ({big_stats['words']:,} words) against N={args.n:,} (--jobs 2 --no-cache):", flush=True)
        small_runs, big_runs = [], []
        repeats = 1 if args.big >= 5000 else args.repeat
        for _ in range(repeats):
            small_runs.append(hl("--jobs", "2", "--no-cache")())
            big_runs.append(hl("--jobs", "2", "--no-cache", target=str(big), sample=True)())
        a, b = show(f"N={args.n:,}", small_runs, words), show(f"N={args.big:,}", big_runs, big_stats["words"])
        scale = args.big / args.n
        if "linear" in parts:
            verdict(f"time N={args.big:,} / N={args.n:,}, wall", b.wall / a.wall, f"<= {1.05 * scale:.1f}",
                    b.wall / a.wall <= 1.05 * scale)
            verdict(f"time N={args.big:,} / N={args.n:,}, CPU", b.cpu / a.cpu, f"<= {1.05 * scale:.1f}",
                    b.cpu / a.cpu <= 1.05 * scale)
        if "memory" in parts:
            verdict(f"peak memory of the process tree at N={args.big:,}, RSS summed", b.rss_mb, "<= 1024 MB",
                    b.rss_mb <= 1024, " MB")
            verdict(f"peak memory of the process tree at N={args.big:,}, PSS", b.pss_mb, "<= 1024 MB",
                    b.pss_mb <= 1024, " MB")
        shutil.rmtree(big, ignore_errors=True)


if __name__ == "__main__":
    main()
