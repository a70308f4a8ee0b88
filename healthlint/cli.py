"""Command line: ``healthlint check``, ``rules``, ``explain``.

Imports are lazy so that ``healthlint --help`` and ``healthlint rules`` never load spaCy.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__

# Exit codes, as ruff's: 0 clean, 1 findings at or above --fail-on, 2 usage or configuration error,
# 3 internal error (a bug: an exception healthlint did not expect, or a file whose result is a
# healthlint/internal-error finding because its check crashed).
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
INTERNAL_ERROR_RULE = "healthlint/internal-error"
PROGRESS_THRESHOLD = 10
BLOCK_FORMATS = {"json", "html"}  # outputs that read each article's blocks; others get them dropped


class FormatSpec(click.ParamType):
    """``NAME`` or ``NAME=PATH``: one output format and where it goes."""

    name = "format"

    def convert(self, value, param, ctx):
        from .reports import FORMATS

        name, _, target = str(value).partition("=")
        if name not in FORMATS:
            self.fail(f"unknown format {name!r}; choose from {', '.join(FORMATS)}", param, ctx)
        return name, target or None


def _fail_usage(message: str) -> None:
    click.echo(f"healthlint: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _load_config(config_path: str | None):
    from .core.config import ConfigError, load_config

    try:
        return load_config(config_path)
    except ConfigError as exc:
        _fail_usage(f"configuration error: {exc}")


def exit_code(results, fail_on: str) -> int:
    """3 when a file's check crashed (its result holds healthlint/internal-error), else 1 when a
    finding is at or above ``fail_on``, else 0."""
    failed = False
    for result in results:
        if any(f.rule == INTERNAL_ERROR_RULE for f in result.all_findings):
            return EXIT_INTERNAL
        failed = failed or result.fails(fail_on)
    return EXIT_FINDINGS if failed else EXIT_OK


class _Main(click.Group):
    """The command group, turning what escapes a command into the right exit code: a configuration
    error found late (a policy read when a check first needs it) exits 2 with its message, any other
    unexpected exception exits 3 with its traceback, never 1 (which means "findings")."""

    def invoke(self, ctx):
        from .core.config import ConfigError

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, BrokenPipeError):
            raise
        except ConfigError as exc:
            _fail_usage(f"configuration error: {exc}")
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            import traceback

            from .language.nlp import PipelineUnavailable

            if isinstance(exc, PipelineUnavailable):  # a model a check needs is not installed
                _fail_usage(f"configuration error: {exc}")

            traceback.print_exc(file=sys.stderr)
            click.echo(f"healthlint: internal error: {type(exc).__name__}: {exc} (this is a bug in "
                       "healthlint; please report it with the traceback above)", err=True)
            sys.exit(EXIT_INTERNAL)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def main() -> None:
    """Editorial QA for health articles: off-topic insertions, readability, spelling, tables,
    disclaimers and scraping debris."""


STDOUT_FORMATS = {"terminal", "concise", "json", "sarif", "github", "junit", "markdown"}
DEFAULT_HTML_FOLDER = "reports"


def _split_rules(values) -> list[str]:
    """``--select a,b --select c``: comma lists as ruff takes them, repeatable."""
    return [item.strip() for value in values or () for item in str(value).split(",") if item.strip()]


def _apply_rule_options(config, select=(), ignore=(), extend_select=()) -> None:
    from .core.config import ConfigError, config_from_table

    select, ignore, extend_select = _split_rules(select), _split_rules(ignore), _split_rules(extend_select)
    try:
        if select or ignore or extend_select:
            overrides = {key: value for key, value in
                         (("select", select), ("ignore", ignore), ("extend-select", extend_select)) if value}
            checked = config_from_table(overrides, None)
            config.select = checked.select or config.select
            config.ignore = config.ignore + checked.ignore
            config.extend_select = config.extend_select + checked.extend_select
    except ConfigError as exc:
        _fail_usage(str(exc).replace("configuration: ", "--"))


def _resolve_outputs(formats, output, default: str | None = None) -> list[tuple[str, str | None]]:
    """Which formats go where. Default: the grouped ``terminal`` view on a terminal, else ``concise``.
    Two formats writing to standard output would interleave (and make the JSON invalid): exit 2."""
    default = default or ("terminal" if sys.stdout.isatty() else "concise")
    outputs = list(formats) or [(default, None)]
    if output:
        if len(outputs) != 1 or outputs[0][1]:
            _fail_usage("--output goes with exactly one --format given without =PATH")
        outputs = [(outputs[0][0], output)]
    resolved = []
    for name, target in outputs:
        if name == "html" and target is None:
            target = DEFAULT_HTML_FOLDER  # a folder of pages, never standard output
        resolved.append((name, target))
    to_stdout = [name for name, target in resolved if target is None]
    if len(to_stdout) > 1:
        _fail_usage(f"formats {', '.join(to_stdout)} would all write to standard output; give all but one "
                    "a file (--format NAME=PATH)")
    return resolved


def _console(color: str, stderr: bool = False):
    import os

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    width = None if tty else int(os.environ.get("COLUMNS", "0") or 0) or 160  # logs: no 80-column wrap
    if color == "always":
        return Console(highlight=False, force_terminal=True, width=width, stderr=stderr)
    if color == "never":
        return Console(highlight=False, no_color=True, color_system=None, width=width, stderr=stderr)
    return Console(highlight=False, width=width, stderr=stderr)


def _collect_less_often() -> None:
    """A run allocates millions of short-lived objects (tokens, words, findings) and few cycles: at
    Python's default first threshold (700 allocations) the cycle collector ran 920 times over 1,000
    articles and took 5% of the CPU; at 10,000 it runs 28 times and takes 1% (bench/speed.py). Set in
    the command only, so that a program importing healthlint keeps its own settings."""
    import gc

    gc.set_threshold(10_000, 20, 20)


def _announce_building(quiet: bool) -> None:
    """A line on stderr while the first run on a machine derives its dictionaries (several seconds)."""
    if quiet:
        return
    from .core import progress

    progress.set_listener(lambda what: click.echo(
        f"healthlint: building {what} (first run on this machine; cached afterwards)...", err=True))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "formats", type=FormatSpec(), multiple=True,
              help="Output format, optionally with its own output: concise (default when the output is not "
                   "a terminal), terminal (default on a terminal), json, sarif, github, html, junit, markdown; "
                   "for example --format sarif=reports/results.sarif --format html=reports/. Repeatable; "
                   "only one may write to standard output.")
@click.option("--output", "-o", type=click.Path(dir_okay=True), help="Write the (single) format here instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding at or above this level exists (default: error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (2 still means a usage error).")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
@click.option("--select", multiple=True, help="Only these rules or checks (comma list, repeatable).")
@click.option("--extend-select", multiple=True, help="Rules or checks added to the selection (comma list).")
@click.option("--ignore", multiple=True, help="Skip these rules or checks (comma list, repeatable).")
@click.option("--max-file-size", help="Files over this size are reported, not read (for example 10MB).")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary, progress or notes.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has, instead of the findings.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour in the terminal view (auto: on a terminal, unless NO_COLOR is set).")
@click.option("--stdin-filename", metavar="PATH",
              help="The name standard input (-) is checked as: its extension picks the parser, and "
                   "per-file-ignores apply.")
@click.option("--force-exclude", is_flag=True,
              help="Apply exclude, .gitignore and the default skips to files named explicitly too (pre-commit).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: config `jobs`, else the number of cores).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--shard", metavar="K/N", callback=lambda ctx, param, value: _shard_option(value),
              help="Check only shard K of N of the files (deterministic; for a CI matrix).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline (see `healthlint baseline write`).")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff, apply unsafe fixes too (e.g. deleting a bridge found with less than high confidence).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the unified diff --fix would make, write nothing; exit 1 when there is one.")
@click.option("--changed-since", metavar="REF",
              help="Only the given articles that git says changed since REF (committed, staged or modified).")
@click.option("--include-untracked", is_flag=True,
              help="With --changed-since: also files git does not track yet (and does not ignore).")
@click.option("--path-prefix", metavar="DIR",
              help="Report every path under DIR (the Action runs in a subfolder and reports from the repository root).")
@click.option("--verbose", "-v", is_flag=True, help="Print the traceback of any internal error.")
def check(paths, formats, output, fail_on, config_path, select, ignore, max_file_size, quiet,
          jobs, no_cache, shard, baseline_path=None, fix=False, unsafe_fixes=False, show_diff=False,
          changed_since=None, exit_zero=False, extend_select=(), statistics=False, color="auto",
          stdin_filename=None, force_exclude=False, include_untracked=False, path_prefix=None,
          verbose=False):
    """Lint articles: files, folders, globs, or - for standard input."""
    _collect_less_often()
    from .run.discovery import apply_per_file_ignores, discover
    from .run.engine import read_stdin, run
    from .core.reading import parse_size

    def configure(config):
        """The command line's options over a configuration (the root one, or a folder's own)."""
        _apply_rule_options(config, select, ignore, extend_select)
        if fail_on:
            config.fail_on = fail_on
        if max_file_size:
            try:
                config.max_file_size = parse_size(max_file_size)
            except (ValueError, OverflowError):
                _fail_usage(f"--max-file-size: expected a positive size such as 10MB, got {max_file_size!r}")
        if stdin_filename:
            config.stdin_filename = stdin_filename
        if changed_since:
            _untrusted_cache_dir_off(config, quiet)  # a folder's own configuration too
        return config

    config = configure(_load_config(config_path))
    outputs = _resolve_outputs(formats, output)

    files = discover(paths, config, force_exclude=force_exclude)
    if not files:
        if force_exclude:
            sys.exit(EXIT_OK)  # pre-commit named only files that are not articles
        _fail_usage("no article files found in " + ", ".join(paths))
    if changed_since:
        from .workflow.gitfiles import GitError, select_changed

        try:
            files = select_changed(files, changed_since, include_untracked=include_untracked)
        except GitError as exc:
            _fail_usage(str(exc))
        if not files and not quiet:
            click.echo(f"healthlint: no article files changed since {changed_since}", err=True)
    baseline = None
    if baseline_path:
        from .workflow.baseline import BaselineError, load as load_baseline

        try:
            baseline = load_baseline(baseline_path)
        except BaselineError as exc:
            _fail_usage(str(exc))
    if shard:
        from .run.parallel import select_shard

        files = select_shard(files, *shard)
    stdin = read_stdin() if "-" in files else None

    from .run.parallel import default_jobs

    _announce_building(quiet)
    keep_blocks = any(name in BLOCK_FORMATS for name, _ in outputs)
    groups = [(config, files)] if config_path else _folder_configs(files, config, configure)

    def lint_groups():
        for group_config, group in groups:
            found = run(group, group_config, stdin, jobs=jobs or group_config.jobs or default_jobs(),
                        cache=not no_cache, keep_blocks=keep_blocks)
            yield from apply_per_file_ignores(found, group_config)

    results = _progress(lint_groups(), len(files), quiet)
    internal = _InternalErrors(verbose)
    results = internal.watch(results)
    if fix or show_diff:
        from .run.engine import lint_source
        from .workflow.fixes import fix_and_relint
        from .core.reading import SourceText

        results, fixed, notes, diff_text = fix_and_relint(
            list(results), config, write=not show_diff,
            rerun=lambda again: list(run(again, config, jobs=1, cache=not no_cache, keep_blocks=keep_blocks)),
            unsafe=unsafe_fixes,
            recheck=lambda path, kind, encoding, text: lint_source(SourceText(path, kind, encoding, text), config))
        for note in notes:
            click.echo(f"healthlint: {note}", err=True)
        if show_diff:
            click.echo(diff_text, nl=False)
            sys.exit(EXIT_FINDINGS if diff_text else EXIT_OK)
        if fixed and not quiet:
            click.echo(f"healthlint: fixed {sum(len(f.fixed) for f in fixed)} issue(s) in {len(fixed)} file(s)",
                       err=True)
    if (fix or show_diff) and config.per_file_ignores:
        results = apply_per_file_ignores(results, config)  # what the fixes' re-run found
    if path_prefix:
        results = _with_prefix(results, path_prefix)
    if baseline is not None:
        results = _without_baseline(results, baseline)
    from .run.parallel import WorkerError

    try:
        results = _stream_outputs(results, outputs, config)
    except WorkerError as exc:
        click.echo(f"healthlint: error: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)
    _write_outputs(results, [o for o in outputs if not _streams(*o)], config, quiet,
                   statistics=statistics, color=color)
    for name, target in outputs:
        if name == "html" and not quiet:
            click.echo(f"healthlint: HTML report in {Path(target) / 'index.html'}", err=True)
    if internal.count:
        click.echo(f"healthlint: internal error on {internal.count} file(s)"
                   + ("" if verbose else " (--verbose shows the tracebacks)"), err=True)
    code = exit_code(results, config.fail_on)  # 3 with any internal-error result
    sys.exit(EXIT_OK if exit_zero and code == EXIT_FINDINGS else code)  # --exit-zero never hides exit 3


def _folder_configs(files: list[str], config, configure) -> list[tuple[object, list[str]]]:
    """Per-folder configuration, as in ruff: each file follows the nearest ``healthlint.toml`` (or
    ``pyproject.toml`` with ``[tool.healthlint]``) above it. Returns runs of consecutive files that
    share one, in the order given (a folder's files are consecutive in a walk)."""
    from .core.config import ConfigError, find_config_file, load_config

    root = Path(config.source).resolve() if config.source else None
    nearest: dict[Path, Path | None] = {}
    loaded: dict[Path, object] = {}
    groups: list[tuple[object, list[str]]] = []
    resolved: dict[str, Path] = {}  # a folder's files share its resolved path; a linked file is resolved itself
    for path in files:
        chosen = config
        if path != "-":
            if os.path.islink(path):
                folder = Path(path).resolve().parent
            else:
                written = os.path.dirname(os.path.abspath(path))
                if written not in resolved:
                    resolved[written] = Path(written).resolve()
                folder = resolved[written]
            if folder not in nearest:
                found = find_config_file(folder)
                nearest[folder] = found.resolve() if found is not None else None
            found = nearest[folder]
            if found is not None and found != root:
                if found not in loaded:
                    try:
                        loaded[found] = configure(load_config(str(found)))
                    except ConfigError as exc:
                        _fail_usage(f"configuration error: {exc}")
                chosen = loaded[found]
        if groups and groups[-1][0] is chosen:
            groups[-1][1].append(path)
        else:
            groups.append((chosen, [path]))
    return groups


def _with_prefix(results, prefix: str):
    import posixpath

    from .run.cache import with_path

    base = prefix.replace("\\", "/").strip("/")
    for result in results:
        if result.path != "-":
            with_path(result, posixpath.normpath(posixpath.join(base, result.path.replace("\\", "/"))))
        yield result


def _untrusted_cache_dir_off(config, quiet: bool) -> None:
    """A --changed-since run checks a pull request's checkout: a ``cache-dir`` inside that tree is
    one the pull request can write, so the user's own cache folder is used instead."""
    if not config.cache_dir:
        return
    from .run.cache import cache_dir

    folder = cache_dir(config).resolve()
    trees = {Path.cwd().resolve()} | ({Path(config.source).resolve().parent} if config.source else set())
    if any(folder == tree or tree in folder.parents for tree in trees):
        if not quiet:
            click.echo(f"healthlint: --changed-since: not using cache-dir {folder} inside the checked-out "
                       "tree; using the user's cache folder", err=True)
        config.cache_dir = None


class _InternalErrors:
    """Counts results with a ``healthlint/internal-error`` finding; prints their tracebacks with
    --verbose and otherwise leaves the tracebacks out of every output."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.count = 0

    def watch(self, results):
        for result in results:
            failures = [f for f in result.all_findings if f.rule == INTERNAL_ERROR_RULE]
            if failures:
                self.count += 1
            for finding in failures:
                details = finding.data.pop("traceback", "") if isinstance(finding.data, dict) else ""
                if self.verbose and details:
                    click.echo(f"healthlint: {finding.path}: {finding.message}\n{details}", err=True)
            yield result


def _without_baseline(results, baseline):
    from collections import Counter

    from .workflow.baseline import filter_results

    remaining = Counter(baseline)
    for result in results:
        filter_results([result], baseline, remaining)
        yield result


def _streams(name: str, target: str | None) -> bool:
    """Formats written as results arrive, so a run over an archive is not held in memory."""
    return name == "json" or (name == "html" and target is not None)


def _output_path(name: str, target: str) -> Path:
    path = Path(target)
    if path.is_dir() or target.endswith(("/", "\\")):
        path = path / f"results.{ {'json': 'json', 'sarif': 'sarif', 'junit': 'xml', 'markdown': 'md'}.get(name, 'txt') }"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _stream_outputs(results, outputs, config) -> list:
    """Feed every streaming format as results arrive; return the results without the articles'
    content, which only the streaming formats (JSON, HTML pages) need."""
    from dataclasses import replace

    from .reports import renderer

    info = _run_info(config)
    sinks, handles = [], []
    for name, target in outputs:
        if not _streams(name, target):
            continue
        module = renderer(name)
        if name == "html":
            sinks.append(module.Sink(info, Path(target)))
        elif target is None:
            sinks.append(module.Sink(info, sys.stdout))
        else:
            handle = open(_output_path(name, target), "w", encoding="utf-8")
            handles.append(handle)
            sinks.append(module.Sink(info, handle))
    kept = []
    try:
        for result in results:
            for sink in sinks:
                sink.add(result)
            if sinks:
                result = replace(result, articles=[replace(a, blocks=[]) for a in result.articles])
            kept.append(result)
        for sink in sinks:
            sink.close()
    finally:
        for handle in handles:
            handle.close()
    return kept


def _shard_option(value):
    if value is None:
        return None
    from .run.parallel import parse_shard

    try:
        return parse_shard(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--shard") from None


def _progress(iterator, total: int, quiet: bool):
    """Pass results through, drawing a progress bar on a terminal when there are many files."""
    if quiet or total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield from iterator
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("check", total=total)
        for result in iterator:
            yield result
            progress.advance(task)


def _run_info(config):
    from .core.registry import all_rules
    from .reports.base import RunInfo

    return RunInfo(__version__, all_rules(), config.fail_on, config.source, str(config.policy_dir))


def _write_outputs(results, outputs, config, quiet: bool, statistics: bool = False, color: str = "auto") -> None:
    from .reports import renderer

    info = _run_info(config)
    for name, target in outputs:
        module = renderer(name)
        if target is None and statistics and name in ("terminal", "concise"):
            from .reports.concise import statistics as rule_counts

            click.echo(rule_counts(results, info), nl=False)
            continue
        if name == "terminal" and target is None:
            module.print_results(_console(color), results, info, quiet=quiet)
            continue
        if name == "concise" and target is None:
            click.echo(module.render(results, info, quiet=quiet), nl=False)
            continue
        if target is None:
            click.echo(module.render(results, info), nl=False)
            continue
        if hasattr(module, "write"):
            module.write(results, info, Path(target))
            continue
        _output_path(name, target).write_text(module.render(results, info), encoding="utf-8")


@main.command(short_help="Render saved JSON results, merged, without re-checking.")
@click.argument("result_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "formats", type=FormatSpec(), multiple=True,
              help="Output format (default html), optionally NAME=PATH: html, markdown, junit, sarif, json, ... "
                   "May be given several times.")
@click.option("--output", "-o", type=click.Path(), help="Where the (single) format goes (html: a folder; default reports/).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="The level the report counts as failing (default: from the configuration).")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
def report(result_files, formats, output, fail_on, config_path):
    """Render saved JSON results without re-checking (several files, such as CI shards, are merged)."""
    from .reports.json_report import load

    from .core.validation import ResultsError, check_results_document

    merged = {}
    for name in result_files:
        try:
            text = Path(name).read_text(encoding="utf-8")
            check_results_document(text)
            loaded = load(text)
        except ResultsError as exc:
            _fail_usage(f"{name}: not a healthlint results file: {exc}")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            _fail_usage(f"{name}: cannot read results: {exc}")
        for result in loaded:
            merged[result.path] = result  # a file in several shards: the later one wins
    results = [merged[path] for path in sorted(merged)]
    config = _load_config(config_path)
    if fail_on:
        config.fail_on = fail_on
    outputs = _resolve_outputs(formats, output, default="html")
    _write_outputs(results, outputs, config, False)
    for name, target in outputs:
        if name == "html":
            click.echo(f"healthlint: HTML report in {Path(target) / 'index.html'}", err=True)


@main.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a table; json: a list of {id, check, severity, fixable, summary, doc}.")
def rules(output_format):
    """List every rule with its id, default severity and what it finds."""
    from rich.console import Console
    from rich.table import Table

    from .core.registry import all_rules

    if output_format == "json":
        import json

        click.echo(json.dumps([{"id": rule.id, "check": rule.check, "severity": rule.severity,
                                "fixable": rule.fixable, "summary": rule.summary, "doc": rule.doc}
                               for _, rule in sorted(all_rules().items())], indent=2))
        return
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("rule")
    table.add_column("severity")
    table.add_column("what it finds")
    for rule_id, rule in sorted(all_rules().items()):
        table.add_row(rule_id, rule.severity, rule.summary)
    Console(width=max(120, Console().width)).print(table)


@main.command(short_help="Print a rule's full explanation, example and fix.")
@click.argument("rule_id")
def explain(rule_id):
    """Print a rule's full explanation, with an example and how to fix it."""
    from .core.registry import all_rules

    rules_by_id = all_rules()
    rule = rules_by_id.get(rule_id)
    if rule is None:
        close = [r for r in rules_by_id if rule_id in r]
        hint = f" Did you mean: {', '.join(close[:5])}?" if close else " See `healthlint rules`."
        _fail_usage(f"unknown rule {rule_id!r}.{hint}")
    fix = f", fix: {rule.fix.applicability}" + (f" (safe from confidence {rule.fix.safe_from:g})"
                                                 if rule.fix.safe_from is not None else "") if rule.fix else ""
    click.echo(f"{rule.id}  (default severity: {rule.severity}{fix})\n")
    click.echo(rule.summary + "\n")
    click.echo(rule.doc.strip() + "\n")


@main.group()
def cache():
    """The result cache (see --no-cache) and the derived dictionaries."""


@cache.command("clear")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
def cache_clear(config_path):
    """Delete the result cache."""
    from .run.cache import cache_dir, clear

    folder = cache_dir(_load_config(config_path))
    try:
        count = clear(folder)
    except (ValueError, OSError) as exc:
        _fail_usage(str(exc))
    click.echo(f"removed {count} cached results from {folder}")


@cache.command("dir")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
def cache_dir_command(config_path):
    """Print where the result cache is."""
    from .run.cache import cache_dir

    click.echo(str(cache_dir(_load_config(config_path))))


@cache.command("build", short_help="Build the derived dictionaries now.")
def cache_build():
    """Build the derived dictionaries (vocabulary, syllables) now, not at the first check."""
    from .run.engine import DERIVED_DATA
    from .core.userdirs import derived_data_dir

    for name, build in DERIVED_DATA.items():
        build()
        click.echo(f"{name}: ready")
    click.echo(f"in {derived_data_dir()}")


@main.group(short_help="Record today's findings; report only new ones.")
def baseline():
    """Record today's findings so that `check --baseline FILE` reports only new ones."""


@baseline.command("write")
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1)
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
@click.option("--select", multiple=True, help="Only these rules or checks (repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rules or checks (repeatable).")
@click.option("--max-file-size", help="Files over this size are reported, not read (e.g. 10MB).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary line.")
def baseline_write(file, paths, config_path, select, ignore, max_file_size, quiet):
    """Write the findings of PATHS (default: the current folder) to the baseline FILE (JSON)."""
    from .workflow.baseline import write
    from .run.discovery import discover
    from .run.engine import run
    from .core.reading import parse_size

    config = _load_config(config_path)
    _apply_rule_options(config, select, ignore)
    if max_file_size:
        try:
            config.max_file_size = parse_size(max_file_size)
        except (ValueError, OverflowError):
            _fail_usage(f"--max-file-size: expected a positive size such as 10MB, got {max_file_size!r}")
    files = [f for f in discover(paths or ["."], config) if f != "-"]
    if not files:
        _fail_usage("no article files found in " + ", ".join(paths or ["."]))
    results = list(_progress(run(files, config, jobs=config.jobs, keep_blocks=False), len(files), quiet))
    count = write(file, results)
    if not quiet:
        click.echo(f"wrote {count} finding(s) from {len(files)} file(s) to {file}", err=True)


@main.command(short_help="Serve the editors' page and the HTTP API for checking articles.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --token to be safe.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--policy", "policy_dir", type=click.Path(file_okay=False, exists=True),
              help="Editorial policy folder (default: the configuration's, else the bundled one).")
@click.option("--token", envvar="HEALTHLINT_TOKEN", default=None,
              help="Require `Authorization: Bearer TOKEN` on /api/* (or set HEALTHLINT_TOKEN).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes that check articles (each keeps the pipeline loaded).")
@click.option("--articles", "articles_dir", type=click.Path(file_okay=False, exists=True),
              help="Folder the page may open articles from, and the only place a fix may be written.")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True)
def serve(host, port, policy_dir, token, workers, articles_dir, config_path, log_level):
    """Serve the page where editors check an article, and the HTTP API for a CMS."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        _fail_usage("serve needs Starlette and uvicorn: pip install 'healthlint[serve]'")
    from .core.config import ConfigError
    from .serve import serve as run_server

    config = _load_config(config_path)
    if policy_dir:
        config.policy_dir, config.policy = Path(policy_dir).resolve(), None
        try:
            config.get_policy()
        except ConfigError as exc:
            _fail_usage(f"--policy: {exc}")
    run_server(config, host=host, port=port, token=token, workers=workers,
               articles=Path(articles_dir) if articles_dir else None, log_level=log_level)


if __name__ == "__main__":  # pragma: no cover
    main()
