#!/usr/bin/env python3
"""Render articles/ and labels/ from the *.src files in this folder.

Source format
-------------
* Optional first line "@wrap N": every rendered line longer than N columns
  is hard-wrapped with textwrap (used for some .txt pages).
* "@begin KIND" ... "@end" on lines of their own surround an insertion.
  Marker lines are dropped; every non-blank rendered line between them is
  recorded in the label, 1-based over the file exactly as written.

Standard library only.
"""
import json
import os
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")

KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"}


def render(src_path):
    with open(src_path, encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    width = None
    if raw and raw[0].startswith("@wrap "):
        width = int(raw[0].split()[1])
        raw = raw[1:]
    out, blocks, cur = [], [], None
    for n, line in enumerate(raw, 1):
        s = line.strip()
        if s.startswith("@begin"):
            if cur is not None:
                sys.exit("%s:%d nested @begin" % (src_path, n))
            kind = s.split(None, 1)[1].strip()
            if kind not in KINDS:
                sys.exit("%s:%d bad kind %r" % (src_path, n, kind))
            cur = {"lines": [], "kind": kind}
            continue
        if s == "@end":
            if cur is None or not cur["lines"]:
                sys.exit("%s:%d stray or empty @end" % (src_path, n))
            blocks.append(cur)
            cur = None
            continue
        line = line.rstrip()
        if width and len(line) > width:
            pieces = textwrap.wrap(line, width, break_long_words=False,
                                   break_on_hyphens=False)
        else:
            pieces = [line]
        for p in pieces:
            out.append(p)
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unclosed @begin" % src_path)
    return out, blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    names = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    for f in names:
        name = f[:-4]
        lines, blocks = render(os.path.join(HERE, f))
        with open(os.path.join(ART, name), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        stem = os.path.splitext(name)[0]
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump({"file": "articles/" + name, "inserted_blocks": blocks},
                      fh, indent=2)
            fh.write("\n")
        print("built %-40s %d lines, %d blocks" % (name, len(lines), len(blocks)))


if __name__ == "__main__":
    main()
