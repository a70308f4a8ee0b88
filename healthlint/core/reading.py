"""Turn a file's bytes into text, or into a clear reason why it cannot be read.

Editors' archives hold files saved by every tool since the 1990s: UTF-8 with and without BOM,
Latin-1 and Windows-1252 are all common, and a folder may also hold images or PDFs by mistake.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_SIZE_LIMIT = 1024**4  # 1 TB: a larger max-file-size is a typo

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
    # Decoding problems worth a warning, as (line, message): bytes not valid in the encoding chosen,
    # naming it and the first bad byte; reported as healthlint/parse-error findings.
    warnings: list[tuple[int, str]] = field(default_factory=list)
    digest: str | None = None  # SHA-256 of the bytes read (what --fix checks before writing)


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
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"


def parse_size(value: str | int) -> int:
    """'10MB', '512 KB', '2e6' or an int of bytes; a positive, finite size, else ValueError."""
    import math

    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"expected a size such as '10MB', got {value!r}")
    if isinstance(value, int):
        number = float(value)
    else:
        text = str(value).strip().upper().replace(" ", "")
        factor = 1
        for unit, unit_factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024), ("B", 1)):
            if text.endswith(unit):
                text, factor = text[: -len(unit)], unit_factor
                break
        number = float(text) * factor
    if not math.isfinite(number) or number < 1:
        raise ValueError(f"expected a positive size such as '10MB', got {value!r}")
    if number > MAX_SIZE_LIMIT:
        raise ValueError(f"{value!r} is over the largest size limit, {format_size(MAX_SIZE_LIMIT)}")
    return int(number)


# Byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Bytes Windows-1252 leaves undefined: a file holding them is still most likely Windows-1252 (a
# stray byte), not the DOS or Mac code page that happens to assign all 256 bytes.
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# Encodings charset-normalizer may name for a file that is not Western European text; any other
# guess (cp775, cp1125, mac_iceland, cp437...) is a code page that decodes anything, and loses.
TRUSTED_GUESSES = ("cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
                   "iso8859", "koi8", "shift_jis", "cp932", "euc", "gb2312", "gb18030", "gbk", "big5",
                   "cp949", "cp950", "johab", "hz", "iso2022", "tis_620", "cp874")
# Characters that are not text but can fill a file: Unicode white space plus the zero-width ones.
INVISIBLE = " \t\n\r\f\v\u200b\u200c\u200d\u2060\ufeff"
NOTHING_VISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]*")


def _first_bad_byte(data: bytes, encoding: str) -> tuple[int, str] | None:
    """Offset and description of the first byte not valid in ``encoding``, or None."""
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.end]
        return exc.start, " ".join(f"0x{b:02X}" for b in bad[:4])
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _bad_bytes_warning(data: bytes, encoding: str, label: str, offset_base: int = 0,
                       kept: str = "replaced by \ufffd") -> tuple[int, str] | None:
    bad = _first_bad_byte(data, encoding)
    if bad is None:
        return None
    offset, shown = bad
    line = _line_of(data, offset)
    return line, (f"bytes not valid {label} (first: {shown} at byte offset {offset + offset_base}, line "
                  f"{line}); read as {label}, the bad bytes {kept}")


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where its zero bytes fall (ASCII and
    most Latin text in UTF-16-LE has a zero in every odd byte, in UTF-32-LE in three of four)."""
    sample = data[:16384]
    if len(sample) < 4:
        return None
    if len(data) % 4 == 0:
        quads = len(sample) // 4
        for encoding, wide_zero, narrow in (("utf-32-le", (2, 3), 0), ("utf-32-be", (0, 1), 3)):
            if all(sample[i * 4 + wide_zero[1]] == 0 for i in range(quads)) and \
                    sum(sample[i * 4 + wide_zero[0]] == 0 for i in range(quads)) >= quads * 0.9:
                return encoding
    if len(data) % 2 == 0:
        pairs = len(sample) // 2
        odd_zero = sum(sample[i * 2 + 1] == 0 for i in range(pairs))
        even_zero = sum(sample[i * 2] == 0 for i in range(pairs))
        if odd_zero >= pairs * 0.3 and even_zero <= pairs * 0.05:
            return "utf-16-le"
        if even_zero >= pairs * 0.3 and odd_zero <= pairs * 0.05:
            return "utf-16-be"
    return None


def _looks_like_utf8(data: bytes) -> bool:
    """Mostly valid UTF-8: at least one well-formed multi-byte character and fewer stray bytes
    than well-formed ones (a Windows-1252 file has no well-formed sequences, or almost none)."""
    text = data.decode("utf-8", errors="replace")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    return good >= 1 and bad <= good


def _legacy_decode(data: bytes, prefix_note: tuple[int, str] | None = None, offset_base: int = 0
                   ) -> tuple[str, str, list[tuple[int, str]]]:
    """A file that is not UTF-8: Latin-1, Windows-1252, or (when charset-normalizer names a national
    code page it can trust) another one. ``prefix_note`` is a warning with ``{encoding}`` to fill."""
    text, encoding, warning = _legacy_choice(data, offset_base)
    notes = [(prefix_note[0], prefix_note[1].format(encoding=encoding))] if prefix_note else []
    return text, encoding, notes + ([warning] if warning else [])


def _legacy_choice(data: bytes, offset_base: int) -> tuple[str, str, tuple[int, str] | None]:
    if not any(0x80 <= b <= 0x9F for b in data):
        return data.decode("latin-1"), "latin-1", None
    try:
        return data.decode("cp1252"), "windows-1252", None
    except UnicodeDecodeError:
        pass
    high = sum(1 for b in data if b >= 0x80)
    letters = sum(1 for b in data if 97 <= (b | 0x20) <= 122) or 1
    if high > letters * 0.3:  # mostly non-ASCII: maybe another script's code page
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536]).best()
        if best is not None and best.encoding.replace("-", "_").startswith(TRUSTED_GUESSES):
            try:
                return data.decode(best.encoding), best.encoding, None
            except (UnicodeDecodeError, LookupError):
                pass
    # Windows-1252 with its undefined bytes: keep them as the C1 controls Windows itself maps them to.
    warning = _bad_bytes_warning(data, "cp1252", "Windows-1252", offset_base,
                                 kept="(undefined in it) kept as control characters")
    return data.decode("cp1252", errors="healthlint-latin1"), "windows-1252", warning


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: an undefined byte becomes the Latin-1 character of the same number."""
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    return "".join(chr(b) for b in error.object[error.start:error.end]), error.end


import codecs as _codecs  # noqa: E402 - registered once, next to the handler it names

_codecs.register_error("healthlint-latin1", _latin1_fallback)


def decode_with_warnings(data: bytes, path: str) -> tuple[str, str, list[tuple[int, str]]]:
    """Decode article bytes: ``(text, encoding, warnings)``; raise ReadError for binary or empty data.

    The warnings name the encoding chosen and the first byte that is not valid in it."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            bad = _first_bad_byte(body, "utf-8") if encoding == "utf-8-sig" else None
            if bad is not None and not _looks_like_utf8(body):
                # A BOM, then Latin-1 or Windows-1252 (a tool added the mark to a legacy file).
                offset = bad[0]
                text, found, warnings = _legacy_decode(
                    body, (_line_of(body, offset), f"starts with a UTF-8 byte-order mark but is not UTF-8 (first bad "
                           f"byte 0x{body[offset]:02X} at byte offset {offset + 3}); read as {{encoding}}"), 3)
                return _checked(text, path), found, warnings
            label = encoding.upper().replace("-SIG", "").replace("-LE", "LE").replace("-BE", "BE")
            warning = _bad_bytes_warning(body, codec, label, len(bom))
            text = _checked(body.decode(codec, errors="replace"), path, wide=encoding != "utf-8-sig")
            return text, encoding, [warning] if warning else []
    wide = _wide_encoding(data) if b"\x00" in data[:8192] else None
    if wide is not None:
        warning = _bad_bytes_warning(data, wide, wide.upper().replace("-LE", "LE").replace("-BE", "BE"))
        return _checked(data.decode(wide, errors="replace"), path, wide=True), wide, [warning] if warning else []
    if not data.strip(INVISIBLE.encode("ascii", "ignore")):
        raise ReadError("empty file: nothing to check")
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes): not an article")
    try:
        return _checked(data.decode("utf-8"), path), "utf-8", []
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    if sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) > len(sample) * 0.01:
        raise ReadError("binary file (control bytes throughout): not an article")
    if _looks_like_utf8(data):
        warning = _bad_bytes_warning(data, "utf-8", "UTF-8")
        return _checked(data.decode("utf-8", errors="replace"), path), "utf-8", [warning] if warning else []
    text, encoding, warnings = _legacy_decode(data)
    return _checked(text, path), encoding, warnings


def _checked(text: str, path: str, wide: bool = False) -> str:
    """``text`` unless it holds nothing visible, or (decoded from UTF-16/32, where NUL bytes are
    expected) control characters throughout, as binary data read as UTF-16 would."""
    if NOTHING_VISIBLE.fullmatch(text):
        raise ReadError("empty file: nothing to check (only white space or a byte-order mark)")
    if not wide:
        return text
    controls = sum(1 for ch in text[:65536] if ch < " " and ch not in "\t\n\r\f")
    if controls > min(len(text), 65536) * 0.01:
        raise ReadError("binary file (control characters throughout): not an article")
    return text


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode article bytes, returning ``(text, encoding)``; raise ReadError for binary or empty data."""
    text, encoding, _ = decode_with_warnings(data, path)
    return text, encoding


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one article file within the size limit; raise ReadError with a clear reason otherwise.

    Opened without blocking and checked to be a regular file first, so a FIFO or a device named
    like an article is reported, not waited on or read without end."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not a regular file (a folder, FIFO or device): not an article")
        if info.st_size > max_bytes:
            raise ReadError(
                f"file is {format_size(info.st_size)}, over the size limit of {format_size(max_bytes)} "
                "(set max-file-size in the configuration to raise it)"
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise ReadError(f"file grew over the size limit of {format_size(max_bytes)} while being read")
    return _source(path, data)


def digest_of(data: bytes) -> str:
    """What a result records of the bytes it was checked on (``SourceText.digest``)."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _source(path: str, data: bytes) -> SourceText:
    text, encoding, warnings = decode_with_warnings(data, path)
    return SourceText(path, kind_of(path, text), encoding, normalise_newlines(text), warnings, digest_of(data))


def read_bytes(path: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Like read_source for data already in memory (standard input)."""
    if len(data) > max_bytes:
        raise ReadError(f"input is {format_size(len(data))}, over the size limit of {format_size(max_bytes)}")
    return _source(path, data)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
