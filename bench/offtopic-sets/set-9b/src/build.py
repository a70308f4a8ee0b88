#!/usr/bin/env python3
"""Render articles/ and labels/ from the *.src files in this folder.

Source format
  - An optional first line "@wrap N" hard-wraps every line longer than N
    columns (plain-text pages only); shorter lines are left exactly as written.
  - "@begin KIND" and "@end" lines surround each inserted block. They are
    removed from the output; the non-blank rendered lines between them become
    the block's "lines" in the label file (1-based, over the file as on disk).

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
KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"}


def wrap_line(line, width):
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    sub = indent
    for bullet in ("- ", "* ", "> "):
        if stripped.startswith(bullet):
            sub = indent + "  "
            break
    out = textwrap.wrap(line, width=width, initial_indent="",
                        subsequent_indent=sub, break_long_words=False,
                        break_on_hyphens=False)
    return out or [line]


def render(path):
    with open(path, encoding="utf-8") as fh:
        raw = fh.read().rstrip("\n").split("\n")
    wrap = None
    if raw and raw[0].startswith("@wrap "):
        wrap = int(raw[0].split()[1])
        raw = raw[1:]
    out, blocks, cur = [], [], None
    for n, line in enumerate(raw, 1):
        s = line.strip()
        if s.startswith("@begin"):
            if cur is not None:
                sys.exit("%s:%d nested @begin" % (path, n))
            kind = s.split(None, 1)[1].strip()
            if kind not in KINDS:
                sys.exit("%s:%d unknown kind %r" % (path, n, kind))
            cur = {"lines": [], "kind": kind}
            continue
        if s == "@end":
            if cur is None or not cur["lines"]:
                sys.exit("%s:%d stray or empty @end" % (path, n))
            blocks.append(cur)
            cur = None
            continue
        pieces = wrap_line(line, wrap) if (wrap and len(line) > wrap) else [line]
        for p in pieces:
            out.append(p.rstrip())
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unterminated @begin" % path)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n", blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for old in os.listdir(ART):
        os.remove(os.path.join(ART, old))
    for old in os.listdir(LAB):
        os.remove(os.path.join(LAB, old))
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    for f in srcs:
        name = f[:-4]                      # e.g. i01-thalassaemia-trait.html
        stem = name.rsplit(".", 1)[0]
        text, blocks = render(os.path.join(HERE, f))
        with open(os.path.join(ART, name), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": "articles/" + name, "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        print("%-45s %d block(s)" % (name, len(blocks)))
    print("built %d articles" % len(srcs))


if __name__ == "__main__":
    main()
