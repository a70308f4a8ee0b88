#!/usr/bin/env python3
"""Render articles/ and labels/ from the *.src files in this folder.

Source format
-------------
* Each file is named NAME.EXT.src and renders to ../articles/NAME.EXT and
  ../labels/NAME.json.
* An optional first line "@wrap N" hard-wraps every source line longer than
  N columns (lines that start with whitespace are left alone; list items get
  a two-space hanging indent). Wrapped lines keep the label of their source
  line, so every wrapped line of an inserted paragraph is labelled.
* "@begin KIND" and "@end" lines (alone on their line) surround one inserted
  block. They are removed from the output. The labels list every non-blank
  output line between them, 1-based, counted over the whole file as written.

Standard library only.  Usage:  cd src && python3 build.py
"""
import json
import os
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")

KINDS = (
    "bridge-link",
    "bridge-nolink",
    "subtle",
    "plug",
    "headline",
    "unrelated-medical",
)


def wrap_line(line, width):
    if len(line) <= width or line[:1] in (" ", "\t"):
        return [line]
    indent = ""
    for bullet in ("- ", "* ", "+ "):
        if line.startswith(bullet):
            indent = "  "
            break
    pieces = textwrap.wrap(
        line,
        width,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return pieces or [line]


def render(src_text, name="?"):
    """Return (article_text, blocks) where blocks is a list of
    {"lines": [...], "kind": ...}."""
    lines = src_text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    width = None
    if lines and lines[0].startswith("@wrap"):
        width = int(lines[0].split()[1])
        lines = lines[1:]
    out = []  # (text, block index or None)
    kinds = []
    cur = None
    for n, ln in enumerate(lines, 1):
        s = ln.strip()
        if s.startswith("@begin"):
            parts = s.split()
            if len(parts) != 2 or parts[1] not in KINDS:
                raise SystemExit("%s:%d bad marker %r" % (name, n, ln))
            if cur is not None:
                raise SystemExit("%s:%d nested @begin" % (name, n))
            kinds.append(parts[1])
            cur = len(kinds) - 1
            continue
        if s == "@end":
            if cur is None:
                raise SystemExit("%s:%d @end without @begin" % (name, n))
            cur = None
            continue
        pieces = wrap_line(ln, width) if width else [ln]
        for p in pieces:
            out.append((p.rstrip(), cur))
    if cur is not None:
        raise SystemExit("%s: unterminated @begin" % name)
    blocks = []
    for k, kind in enumerate(kinds):
        nums = [i + 1 for i, (t, b) in enumerate(out) if b == k and t.strip()]
        if not nums:
            raise SystemExit("%s: empty block %d" % (name, k))
        blocks.append({"lines": nums, "kind": kind})
    text = "\n".join(t for t, _ in out) + "\n"
    return text, blocks


def sources():
    return sorted(f for f in os.listdir(HERE) if f.endswith(".src"))


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    wanted = set()
    for f in sources():
        target = f[: -len(".src")]
        stem = target.rsplit(".", 1)[0]
        with open(os.path.join(HERE, f), encoding="utf-8") as fh:
            text, blocks = render(fh.read(), f)
        with open(os.path.join(ART, target), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": "articles/" + target, "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        wanted.add(target)
        wanted.add(stem + ".json")
        print("built %-45s %d block(s)" % (target, len(blocks)))
    # remove stale outputs from earlier builds
    for d in (ART, LAB):
        for f in os.listdir(d):
            if f not in wanted:
                os.remove(os.path.join(d, f))
    return 0


if __name__ == "__main__":
    sys.exit(main())
