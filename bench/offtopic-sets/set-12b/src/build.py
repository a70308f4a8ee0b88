#!/usr/bin/env python3
"""Render set12b articles/ and labels/ from src/*.src.

Source format
-------------
* Every file in src/ named NAME.EXT.src becomes ../articles/NAME.EXT and
  ../labels/NAME.json.
* A line "@begin KIND" opens an inserted block, a line "@end" closes it.
  The marker lines themselves are dropped from the output.
* An optional first line "@wrap N" hard-wraps every line longer than N
  columns (used for the hard-wrapped .txt pages; one source line = one
  paragraph). The directive line is dropped too.
* Label "lines" are the 1-based output line numbers of every non-blank line
  inside a block, counted over the rendered file exactly as written.

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
        raw = raw[:-1]
    width = None
    if raw and raw[0].startswith("@wrap "):
        width = int(raw[0].split()[1])
        raw = raw[1:]
    out = []          # rendered lines
    blocks = []       # [{"kind": k, "lines": [...]}]
    current = None
    for n, line in enumerate(raw, 1):
        if line.startswith("@begin"):
            if current is not None:
                sys.exit("%s:%d nested @begin" % (src_path, n))
            parts = line.split()
            if len(parts) != 2 or parts[1] not in KINDS:
                sys.exit("%s:%d bad kind in %r" % (src_path, n, line))
            current = {"lines": [], "kind": parts[1]}
            continue
        if line.strip() == "@end":
            if current is None:
                sys.exit("%s:%d @end without @begin" % (src_path, n))
            if not current["lines"]:
                sys.exit("%s:%d empty block" % (src_path, n))
            blocks.append(current)
            current = None
            continue
        if line.startswith("@"):
            sys.exit("%s:%d unknown directive %r" % (src_path, n, line))
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
        sys.exit("%s: unclosed @begin" % src_path)
    return "\n".join(out) + "\n", blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for d in (ART, LAB):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    for f in srcs:
        article = f[:-len(".src")]
        name = article.rsplit(".", 1)[0]
        text, blocks = render(os.path.join(HERE, f))
        with open(os.path.join(ART, article), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": "articles/" + article, "inserted_blocks": blocks}
        with open(os.path.join(LAB, name + ".json"), "w",
                  encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        print("built %-40s blocks=%d" % (article, len(blocks)))
    print("built %d articles" % len(srcs))


if __name__ == "__main__":
    main()
