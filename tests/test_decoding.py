"""Decoding that does not mislead: UTF-16 and UTF-32 read as text, a byte not valid in the encoding
chosen is a warning naming the encoding and the byte, Windows-1252 is not taken for a DOS or Mac code
page, and files with nothing visible are empty."""
from __future__ import annotations

import os
import time

import pytest

from healthlint.core.config import Config
from healthlint.run.engine import lint_file
from healthlint.workflow.fixes import fix_results
from healthlint.core.reading import ReadError, decode_with_warnings, read_source

TEXT = "# Café au lait spots\n\nMost café-au-lait spots are harmless – ask a doctor about “many” of them.\n"


@pytest.mark.parametrize("encoding, bom, name", [
    ("utf-16-le", b"\xff\xfe", "utf-16-le"), ("utf-16-be", b"\xfe\xff", "utf-16-be"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"), ("utf-32-be", b"\x00\x00\xfe\xff", "utf-32-be"),
    ("utf-16-le", b"", "utf-16-le"), ("utf-16-be", b"", "utf-16-be"),
    ("utf-32-le", b"", "utf-32-le"), ("utf-32-be", b"", "utf-32-be"),
])
def test_utf16_and_utf32_with_or_without_bom_are_text(encoding, bom, name):
    text, found, warnings = decode_with_warnings(bom + TEXT.encode(encoding), "a.md")
    assert text == TEXT and found == name and warnings == []


def test_utf16_with_a_bad_code_unit_warns_with_the_offset():
    data = b"\xff\xfe" + "Hello there, reader.\n".encode("utf-16-le") + b"\x00\xdc" + "ok\n".encode("utf-16-le")
    text, found, warnings = decode_with_warnings(data, "a.md")
    assert found == "utf-16-le" and text.startswith("Hello there")
    [(line, message)] = warnings
    assert "UTF-16LE" in message and f"offset {2 + 42}" in message


def test_utf8_with_one_stray_byte_is_utf8_with_a_warning():
    data = "Café “au lait” spots.\n".encode("utf-8") + b"Second line \x92 here.\n"
    text, found, warnings = decode_with_warnings(data, "a.md")
    assert found == "utf-8" and text.startswith("Café “au lait”")
    [(line, message)] = warnings
    assert line == 2 and "UTF-8" in message and "0x92" in message and "offset 39" in message


@pytest.mark.parametrize("undefined", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_windows_1252_with_undefined_bytes_stays_windows_1252(undefined):
    body = ("Caf\xe9 na\xefve r\xe9sum\xe9: \x93quoted\x94 text \x96 about the weather. " * 4).encode("latin-1")
    data = body + undefined + b" end.\n"
    text, found, warnings = decode_with_warnings(data, "a.txt")
    assert found == "windows-1252"  # not cp1125, cp775 or mac_iceland
    assert "\u201cquoted\u201d" in text
    [(line, message)] = warnings
    assert "Windows-1252" in message and f"0x{undefined[0]:02X}" in message and f"offset {len(body)}" in message


def test_utf8_bom_then_latin1_does_not_crash():
    data = b"\xef\xbb\xbf# Caf\xe9\n\nLe caf\xe9 est bon.\n"
    text, found, warnings = decode_with_warnings(data, "a.md")
    assert text == "# Café\n\nLe café est bon.\n" and found == "latin-1"
    assert "byte-order mark" in warnings[0][1] and "0xE9" in warnings[0][1]


@pytest.mark.parametrize("data", [
    b"", b"   \n\t\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xef\xbb\xbf \n",
    "\u3000\u00a0\u2003\n\u200b".encode("utf-8"), "\ufeff  \n".encode("utf-16"),
])
def test_nothing_visible_is_empty(data):
    with pytest.raises(ReadError, match="^empty file"):
        decode_with_warnings(data, "a.md")


def test_binary_still_binary():
    with pytest.raises(ReadError, match="binary"):
        decode_with_warnings(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "a.md")


def test_decoding_warning_is_a_finding(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("# Knee pain\n\nRest helps “most” people.\n".encode("utf-8") + b"A stray \xff byte.\n")
    result = lint_file(str(path), Config())
    [warning] = [f for f in result.findings if f.rule == "healthlint/parse-error"]
    assert warning.start_line == 4 and "0xFF" in warning.message and "UTF-8" in warning.message
    assert result.encoding == "utf-8" and not result.error


def test_utf16_article_is_checked_not_binary(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("# Knee pain\n\nRest helps most people.\n".encode("utf-16"))
    result = lint_file(str(path), Config())
    assert not result.error and result.encoding == "utf-16-le" and result.articles[0].title == "Knee pain"


def test_unicode_spaces_only_is_unreadable_empty(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("\u2003\u3000\n\u00a0\n".encode("utf-8"))
    result = lint_file(str(path), Config())
    assert result.error.startswith("empty file")
    assert [f.rule for f in result.findings] == ["healthlint/unreadable"]


def test_fifo_named_like_an_article_does_not_hang(tmp_path):
    path = tmp_path / "pipe.md"
    os.mkfifo(path)
    started = time.monotonic()
    with pytest.raises(ReadError, match="not a regular file"):
        read_source(str(path))
    assert time.monotonic() - started < 5


# -- fixes keep every byte they do not fix, whatever the encoding ----------------------------------

import test_fix  # noqa: E402
from test_fix import MD, MD_FIXED, lint  # noqa: E402

# test_fix.py's fake fixable check and its policy folder, as fixtures of this module too
fake = test_fix.fake
config = test_fix.config


@pytest.mark.parametrize("encode", [
    lambda text: text.encode("utf-16"),
    lambda text: text.encode("utf-32-be"),
    lambda text: text.encode("utf-8").replace(b"Rest helps", b"Rest \xff helps"),
    lambda text: text.encode("cp1252").replace(b"Rest helps", b"Rest \x81\x93x\x94 helps"),
])
def test_fix_keeps_bytes_in_any_encoding(tmp_path, fake, config, encode):
    path = tmp_path / "a.md"
    original = encode(MD)
    path.write_bytes(original)
    fix_results(lint(path, config), config, write=True)
    expected = encode(MD_FIXED)
    assert path.read_bytes() == expected
