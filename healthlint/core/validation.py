"""Validation of what healthlint reads but does not write: configuration files, the editorial policy
folder and saved results. Every problem is a ``ConfigError`` (or ``ResultsError``) whose message
names the file, the line where it can be found, and the key, so the command line exits 2 with it
instead of a traceback.

Policy files are checked against the bundled policy (``checks/`` in the source tree), which is
their schema: the same files, tables and keys, values of the same types. A misspelled key would
otherwise turn a check silently off, so unknown keys are errors. Keys whose values are data (the
jargon terms, the unit spellings) are listed in ``OPEN_TABLES``.

Patterns (``REGEX_KEYS``) are compiled, and refused when they can backtrack catastrophically: a
repeat inside a repeat (``(a+)+``, ``(\\w+\\s?)*``) or an alternation of overlapping branches
inside a repeat (``(a|a)*``), unless each inner repeat is followed by something it cannot match
(``(?:\\S+\\s+){0,3}``: a word, then spaces, cannot be split two ways). Python's ``re`` engine
backtracks and has no time limit, so this guard is what bounds the time a policy pattern can take.
"""
from __future__ import annotations

import re
import stat
import tomllib
from pathlib import Path
from typing import Any

# Tables whose keys are data, not settings: any key is allowed, values of the default's types.
OPEN_TABLES = {("jargon", "terms"), ("tables", "units")}
# Lists of regular expressions, as (policy file stem, table, key). Keep in step with the checks
# that compile them (claims.py, disclaimers.py, tables.py); a test checks each is in the bundled policy.
REGEX_KEYS = {
    ("claims", "claims", "patterns"), ("claims", "claims", "citations"), ("claims", "claims", "not-claims"),
    ("disclaimers", "emergency", "not-red-flag"),
    ("disclaimers", "supplement", "not-evaluated"), ("disclaimers", "supplement", "not-intended"),
    ("disclaimers", "supplement", "recommendation"), ("disclaimers", "supplement", "not-recommendation"),
    ("disclaimers", "emergency", "red-flags"), ("disclaimers", "emergency", "advice"),
    ("disclaimers", "affiliate", "disclosure"),
    ("tables", "cues", "forward"), ("tables", "cues", "forward-anywhere"), ("tables", "cues", "backward"),
    ("tables", "cues", "comparison"),
}
MAX_PATTERN_LENGTH = 2000
# The time bound: a user policy's patterns are tried, in a child process that is killed after
# PROBE_SECONDS, on texts of PROBE_LENGTH characters built to make backtracking show (long runs of
# letters, spaces, digits or punctuation, each ending in a character that makes the match fail).
PROBE_SECONDS = 2.0
PROBE_LENGTH = 1000


class ConfigError(Exception):
    """A configuration problem; the message names the key and the file (``healthlint.core.config``
    re-exports it: the configuration's readers raise it, and they live here)."""


# -- reading files ----------------------------------------------------------------------------------

def read_text_file(path: Path, what: str) -> str:
    """The UTF-8 text of a configuration, policy or word-list file, or a ConfigError saying why not."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"{path}: is a folder, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{path}: not a regular file, not a {what}")
    if info.st_size > 16 * 1024 * 1024:
        raise ConfigError(f"{path}: {info.st_size} bytes is too large for a {what}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        at = data.index(b"\x00")
        line = data.count(b"\n", 0, at) + 1
        raise ConfigError(f"{path}:{line}: a binary file (NUL byte at offset {at}), not a {what}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{path}:{line}: the {what} must be UTF-8 text; byte 0x{data[exc.start]:02X} at "
                            f"offset {exc.start} is not") from exc


def read_toml(path: Path, what: str) -> tuple[dict[str, Any], str]:
    """Parse a TOML file: (document, text). tomllib's messages carry the line and column."""
    text = read_text_file(path, what)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*=""")


def _table_name(raw: str) -> list[str]:
    return [part.strip().strip("\"'") for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', raw)]


def key_line(text: str, table: list[str], key: str, exact: bool = False) -> int | None:
    """The line (1-based) where ``key`` is set in ``[table]`` of a TOML text, or where the table
    starts, or None. Good enough for messages; TOML's dotted keys are matched on their full name."""
    current: list[str] = []
    table_line = None if table else 1
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            current = _table_name(header.group(1))
            if current == table + [key]:
                return number  # the key is a table of its own
            if current == table and table_line is None:
                table_line = number
            continue
        match = _KEY.match(line)
        if match:
            name = next(g for g in match.groups() if g is not None)
            full = current + _table_name(name) if match.group(3) else current + [name]
            if full == table + [key]:
                return number
    return None if exact else table_line


def where(path: Path | str | None, text: str | None, table: list[str], key: str) -> str:
    """``file:line`` (or ``file``) for messages."""
    if path is None:
        return "configuration"
    line = key_line(text, table, key) if text is not None else None
    return f"{path}:{line}" if line else str(path)


# -- the configuration table ----------------------------------------------------------------------

def config_table(document: Any, path: Path, text: str) -> dict[str, Any]:
    """The healthlint table of a configuration file, or a ConfigError when it is not a table."""
    if path.name == "pyproject.toml" or "tool" in document:
        tool = document.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{where(path, text, [], 'tool')}: tool: expected a table, got {tool!r}")
        if path.name == "pyproject.toml" or "healthlint" in tool:
            table = tool.get("healthlint", {})
            if not isinstance(table, dict):
                raise ConfigError(f"{where(path, text, ['tool'], 'healthlint')}: tool.healthlint: expected a "
                                    f"table ([tool.healthlint]), got {table!r}")
            return table
    return document


def config_where(path: Path | str | None, key: str) -> str:
    """``file:line`` of a configuration key (``nlp.model``: key ``model`` of the ``nlp`` table),
    in ``[tool.healthlint]`` or at the top of a healthlint.toml."""
    if path is None:
        return "configuration"
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return str(path)
    table, _, name = key.rpartition(".")
    inner = [table] if table else []
    for exact in (True, False):
        for prefix in (["tool", "healthlint"], []):
            line = key_line(text, prefix + inner, name, exact=exact)
            if line and (exact or prefix or inner):
                return f"{path}:{line}"
    return str(path)


def model_installed(model: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


# -- the policy folder ----------------------------------------------------------------------------

def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def same_type(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(default, list):
        if not isinstance(value, list):
            return False
        kinds = {_type_name(item) for item in default}
        return not kinds or all(_type_name(item) in kinds for item in value)
    return isinstance(value, type(default))


def check_against(value: Any, default: Any, stem: str, table: list[str], fail) -> None:
    """Raise (through ``fail(table, key, problem)``) at the first key of ``value`` that the bundled
    ``default`` does not have, or whose value is of another type."""
    open_table = tuple([stem] + table) in OPEN_TABLES or (isinstance(default, dict) and not default)
    for key, item in value.items():
        if open_table:
            kinds = {_type_name(v) for v in default.values()} if isinstance(default, dict) else set()
            if kinds and _type_name(item) not in kinds and not (
                    isinstance(item, list) and "a list" in kinds and all(isinstance(i, str) for i in item)):
                fail(table, key, f"expected {' or '.join(sorted(kinds))}, got {item!r}")
            if isinstance(item, list) and not all(isinstance(i, str) for i in item):
                fail(table, key, f"expected a list of strings, got {item!r}")
            continue
        if key not in default:
            known = ", ".join(sorted(default)) or "none"
            fail(table, key, f"unknown key (known in {'[' + '.'.join(table) + ']' if table else 'this file'}: {known})")
        expected = default[key]
        if isinstance(expected, dict):
            if not isinstance(item, dict):
                fail(table, key, f"expected a table, got {item!r}")
            check_against(item, expected, stem, table + [key], fail)
        elif not same_type(item, expected):
            what = _type_name(expected)
            if isinstance(expected, list) and expected:
                what = f"a list of {_type_name(expected[0]).replace('a ', '', 1)}s"
            fail(table, key, f"expected {what}, got {item!r}")


def validate_policy(folder: Path, data: dict[str, dict[str, Any]], texts: dict[str, str],
                    schema: dict[str, dict[str, Any]] | None) -> None:
    """Every policy value checked: known files and keys, value types, patterns that compile and
    cannot backtrack without end, UTF-8 word lists. ``schema`` is the bundled policy (None when
    ``folder`` is the bundled policy, which is its own schema)."""
    if not data:
        raise ConfigError(f"{folder}: the policy folder holds no .toml policy files "
                            "(every check would silently do nothing)")
    for stem, document in data.items():
        path = folder / f"{stem}.toml"

        def fail(table: list[str], key: str, problem: str, _path=path, _stem=stem) -> None:
            name = ".".join(table + [key])
            raise ConfigError(f"{where(_path, texts.get(_stem), table, key)}: {name}: {problem}")

        if schema is not None:
            if stem not in schema:
                raise ConfigError(f"{path}: unknown policy file (known: "
                                    f"{', '.join(sorted(s + '.toml' for s in schema))})")
            check_against(document, schema[stem], stem, [], fail)
        for file_stem, table, key in REGEX_KEYS:
            if file_stem != stem:
                continue
            section = document.get(table, {})
            if not isinstance(section, dict) or key not in section:
                continue
            patterns = section[key]
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                fail([table], key, f"expected a list of regular expressions (strings), got {patterns!r}")
            for index, pattern in enumerate(patterns):
                problem = pattern_problem(pattern)
                if problem:
                    fail([table], key, f"pattern {index + 1} {pattern!r}: {problem}")
            slow = slow_pattern(patterns)
            if slow is not None:
                fail([table], key, f"pattern {patterns.index(slow) + 1} {slow!r}: takes over "
                                   f"{PROBE_SECONDS:g} s on a {PROBE_LENGTH:,}-character test text "
                                   "(it backtracks: simplify the repeats)")
    for path in sorted(folder.rglob("*.txt")):
        if path.is_file():
            read_text_file(path, "word list")


# -- patterns -------------------------------------------------------------------------------------

def pattern_problem(pattern: str) -> str | None:
    """Why a policy pattern is refused (invalid, too long, or able to backtrack catastrophically),
    or None."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"longer than {MAX_PATTERN_LENGTH} characters"
    try:
        re.compile(pattern, re.I)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
    try:
        from re import _parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - a Python without the parser module: the time bound remains
        return None
    try:
        parsed = _parser.parse(pattern, re.I)
    except re.error as exc:  # pragma: no cover - compile accepted it
        return f"not a valid regular expression: {exc}"
    return _backtracking(parsed)


# Characters tried when deciding whether two character sets overlap: ASCII, Latin-1 and the
# punctuation, spaces and letters that health texts hold.
_SAMPLE = [chr(c) for c in range(0x250)] + list("\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201c\u201d"
                                              "\u2022\u2026\u00a0\u2009\u202f\u3000\u03bc\u0394\u2264\u2265")
_SAMPLE_TEXT = "".join(_SAMPLE)


def _ops():
    from re import _constants as c

    return c


def _is_repeat(op) -> bool:
    c = _ops()
    return op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None))


def _char_set(item, state) -> frozenset[str] | None:
    """The sample characters one single-character item (literal, class, category, any) matches, or
    None when the item is not a single character."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    c = _ops()
    op, _ = item
    if op not in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY, c.CATEGORY):
        return None
    compiled = _compiler.compile(_parser.SubPattern(state, [item]), state.flags)
    return frozenset(m.group(0) for m in compiled.finditer(_SAMPLE_TEXT))


def _first_set(items, state) -> frozenset[str] | None:
    """Characters a sequence can start with (None: unknown, treat as anything)."""
    c = _ops()
    found: set[str] = set()
    for item in items:
        op, av = item
        if _is_repeat(op):
            low, _high, body = av
            first = _first_set(list(body), state)
            if first is None:
                return None
            found |= first
            if low > 0:
                return frozenset(found)
            continue
        if op in (c.AT,):
            continue  # anchors and \b take no character
        if op == c.SUBPATTERN:
            first = _first_set(list(av[-1]), state)
            if first is None:
                return None
            return frozenset(found | first)
        if op == c.BRANCH:
            firsts = [_first_set(list(b), state) for b in av[1]]
            known = [f for f in firsts if f is not None]
            if len(known) < len(firsts):
                return None
            return frozenset(found.union(*known))
        single = _char_set(item, state)
        if single is None:
            return None
        return frozenset(found | single)
    return frozenset(found)


def _variable(items) -> bool:
    """Whether a sequence holds a repeat of more than one count (so it can match different lengths)."""
    c = _ops()
    for op, av in items:
        if _is_repeat(op) and av[0] != av[1]:
            return True
        if op == c.SUBPATTERN and _variable(list(av[-1])):
            return True
        if op == c.BRANCH and any(_variable(list(branch)) for branch in av[1]):
            return True
    return False


def _backtracking(parsed) -> str | None:
    """Why a parsed pattern can backtrack catastrophically (see the module documentation), or None."""
    c = _ops()
    for op, av in parsed:
        if _is_repeat(op):
            _low, high, body = av
            if high > 1 and _variable(list(body)):
                problem = _ambiguous_body(list(body), body.state)
                if problem:
                    return problem
            inner = _backtracking(body)
        elif op == c.SUBPATTERN:
            inner = _backtracking(av[-1])
        elif op == c.BRANCH:
            inner = next((p for p in (_backtracking(b) for b in av[1]) if p), None)
        else:
            inner = None
        if inner:
            return inner
    return None


def _ambiguous_body(items, state) -> str | None:
    """A repeated sequence that holds repeats can be split between its iterations in many ways,
    unless each inner repeat is of one character class and is followed by something that class
    cannot match (the next items, or the start of the next iteration), and the branches of each
    alternation start differently."""
    return _ambiguous(items, state, items)


_NESTED = ("can backtrack catastrophically: a repeat inside a repeat (such as (a+)+); make the inner "
           "repeat end where something it cannot match begins, or drop one repeat")


def _ambiguous(items, state, after_sequence) -> str | None:
    c = _ops()
    for index, (op, av) in enumerate(items):
        rest = items[index + 1:] + after_sequence
        if op == c.SUBPATTERN:
            problem = _ambiguous(list(av[-1]), state, rest)
            if problem:
                return problem
        elif op == c.BRANCH:
            firsts = [_first_set(list(b), state) for b in av[1]]
            for i, first in enumerate(firsts):
                for other in firsts[i + 1:]:
                    if first is None or other is None or first & other:
                        return ("can backtrack catastrophically: an alternation whose branches can start "
                                "alike, inside a repeat; make the branches start differently")
            for branch in av[1]:
                problem = _ambiguous(list(branch), state, rest)
                if problem:
                    return problem
        elif _is_repeat(op) and av[0] != av[1]:
            body = list(av[2])
            chars = _char_set(body[0], state) if len(body) == 1 else None
            if chars is None:
                return _NESTED
            after = _first_set(rest, state)
            if after is None or not after or chars & after:
                return _NESTED
    return None


# -- saved results (healthlint report) ------------------------------------------------------------

class ResultsError(ValueError):
    """A results file that is not the JSON healthlint writes; the message says where."""


def check_results_document(text: str) -> None:
    """Check the shape of a saved JSON results file before it is loaded, so that a malformed one is
    an error naming the place (``files[2].articles[0].findings[1].severity``), not a traceback."""
    import json

    from .findings import SEVERITIES

    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResultsError(f"not valid JSON: {exc}") from exc

    def need(ok: bool, place: str, expected: str, value: Any) -> None:
        if not ok:
            shown = repr(value)
            raise ResultsError(f"{place}: expected {expected}, got {shown[:80]}")

    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def optional(value: Any, kind) -> bool:
        return value is None or (isinstance(value, kind) and not isinstance(value, bool))

    def finding(item: Any, place: str) -> None:
        need(isinstance(item, dict), place, "an object (a finding)", item)
        for key in ("rule", "message", "path"):
            need(isinstance(item.get(key), str), f"{place}.{key}", "a string", item.get(key))
        need(item.get("severity") in SEVERITIES, f"{place}.severity", f"one of {', '.join(SEVERITIES)}",
             item.get("severity"))
        for key in ("start_line", "end_line"):
            need(whole(item.get(key)) and item[key] >= 0, f"{place}.{key}", "a line number", item.get(key))
        for key in ("start_column", "end_column", "block"):
            need(optional(item.get(key), int), f"{place}.{key}", "a number or null", item.get(key))
        span = item.get("span")
        need(span is None or (isinstance(span, list) and len(span) == 2 and all(whole(v) for v in span)),
             f"{place}.span", "null or [start, end]", span)
        need(optional(item.get("confidence"), (int, float)), f"{place}.confidence", "a number or null",
             item.get("confidence"))
        need(item.get("data") is None or isinstance(item.get("data"), dict), f"{place}.data", "an object",
             item.get("data"))
        for key in ("excerpt", "suggestion", "article", "fingerprint"):
            need(optional(item.get(key), str), f"{place}.{key}", "a string or null", item.get(key))

    def findings(items: Any, place: str) -> None:
        need(isinstance(items, list), place, "a list of findings", items)
        for index, item in enumerate(items):
            finding(item, f"{place}[{index}]")

    need(isinstance(document, dict), "the top level", "an object with schema_version and files", document)
    files = document.get("files", [])
    need(isinstance(files, list), "files", "a list", files)
    for index, entry in enumerate(files):
        place = f"files[{index}]"
        need(isinstance(entry, dict), place, "an object (a file's result)", entry)
        need(isinstance(entry.get("path"), str), f"{place}.path", "a string", entry.get("path"))
        for key in ("kind", "encoding", "error"):
            need(optional(entry.get(key), str), f"{place}.{key}", "a string or null", entry.get(key))
        findings(entry.get("findings", []), f"{place}.findings")
        articles = entry.get("articles", [])
        need(isinstance(articles, list), f"{place}.articles", "a list", articles)
        for number, article in enumerate(articles):
            where_article = f"{place}.articles[{number}]"
            need(isinstance(article, dict), where_article, "an object (an article's result)", article)
            need(isinstance(article.get("title"), str), f"{where_article}.title", "a string", article.get("title"))
            for key in ("start_line", "end_line"):
                need(whole(article.get(key)), f"{where_article}.{key}", "a line number", article.get(key))
            findings(article.get("findings", []), f"{where_article}.findings")
            need(isinstance(article.get("figures", {}), dict), f"{where_article}.figures", "an object",
                 article.get("figures"))
            blocks = article.get("blocks", [])
            need(isinstance(blocks, list), f"{where_article}.blocks", "a list", blocks)
            for at, block in enumerate(blocks):
                where_block = f"{where_article}.blocks[{at}]"
                need(isinstance(block, dict), where_block, "an object (a block)", block)
                for key in ("kind", "text"):
                    need(optional(block.get(key), str), f"{where_block}.{key}", "a string", block.get(key))
                for key in ("start_line", "end_line", "level", "index"):
                    need(optional(block.get(key), int), f"{where_block}.{key}", "a number", block.get(key))
                need(block.get("links") is None or isinstance(block.get("links"), list), f"{where_block}.links",
                     "a list", block.get("links"))
                need(block.get("table") is None or isinstance(block.get("table"), dict), f"{where_block}.table",
                     "an object", block.get("table"))


# -- the time bound -------------------------------------------------------------------------------

def _probe_texts() -> list[str]:
    n = PROBE_LENGTH
    runs = ["a" * n, " " * n, "a " * (n // 2), "ab" * (n // 2), "1" * n, "1," * (n // 2), "." * n,
            "-" * n, "a." * (n // 2), "aA1 " * (n // 4), "study " * (n // 6), "\n" * n]
    return [run + end for run in runs for end in ("!", "\u00a7")]


def slow_pattern(patterns: list[str]) -> str | None:
    """The first of ``patterns`` that does not finish the probe texts within PROBE_SECONDS, or None.
    Runs in a forked child (Python's ``re`` cannot be interrupted), which reports each pattern
    before trying it and is killed when one takes too long. Where fork is missing, only the static
    guard applies."""
    import os
    import select
    import signal
    import time

    if not patterns or not hasattr(os, "fork"):
        return None
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(read_end)
            texts = _probe_texts()
            for index, pattern in enumerate(patterns):
                os.write(write_end, f"{index}\n".encode())
                compiled = re.compile(pattern, re.I)
                for text in texts:
                    compiled.search(text)
            os.write(write_end, b"done\n")
        finally:
            os._exit(0)
    os.close(write_end)
    current, pending, slow = None, b"", None
    deadline = time.monotonic() + PROBE_SECONDS
    try:
        while True:
            ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:  # the pattern being tried is still running
                slow = patterns[current] if current is not None else None
                os.kill(pid, signal.SIGKILL)
                break
            chunk = os.read(read_end, 4096)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if line.isdigit():
                    current, deadline = int(line), time.monotonic() + PROBE_SECONDS
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    return slow
