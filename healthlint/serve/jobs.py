"""What ``healthlint serve`` runs in its worker processes: check, view and fix one article.

Every function here takes and returns plain, picklable values, so that the server's event loop only
hands requests to the pool (``serve/pool.py``) and sends back what comes out. The work itself is the
project's: ``engine.lint_source`` for the checks, ``reports.json_report`` for the JSON of
``--format json``, ``reports.html.render_article_body`` for the annotated article (the HTML report's
own template), ``fixes.fix_file`` for the fixes.

A request's problem is raised as :class:`ApiError` with its HTTP status, in words an editor or a CMS
developer understands.
"""
from __future__ import annotations

import hashlib
import os
import signal
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.config import Config
    from ..core.results import FileResult

# Input format names (the API's ``format``) -> the parsers' kinds.
FORMATS = {"md": "markdown", "markdown": "markdown", "html": "html", "txt": "text", "text": "text"}
DEFAULT_NAMES = {"markdown": "article.md", "html": "article.html", "text": "article.txt"}
# Keys of [tool.healthlint] that a request may set. The rest (policy folder, cache, jobs, NLP model,
# size limit) belong to whoever started the server.
REQUEST_CONFIG_KEYS = ("select", "ignore", "severity", "fail-on")
MAX_FIX_PASSES = 3  # as `healthlint check --fix`: a fix can reveal another (a space, then a capital)
MAX_PREVIEWS = 200  # per-finding fix previews on one page; more is noise


class ApiError(Exception):
    """A request that cannot be served: HTTP status, a short code and a message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(status, code, message)
        self.status, self.code, self.message = status, code, message

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "status": self.status}


@dataclass
class ArticleInput:
    """One article to check: its bytes (or a file under the articles folder to read them from),
    the name it is reported under, its parser kind and the request's configuration overrides."""

    filename: str
    kind: str
    data: bytes | None = None
    path: str | None = None  # absolute, already checked to be inside the articles folder
    config: dict | None = None


# -- input ------------------------------------------------------------------------------------------

def kind_for(format_name: str | None, filename: str | None) -> str | None:
    """The parser kind from an explicit format, else from the file name's suffix; None if neither
    says. Raises ApiError 415 for a format or suffix healthlint does not read."""
    from ..core.reading import HTML_SUFFIXES, MARKDOWN_SUFFIXES, TEXT_SUFFIXES

    if format_name:
        kind = FORMATS.get(str(format_name).lower())
        if kind is None:
            raise ApiError(415, "unsupported_format",
                           f"format {format_name!r} is not supported; use md, html or txt")
        return kind
    if filename:
        suffix = Path(filename).suffix.lower()
        for kind, suffixes in (("markdown", MARKDOWN_SUFFIXES), ("html", HTML_SUFFIXES), ("text", TEXT_SUFFIXES)):
            if suffix in suffixes:
                return kind
        if suffix:
            raise ApiError(415, "unsupported_format",
                           f"{Path(filename).name}: files ending {suffix} are not supported; use .md, .html or .txt")
    return None


def display_name(filename: str | None, kind: str) -> str:
    """The name results are reported under: the given file name (its last part only), else a
    default by kind."""
    name = Path(str(filename).replace("\\", "/")).name if filename else ""
    return name if name and not name.startswith("<") else DEFAULT_NAMES[kind]


def article_path(root: Path, relative: str) -> Path:
    """``relative`` resolved inside the articles folder ``root`` (symbolic links followed), or
    ApiError: the server reads and writes nothing outside it."""
    from ..core.reading import ARTICLE_SUFFIXES

    if not isinstance(relative, str) or not relative.strip() or "\x00" in relative:
        raise ApiError(400, "bad_path", "path: expected a file name relative to the articles folder")
    base = root.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base) or target == base:
        raise ApiError(403, "outside_articles", f"path {relative!r} is not inside the articles folder")
    if target.suffix.lower() not in ARTICLE_SUFFIXES:
        raise ApiError(415, "unsupported_format", f"{relative}: not an article file (.md, .html or .txt)")
    if not target.is_file():
        raise ApiError(404, "not_found", f"{relative}: no such article in the articles folder")
    return target


def list_articles(root: Path, limit: int = 2000) -> list[str]:
    """Article files under the articles folder, relative and sorted (for the page's path field)."""
    from ..run.engine import discover

    base = root.resolve()
    found = []
    for path in discover([str(base)]):
        found.append(Path(path).relative_to(base).as_posix())
        if len(found) >= limit:
            break
    return found


# -- worker process state ---------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def init_worker(base: "Config") -> None:
    """Pool initializer: keep the server's configuration and load spaCy, the dictionaries and every
    check's resources now, so that no request pays a cold start."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops the pool
    from ..run.engine import STEPS
    from ..run.parallel import warm_up

    _STATE["base"] = base
    warm_up(STEPS, base)


def ping() -> int:
    return os.getpid()


def _base() -> "Config":
    if "base" not in _STATE:  # called outside a pool (tests, a single process)
        from ..core.config import Config

        _STATE["base"] = Config()
    return _STATE["base"]


def request_config(overrides: dict | None) -> "Config":
    """The server's configuration with a request's overrides: ``select``, ``ignore``, ``severity``,
    ``fail-on`` and check thresholds (``{"readability": {"target-grade": 6}}``)."""
    import orjson

    if overrides is None:
        return _base()
    if not isinstance(overrides, dict):
        raise ApiError(400, "bad_config", "config: expected an object like {\"readability\": {\"target-grade\": 7}}")
    try:
        key = orjson.dumps(overrides, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError as exc:
        raise ApiError(400, "bad_config", f"config: {exc}") from None
    return _configured(key)


@lru_cache(maxsize=32)
def _configured(key: str) -> "Config":
    import orjson

    from ..core.registry import check_names
    from ..core.config import ConfigError, config_from_table

    overrides = orjson.loads(key)
    base = _base()
    for name, value in overrides.items():
        if name not in REQUEST_CONFIG_KEYS and not (name in check_names() and isinstance(value, dict)):
            allowed = ", ".join(REQUEST_CONFIG_KEYS)
            raise ApiError(400, "bad_config",
                           f"config: {name}: not settable per request (allowed: {allowed}, or a check's "
                           "thresholds such as readability)")
    try:
        # Validated against the server's own policy folder, whose thresholds the overrides replace.
        checked = config_from_table({**overrides, "policy": str(base.policy_dir)}, None)
        thresholds = {check: {**base.overrides.get(check, {}), **values}
                      for check, values in {**base.overrides, **checked.overrides}.items()}
        config = replace(
            base,
            select=checked.select or base.select,
            ignore=base.ignore + checked.ignore,
            severity={**base.severity, **checked.severity},
            fail_on=checked.fail_on if "fail-on" in overrides else base.fail_on,
            overrides=thresholds,
            policy=None,
        )
        config.get_policy()
    except ConfigError as exc:
        raise ApiError(400, "bad_config", str(exc).replace("configuration: ", "config: ")) from None
    return config


def run_info(config: "Config"):
    from .. import __version__
    from ..core.registry import all_rules
    from ..reports.base import RunInfo

    return RunInfo(__version__, all_rules(), config.fail_on, config.source, str(config.policy_dir))


# -- the work ---------------------------------------------------------------------------------------

def _read(article: ArticleInput, config: "Config") -> bytes:
    if article.data is not None:
        data = article.data
    else:
        from ..core.reading import format_size

        assert article.path is not None  # an ArticleInput holds data or a path
        try:
            size = os.path.getsize(article.path)
            if size > config.max_file_size:
                raise ApiError(413, "too_large", f"{article.filename} is {format_size(size)}, over the size "
                                                 f"limit of {format_size(config.max_file_size)}")
            data = Path(article.path).read_bytes()
        except OSError as exc:
            raise ApiError(404, "not_found", f"{article.filename}: cannot read: {exc.strerror or exc}") from None
    if len(data) > config.max_file_size:
        from ..core.reading import format_size

        raise ApiError(413, "too_large", f"the article is {format_size(len(data))}, over the size limit of "
                                         f"{format_size(config.max_file_size)}")
    return data


def _lint(data: bytes, article: ArticleInput, config: "Config") -> "FileResult":
    from ..run.engine import lint_source
    from ..core.reading import ReadError, read_bytes

    try:
        source = read_bytes(article.filename, data, config.max_file_size)
    except ReadError as exc:
        raise ApiError(422, "unreadable", f"{article.filename}: {exc}") from None
    return lint_source(replace(source, kind=article.kind), config)


def _document(result: "FileResult", config: "Config") -> str:
    from ..reports import json_report

    return json_report.render([result], run_info(config))


def check(article: ArticleInput) -> str:
    """The JSON of ``healthlint check --format json`` for this one article, as text."""
    config = request_config(article.config)
    return _document(_lint(_read(article, config), article, config), config)


def view(article: ArticleInput) -> dict:
    """What the page shows: the results, the decoded text, and for each article its annotated body
    (the report's renderer) with a preview diff of each fixable finding."""
    import orjson

    from ..core.registry import all_rules
    from ..core.findings import SAFE, UNSAFE
    from ..workflow.fixes import FixError, fix_file
    from ..reports.html import render_article_body

    config = request_config(article.config)
    data = _read(article, config)
    result = _lint(data, article, config)
    info = run_info(config)
    rules = all_rules()
    articles = []
    previews = 0
    for (body, items), article_result in zip(render_article_body(result, info), result.articles, strict=True):
        fixes = {}
        for item in items:
            finding = item["finding"]
            rule = rules.get(finding.rule)
            applicability = rule.fix.applicability_for(finding) if rule is not None and rule.fix else None
            if applicability not in (SAFE, UNSAFE) or previews >= MAX_PREVIEWS:
                continue  # display-only fixes are never applied
            alone = replace(result, articles=[replace(a, findings=[finding] if a is article_result else [])
                                              for a in result.articles])
            try:
                outcome = fix_file(alone, config, unsafe=True, data=data)
            except FixError:
                continue
            if outcome is not None and outcome.changed:
                fixes[item["fid"]] = {"rule": finding.rule, "fingerprint": finding.fingerprint,
                                      "applicability": applicability, "diff": outcome.diff()}
                previews += 1
        articles.append({"title": article_result.title, "html": body, "fixes": fixes,
                         "findings": len(items)})
    return {
        "filename": article.filename,
        "kind": article.kind,
        "encoding": result.encoding,
        "text": _decoded(data, result.encoding),
        "sha256": hashlib.sha256(data).hexdigest(),
        "results": orjson.loads(_document(result, config)),
        "articles": articles,
    }


def _decoded(data: bytes, encoding: str | None) -> str:
    from ..core.reading import normalise_newlines

    codec = encoding or "utf-8"
    return normalise_newlines(data.decode(codec, errors="replace"))


def fix(article: ArticleInput, only: list[str] | None = None, write: bool = False,
        expected_sha256: str | None = None, unsafe: bool = False) -> dict:
    """Fix the article as ``check --fix`` would (up to three passes, re-checking after each; with
    ``unsafe`` as ``check --fix --unsafe-fixes``), or only the findings whose fingerprints are in
    ``only`` (one pass; an editor picks each of those after its preview, so their unsafe fixes are
    made too). Returns the fixed text, the unified diff, what was fixed and the results of the fixed
    text; notes say which rules the fixes add findings of (``--fix`` re-checks blind and leaves such a
    file alone; here the editor sees the diff and the new results and decides). With ``write`` (an
    article read from the articles folder only), the file is written as ``--fix`` writes it
    (``fixes.write_fixed``: owner and mode kept), and only if it still holds what was fixed."""
    import orjson

    from ..workflow.fixes import FileFix, FixError, added_findings, fix_file, write_fixed

    config = request_config(article.config)
    original = _read(article, config)
    if write and expected_sha256 and hashlib.sha256(original).hexdigest() != expected_sha256:
        raise ApiError(409, "changed", f"{article.filename} changed on disk since it was opened; open it again")
    current, result = original, _lint(original, article, config)
    before = result
    encoding = result.encoding or "utf-8"
    fixed: list[str] = []
    notes: list[str] = []
    for _ in range(1 if only is not None else MAX_FIX_PASSES):
        target = result
        if only is not None:
            wanted = set(only)
            target = replace(result, articles=[replace(a, findings=[f for f in a.findings if f.fingerprint in wanted])
                                               for a in result.articles])
        try:
            outcome = fix_file(target, config, unsafe=unsafe or only is not None, data=current)
        except FixError as exc:
            notes.append(str(exc))
            break
        if outcome is None:
            break
        notes.extend(n for n in outcome.skipped if n not in notes)
        if not outcome.changed:
            break
        encoding = outcome.encoding
        fixed.extend(outcome.fixed)
        current = outcome.new
        result = _lint(current, article, config)
    changed = current != original
    added = added_findings(before, result) if changed else []
    if added:
        notes.append(f"{article.filename}: the fixes add {', '.join(added)} findings")
    written = False
    if write:
        if article.path is None:
            raise ApiError(400, "bad_request", "write: only an article opened by path from the articles folder "
                                               "can be written")
        if changed:
            if Path(article.path).read_bytes() != original:
                raise ApiError(409, "changed", f"{article.filename} changed on disk while it was being fixed")
            try:  # as --fix writes: only if it still holds these bytes, owner and mode kept
                write_fixed(article.path, original, current)
            except FixError as exc:
                raise ApiError(409, "not_written", str(exc)) from None
            written = True
    return {
        "filename": article.filename,
        "changed": changed,
        "written": written,
        "fixed": fixed,
        "notes": notes,
        "text": _decoded(current, encoding),
        "diff": FileFix(article.filename, original, current, encoding).diff() if changed else "",
        "results": orjson.loads(_document(result, config)),
    }
