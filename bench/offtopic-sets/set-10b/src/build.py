#!/usr/bin/env python3
"""Render /work/set10b/articles/ and /work/set10b/labels/ from the *.src files here.

Source format
-------------
* A source is named NAME.EXT.src and renders to ../articles/NAME.EXT.
* An optional first line "@wrap N" hard-wraps every rendered line longer than
  N columns (used for the hard-wrapped .txt pages). Shorter lines are untouched.
* "@begin KIND" and "@end" lines (on their own) surround each insertion. They
  are dropped from the output; every non-blank output line between them is
  recorded in ../labels/NAME.json with 1-based line numbers over the file as
  written to disk.
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

KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"}

LIST_RE = re.compile(r"^(\s*(?:[-*\u2022]|\d+[.)])\s+)")


def wrap_line(line, width):
    if len(line) <= width:
        return [line]
    m = LIST_RE.match(line)
    indent = " " * len(m.group(1)) if m else ""
    return textwrap.wrap(line, width=width, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def render(src_path):
    with open(src_path, encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    if raw and raw[-1] == "":
        raw = raw[:-1]
    width = None
    if raw and raw[0].startswith("@wrap "):
        width = int(raw[0].split()[1])
        raw = raw[1:]
    out = []
    blocks = []
    cur = None
    for n, line in enumerate(raw, 1):
        s = line.strip()
        if s.startswith("@begin"):
            if cur is not None:
                sys.exit(f"{src_path}:{n}: nested @begin")
            kind = s.split(None, 1)[1].strip() if len(s.split()) > 1 else ""
            if kind not in KINDS:
                sys.exit(f"{src_path}:{n}: unknown kind {kind!r}")
            cur = {"lines": [], "kind": kind}
            continue
        if s == "@end":
            if cur is None:
                sys.exit(f"{src_path}:{n}: @end without @begin")
            if not cur["lines"]:
                sys.exit(f"{src_path}:{n}: empty block")
            blocks.append(cur)
            cur = None
            continue
        pieces = wrap_line(line, width) if width else [line]
        for p in pieces:
            out.append(p)
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit(f"{src_path}: unterminated @begin")
    return "\n".join(out) + "\n", blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    wanted_art = set()
    wanted_lab = set()
    for f in srcs:
        name = f[:-4]
        stem = name.rsplit(".", 1)[0]
        text, blocks = render(os.path.join(HERE, f))
        with open(os.path.join(ART, name), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": f"articles/{name}", "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        wanted_art.add(name)
        wanted_lab.add(stem + ".json")
        print(f"built {name}: {len(blocks)} block(s)")
    # remove stale outputs from earlier builds
    for f in os.listdir(ART):
        if f not in wanted_art:
            os.remove(os.path.join(ART, f))
    for f in os.listdir(LAB):
        if f not in wanted_lab:
            os.remove(os.path.join(LAB, f))


if __name__ == "__main__":
    main()
