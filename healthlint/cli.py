"""Command line: ``healthlint check``, ``rules``, ``explain``.

Imports are lazy so that ``healthlint --help`` and ``healthlint rules`` never load spaCy.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
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
    from .config import ConfigError, load_config

    try:
        return load_config(config_path)
    except ConfigError as exc:
        _fail_usage(f"configuration error: {exc}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def main() -> None:
    """Editorial QA for health articles: off-topic insertions, readability, spelling, tables,
    disclaimers and scraping debris."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "formats", type=FormatSpec(), multiple=True,
              help="Output format, optionally with its own output: terminal, json, sarif, github, html, "
                   "junit, markdown (e.g. --format sarif=reports/results.sarif --format html=reports/). "
                   "May be given several times.")
@click.option("--output", "-o", type=click.Path(dir_okay=True), help="Write the (single) format here instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding at or above this level exists (default: error).")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
@click.option("--select", multiple=True, help="Only these rules or checks (repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rules or checks (repeatable).")
@click.option("--max-file-size", help="Files over this size are reported, not read (e.g. 10MB).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; terminal output shows errors and warnings only.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: config `jobs`, else the number of cores).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--shard", metavar="K/N", callback=lambda ctx, param, value: _shard_option(value),
              help="Check only shard K of N of the files (deterministic; for a CI matrix).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline (see `healthlint baseline write`).")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files, then report what is left.")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print the unified diff --fix would make, write nothing; exit 1 when there is one.")
@click.option("--changed-since", metavar="REF",
              help="Only the given articles that git says changed since REF (committed or not).")
@click.option("--verbose", "-v", is_flag=True, help="Print the traceback of any internal error.")
def check(paths, formats, output, fail_on, config_path, select, ignore, max_file_size, quiet,
          jobs, no_cache, shard, baseline_path=None, fix=False, show_diff=False, changed_since=None,
          verbose=False):
    """Lint articles: files, folders, globs, or - for standard input."""
    from .config import ConfigError, config_from_table
    from .engine import discover, read_stdin, run
    from .reading import parse_size

    config = _load_config(config_path)
    try:
        if select or ignore:
            overrides = {}
            if select:
                overrides["select"] = list(select)
            if ignore:
                overrides["ignore"] = list(ignore)
            checked = config_from_table(overrides, None)
            config.select = checked.select or config.select
            config.ignore = config.ignore + checked.ignore
    except ConfigError as exc:
        _fail_usage(str(exc).replace("configuration: ", "--"))
    if fail_on:
        config.fail_on = fail_on
    if max_file_size:
        try:
            config.max_file_size = parse_size(max_file_size)
        except ValueError:
            _fail_usage(f"--max-file-size: expected a size such as 10MB, got {max_file_size!r}")

    outputs = list(formats) or [("terminal", None)]
    if output:
        if len(outputs) != 1 or outputs[0][1]:
            _fail_usage("--output goes with exactly one --format given without =PATH")
        outputs = [(outputs[0][0], output)]

    files = discover(paths, config.exclude)
    if not files:
        _fail_usage("no article files found in " + ", ".join(paths))
    if changed_since:
        from .gitfiles import GitError, select_changed

        try:
            files = select_changed(files, changed_since)
        except GitError as exc:
            _fail_usage(str(exc))
        if not files and not quiet:
            click.echo(f"healthlint: no article files changed since {changed_since}", err=True)
    baseline = None
    if baseline_path:
        from .baseline import BaselineError, load as load_baseline

        try:
            baseline = load_baseline(baseline_path)
        except BaselineError as exc:
            _fail_usage(str(exc))
    if shard:
        from .parallel import select_shard

        files = select_shard(files, *shard)
    stdin = read_stdin() if "-" in files else None

    from .parallel import default_jobs

    keep_blocks = any(name in BLOCK_FORMATS for name, _ in outputs)
    results = run(files, config, stdin, jobs=jobs or config.jobs or default_jobs(),
                  cache=not no_cache, keep_blocks=keep_blocks)
    results = _progress(results, len(files), quiet)
    internal = _InternalErrors(verbose)
    results = internal.watch(results)
    if fix or show_diff:
        from .fixes import fix_and_relint

        results, fixed, notes, diff_text = fix_and_relint(
            list(results), config, write=not show_diff,
            rerun=lambda again: list(run(again, config, jobs=1, cache=not no_cache, keep_blocks=keep_blocks)))
        for note in notes:
            click.echo(f"healthlint: {note}", err=True)
        if show_diff:
            click.echo(diff_text, nl=False)
            sys.exit(EXIT_FINDINGS if diff_text else EXIT_OK)
        if fixed and not quiet:
            click.echo(f"healthlint: fixed {sum(len(f.fixed) for f in fixed)} issue(s) in {len(fixed)} file(s)",
                       err=True)
    if baseline is not None:
        results = _without_baseline(results, baseline)
    from .parallel import WorkerError

    try:
        results = _stream_outputs(results, outputs, config)
    except WorkerError as exc:
        click.echo(f"healthlint: error: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)
    _write_outputs(results, [o for o in outputs if not _streams(*o)], config, quiet)
    if internal.count:
        click.echo(f"healthlint: internal error on {internal.count} file(s)"
                   + ("" if verbose else " (--verbose shows the tracebacks)"), err=True)
        sys.exit(EXIT_INTERNAL)
    failed = any(r.fails(config.fail_on) for r in results)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


class _InternalErrors:
    """Counts results with a ``healthlint/internal-error`` finding; prints their tracebacks with
    --verbose and otherwise leaves the tracebacks out of every output."""

    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.count = 0

    def watch(self, results):
        for result in results:
            failures = [f for f in result.all_findings if f.rule == "healthlint/internal-error"]
            if failures:
                self.count += 1
            for finding in failures:
                details = finding.data.pop("traceback", "") if isinstance(finding.data, dict) else ""
                if self.verbose and details:
                    click.echo(f"healthlint: {finding.path}: {finding.message}\n{details}", err=True)
            yield result


def _without_baseline(results, baseline):
    from collections import Counter

    from .baseline import filter_results

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
    from .parallel import parse_shard

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
    from .checks import all_rules
    from .reports.base import RunInfo

    return RunInfo(__version__, all_rules(), config.fail_on, config.source, str(config.policy_dir))


def _write_outputs(results, outputs, config, quiet: bool) -> None:
    from .reports import renderer

    info = _run_info(config)
    for name, target in outputs:
        module = renderer(name)
        if name == "terminal" and target is None:
            from rich.console import Console

            module.print_results(Console(highlight=False), results, info, show_info=not quiet)
            continue
        if target is None:
            click.echo(module.render(results, info), nl=False)
            continue
        if hasattr(module, "write"):
            module.write(results, info, Path(target))
            continue
        _output_path(name, target).write_text(module.render(results, info), encoding="utf-8")


@main.command()
@click.argument("result_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "formats", type=FormatSpec(), multiple=True,
              help="Output format (default html), optionally NAME=PATH: html, markdown, junit, sarif, json, ... "
                   "May be given several times.")
@click.option("--output", "-o", type=click.Path(), help="Where the (single) format goes (html: a folder; default reports/).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="The level the report counts as failing (default: from the configuration).")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
def report(result_files, formats, output, fail_on, config_path):
    """Render saved JSON results (one or more files, e.g. CI shards, merged) without re-checking."""
    from .reports.json_report import load

    merged = {}
    for name in result_files:
        try:
            loaded = load(Path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            _fail_usage(f"{name}: cannot read results: {exc}")
        for result in loaded:
            merged[result.path] = result  # a file in several shards: the later one wins
    results = [merged[path] for path in sorted(merged)]
    config = _load_config(config_path)
    if fail_on:
        config.fail_on = fail_on
    outputs = list(formats) or [("html", None)]
    if output:
        if len(outputs) != 1 or outputs[0][1]:
            _fail_usage("--output goes with exactly one --format given without =PATH")
        outputs = [(outputs[0][0], output)]
    outputs = [(name, target or ("reports" if name == "html" else None)) for name, target in outputs]
    _write_outputs(results, outputs, config, True)
    for name, target in outputs:
        if name == "html":
            click.echo(f"healthlint: HTML report in {Path(target) / 'index.html'}", err=True)


@main.command()
def rules():
    """List every rule with its id, default severity and what it finds."""
    from rich.console import Console
    from rich.table import Table

    from .checks import all_rules

    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("rule")
    table.add_column("severity")
    table.add_column("what it finds")
    for rule_id, rule in sorted(all_rules().items()):
        table.add_row(rule_id, rule.severity, rule.summary)
    Console(width=max(120, Console().width)).print(table)


@main.command()
@click.argument("rule_id")
def explain(rule_id):
    """Print a rule's full explanation, with an example and how to fix it."""
    from .checks import all_rules

    rules_by_id = all_rules()
    rule = rules_by_id.get(rule_id)
    if rule is None:
        close = [r for r in rules_by_id if rule_id in r]
        hint = f" Did you mean: {', '.join(close[:5])}?" if close else " See `healthlint rules`."
        _fail_usage(f"unknown rule {rule_id!r}.{hint}")
    click.echo(f"{rule.id}  (default severity: {rule.severity}{', fixable' if rule.fixable else ''})\n")
    click.echo(rule.summary + "\n")
    click.echo(rule.doc.strip() + "\n")


@main.group()
def cache():
    """The result cache (see --no-cache)."""


@cache.command("clear")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
def cache_clear(config_path):
    """Delete the result cache."""
    from .cache import cache_dir, clear

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
    from .cache import cache_dir

    click.echo(str(cache_dir(_load_config(config_path))))


@main.group()
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
    from .baseline import write
    from .config import ConfigError, config_from_table
    from .engine import discover, run
    from .reading import parse_size

    config = _load_config(config_path)
    try:
        if select or ignore:
            checked = config_from_table({k: list(v) for k, v in (("select", select), ("ignore", ignore)) if v}, None)
            config.select = checked.select or config.select
            config.ignore = config.ignore + checked.ignore
    except ConfigError as exc:
        _fail_usage(str(exc).replace("configuration: ", "--"))
    if max_file_size:
        try:
            config.max_file_size = parse_size(max_file_size)
        except ValueError:
            _fail_usage(f"--max-file-size: expected a size such as 10MB, got {max_file_size!r}")
    files = [f for f in discover(paths or ["."], config.exclude) if f != "-"]
    if not files:
        _fail_usage("no article files found in " + ", ".join(paths or ["."]))
    results = list(_progress(run(files, config, jobs=config.jobs, keep_blocks=False), len(files), quiet))
    count = write(file, results)
    if not quiet:
        click.echo(f"wrote {count} finding(s) from {len(files)} file(s) to {file}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
