"""Which files a run checks, as ruff and markdownlint users expect.

Walking a folder (or expanding a glob) takes article files only (``ARTICLE_SUFFIXES``) and skips:

- hidden files and folders (``.git``, ``.github``, ``.venv`` ...) and vendored or built ones
  (``node_modules``, ``venv``, ``site-packages``, ``_site`` ...): ``DEFAULT_SKIPPED_FOLDERS``;
- repository files that are not articles (README, LICENSE, CHANGELOG, CONTRIBUTING ...):
  ``DEFAULT_SKIPPED_FILES``;
- healthlint's own outputs: the Action's ``healthlint-summary.md`` and every folder holding an HTML
  report (marked by ``REPORT_MARKER``, which the HTML writer leaves there);
- what ``.gitignore`` files (from the folder up to the repository root), ``.git/info/exclude`` and the
  user's ``core.excludesFile`` ignore, unless ``respect-gitignore = false``;
- the configuration's ``exclude`` and ``extend-exclude`` patterns.

A file named explicitly on the command line is checked whatever its name or extension (as with
ruff), unless ``--force-exclude`` is given (what the pre-commit hook uses, since pre-commit names
every staged file).

Patterns (``exclude``, ``per-file-ignores``) are globs matched against the path as given, the path
relative to the configuration file's folder and, for a pattern without a slash, against each
component of the path: ``drafts/**``, ``*.draft.md`` and ``node_modules`` all do what they say.
"""
from __future__ import annotations

import fnmatch
import glob
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..core.reading import ARTICLE_SUFFIXES

if TYPE_CHECKING:
    from ..core.config import Config
    from ..core.results import FileResult

STDIN = "-"
REPORT_MARKER = ".healthlint-report"
DEFAULT_SKIPPED_FOLDERS = (
    "node_modules", "bower_components", "jspm_packages", "vendor", "venv", "site-packages",
    "__pycache__", "_site", "_build", "build", "dist", "htmlcov", "__pypackages__",
)
# Repository files that sit beside articles but are not articles: checked only when named.
DEFAULT_SKIPPED_FILES = (
    "README", "README.*", "LICENSE", "LICENSE.*", "LICENCE", "LICENCE.*", "COPYING", "COPYING.*",
    "CHANGELOG", "CHANGELOG.*", "CHANGES", "CHANGES.*", "HISTORY", "HISTORY.*", "NEWS", "NEWS.*",
    "CONTRIBUTING", "CONTRIBUTING.*", "CODE_OF_CONDUCT", "CODE_OF_CONDUCT.*", "SECURITY", "SECURITY.*",
    "AUTHORS", "AUTHORS.*", "NOTICE", "NOTICE.*", "SUPPORT", "SUPPORT.*", "CODEOWNERS",
    "PULL_REQUEST_TEMPLATE.*", "ISSUE_TEMPLATE.*", "healthlint-summary.md", "requirements*.txt",
)


def _normal(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def matches(path: str, pattern: str, root: str | None = None) -> bool:
    """Whether ``path`` matches the glob ``pattern`` (see the module documentation)."""
    candidates = [_normal(path)]
    if root is not None:
        try:
            candidates.append(_normal(os.path.relpath(os.path.abspath(path), root)))
        except ValueError:  # another drive on Windows
            pass
    pattern = pattern.replace("\\", "/")
    anchored = pattern[2:] if pattern.startswith("./") else pattern
    for candidate in candidates:
        if fnmatch.fnmatchcase(candidate, anchored) or fnmatch.fnmatchcase(candidate + "/", anchored):
            return True
        if anchored.endswith("/") and fnmatch.fnmatchcase(candidate + "/", anchored + "**"):
            return True
    if "/" not in pattern.rstrip("/"):
        # a bare name matches a component below the project root, never one of the root's own parents
        inside = candidates[-1] if root is not None and not candidates[-1].startswith("../") else candidates[0]
        name = pattern.rstrip("/")
        return any(fnmatch.fnmatchcase(part, name) for part in inside.split("/"))
    return False


def config_root(config: "Config | None") -> str | None:
    if config is not None and config.source:
        return str(Path(config.source).resolve().parent)
    return os.getcwd()


# --- .gitignore -------------------------------------------------------------------------------------

@lru_cache(maxsize=512)
def _ignore_spec(folder: str):
    """The compiled ``.gitignore`` of ``folder`` (and ``.git/info/exclude`` at a repository root)."""
    lines: list[str] = []
    sources: list[str | None] = [os.path.join(folder, ".gitignore")]
    if os.path.isdir(os.path.join(folder, ".git")):  # a repository root: its own and the user's excludes
        sources = [_global_excludes(), os.path.join(folder, ".git", "info", "exclude")] + sources
    for source in sources:
        if not source:
            continue
        try:
            with open(source, encoding="utf-8", errors="replace") as handle:
                lines.extend(handle.read().splitlines())
        except OSError:
            continue
    if not lines:
        return None
    import pathspec  # only where there is something to compile: its import is a tenth of a re-run

    return pathspec.GitIgnoreSpec.from_lines(lines)


@lru_cache(maxsize=1)
def _global_excludes() -> str | None:
    """git's per-user excludes file (``core.excludesFile``, else ``$XDG_CONFIG_HOME/git/ignore``)."""
    import subprocess

    try:
        done = subprocess.run(["git", "config", "--path", "--get", "core.excludesFile"], capture_output=True,
                              text=True, timeout=10, check=False)
        if done.returncode == 0 and done.stdout.strip():
            return os.path.expanduser(done.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "git", "ignore")


def _ignore_folders(folder: str) -> list[str]:
    """``folder`` and its parents up to the repository root (the first holding ``.git``), deepest
    first; outside a repository, up to the working directory (when ``folder`` is under it)."""
    chain = []
    current = os.path.abspath(folder)
    while True:
        chain.append(current)
        if os.path.exists(os.path.join(current, ".git")):
            return chain
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    cwd = os.getcwd()
    inside = [c for c in chain if c == cwd or c.startswith(cwd.rstrip(os.sep) + os.sep)]
    return inside or chain[:1]


def gitignored(path: str, is_dir: bool = False) -> bool:
    """Whether git would ignore ``path``, by the ``.gitignore`` files from its folder up to the root."""
    absolute = os.path.abspath(path)
    for folder, spec in _ignore_chain(os.path.dirname(absolute), os.getcwd()):
        relative = os.path.relpath(absolute, folder).replace(os.sep, "/") + ("/" if is_dir else "")
        check = getattr(spec, "check_file", None)
        if check is not None:
            decided = check(relative).include
            if decided is not None:  # the deepest .gitignore with a matching pattern decides
                return bool(decided)
        elif spec.match_file(relative):
            return True
    return False


@lru_cache(maxsize=512)
def _ignore_chain(folder: str, cwd: str) -> tuple:
    """The compiled ``.gitignore`` files that apply in ``folder``, deepest first: every file of a
    folder asks for the same chain (``cwd`` is part of the key: the chain stops there outside a
    repository)."""
    return tuple((f, spec) for f in _ignore_folders(folder) if (spec := _ignore_spec(f)) is not None)


# --- the walk ---------------------------------------------------------------------------------------

@dataclass
class Discovery:
    exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    root: str | None = None

    @classmethod
    def for_config(cls, config: "Config | None") -> "Discovery":
        if config is None:
            return cls()
        return cls(list(config.exclude) + list(getattr(config, "extend_exclude", []) or []),
                   getattr(config, "respect_gitignore", True), config_root(config))

    def excluded(self, path: str) -> bool:
        return any(matches(path, pattern, self.root) for pattern in self.exclude)

    def skip_folder(self, path: str) -> bool:
        name = os.path.basename(path)
        if name.startswith(".") or name in DEFAULT_SKIPPED_FOLDERS:
            return True
        if os.path.exists(os.path.join(path, REPORT_MARKER)) or os.path.exists(os.path.join(path, "pyvenv.cfg")):
            return True
        return self.excluded(path) or (self.respect_gitignore and gitignored(path, is_dir=True))

    def skip_file(self, path: str) -> bool:
        name = os.path.basename(path)
        if Path(name).suffix.lower() not in ARTICLE_SUFFIXES or name.startswith("."):
            return True
        if _skipped_name(name):
            return True
        return self.excluded(path) or (self.respect_gitignore and gitignored(path))

    def skip_explicit(self, path: str) -> bool:
        """--force-exclude: a named file is skipped as a walked one would be, extension aside."""
        if any(self.skip_folder(parent) for parent in _parents(path)):
            return True
        if _skipped_name(os.path.basename(path)):
            return True
        return self.excluded(path) or (self.respect_gitignore and gitignored(path))

    def walk(self, folder: str) -> Iterable[str]:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not self.skip_folder(os.path.join(root, d)))
            for name in sorted(files):
                path = os.path.join(root, name)
                if not self.skip_file(path):
                    yield path


# The names above as one pattern: matched once per file, not once per name (fnmatch's own rules:
# os.path.normcase on both sides, so case-insensitive on Windows).
_SKIPPED_NAME = re.compile("|".join(fnmatch.translate(os.path.normcase(p)) for p in DEFAULT_SKIPPED_FILES))


def _skipped_name(name: str) -> bool:
    return _SKIPPED_NAME.match(os.path.normcase(name)) is not None


def _parents(path: str) -> list[str]:
    """The folders of a path's own components below the working directory (never its ancestors)."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if relative.startswith(".."):
            return []
        path = relative
    parts = _normal(path).split("/")[:-1]
    return [os.path.join(*parts[: i + 1]) for i in range(len(parts)) if parts[i] not in ("", ".", "..")]


def discover(paths: Iterable[str], config: "Config | None" = None, *, force_exclude: bool = False,
             exclude: list[str] | None = None) -> list[str]:
    """Expand folders and globs into the sorted, de-duplicated list of files to check."""
    _ignore_spec.cache_clear()  # .gitignore files may have changed since the last run in this process
    _global_excludes.cache_clear()
    finder = Discovery.for_config(config)
    if exclude:
        finder.exclude = finder.exclude + list(exclude)
    found: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        normal = os.path.normpath(path) if path != STDIN else path
        if normal not in seen:
            seen.add(normal)
            found.append(normal)

    for raw in paths:
        if raw == STDIN:
            add(raw)
        elif os.path.isdir(raw):
            for path in finder.walk(raw):
                add(path)
        elif any(ch in raw for ch in "*?["):
            for match in sorted(glob.glob(raw, recursive=True)):
                if os.path.isfile(match) and not finder.skip_file(match) and not any(
                        finder.skip_folder(p) for p in _parents(match)):
                    add(match)
        elif not force_exclude or not finder.skip_explicit(raw):
            add(raw)  # named explicitly: checked whatever its name; a missing file gets its own error
    return found


# --- per-file-ignores -------------------------------------------------------------------------------

def ignored_rules(path: str, config: "Config") -> list[str]:
    """The rules and checks ``per-file-ignores`` switches off for ``path``."""
    table = getattr(config, "per_file_ignores", None) or {}
    root = config_root(config)
    return [rule for pattern, rules in table.items() if matches(path, pattern, root) for rule in rules]


def apply_per_file_ignores(results: Iterable["FileResult"], config: "Config"):
    """Drop the findings ``per-file-ignores`` switches off (after the cache: results are keyed by
    content, and the same text may sit at two paths)."""
    from .suppressions import rule_matches

    for result in results:
        rules = ignored_rules(result.path, config) if getattr(config, "per_file_ignores", None) else []
        if rules:
            def keep(finding) -> bool:
                return not any(rule_matches(finding.rule, rule) for rule in rules)

            result.findings = [f for f in result.findings if keep(f)]
            for article in result.articles:
                article.findings = [f for f in article.findings if keep(f)]
        yield result
