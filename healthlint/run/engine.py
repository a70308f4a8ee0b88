"""The pipeline: find files, read, parse, analyse once, run the checks, collect results.

Data flows one way. Checks never read files or print; renderers never analyse.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from typing import Iterable, Iterator

from ..core.registry import Check, all_checks, all_rules
from ..core.builtin import ENGINE_RULES  # noqa: F401 - re-exported: the rules the engine reports
from ..core.builtin import DEFAULT_TIME_BUDGET, TIME_BUDGET_ENV
from ..core.config import Config
from ..checks.context import CheckContext
from .discovery import discover as discover_files
from ..core.findings import Finding, Rule, sort_key
from .cache import ResultCache
from ..language.nlp import MAX_BLOCK_CHARS, AnalysisLimits, analyse, load_pipeline
from .parallel import FileSteps, StageFailed, lint_path, run_files, warm_up
from ..parsers import parse
from ..core.reading import SourceText, read_bytes, read_source
from ..core.results import FileResult, article_skeleton
from .suppressions import apply_suppressions
from ..language.syllables import cmu_table
from ..language.vocabulary import load as load_vocabulary
from ..language import wordtable


# Rules whose findings say that a result is not the file's real result: such results are not cached.
UNCACHED_RULES = frozenset({"healthlint/internal-error", "healthlint/time-limit"})

STDIN_NAME = "<stdin>"


def discover(paths: Iterable[str], exclude: list[str] | None = None) -> list[str]:
    """Expand folders and globs into the sorted, de-duplicated list of article files
    (see ``healthlint/run/discovery.py``, which the command line calls with the configuration)."""
    return discover_files(paths, None, exclude=exclude)


def enabled_checks(config: Config) -> list[Check]:
    return [c for c in all_checks() if config.check_enabled(c.name, [r.id for r in c.rules])]


# Derived data a check may need (``Check.needs``), built or opened once per process before any
# check runs: the first run (or `healthlint cache build`) writes it to the user's cache folder.
DERIVED_DATA = {"vocabulary": load_vocabulary, "syllables": cmu_table}


def prepare(checks: list[Check]) -> None:
    """Build (or open) the derived dictionaries the enabled checks need, so checks stay pure."""
    for need in sorted({need for check in checks for need in check.needs}):
        if need in DERIVED_DATA:
            DERIVED_DATA[need]()


def pipeline_model(config: Config, checks: list[Check]) -> str:
    if config.nlp_model != "blank" or any("tags" in c.needs for c in checks):
        return "en_core_web_sm"
    return "blank"


def read_one(path: str, config: Config, stdin: bytes | None = None) -> SourceText:
    if path == "-":
        name = config.stdin_filename or (
            STDIN_NAME + ".md" if stdin and stdin.lstrip()[:1] == b"#" else STDIN_NAME)
        return read_bytes(name, stdin or b"", config.max_file_size)
    return read_source(path, config.max_file_size)


def lint_file(path: str, config: Config, stdin: bytes | None = None) -> FileResult:
    """Read and lint one file, without the result cache (what a run does for each file)."""
    return lint_path(STEPS, path, config, None, stdin)


def unreadable_result(path: str, reason: str, config: Config) -> FileResult:
    finding = Finding(
        rule="healthlint/unreadable",
        severity=config.severity_of("healthlint/unreadable", "error"),
        message=f"{path}: {reason}",
        path=path,
        start_line=1,
        end_line=1,
    )
    return FileResult(path, error=reason, findings=[finding] if config.rule_enabled(finding.rule) else [])


class TimeBudgetExceeded(BaseException):
    """Raised by the per-file timer. A BaseException, so that no ``except Exception`` inside a
    check or a library swallows it."""


def one_line(error: BaseException) -> str:
    """``Type: first line of the message``, at most 300 characters."""
    lines = str(error).strip().splitlines()
    text = f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
    return text if len(text) <= 300 else text[:299] + "…"


def internal_error_result(path: str, stage: str, error: BaseException, config: Config) -> FileResult:
    """The result of a file on which healthlint failed: one finding naming the stage and the error;
    the traceback goes into the finding's data (printed by ``--verbose``)."""
    reason = one_line(error)
    finding = internal_error_finding(path, stage, error, config)
    # Reported even when the rule is not selected: a run must never pass silently over a file that
    # was not checked.
    return FileResult(path, error=f"internal error while {stage}: {reason}", findings=[finding])


def internal_error_finding(path: str, stage: str, error: BaseException, config: Config,
                           article: str | None = None, line: int = 1) -> Finding:
    details = "".join(traceback.format_exception(error)) if error.__traceback__ else ""
    return Finding(
        rule="healthlint/internal-error",
        severity=config.severity_of("healthlint/internal-error", "error"),
        message=f"healthlint failed while {stage}: {one_line(error)}",
        path=path, start_line=line, end_line=line, article=article,
        data={"stage": stage, "error": type(error).__name__, "traceback": details},
    )


def time_budget() -> float:
    """Seconds one file may take (``$HEALTHLINT_TIME_BUDGET``, default 10; 0 or less: no limit)."""
    try:
        return float(os.environ.get(TIME_BUDGET_ENV, DEFAULT_TIME_BUDGET))
    except ValueError:
        return DEFAULT_TIME_BUDGET


class _Timer:
    """The per-file time budget: SIGALRM raises TimeBudgetExceeded in the main thread (where every
    file is checked, in this process or in a worker's). Elsewhere (a thread), or without SIGALRM,
    there is no budget."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = (seconds > 0 and hasattr(signal, "setitimer")
                       and threading.current_thread() is threading.main_thread())
        self._previous = None

    def __enter__(self):
        if self.active:
            self._previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    @staticmethod
    def _expired(signum, frame):
        raise TimeBudgetExceeded()

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous or signal.SIG_DFL)
        return False


def time_limit_result(source: SourceText, seconds: float, config: Config) -> FileResult:
    rule = "healthlint/time-limit"
    message = f"checking stopped after {seconds:g} s (the per-file time budget); the file was not checked"
    result = FileResult(source.path, source.kind, source.encoding, error=message)
    if config.rule_enabled(rule):
        result.findings.append(Finding(rule, config.severity_of(rule, "error"), message, source.path, 1, 1,
                                       data={"seconds": seconds}))
    return result


_resources_loaded: set[int] = set()  # configurations (by id) whose resources this process loaded


def lint_source(source: SourceText, config: Config, rules: dict[str, Rule] | None = None, *,
                budget: bool = True) -> FileResult:
    """Parse, analyse and check one file, within the per-file time budget. An unexpected error in
    parsing or analysis raises StageFailed; an error in one check becomes an internal-error finding
    of that article and the other checks go on.

    The budget is for the file's own work: the first file of a process first loads spaCy and the
    checks' dictionaries (building them on a machine's first run) outside it."""
    if not budget:
        return _lint_source(source, config, rules or all_rules())
    seconds = time_budget()
    if seconds > 0 and id(config) not in _resources_loaded:
        _resources_loaded.add(id(config))
        warm_up(STEPS, config)
    started = time.monotonic()
    try:
        with _Timer(seconds):
            return _lint_source(source, config, rules or all_rules())
    except TimeBudgetExceeded:
        return time_limit_result(source, seconds or round(time.monotonic() - started, 1), config)


def _lint_source(source: SourceText, config: Config, rules: dict[str, Rule]) -> FileResult:
    try:
        parsed = parse(source)
    except Exception as exc:
        raise StageFailed("parsing", exc) from exc
    result = FileResult(source.path, parsed.kind, parsed.encoding)
    # decoding problems (reading.py) are parse errors; then the parser's problems, each with its rule
    problems = [("healthlint/parse-error", line, message) for line, message in source.warnings]
    problems += [(problem.rule, problem.line, problem.message) for problem in parsed.problems]
    for rule, line, message in problems:
        if config.rule_enabled(rule):
            result.findings.append(Finding(
                rule, config.severity_of(rule, rules[rule].severity if rule in rules else "warning"),
                message, source.path, line, line,
            ))
    checks = enabled_checks(config)
    limits = AnalysisLimits()
    try:
        nlp = load_pipeline(pipeline_model(config, checks))
        prepare(checks)
        analysed_articles = analyse(parsed.articles, nlp, source.path, parsed.kind, limits)
        needs = {need for check in checks for need in check.needs}
        if wordtable.NEED in needs:  # one word table per document, read by every check that needs it
            wordtable.attach(analysed_articles, load_vocabulary() if "vocabulary" in needs else None)
    except Exception as exc:
        raise StageFailed("analysing the text", exc) from exc
    result.findings.extend(_limit_findings(limits, source.path, config))
    for analysed in analysed_articles:
        article_result = article_skeleton(analysed.article)
        for check in checks:
            context = CheckContext(analysed, config, rules, check.name)
            try:
                check.run(analysed, context)
            except Exception as exc:  # one failing check must not cost the file its other checks
                article_result.findings.append(internal_error_finding(
                    source.path, f"checking ({check.name})", exc, config,
                    article=analysed.article.title, line=analysed.article.start_line))
                continue
            article_result.findings.extend(context.findings)
            if context.figures:
                article_result.figures[check.name] = context.figures
        article_result.findings.sort(key=sort_key)
        result.articles.append(article_result)
    try:
        apply_suppressions(parsed, result, config, rules)
    except Exception as exc:
        raise StageFailed("applying suppressions", exc) from exc
    return result


def _limit_findings(limits: AnalysisLimits, path: str, config: Config) -> list[Finding]:
    rule = "healthlint/over-limit"
    if not config.rule_enabled(rule):
        return []
    severity = config.severity_of(rule, "warning")
    found = [Finding(rule, severity, f"a paragraph of {len(block.text):,} characters is over the limit of "
                     f"{MAX_BLOCK_CHARS:,}; it was not checked", path, block.start_line, block.end_line)
             for block in limits.long_blocks]
    return found


def cacheable(result: FileResult) -> bool:
    return not result.error and not any(f.rule in UNCACHED_RULES for f in result.all_findings)


def run(paths: list[str], config: Config, stdin: bytes | None = None, *, jobs: int | None = None,
        cache: bool | ResultCache = False, keep_blocks: bool = True) -> Iterator[FileResult]:
    """Lint every file; results come in the order given, as they are ready (a generator).

    ``jobs``: worker processes (default: ``config.jobs``, else 1, which runs in this process; the
    command line defaults to the number of cores). ``cache``: True for the configuration's result
    cache, or a ``ResultCache``; False for none. ``keep_blocks=False`` drops each article's ``blocks`` (only the JSON and HTML outputs read
    them), which saves memory on large runs. See ``healthlint/run/parallel.py``.
    """
    if cache is True:
        cache = ResultCache.for_config(config)
    return run_files(STEPS, paths, config, stdin, jobs=jobs, cache=cache or None, keep_blocks=keep_blocks)


# What a run does with each file (see healthlint/run/parallel.py, which runs these steps).
STEPS = FileSteps(read=read_one, lint=lint_source, unreadable=unreadable_result,
                  internal_error=internal_error_result, cacheable=cacheable)


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
