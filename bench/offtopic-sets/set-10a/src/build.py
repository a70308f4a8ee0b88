#!/usr/bin/env python3
"""Render ../articles/ and ../labels/ from the NAME.ext.src files in this folder.

Source conventions
  - An optional first line "@wrap N" hard-wraps every line longer than N columns
    (used for the hard-wrapped .txt pages). Shorter lines are kept as written.
  - "@begin KIND" ... "@end" lines surround each inserted block. The marker lines
    are dropped; every non-blank rendered line between them is labelled.
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
KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"}


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
        if line.startswith("@begin"):
            if cur is not None:
                sys.exit("%s:%d nested @begin" % (src_path, n))
            kind = line.split(None, 1)[1].strip()
            if kind not in KINDS:
                sys.exit("%s:%d bad kind %r" % (src_path, n, kind))
            cur = {"lines": [], "kind": kind}
            continue
        if line.strip() == "@end":
            if cur is None or not cur["lines"]:
                sys.exit("%s:%d stray or empty @end" % (src_path, n))
            blocks.append(cur)
            cur = None
            continue
        if line.startswith("@"):
            sys.exit("%s:%d unknown directive %r" % (src_path, n, line))
        if width and len(line) > width:
            pieces = textwrap.wrap(line, width=width, break_long_words=False,
                                   break_on_hyphens=False)
        else:
            pieces = [line.rstrip()]
        for p in pieces:
            out.append(p)
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unterminated @begin" % src_path)
    return "\n".join(out) + "\n", blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for old in os.listdir(ART):
        os.remove(os.path.join(ART, old))
    for old in os.listdir(LAB):
        os.remove(os.path.join(LAB, old))
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    nblocks = 0
    for s in srcs:
        fname = s[:-4]
        name = fname.rsplit(".", 1)[0]
        text, blocks = render(os.path.join(HERE, s))
        with open(os.path.join(ART, fname), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": "articles/" + fname, "inserted_blocks": blocks}
        with open(os.path.join(LAB, name + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        nblocks += len(blocks)
    print("built %d articles, %d inserted blocks" % (len(srcs), nblocks))


if __name__ == "__main__":
    main()
