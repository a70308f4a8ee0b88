"""Running articles in worker processes, with the result cache, in the order given.

``engine.run`` calls :func:`run_files` with its :class:`FileSteps` (read one file, lint it, report it
unreadable): this module runs those steps over many files and never imports the engine, so the
import graph goes one way (engine -> parallel). The plan for a run:

1. With the cache on, the main process reads each file once and looks its key up (reading and
   hashing are cheap next to analysis): hits are loaded in order as the run goes, and only misses
   are analysed. Unreadable files get their error result here, each on its own.
2. With more than one miss and ``jobs`` > 1, a ``multiprocessing.Pool`` is started before anything
   is analysed here (``fork`` on Linux; ``spawn`` elsewhere, where fork is unsafe or missing). Each
   worker loads spaCy and the checks' dictionaries once (``load_pipeline`` and the checks' loaders
   are cached per process), in parallel. The main process never loads them, so it stays small, and
   no open file or SQLite connection is carried across a fork. (Warming up in the main process and
   forking afterwards saves no wall time on two cores and would share the vocabulary's SQLite
   connection with the workers, which SQLite forbids.)
3. The misses go to the pool through ``imap`` in small chunks, so results come back in input order
   while the main process streams hits from the cache in between.

A run never holds more than the results its consumer keeps: everything is a generator.
"""
from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from .reading import ReadError, SourceText

if TYPE_CHECKING:
    from .cache import ResultCache
    from .config import Config
    from .results import FileResult

STDIN = "-"


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def chunk_size(tasks: int, jobs: int) -> int:
    """Small chunks balance uneven articles; bigger ones cut messaging on large runs."""
    return max(1, min(2, tasks // (jobs * 8)))


def select_shard(files: list[str], index: int, count: int) -> list[str]:
    """Shard ``index`` (1-based) of ``count``: every count-th file of the sorted list, in the order given.

    Deterministic for a given file list on every machine, and balanced (shard sizes differ by at most
    one), so a CI matrix of ``count`` jobs covers every file exactly once.
    """
    if not 1 <= index <= count:
        raise ValueError(f"shard {index}/{count}: expected 1 <= K <= N")
    ordered = sorted(files, key=lambda p: p.replace(os.sep, "/"))
    chosen = {path for i, path in enumerate(ordered) if i % count == index - 1}
    return [path for path in files if path in chosen]


def parse_shard(text: str) -> tuple[int, int]:
    index, sep, count = text.partition("/")
    try:
        k, n = int(index), int(count)
    except ValueError:
        raise ValueError(f"expected K/N such as 1/4, got {text!r}") from None
    if not sep or n < 1 or not 1 <= k <= n:
        raise ValueError(f"expected K/N with 1 <= K <= N, got {text!r}")
    return k, n


# -- one file ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FileSteps:
    """What a run does with one file, given by the engine: module-level functions, so that the steps
    reach worker processes under ``spawn`` too (they pickle by name)."""

    read: Callable[["str", "Config", "bytes | None"], SourceText]  # may raise ReadError
    lint: Callable[[SourceText, "Config"], "FileResult"]
    unreadable: Callable[[str, str, "Config"], "FileResult"]


def strip_blocks(result: "FileResult") -> "FileResult":
    for article in result.articles:
        article.blocks = []
    return result


def lint_path(steps: FileSteps, path: str, config: "Config", cache: "ResultCache | None",
              stdin: bytes | None = None, keep_blocks: bool = True) -> "FileResult":
    """Read, look up, analyse and store one file. Standard input and read errors are not cached."""
    try:
        source = steps.read(path, config, stdin)
    except ReadError as exc:
        return steps.unreadable(path, str(exc), config)
    key = None
    if cache is not None and path != STDIN:
        key = cache.key(source)
        cached = cache.load(key, path)
        if cached is not None:
            cached.source_digest = source.digest
            return cached if keep_blocks else strip_blocks(cached)
    result = steps.lint(source, config)
    if key is not None and cache is not None:
        cache.store(key, result)
    result.source_digest = source.digest
    return result if keep_blocks else strip_blocks(result)


@dataclass
class _Probe:
    path: str
    key: str | None = None  # a cache hit's key
    digest: str | None = None  # of the bytes read (see FileResult.source_digest)
    error: str | None = None  # why the file cannot be read


def _probe(steps: FileSteps, path: str, config: "Config", cache: "ResultCache") -> _Probe:
    if path == STDIN:
        return _Probe(path)
    try:
        source = steps.read(path, config, None)
    except ReadError as exc:
        return _Probe(path, error=str(exc))
    key = cache.key(source)
    return _Probe(path, key=key if cache.contains(key) else None, digest=source.digest)


# -- worker processes -------------------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(steps: FileSteps, config: "Config", cache: "ResultCache | None", keep_blocks: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C and stops the pool
    _WORKER.update(steps=steps, config=config, cache=cache, keep_blocks=keep_blocks)
    vocabulary = sys.modules.get("healthlint.vocabulary")
    if vocabulary is not None and vocabulary.load.cache_info().currsize:
        vocabulary.load().after_fork()


WARM_UP_ARTICLE = """# Warm-up

Hypertension, or high blood pressure, is common. A study found that walking helps.Doctors agree .

| Test | Result |
| --- | --- |
| Blood pressure | 120 mg |
"""


WARM_UP_PAGE = "<html><body><article><h1>Warm-up</h1><p>Rest helps <a href='/x'>back pain</a>.</p></article></body></html>"
WARM_UP_TEXT = """Warm-up

    Condition Pain Location Treatment
    Herniated Disc Lower back and leg Physical therapy
    Spinal Stenosis Lower back Rest and exercise
"""


def warm_up(steps: FileSteps, config: "Config") -> None:
    """Load spaCy and every check's resources in this process by checking a small article, so
    that forked workers share them instead of each loading its own copy."""
    steps.lint(SourceText("warm-up.md", "markdown", "utf-8", WARM_UP_ARTICLE), config)
    steps.lint(SourceText("warm-up.html", "html", "utf-8", WARM_UP_PAGE), config)
    steps.lint(SourceText("warm-up.txt", "text", "utf-8", WARM_UP_TEXT), config)


def _work(path: str) -> "FileResult":
    return lint_path(_WORKER["steps"], path, _WORKER["config"], _WORKER["cache"], None, _WORKER["keep_blocks"])


def _context():
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# -- a run ------------------------------------------------------------------------------------------

def run_files(steps: FileSteps, paths: list[str], config: "Config", stdin: bytes | None = None, *,
              jobs: int | None = None, cache: "ResultCache | None" = None,
              keep_blocks: bool = True) -> Iterator["FileResult"]:
    """One FileResult per path, in the order of ``paths``. ``jobs`` None: ``config.jobs``, else 1."""
    jobs = jobs or config.jobs or 1
    if cache is not None:
        probes = [_probe(steps, path, config, cache) for path in paths]
    else:
        probes = [_Probe(path) for path in paths]
    misses = [i for i, p in enumerate(probes) if p.key is None and p.error is None and p.path != STDIN]

    def one(path: str) -> "FileResult":
        return lint_path(steps, path, config, cache, stdin if path == STDIN else None, keep_blocks)

    pool = None
    pooled: Iterator["FileResult"] = iter(())
    in_pool: set[int] = set()
    if jobs > 1 and len(misses) > 1:
        # Workers are forked now, before any analysis in this process and before a progress bar
        # starts its thread: each loads spaCy and the checks' resources itself (once, in parallel),
        # and no open file or database connection of this process is shared with them.
        workers = min(jobs, len(misses))
        if _context().get_start_method() == "fork":
            warm_up(steps, config)
        pool = _context().Pool(workers, initializer=_init_worker, initargs=(steps, config, cache, keep_blocks))
        pooled = pool.imap(_work, [paths[i] for i in misses], chunksize=chunk_size(len(misses), workers))
        in_pool = set(misses)

    def results() -> Iterator["FileResult"]:
        finished = False
        try:
            for index, probe in enumerate(probes):
                if probe.error is not None:
                    yield steps.unreadable(probe.path, probe.error, config)
                elif index in in_pool:
                    yield next(pooled)
                elif probe.key is not None and cache is not None:
                    cached = cache.load(probe.key, probe.path)
                    if cached is None:  # corrupt or gone since the probe: analyse it here
                        yield one(probe.path)
                    else:
                        cached.source_digest = probe.digest
                        yield cached if keep_blocks else strip_blocks(cached)
                else:
                    yield one(probe.path)
            finished = True
        finally:
            if pool is not None:
                if finished:
                    pool.close()
                else:
                    pool.terminate()
                pool.join()

    return results()
