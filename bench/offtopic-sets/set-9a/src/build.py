#!/usr/bin/env python3
"""Render ../articles/ and ../labels/ from the NAME.ext.src files in this folder.

Source format
-------------
* An optional first line "@wrap N" hard-wraps every output line longer than N
  columns (words are never split, so URLs stay whole). Used for the hard-wrapped
  .txt articles; all wrapped lines of a labelled paragraph are labelled.
* "@begin KIND" and "@end" lines (alone on their line) enclose an inserted block.
  They are removed from the output. Every non-blank output line between them is
  listed in the label, 1-based over the rendered file as written to disk.
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
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    width = None
    if lines and lines[0].startswith("@wrap "):
        width = int(lines[0].split()[1])
        lines = lines[1:]
    out = []
    blocks = []
    current = None
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("@begin"):
            parts = stripped.split()
            if current is not None:
                sys.exit("%s:%d nested @begin" % (src_path, n))
            if len(parts) != 2 or parts[1] not in KINDS:
                sys.exit("%s:%d bad kind in %r" % (src_path, n, line))
            current = {"lines": [], "kind": parts[1]}
            continue
        if stripped == "@end":
            if current is None or not current["lines"]:
                sys.exit("%s:%d @end without a non-empty block" % (src_path, n))
            blocks.append(current)
            current = None
            continue
        if width and len(line) > width:
            pieces = textwrap.wrap(line, width, break_long_words=False,
                                   break_on_hyphens=False)
        else:
            pieces = [line.rstrip()]
        for piece in pieces:
            out.append(piece)
            if current is not None and piece.strip():
                current["lines"].append(len(out))
    if current is not None:
        sys.exit("%s: unterminated @begin" % src_path)
    return "\n".join(out) + "\n", blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for d in (ART, LAB):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    names = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    for f in names:
        target = f[:-4]
        text, blocks = render(os.path.join(HERE, f))
        with open(os.path.join(ART, target), "w", encoding="utf-8") as fh:
            fh.write(text)
        stem = target.rsplit(".", 1)[0]
        label = {"file": "articles/" + target, "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=1)
            fh.write("\n")
        print("built %-45s %d block(s)" % (target, len(blocks)))


if __name__ == "__main__":
    main()
