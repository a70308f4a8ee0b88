"""Turn a file's bytes into text, or into a clear reason why it cannot be read.

Editors' archives hold files saved by every tool since the 1990s: UTF-8 with and without BOM,
Latin-1 and Windows-1252 are all common, and a folder may also hold images or PDFs by mistake.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
ARTICLE_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES

# C0 control characters other than tab, newline, form feed and carriage return do not occur in prose.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


class ReadError(Exception):
    """A file that cannot be checked; the message says why in words an editor understands."""


@dataclass
class SourceText:
    path: str
    kind: str
    encoding: str
    text: str


def kind_of(path: str, text: str | None = None) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if text is not None:
        head = text.lstrip()[:200].lower()
        if head.startswith(("<!doctype html", "<html")):
            return "html"
        if head.startswith("---\n") or head.startswith("# "):
            return "markdown"
    return "text"


def format_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"


def parse_size(value: str | int) -> int:
    """'10MB', '512 KB', '2e6' or an int of bytes."""
    if isinstance(value, int):
        return value
    text = str(value).strip().upper().replace(" ", "")
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024), ("B", 1)):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(float(text))


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode article bytes, returning ``(text, encoding)``; raise ReadError for binary or empty data."""
    if not data.strip():
        raise ReadError("empty file: nothing to check")
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes): not an article")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError:
            data = data[3:]  # a byte-order mark, then another encoding: decode the rest as below
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    if sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) > len(sample) * 0.01:
        raise ReadError("binary file (control bytes throughout): not an article")
    # Windows-1252 assigns printable characters to 0x80-0x9F where Latin-1 has C1 controls, so a
    # file using those bytes was written by a Windows tool; otherwise the two agree and Latin-1 is
    # the honest name.
    if any(0x80 <= b <= 0x9F for b in sample):
        try:
            return data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
        if best is None:
            raise ReadError("undecodable file: not UTF-8, Latin-1 or Windows-1252 text")
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise ReadError(f"undecodable file: {exc}") from exc
    return data.decode("latin-1"), "latin-1"


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one article file within the size limit; raise ReadError with a clear reason otherwise."""
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise ReadError(
            f"file is {format_size(size)}, over the size limit of {format_size(max_bytes)} "
            "(set max-file-size in the configuration to raise it)"
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from exc
    text, encoding = decode(data, path)
    return SourceText(path, kind_of(path, text), encoding, normalise_newlines(text))


def read_bytes(path: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Like read_source for data already in memory (standard input)."""
    if len(data) > max_bytes:
        raise ReadError(f"input is {format_size(len(data))}, over the size limit of {format_size(max_bytes)}")
    text, encoding = decode(data, path)
    return SourceText(path, kind_of(path, text), encoding, normalise_newlines(text))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
