"""The pipeline: find files, read, parse, analyse once, run the checks, collect results.

Data flows one way. Checks never read files or print; renderers never analyse.
"""
from __future__ import annotations

import sys
from typing import Iterable, Iterator

from .checks import Check, all_checks, all_rules
from .checks.builtin import ENGINE_RULES  # noqa: F401 - re-exported: the rules the engine reports
from .config import Config
from .context import CheckContext
from .discovery import discover as discover_files
from .findings import Finding, Rule, sort_key
from .cache import ResultCache
from .nlp import analyse, load_pipeline
from .parallel import FileSteps, lint_path, run_files
from .parsers import parse
from .reading import SourceText, read_bytes, read_source
from .results import FileResult, article_skeleton
from .suppressions import apply_suppressions
from .syllables import cmu_table
from .vocabulary import load as load_vocabulary


STDIN_NAME = "<stdin>"


def discover(paths: Iterable[str], exclude: list[str] | None = None) -> list[str]:
    """Expand folders and globs into the sorted, de-duplicated list of article files
    (see ``healthlint/discovery.py``, which the command line calls with the configuration)."""
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


def lint_source(source: SourceText, config: Config, rules: dict[str, Rule] | None = None) -> FileResult:
    rules = rules or all_rules()
    parsed = parse(source)
    result = FileResult(source.path, parsed.kind, parsed.encoding)
    problems = list(source.warnings)  # decoding problems (reading.py), then parsing problems
    problems += [(problem.line, problem.message) for problem in parsed.problems]
    for line, message in problems:
        if config.rule_enabled("healthlint/parse-error"):
            result.findings.append(Finding(
                "healthlint/parse-error", config.severity_of("healthlint/parse-error", "warning"),
                message, source.path, line, line,
            ))
    checks = enabled_checks(config)
    nlp = load_pipeline(pipeline_model(config, checks))
    prepare(checks)
    for analysed in analyse(parsed.articles, nlp, source.path, parsed.kind):
        article_result = article_skeleton(analysed.article)
        for check in checks:
            context = CheckContext(analysed, config, rules, check.name)
            check.run(analysed, context)
            article_result.findings.extend(context.findings)
            if context.figures:
                article_result.figures[check.name] = context.figures
        article_result.findings.sort(key=sort_key)
        result.articles.append(article_result)
    apply_suppressions(parsed, result, config, rules)
    return result


def run(paths: list[str], config: Config, stdin: bytes | None = None, *, jobs: int | None = None,
        cache: bool | ResultCache = False, keep_blocks: bool = True) -> Iterator[FileResult]:
    """Lint every file; results come in the order given, as they are ready (a generator).

    ``jobs``: worker processes (default: ``config.jobs``, else 1, which runs in this process; the
    command line defaults to the number of cores). ``cache``: True for the configuration's result
    cache, or a ``ResultCache``; False for none. ``keep_blocks=False`` drops each article's ``blocks`` (only the JSON and HTML outputs read
    them), which saves memory on large runs. See ``healthlint/parallel.py``.
    """
    if cache is True:
        cache = ResultCache.for_config(config)
    return run_files(STEPS, paths, config, stdin, jobs=jobs, cache=cache or None, keep_blocks=keep_blocks)


# What a run does with each file (see healthlint/parallel.py, which runs these steps).
STEPS = FileSteps(read=read_one, lint=lint_source, unreadable=unreadable_result)


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
