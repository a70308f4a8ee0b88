"""Command line: ``healthlint check``, ``rules``, ``explain``.

Imports are lazy so that ``healthlint --help`` and ``healthlint rules`` never load spaCy.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
PROGRESS_THRESHOLD = 10


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
              help="Output format, optionally with its own output: terminal, json, sarif, github "
                   "(e.g. --format sarif=reports/results.sarif). May be given several times.")
@click.option("--output", "-o", type=click.Path(dir_okay=True), help="Write the (single) format here instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding at or above this level exists (default: error).")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (default: found upward).")
@click.option("--select", multiple=True, help="Only these rules or checks (repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rules or checks (repeatable).")
@click.option("--max-file-size", help="Files over this size are reported, not read (e.g. 10MB).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; terminal output shows errors and warnings only.")
def check(paths, formats, output, fail_on, config_path, select, ignore, max_file_size, quiet):
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
    stdin = read_stdin() if "-" in files else None

    results = _run_with_progress(run(files, config, stdin), len(files), quiet)
    _write_outputs(results, outputs, config, quiet)
    failed = any(r.fails(config.fail_on) for r in results)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _run_with_progress(iterator, total: int, quiet: bool):
    if quiet or total < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return list(iterator)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    results = []
    with Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("check", total=total)
        for result in iterator:
            results.append(result)
            progress.advance(task)
    return results


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
        path = Path(target)
        if path.is_dir() or target.endswith(("/", "\\")):
            path = path / f"results.{ {'json': 'json', 'sarif': 'sarif'}.get(name, 'txt') }"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(module.render(results, info), encoding="utf-8")


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


if __name__ == "__main__":  # pragma: no cover
    main()
