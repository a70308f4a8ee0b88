"""Running articles in worker processes, with the result cache, in the order given.

``engine.run`` calls :func:`run_files` with its :class:`FileSteps` (read one file, lint it, report it
unreadable or failed, say whether a result may be cached): this module runs those steps over many
files and never imports the engine, so the import graph goes one way (engine -> parallel). The plan
for a run:

1. With the cache on, the main process reads each file once and looks its key up (reading and
   hashing are cheap next to analysis): hits are loaded in order as the run goes, and only misses
   are analysed. Unreadable files get their error result here, each on its own.
2. With more than one miss and ``jobs`` > 1, the main process loads spaCy and the checks' resources
   by checking three tiny articles (``warm_up``), then starts a ``concurrent.futures`` process pool
   (``fork`` on Linux, so the workers share what was loaded; ``spawn`` elsewhere). Each worker opens
   its own vocabulary connection: SQLite forbids using one across a fork.
3. The misses go to the pool a few files to a task, and results come back in input order while the main
   process streams hits from the cache in between. A worker that dies costs at most the file it was
   checking (an ``internal-error`` result); a worker that cannot start stops the run with
   ``WorkerError`` instead of being restarted (see ``_Pool``).

A run never holds more than the results its consumer keeps: everything is a generator.
"""
from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from ..core.reading import ReadError, SourceText

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .cache import ResultCache
    from ..core.config import Config
    from ..core.results import FileResult

STDIN = "-"


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


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

class StageFailed(Exception):
    """A stage of checking one file (parsing, analysis, suppressions) failed unexpectedly: the file
    gets an ``internal-error`` result naming the stage. Raised by the engine's lint step."""

    def __init__(self, stage: str, error: BaseException):
        super().__init__(f"{stage}: {error!r}")
        self.stage = stage
        self.error = error


@dataclass(frozen=True)
class FileSteps:
    """What a run does with one file, given by the engine: module-level functions, so that the steps
    reach worker processes under ``spawn`` too (they pickle by name)."""

    read: Callable[["str", "Config", "bytes | None"], SourceText]  # may raise ReadError
    lint: Callable[..., "FileResult"]  # (source, config, *, budget=True); may raise StageFailed
    unreadable: Callable[[str, str, "Config"], "FileResult"]
    internal_error: Callable[[str, str, BaseException, "Config"], "FileResult"]
    cacheable: Callable[["FileResult"], bool]


def strip_blocks(result: "FileResult") -> "FileResult":
    for article in result.articles:
        article.blocks = []
    return result


def lint_path(steps: FileSteps, path: str, config: "Config", cache: "ResultCache | None",
              stdin: bytes | None = None, keep_blocks: bool = True) -> "FileResult":
    """Read, look up, analyse and store one file; never raises for a file. Read errors are the
    file's ``unreadable`` result, any other error its ``internal-error`` result (see
    ``engine.lint_source``). Standard input, read errors and incomplete results are not cached."""
    try:
        source = steps.read(path, config, stdin)
    except ReadError as exc:
        return steps.unreadable(path, str(exc), config)
    except Exception as exc:
        return steps.internal_error(path, "reading", exc, config)
    key = None
    if cache is not None and path != STDIN:
        try:
            key = cache.key(source)
            cached = cache.load(key, path)
        except Exception:  # the cache is an optimisation: a broken one is a miss
            key = cached = None
        if cached is not None:
            cached.source_digest = source.digest
            return cached if keep_blocks else strip_blocks(cached)
    try:
        result = steps.lint(source, config)
    except StageFailed as exc:
        return steps.internal_error(path, exc.stage, exc.error, config)
    except Exception as exc:
        return steps.internal_error(path, "checking", exc, config)
    if key is not None and cache is not None and steps.cacheable(result):
        try:
            cache.store(key, result)
        except Exception:  # e.g. a value the cache cannot serialise: the run goes on uncached
            pass
    result.source_digest = source.digest
    return result if keep_blocks else strip_blocks(result)


@dataclass
class _Probe:
    path: str
    key: str | None = None  # a cache hit's key
    digest: str | None = None  # of the bytes read (see FileResult.source_digest)
    result: "FileResult | None" = None  # the file's result when it cannot be read


def _probe(steps: FileSteps, path: str, config: "Config", cache: "ResultCache") -> _Probe:
    if path == STDIN:
        return _Probe(path)
    try:
        source = steps.read(path, config, None)
    except ReadError as exc:
        return _Probe(path, result=steps.unreadable(path, str(exc), config))
    except Exception as exc:
        return _Probe(path, result=steps.internal_error(path, "reading", exc, config))
    try:
        key = cache.key(source)
        return _Probe(path, key=key if cache.contains(key) else None, digest=source.digest)
    except Exception:
        return _Probe(path)


# -- worker processes -------------------------------------------------------------------------------

class WorkerError(RuntimeError):
    """Worker processes could not start or kept dying: the run stops with this message."""


_WORKER: dict = {}
# How often the pool may break (a worker killed, out of memory, crashed) in one run before the run
# stops; each break costs at most one file (see _Pool).
MAX_POOL_BREAKS = 20


def _init_worker(steps: FileSteps, config: "Config", cache: "ResultCache | None", keep_blocks: bool,
                 parent: int) -> None:
    """Runs once in each worker. An error here is kept and returned with the first task, so that
    the main process stops the run with the reason (a pool that restarts failing workers would
    restart them forever)."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C and stops the pool
        _WORKER.update(steps=steps, config=config, cache=cache, keep_blocks=keep_blocks, error=None)
        _watch_parent(parent)
        vocabulary = sys.modules.get("healthlint.language.vocabulary")
        if vocabulary is not None and vocabulary.load.cache_info().currsize:
            vocabulary.load().after_fork()
    except BaseException as exc:  # noqa: BLE001 - reported to the main process, which stops the run
        import traceback

        _WORKER["error"] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"


def _watch_parent(parent: int) -> None:
    """Exit when the main process is gone (killed with SIGKILL, say), instead of waiting forever
    for work that will never come."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="healthlint-parent-watch", daemon=True).start()


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
    that forked workers share them instead of each loading its own copy. A failure here is left
    to the workers, which report it."""
    try:
        steps.lint(SourceText("warm-up.md", "markdown", "utf-8", WARM_UP_ARTICLE), config, budget=False)
        steps.lint(SourceText("warm-up.html", "html", "utf-8", WARM_UP_PAGE), config, budget=False)
        steps.lint(SourceText("warm-up.txt", "text", "utf-8", WARM_UP_TEXT), config, budget=False)
    except Exception:
        pass


class _WorkerStartFailed(Exception):
    pass


def _work(paths: tuple[str, ...]) -> list[bytes]:
    """Check a few files; each result comes back pickled here, one by one, so that a result that
    cannot be pickled costs only its own file (its ``internal-error`` result takes its place)."""
    import pickle

    if _WORKER.get("error"):
        raise _WorkerStartFailed(_WORKER["error"])
    steps, config = _WORKER["steps"], _WORKER["config"]
    sent = []
    for path in paths:
        result = lint_path(steps, path, config, _WORKER["cache"], None, _WORKER["keep_blocks"])
        try:
            sent.append(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
        except Exception as exc:
            sent.append(pickle.dumps(steps.internal_error(path, "returning the result", exc, config),
                                     pickle.HIGHEST_PROTOCOL))
    return sent


def _context():
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# Files per task: each task costs the main process's pool threads about a quarter of a millisecond
# of CPU whatever its size, which on two cores is time taken from the workers; a few files per task
# make that small, and few enough that the last tasks still spread evenly over the workers.
FILES_PER_TASK = 4


def files_per_task(files: int, workers: int) -> int:
    """``FILES_PER_TASK``, or fewer when a run has fewer than 16 tasks' worth of files per worker."""
    return max(1, min(FILES_PER_TASK, files // (workers * 16)))


class _Pool:
    """Worker processes checking ``paths``; :meth:`results` yields one result per path, in order.

    A ``concurrent.futures`` pool, because it notices a worker that dies (``multiprocessing.Pool``
    starts a replacement and waits forever for the lost task). Files go out a few to a task
    (``FILES_PER_TASK``, fewer in small runs so that every worker gets some). When the pool breaks,
    the results already back are kept and the files that were out (at most ``window`` tasks) are
    checked again in a new pool one at a time, so that the file that kills its worker is known: it
    gets an ``internal-error`` result and the run goes on. A worker that fails to start stops the
    run (WorkerError) instead of being restarted.
    """

    def __init__(self, steps: FileSteps, paths: list[str], config: "Config", cache, keep_blocks: bool,
                 workers: int):
        self.steps = steps
        self.paths = paths
        self.config = config
        self.initargs = (steps, config, cache, keep_blocks, os.getpid())
        self.workers = workers
        self.per_task = files_per_task(len(paths), workers)
        self.window = workers * 4  # tasks sent ahead: enough to keep workers busy, little memory
        self.breaks = 0

    def _start(self):
        from concurrent.futures import ProcessPoolExecutor

        try:
            return ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_init_worker,
                                       initargs=self.initargs)
        except OSError as exc:
            raise WorkerError(f"could not start worker processes: {exc}") from exc

    def _submit(self, executor, task: tuple[int, ...]) -> "Future":
        return executor.submit(_work, tuple(self.paths[i] for i in task))

    def _unpack(self, task: tuple[int, ...], sent: list[bytes]) -> dict[int, "FileResult"]:
        import pickle

        results = {}
        for index, data in zip(task, sent):
            try:
                results[index] = pickle.loads(data)
            except Exception as exc:
                results[index] = self.steps.internal_error(self.paths[index], "returning the result", exc,
                                                           self.config)
        return results

    def results(self) -> Iterator["FileResult"]:
        from collections import deque
        from concurrent.futures.process import BrokenProcessPool

        count = len(self.paths)
        waiting = deque(tuple(range(start, min(start + self.per_task, count)))
                        for start in range(0, count, self.per_task))  # tasks not sent yet, in order
        suspects: deque[int] = deque()  # positions to check alone, after a break
        ready: dict[int, "FileResult"] = {}
        sent: dict[tuple[int, ...], Future] = {}
        executor = self._start()
        completed = 0
        finished = False
        try:
            for position in range(count):
                while position not in ready:
                    alone = bool(suspects)
                    try:
                        if alone:
                            if not sent:
                                suspect = (suspects.popleft(),)
                                sent[suspect] = self._submit(executor, suspect)
                        else:
                            while waiting and len(sent) < self.window:
                                task = waiting.popleft()
                                sent[task] = self._submit(executor, task)
                        target = next((task for task in sent if position in task), next(iter(sent)))
                        ready.update(self._unpack(target, sent[target].result()))
                    except BrokenProcessPool:
                        self.breaks += 1
                        if completed == 0 and self.breaks >= 2:
                            raise WorkerError("worker processes exit as soon as they start; run with "
                                              "--jobs 1 to see the error") from None
                        if self.breaks > MAX_POOL_BREAKS:
                            raise WorkerError(f"worker processes died {self.breaks} times; stopping") from None
                        for task, pending in sorted(sent.items()):
                            if pending.done() and pending.exception() is None:
                                ready.update(self._unpack(task, pending.result()))
                            elif alone:  # the file that was checked alone killed its worker
                                ready[task[0]] = self.steps.internal_error(
                                    self.paths[task[0]], "checking (in a worker process)",
                                    WorkerDied("the worker process died while checking this file "
                                               "(killed, out of memory or crashed)"), self.config)
                            else:  # which of the files out killed the worker is not known
                                suspects.extend(task)
                        sent.clear()
                        executor.shutdown(wait=False, cancel_futures=True)
                        executor = self._start()
                        continue
                    except _WorkerStartFailed as exc:
                        raise WorkerError(f"a worker process could not start: {exc}") from None
                    except OSError as exc:  # fork failed: out of processes or memory
                        raise WorkerError(f"could not start worker processes: {exc}") from None
                    except Exception as exc:  # the task's results could not come back
                        ready.update((index, self.steps.internal_error(self.paths[index], "returning the result",
                                                                       exc, self.config)) for index in target)
                    del sent[target]
                    completed += 1
                yield ready.pop(position)
            finished = True
        finally:
            if not finished:  # stopped early (an error, Ctrl-C): do not wait for files in progress
                for process in list((getattr(executor, "_processes", None) or {}).values()):
                    process.terminate()
            executor.shutdown(wait=True, cancel_futures=True)


class WorkerDied(Exception):
    pass


# -- a run ------------------------------------------------------------------------------------------

def run_files(steps: FileSteps, paths: list[str], config: "Config", stdin: bytes | None = None, *,
              jobs: int | None = None, cache: "ResultCache | None" = None,
              keep_blocks: bool = True) -> Iterator["FileResult"]:
    """One FileResult per path, in the order of ``paths``. ``jobs`` None: ``config.jobs``, else 1.

    Raises WorkerError (from the generator) when worker processes cannot start."""
    jobs = jobs or config.jobs or 1
    if cache is not None:
        probes = [_probe(steps, path, config, cache) for path in paths]
    else:
        probes = [_Probe(path) for path in paths]
    misses = [i for i, p in enumerate(probes) if p.key is None and p.result is None and p.path != STDIN]

    def one(path: str) -> "FileResult":
        return lint_path(steps, path, config, cache, stdin if path == STDIN else None, keep_blocks)

    pooled: Iterator["FileResult"] = iter(())
    in_pool: set[int] = set()
    if jobs > 1 and len(misses) > 1:
        # Forked after this process has loaded everything (warm_up), so that workers share it;
        # each worker opens its own vocabulary connection (SQLite forbids sharing one across a fork).
        workers = min(jobs, len(misses))
        if _context().get_start_method() == "fork":
            warm_up(steps, config)
        pooled = _Pool(steps, [paths[i] for i in misses], config, cache, keep_blocks, workers).results()
        in_pool = set(misses)

    def results() -> Iterator["FileResult"]:
        try:
            for index, probe in enumerate(probes):
                if probe.result is not None:
                    yield probe.result
                elif index in in_pool:
                    yield next(pooled)
                elif probe.key is not None and cache is not None:
                    try:
                        cached = cache.load(probe.key, probe.path)
                    except Exception:
                        cached = None
                    if cached is None:  # corrupt or gone since the probe: analyse it here
                        yield one(probe.path)
                    else:
                        cached.source_digest = probe.digest
                        yield cached if keep_blocks else strip_blocks(cached)
                else:
                    yield one(probe.path)
        finally:
            close = getattr(pooled, "close", None)
            if close is not None:
                close()  # stops the workers, also when the consumer stops early

    return results()
