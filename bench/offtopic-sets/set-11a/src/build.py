#!/usr/bin/env python3
"""Render /work/set11a/articles/ and /work/set11a/labels/ from the *.src files in this folder.

Source syntax (marker lines never reach the rendered article):
  @wrap N        optional, first line only: hard-wrap every prose line longer than N columns
  @begin KIND    starts an inserted block of the given kind
  @end           ends it
Every non-blank rendered line between @begin and @end is listed in the label, 1-based,
counted over the article file exactly as written to disk.
Standard library only.
"""
import json
import os
import re
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")

KINDS = ("bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical")
LIST_RE = re.compile(r"^(\s*(?:[-*\u2022]|\d+[.)])\s+)")


def wrap_line(line, width):
    if len(line) <= width or not line.strip():
        return [line]
    m = LIST_RE.match(line)
    indent = " " * len(m.group(1)) if m else ""
    return textwrap.wrap(line, width=width, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def render(src_text, where="<src>"):
    """Return (rendered_lines, blocks) where blocks = [{"lines": [...], "kind": k}]."""
    lines = src_text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    width = None
    if lines and lines[0].startswith("@wrap"):
        width = int(lines[0].split()[1])
        lines = lines[1:]
    out = []
    blocks = []
    cur = None
    for n, raw in enumerate(lines, 1):
        s = raw.strip()
        if s.startswith("@begin"):
            if cur is not None:
                raise SystemExit("%s:%d nested @begin" % (where, n))
            parts = s.split()
            if len(parts) != 2 or parts[1] not in KINDS:
                raise SystemExit("%s:%d bad kind %r" % (where, n, s))
            cur = {"lines": [], "kind": parts[1]}
            continue
        if s == "@end":
            if cur is None:
                raise SystemExit("%s:%d @end without @begin" % (where, n))
            if not cur["lines"]:
                raise SystemExit("%s:%d empty block" % (where, n))
            blocks.append(cur)
            cur = None
            continue
        if s.startswith("@"):
            raise SystemExit("%s:%d unknown directive %r" % (where, n, s))
        pieces = wrap_line(raw.rstrip(), width) if width else [raw.rstrip()]
        for p in pieces:
            out.append(p)
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        raise SystemExit("%s: unterminated @begin" % where)
    return out, blocks


def sources():
    return sorted(f for f in os.listdir(HERE) if f.endswith(".src"))


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for d in (ART, LAB):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    for f in sources():
        name = f[:-len(".src")]
        with open(os.path.join(HERE, f), encoding="utf-8") as fh:
            text = fh.read()
        out, blocks = render(text, f)
        with open(os.path.join(ART, name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(out) + "\n")
        stem = name.rsplit(".", 1)[0]
        label = {"file": "articles/" + name, "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        print("built %-45s %d block(s)" % (name, len(blocks)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
