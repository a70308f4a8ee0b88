#!/usr/bin/env python3
"""Render set 11d: src/NAME.EXT.src -> articles/NAME.EXT and labels/NAME.json.

Source conventions
  @wrap N        (optional, first lines only) hard-wrap every longer line at N columns
  @begin KIND    starts an inserted block; the marker line itself is dropped
  @end           ends the block; the marker line itself is dropped
Every non-blank rendered line between @begin and @end is recorded in the label,
1-based over the rendered file exactly as written to disk.
Standard library only.
"""
import json
import os
import re
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"}


def wrap_line(line, width):
    if len(line) <= width:
        return [line]
    m = re.match(r"^(\s*(?:[-*]\s+|\d+\.\s+)?)", line)
    lead = m.group(1) if m else ""
    sub = " " * len(lead)
    return textwrap.wrap(line, width, initial_indent="", subsequent_indent=sub,
                         break_long_words=False, break_on_hyphens=False) or [line]


def render(src_text, name="?"):
    lines = src_text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    width = None
    out, blocks, cur = [], [], None
    for ln in lines:
        if ln.startswith("@wrap "):
            width = int(ln.split()[1])
            continue
        if ln.startswith("@begin"):
            parts = ln.split()
            if cur is not None or len(parts) != 2 or parts[1] not in KINDS:
                raise SystemExit("%s: bad marker %r" % (name, ln))
            cur = {"lines": [], "kind": parts[1]}
            continue
        if ln.strip() == "@end":
            if cur is None or not cur["lines"]:
                raise SystemExit("%s: stray or empty @end" % name)
            blocks.append(cur)
            cur = None
            continue
        pieces = wrap_line(ln, width) if width else [ln]
        for p in pieces:
            out.append(p.rstrip())
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        raise SystemExit("%s: unterminated @begin" % name)
    return "\n".join(out) + "\n", blocks


def main():
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    os.makedirs(os.path.join(ROOT, "articles"), exist_ok=True)
    os.makedirs(os.path.join(ROOT, "labels"), exist_ok=True)
    for f in os.listdir(os.path.join(ROOT, "articles")):
        os.remove(os.path.join(ROOT, "articles", f))
    for f in os.listdir(os.path.join(ROOT, "labels")):
        os.remove(os.path.join(ROOT, "labels", f))
    for s in srcs:
        fname = s[:-4]
        stem = fname.rsplit(".", 1)[0]
        with open(os.path.join(HERE, s), encoding="utf-8") as fh:
            text, blocks = render(fh.read(), s)
        with open(os.path.join(ROOT, "articles", fname), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        label = {"file": "articles/" + fname, "inserted_blocks": blocks}
        with open(os.path.join(ROOT, "labels", stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        print("built %-40s %d block(s)" % (fname, len(blocks)))
    print("built %d articles" % len(srcs))


if __name__ == "__main__":
    main()
