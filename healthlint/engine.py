"""The pipeline: find files, read, parse, analyse once, run the checks, collect results.

Data flows one way. Checks never read files or print; renderers never analyse.
"""
from __future__ import annotations

import fnmatch
import glob
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .checks import Check, all_checks, all_rules
from .config import Config
from .context import CheckContext
from .findings import Finding, Rule, sort_key
from .nlp import MAX_BLOCK_CHARS, AnalysisLimits, analyse, load_pipeline
from .reading import ARTICLE_SUFFIXES, SourceText, read_bytes, read_source
from .results import FileResult, article_skeleton
from .suppressions import SUPPRESSION_RULES

if TYPE_CHECKING:
    from .cache import ResultCache

DEFAULT_TIME_BUDGET = 10.0
TIME_BUDGET_ENV = "HEALTHLINT_TIME_BUDGET"

ENGINE_RULES = (
    Rule(
        "healthlint/unreadable",
        "error",
        "The file could not be read as an article (binary, empty, undecodable or over the size limit).",
        """## What it finds
A file that healthlint was asked to check but could not read: binary data, an empty file, bytes
that are not UTF-8, Latin-1 or Windows-1252 text, or a file over `max-file-size`.

## Why it matters
A file that cannot be checked cannot be vouched for. The rest of the run goes on.

## Example
`photo.jpg` saved into the articles folder: "binary file (contains NUL bytes): not an article".

## Fix
Remove the file from the articles folder, re-save it as UTF-8 text, or raise `max-file-size`.

## Options
`max-file-size` in the configuration (default 10MB).
""",
    ),
    Rule(
        "healthlint/parse-error",
        "warning",
        "Part of the file is malformed (front matter, markup) and was read as well as possible.",
        """## What it finds
Malformed structure that the parser had to work around: front matter that is not valid YAML, or
HTML that could not be parsed at all.

## Why it matters
Metadata such as the reviewer and review date comes from front matter; when it is unreadable the
checks that need it cannot see it.

## Example
```
---
title: "Back pain
---
```

## Fix
Correct the syntax at the line given.

## Options
None.
""",
    ),
    Rule(
        "healthlint/internal-error",
        "error",
        "healthlint itself failed on this file (a bug); the file was not fully checked.",
        """## What it finds
A file on which healthlint raised an unexpected error while reading, parsing, analysing or running
one of its checks. The message names the stage and the error in one line; `--verbose` prints the
traceback. The other files of the run are checked as usual; when one check failed, the other
checks' findings for the file are still reported.

## Why it matters
The file (or the failing check) was not checked, so it cannot be vouched for. This is a fault in
healthlint, never in the article: please report it with the file.

## Example
`healthlint failed while checking (spelling): IndexError: list index out of range`

## Fix
Report the error with the file and the `--verbose` traceback. Until it is fixed, `--ignore` the
failing check for that file.

## Options
None. A run that produced an internal error exits with code 3.
""",
    ),
    Rule(
        "healthlint/time-limit",
        "error",
        "Checking the file took longer than the per-file time budget and was stopped.",
        f"""## What it finds
A file whose parsing, analysis and checks together took longer than the per-file time budget
({DEFAULT_TIME_BUDGET:g} seconds by default). Checking it was stopped so that the run goes on;
no other finding is reported for it.

## Why it matters
One pathological file (a generated page, a dump of a database) must not hold up a CI job.

## Example
`checking stopped after 10 s (the per-file time budget)`

## Fix
Split the file, or check it on its own with a larger budget.

## Options
The environment variable `{TIME_BUDGET_ENV}` sets the budget in seconds (`0` turns it off).
""",
    ),
    Rule(
        "healthlint/over-limit",
        "warning",
        "Part of the file is over a size or nesting limit and was read in a simpler way.",
        """## What it finds
Structure or text beyond the limits healthlint holds itself to, so that every file is checked in
bounded time and memory: markup nested deeper than the nesting limit (its deeper content is
read as plain text of the enclosing block), or a paragraph so long that it is not analysed.

## Why it matters
What was simplified or skipped was not checked in full.

## Example
`HTML nests deeper than 100 elements; deeper elements were read as the text of their ancestor`

## Fix
Flatten the markup, or break the text into paragraphs.

## Options
None.
""",
    ),
) + SUPPRESSION_RULES

# Rules whose findings say that a result is not the file's real result: such results are not cached.
UNCACHED_RULES = frozenset({"healthlint/internal-error", "healthlint/time-limit"})

STDIN_NAME = "<stdin>"


def discover(paths: Iterable[str], exclude: list[str] | None = None) -> list[str]:
    """Expand folders and globs into the sorted, de-duplicated list of article files."""
    found: list[str] = []
    seen: set[str] = set()
    exclude = exclude or []

    def add(path: str) -> None:
        normal = os.path.normpath(path)
        if normal in seen or any(fnmatch.fnmatch(normal, pattern) for pattern in exclude):
            return
        seen.add(normal)
        found.append(normal)

    for raw in paths:
        if raw == "-":
            add(raw)
            continue
        if os.path.isdir(raw):
            for root, dirs, files in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                        add(os.path.join(root, name))
        elif any(ch in raw for ch in "*?["):
            for match in sorted(glob.glob(raw, recursive=True)):
                if os.path.isfile(match):
                    add(match)
        else:
            add(raw)  # a missing or unreadable file gets its own error result
    return found


def enabled_checks(config: Config) -> list[Check]:
    return [c for c in all_checks() if config.check_enabled(c.name, [r.id for r in c.rules])]


def pipeline_model(config: Config, checks: list[Check]) -> str:
    if config.nlp_model != "blank" or any("tags" in c.needs for c in checks):
        return "en_core_web_sm"
    return "blank"


def read_one(path: str, config: Config, stdin: bytes | None = None) -> SourceText:
    if path == "-":
        return read_bytes(STDIN_NAME + ".md" if stdin and stdin.lstrip()[:1] == b"#" else STDIN_NAME,
                          stdin or b"", config.max_file_size)
    return read_source(path, config.max_file_size)


def lint_file(path: str, config: Config, stdin: bytes | None = None) -> FileResult:
    """Read and lint one file, without the result cache (what a run does for each file)."""
    from .parallel import lint_path

    return lint_path(path, config, None, stdin)


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


class StageFailed(Exception):
    """An unexpected error inside one stage of checking a file; ``stage`` says which."""

    def __init__(self, stage: str, error: BaseException):
        super().__init__(f"{stage}: {error!r}")
        self.stage = stage
        self.error = error


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
        from .parallel import warm_up

        warm_up(config)
    started = time.monotonic()
    try:
        with _Timer(seconds):
            return _lint_source(source, config, rules or all_rules())
    except TimeBudgetExceeded:
        return time_limit_result(source, seconds or round(time.monotonic() - started, 1), config)


def _lint_source(source: SourceText, config: Config, rules: dict[str, Rule]) -> FileResult:
    from .parsers import parse

    try:
        parsed = parse(source)
    except Exception as exc:
        raise StageFailed("parsing", exc) from exc
    result = FileResult(source.path, parsed.kind, parsed.encoding)
    for problem in parsed.problems:
        rule = problem.rule
        if config.rule_enabled(rule):
            result.findings.append(Finding(
                rule, config.severity_of(rule, rules[rule].severity if rule in rules else "warning"),
                problem.message, source.path, problem.line, problem.line,
            ))
    checks = enabled_checks(config)
    limits = AnalysisLimits()
    try:
        nlp = load_pipeline(pipeline_model(config, checks))
        analysed_articles = analyse(parsed.articles, nlp, source.path, parsed.kind, limits)
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
    from .suppressions import apply_suppressions

    try:
        apply_suppressions(parsed, result, config)
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
        cache: bool | "ResultCache" = False, keep_blocks: bool = True) -> Iterator[FileResult]:
    """Lint every file; results come in the order given, as they are ready (a generator).

    ``jobs``: worker processes (default: ``config.jobs``, else 1, which runs in this process; the
    command line defaults to the number of cores). ``cache``: True for the configuration's result
    cache, or a ``ResultCache``; False for none. ``keep_blocks=False`` drops each article's ``blocks`` (only the JSON and HTML outputs read
    them), which saves memory on large runs. See ``healthlint/parallel.py``.
    """
    from .parallel import run_files

    if cache is True:
        from .cache import ResultCache

        cache = ResultCache.for_config(config)
    return run_files(paths, config, stdin, jobs=jobs, cache=cache or None, keep_blocks=keep_blocks)


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
