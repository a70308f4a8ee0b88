#!/usr/bin/env python3
"""Render ../articles/ and ../labels/ from the NAME.ext.src files in this folder.

Source conventions
  @wrap N        optional first line: hard-wrap every longer line at N columns
                 (used for the hard-wrapped .txt pages)
  @begin KIND    starts an inserted block (line is dropped from the output)
  @end           ends it (line is dropped from the output)

Every non-blank rendered line between @begin and @end is recorded in the label,
with 1-based line numbers over the rendered file exactly as written to disk.
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


def render(src_text, name="?"):
    lines = src_text.split("\n")
    wrap = None
    if lines and lines[0].startswith("@wrap "):
        wrap = int(lines[0].split()[1])
        lines = lines[1:]
    out, blocks, cur = [], [], None
    for raw in lines:
        s = raw.strip()
        if s.startswith("@begin"):
            parts = s.split()
            if cur is not None:
                sys.exit("%s: nested @begin" % name)
            if len(parts) != 2 or parts[1] not in KINDS:
                sys.exit("%s: bad marker %r" % (name, s))
            cur = {"lines": [], "kind": parts[1]}
            continue
        if s == "@end":
            if cur is None:
                sys.exit("%s: @end without @begin" % name)
            if not cur["lines"]:
                sys.exit("%s: empty block" % name)
            blocks.append(cur)
            cur = None
            continue
        if wrap and len(raw) > wrap:
            pieces = textwrap.wrap(raw, wrap, break_long_words=False,
                                   break_on_hyphens=False)
        else:
            pieces = [raw]
        for p in pieces:
            out.append(p.rstrip())
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unterminated @begin" % name)
    text = "\n".join(out)
    if not text.endswith("\n"):
        text += "\n"
    return text, blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    for old in os.listdir(ART):
        os.remove(os.path.join(ART, old))
    for old in os.listdir(LAB):
        os.remove(os.path.join(LAB, old))
    for f in srcs:
        fname = f[:-4]                      # NAME.ext
        stem = fname.rsplit(".", 1)[0]      # NAME
        with open(os.path.join(HERE, f), encoding="utf-8") as fh:
            text, blocks = render(fh.read(), f)
        with open(os.path.join(ART, fname), "w", encoding="utf-8",
                  newline="\n") as fh:
            fh.write(text)
        label = {"file": "articles/" + fname, "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8",
                  newline="\n") as fh:
            json.dump(label, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        print("built %-40s %d block(s)" % (fname, len(blocks)))
    print("built %d articles" % len(srcs))


if __name__ == "__main__":
    main()
