#!/usr/bin/env python3
"""Render articles/ and labels/ from the marked-up sources in src/.

Source format (one file per article, NAME.ext.src):
  * an optional first line "@wrap N" hard-wraps every longer line of a .txt
    article at N columns (list items get a hanging indent);
  * "@begin KIND" and "@end" lines (never rendered) enclose one inserted block.
Every non-blank rendered line between a begin/end pair goes into the label.
Run from anywhere: python3 build.py
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
    # scraped menus, bylines and other pipe-separated furniture stay on one line
    if len(line) <= width or not line.strip() or " | " in line:
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
    out, blocks, cur = [], [], None
    for n, line in enumerate(raw, 1):
        s = line.strip()
        if s.startswith("@begin"):
            if cur is not None:
                sys.exit(f"{src_path}:{n}: nested @begin")
            kind = s.split(None, 1)[1].strip() if len(s.split()) > 1 else ""
            if kind not in KINDS:
                sys.exit(f"{src_path}:{n}: bad kind {kind!r}")
            cur = {"lines": [], "kind": kind}
            continue
        if s == "@end":
            if cur is None or not cur["lines"]:
                sys.exit(f"{src_path}:{n}: @end without content")
            blocks.append(cur)
            cur = None
            continue
        pieces = wrap_line(line, width) if width else [line]
        for p in pieces:
            out.append(p.rstrip())
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit(f"{src_path}: unclosed @begin")
    return out, blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for d in (ART, LAB):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    for f in srcs:
        name = f[:-4]                      # NAME.ext
        stem = name.rsplit(".", 1)[0]      # NAME
        lines, blocks = render(os.path.join(HERE, f))
        with open(os.path.join(ART, name), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump({"file": "articles/" + name, "inserted_blocks": blocks}, fh, indent=2)
            fh.write("\n")
        print(f"{name}: {len(lines)} lines, {len(blocks)} inserted block(s)")
    print(f"built {len(srcs)} articles")


if __name__ == "__main__":
    main()
