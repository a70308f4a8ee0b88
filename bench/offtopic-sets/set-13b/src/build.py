#!/usr/bin/env python3
"""Render ../articles/ and ../labels/ from the *.src files in this folder.

Source format
-------------
* Each NAME.ext.src renders to ../articles/NAME.ext and ../labels/NAME.json.
* A line "@begin KIND" opens an inserted block and "@end" closes it. The marker
  lines themselves are dropped from the output.
* An optional first line "@wrap N" hard-wraps every line longer than N columns
  (used for the hard-wrapped .txt pages). Each source line is one paragraph.
* Label line numbers are 1-based over the rendered file and list every
  non-blank rendered line that came from inside a block.

Standard library only.
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

KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"}

BEGIN = re.compile(r"^@begin\s+(\S+)\s*$")
END = re.compile(r"^@end\s*$")
WRAP = re.compile(r"^@wrap\s+(\d+)\s*$")


def render(src_text, name="?"):
    """Return (rendered_text, blocks) for one source text."""
    lines = src_text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    width = None
    if lines and WRAP.match(lines[0]):
        width = int(WRAP.match(lines[0]).group(1))
        lines = lines[1:]
    out = []
    blocks = []
    cur = None
    for raw in lines:
        m = BEGIN.match(raw)
        if m:
            if cur is not None:
                sys.exit("%s: nested @begin" % name)
            if m.group(1) not in KINDS:
                sys.exit("%s: unknown kind %r" % (name, m.group(1)))
            cur = {"lines": [], "kind": m.group(1)}
            continue
        if END.match(raw):
            if cur is None:
                sys.exit("%s: @end without @begin" % name)
            if not cur["lines"]:
                sys.exit("%s: empty block" % name)
            blocks.append(cur)
            cur = None
            continue
        if width and len(raw) > width and raw.strip():
            indent = re.match(r"^\s*", raw).group(0)
            pieces = textwrap.wrap(raw.strip(), width=width,
                                   initial_indent=indent,
                                   subsequent_indent=indent,
                                   break_long_words=False,
                                   break_on_hyphens=False)
        else:
            pieces = [raw.rstrip()]
        for p in pieces:
            out.append(p)
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unclosed @begin" % name)
    return "\n".join(out) + "\n", blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    if not srcs:
        sys.exit("no .src files found")
    # remove stale outputs so that a renamed source does not leave debris
    for d in (ART, LAB):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    for s in srcs:
        name = s[:-4]                      # e.g. t01-leishmaniasis.md
        stem = os.path.splitext(name)[0]   # e.g. t01-leishmaniasis
        with open(os.path.join(HERE, s), encoding="utf-8") as fh:
            text, blocks = render(fh.read(), s)
        with open(os.path.join(ART, name), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": "articles/" + name, "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w",
                  encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        print("built %-40s %d block(s)" % (name, len(blocks)))


if __name__ == "__main__":
    main()
