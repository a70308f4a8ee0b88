"""The pipeline: find files, read, parse, analyse once, run the checks, collect results.

Data flows one way. Checks never read files or print; renderers never analyse.
"""
from __future__ import annotations

import fnmatch
import glob
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from .checks import Check, all_checks, all_rules
from .config import Config
from .context import CheckContext
from .findings import Finding, Rule, sort_key
from .fixes import FIX_RULES
from .nlp import analyse, load_pipeline
from .reading import ARTICLE_SUFFIXES, SourceText, read_bytes, read_source
from .results import FileResult, article_skeleton
from .suppressions import SUPPRESSION_RULES

if TYPE_CHECKING:
    from .cache import ResultCache

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
) + SUPPRESSION_RULES + FIX_RULES

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


def lint_source(source: SourceText, config: Config, rules: dict[str, Rule] | None = None) -> FileResult:
    from .parsers import parse

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
    from .suppressions import apply_suppressions

    apply_suppressions(parsed, result, config)
    return result


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
