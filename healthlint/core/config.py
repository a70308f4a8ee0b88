"""Configuration: ``[tool.healthlint]`` in pyproject.toml, or healthlint.toml, found upward from the
working directory (or named with ``--config``), plus the editorial policy folder it points at.

Example::

    [tool.healthlint]
    policy = "checks"               # folder of editorial policy files
    select = ["off-topic", "readability/grade"]
    ignore = ["spelling/unknown-word"]
    fail-on = "error"
    max-file-size = "10MB"
    exclude = ["drafts/**"]

    [tool.healthlint.severity]
    "readability/grade" = "error"

    [tool.healthlint.readability]   # overrides [thresholds] of checks/readability.toml
    target-grade = 7
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .registry import all_rules, check_names
from .findings import FAIL_ON_LEVELS, SEVERITIES
from .reading import DEFAULT_MAX_BYTES, parse_size
from .validation import (  # noqa: F401 - ConfigError is re-exported: the configuration's error
    ConfigError, config_table, config_where, model_installed, read_text_file, read_toml, same_type,
    validate_policy)

PACKAGE_DIR = Path(__file__).resolve().parents[1]

TOP_LEVEL_KEYS = {
    "policy": "folder of editorial policy files (default: the bundled checks/ folder)",
    "select": "rules or checks to run (default: all)",
    "ignore": "rules or checks to skip",
    "severity": "table of rule id -> error | warning | info",
    "fail-on": "error | warning | info | never",
    "max-file-size": "files over this size are reported, not read (e.g. '10MB')",
    "exclude": "glob patterns of paths to skip when walking folders",
    "extend-exclude": "more glob patterns to skip, added to exclude",
    "respect-gitignore": "skip what .gitignore files ignore when walking folders (default true)",
    "extend-select": "rules or checks added to select",
    "per-file-ignores": "table of glob pattern -> rules or checks to skip in the files it matches",
    "jobs": "worker processes (default: the number of cores)",
    "cache-dir": "where cached results are kept",
    "nlp": "table: model = 'blank' | 'en_core_web_sm'",
}


@dataclass
class Config:
    source: str | None = None
    policy_dir: Path = field(default_factory=lambda: default_policy_dir())
    select: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)  # added to select (which empty means all)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    max_file_size: int = DEFAULT_MAX_BYTES
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    stdin_filename: str | None = None  # --stdin-filename: the path standard input is checked as
    jobs: int | None = None
    cache_dir: str | None = None
    nlp_model: str = "blank"
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    policy: "Policy | None" = None

    def rule_enabled(self, rule_id: str) -> bool:
        def matches(selector: str) -> bool:
            return rule_id == selector or rule_id.startswith(selector.rstrip("/") + "/")

        if self.select and not any(matches(s) for s in self.select + self.extend_select):
            return False
        return not any(matches(s) for s in self.ignore)

    def check_enabled(self, check_name: str, rule_ids: list[str]) -> bool:
        return any(self.rule_enabled(r) for r in rule_ids)

    def severity_of(self, rule_id: str, default: str) -> str:
        return self.severity.get(rule_id, default)

    def get_policy(self) -> "Policy":
        if self.policy is None:
            self.policy = Policy.load(self.policy_dir, self.overrides)
        return self.policy


def default_policy_dir() -> Path:
    bundled = PACKAGE_DIR / "default_policy"
    if bundled.is_dir():
        return bundled
    return PACKAGE_DIR.parent / "checks"


class Policy:
    """The newsroom's editorial policy: every ``*.toml`` of the policy folder, by file stem, and the
    word lists (``*.txt``, one entry a line, ``#`` comments) under it."""

    def __init__(self, folder: Path, data: dict[str, dict[str, Any]]):
        self.folder = folder
        self.data = data
        self.is_bundled = is_bundled_policy(folder)

    @classmethod
    def load(cls, folder: Path, overrides: dict[str, dict[str, Any]] | None = None) -> "Policy":
        if not folder.is_dir():
            raise ConfigError(f"policy: folder {folder} does not exist")
        data: dict[str, dict[str, Any]] = {}
        texts: dict[str, str] = {}
        for path in sorted(folder.glob("*.toml")):
            data[path.stem], texts[path.stem] = read_toml(path, "policy file")
        if not is_bundled_policy(folder):  # the bundled policy is the schema (and tested)
            validate_policy(folder, data, texts, bundled_policy_data())
        for check, values in (overrides or {}).items():
            thresholds = data.setdefault(check, {}).setdefault("thresholds", {})
            for key, value in values.items():
                if key not in thresholds:
                    known = ", ".join(sorted(thresholds)) or "none"
                    raise ConfigError(f"{check}.{key}: unknown threshold (known: {known})")
                if not same_type(value, thresholds[key]):
                    raise ConfigError(
                        f"{check}.{key}: expected {type(thresholds[key]).__name__}, got {value!r}"
                    )
                thresholds[key] = value
        return cls(folder, data)

    def section(self, name: str) -> dict[str, Any]:
        return self.data.get(name, {})

    def thresholds(self, name: str) -> dict[str, Any]:
        """The check's ``[thresholds]``, over the bundled policy's: each default lives once, in the
        bundled policy file, so a policy folder that leaves a key out gets the bundled value."""
        own = self.section(name).get("thresholds", {})
        defaults = {} if self.is_bundled else bundled_thresholds(name)
        return {**defaults, **own} if defaults else own

    def word_list(self, relative: str) -> list[str]:
        path = self.folder / relative
        if not path.is_file():
            return []
        words = []
        for line in read_text_file(path, "word list").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                words.append(line)
        return words

    def fingerprint(self) -> str:
        """Hash of every policy file, for the result cache."""
        import hashlib

        digest = hashlib.sha256()
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(self.folder)).encode())
            digest.update(path.read_bytes())
        digest.update(repr(sorted((k, repr(v)) for k, v in self.data.items())).encode())
        digest.update(repr(sorted((k, repr(self.thresholds(k))) for k in self.data)).encode())
        return digest.hexdigest()


def is_bundled_policy(folder: Path) -> bool:
    try:
        return folder.resolve() == default_policy_dir().resolve()
    except OSError:
        return False


_BUNDLED: dict[str, dict[str, Any]] = {}


def bundled_policy_data() -> dict[str, dict[str, Any]]:
    """The bundled policy files, parsed: the schema user policy folders are checked against."""
    if not _BUNDLED:
        for path in sorted(default_policy_dir().glob("*.toml")):
            _BUNDLED[path.stem] = tomllib.loads(path.read_text(encoding="utf-8"))
    return _BUNDLED


def bundled_thresholds(name: str) -> dict[str, Any]:
    """``[thresholds]`` of the bundled policy file for a check (empty when it has none)."""
    return dict(bundled_policy_data().get(name, {}).get("thresholds", {}))


def find_config_file(start: Path) -> Path | None:
    """healthlint.toml, or a pyproject.toml with a [tool.healthlint] table, in ``start`` or above.
    A pyproject.toml that mentions healthlint but does not parse is an error, not skipped: its
    settings would otherwise be silently ignored."""
    for folder in [start, *start.parents]:
        candidate = folder / "healthlint.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                document, _ = read_toml(pyproject, "pyproject.toml")
            except ConfigError:
                try:
                    mentions = b"healthlint" in pyproject.read_bytes()
                except OSError:
                    mentions = False
                if mentions:
                    raise
                continue
            tool = document.get("tool", {})
            if isinstance(tool, dict) and "healthlint" in tool:
                return pyproject
    return None


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    path: Path | None
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"--config: file {explicit} not found")
    else:
        path = find_config_file((start or Path.cwd()).resolve())
    if path is None:
        return Config()
    document, text = read_toml(path, "configuration file")
    return config_from_table(config_table(document, path, text), path)


def config_from_table(table: dict[str, Any], path: Path | None) -> Config:
    where = str(path) if path else "configuration"
    config = Config(source=str(path) if path else None)
    rules = all_rules()
    checks = set(check_names()) | {r.split("/")[0] for r in rules}

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{config_where(path, key) if path else where}: {key}: {problem}")

    def rule_list(key: str) -> list[str]:
        return rule_list_of(key, table[key])

    def rule_list_of(key: str, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "expected a list of rule or check names")
        for item in value:
            if item not in rules and item.rstrip("/") not in checks:
                raise fail(key, f"unknown rule or check {item!r} (see `healthlint rules`)")
        return value

    for key, value in table.items():
        if key in ("select", "ignore"):
            setattr(config, key, rule_list(key))
        elif key == "extend-select":
            config.extend_select = rule_list(key)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise fail(key, "expected a table of glob pattern = [rules or checks]")
            for pattern in value:
                config.per_file_ignores[pattern] = rule_list_of(f"{key}.{pattern}", value[pattern])
        elif key == "respect-gitignore":
            if not isinstance(value, bool):
                raise fail(key, f"expected true or false, got {value!r}")
            config.respect_gitignore = value
        elif key == "policy":
            if not isinstance(value, str):
                raise fail(key, "expected a folder path")
            folder = Path(value)
            if not folder.is_absolute() and path is not None:
                folder = path.parent / folder
            if not folder.is_dir():
                raise fail(key, f"policy folder {folder} does not exist")
            config.policy_dir = folder
        elif key == "severity":
            if not isinstance(value, dict):
                raise fail(key, "expected a table of rule id = severity")
            for rule_id, level in value.items():
                if rule_id not in rules:
                    raise fail(f"severity.{rule_id}", "unknown rule (see `healthlint rules`)")
                if level not in SEVERITIES:
                    raise fail(f"severity.{rule_id}", f"expected one of {', '.join(SEVERITIES)}, got {level!r}")
            config.severity = dict(value)
        elif key == "fail-on":
            if value not in FAIL_ON_LEVELS:
                raise fail(key, f"expected one of {', '.join(FAIL_ON_LEVELS)}, got {value!r}")
            config.fail_on = value
        elif key == "max-file-size":
            try:
                config.max_file_size = parse_size(value)
            except (TypeError, ValueError, OverflowError) as exc:
                raise fail(key, f"expected a positive size such as '10MB', got {value!r} ({exc})") from exc
        elif key in ("exclude", "extend-exclude"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(key, "expected a list of glob patterns")
            setattr(config, key.replace("-", "_"), value)
        elif key == "jobs":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise fail(key, f"expected a positive whole number, got {value!r}")
            config.jobs = value
        elif key == "cache-dir":
            if not isinstance(value, str) or not value.strip():
                raise fail(key, f"expected a folder path, got {value!r}")
            config.cache_dir = value
        elif key == "nlp":
            config.nlp_model = _nlp_model(value, fail)
        elif key in checks and isinstance(value, dict):
            config.overrides[key] = dict(value)
        elif key in checks:
            raise fail(key, f"expected a table of thresholds ([tool.healthlint.{key}]), got {value!r}")
        else:
            known = ", ".join(sorted(TOP_LEVEL_KEYS))
            raise fail(key, f"unknown key (known keys: {known}, or a check name for its thresholds)")
    try:
        config.get_policy()
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return config


def _nlp_model(value: Any, fail) -> str:
    """The ``[nlp]`` table's model, which must be one healthlint knows and, if optional, installed."""
    if not isinstance(value, dict):
        raise fail("nlp", f"expected a table (model = 'blank' or 'en_core_web_sm'), got {value!r}")
    for key in value:
        if key != "model":
            raise fail(f"nlp.{key}", "unknown key (known: model)")
    model = value.get("model", "blank")
    if model not in ("blank", "en_core_web_sm"):
        raise fail("nlp.model", f"expected 'blank' or 'en_core_web_sm', got {model!r}")
    if model != "blank" and not model_installed(model):
        raise fail("nlp.model", f"the spaCy pipeline {model!r} is not installed; install it with "
                                "`pip install healthlint[tagger]`, or use model = 'blank'")
    return model
