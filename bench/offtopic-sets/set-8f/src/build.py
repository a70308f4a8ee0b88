#!/usr/bin/env python3
"""Render articles/ and labels/ from the *.src files in this folder.

Source format
-------------
* An optional first line "@wrap N" hard-wraps every line longer than N
  columns (used for the hard-wrapped .txt articles). Lines of N columns or
  fewer are copied unchanged, so menus and short lines survive as they are.
* "@begin KIND" and "@end" lines enclose one inserted block. They are
  dropped from the output; every non-blank output line between them is
  recorded in the label file, numbered 1-based over the rendered file.
"""
import json
import os
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"}


def render(text, name="?"):
    lines = text.rstrip("\n").split("\n")
    wrap = None
    if lines and lines[0].startswith("@wrap"):
        wrap = int(lines[0].split()[1])
        lines = lines[1:]
    out, blocks, cur = [], [], None
    for n, ln in enumerate(lines, 1):
        s = ln.strip()
        if s.startswith("@begin"):
            parts = s.split()
            if cur is not None or len(parts) != 2 or parts[1] not in KINDS:
                sys.exit("%s:%d: bad or nested @begin" % (name, n))
            cur = {"lines": [], "kind": parts[1]}
            blocks.append(cur)
            continue
        if s == "@end":
            if cur is None:
                sys.exit("%s:%d: @end without @begin" % (name, n))
            cur = None
            continue
        pieces = [ln.rstrip()]
        if wrap and len(ln) > wrap:
            indent = ""
            stripped = ln.lstrip()
            lead = ln[:len(ln) - len(stripped)]
            if stripped[:2] in ("- ", "* "):
                indent = lead + "  "
            else:
                indent = lead
            pieces = textwrap.wrap(ln, wrap, initial_indent="",
                                   subsequent_indent=indent,
                                   break_long_words=False,
                                   break_on_hyphens=False)
        for p in pieces:
            out.append(p)
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unterminated @begin" % name)
    for b in blocks:
        if not b["lines"]:
            sys.exit("%s: empty block" % name)
    return "\n".join(out) + "\n", blocks


def main():
    adir = os.path.join(ROOT, "articles")
    ldir = os.path.join(ROOT, "labels")
    os.makedirs(adir, exist_ok=True)
    os.makedirs(ldir, exist_ok=True)
    for d in (adir, ldir):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    for f in srcs:
        fname = f[:-4]                      # NAME.ext
        stem = fname.rsplit(".", 1)[0]      # NAME
        with open(os.path.join(HERE, f), encoding="utf-8") as fh:
            text, blocks = render(fh.read(), f)
        with open(os.path.join(adir, fname), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": "articles/" + fname, "inserted_blocks": blocks}
        with open(os.path.join(ldir, stem + ".json"), "w",
                  encoding="utf-8") as fh:
            json.dump(label, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
    print("built %d articles" % len(srcs))


if __name__ == "__main__":
    main()
