#!/usr/bin/env python3
"""Render ../articles/ and ../labels/ from the *.src files in this folder.

Source format
-------------
* Each NAME.ext.src renders to ../articles/NAME.ext and ../labels/NAME.json.
* A line "@begin KIND" opens an inserted block and a line "@end" closes it.
  The marker lines themselves are dropped from the output.
* An optional first line "@wrap N" hard-wraps every output line longer than
  N columns (plain-text articles only).  List items keep a hanging indent.
* Label line numbers are 1-based over the rendered file exactly as written,
  and list every non-blank output line that came from inside a block.

Standard library only.  Run: cd src && python3 build.py
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

_LIST_PREFIX = re.compile(r"^(\s*(?:[-*+] |\d+[.)] )?)")


def wrap_line(line, width):
    if len(line) <= width or not line.strip():
        return [line]
    prefix = _LIST_PREFIX.match(line).group(1)
    body = line[len(prefix):]
    pieces = textwrap.wrap(body, width=width - len(prefix),
                           break_long_words=False, break_on_hyphens=False)
    out = [prefix + pieces[0]]
    out += [" " * len(prefix) + p for p in pieces[1:]]
    return out


def render(src_text, name):
    lines = src_text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    width = None
    if lines and lines[0].startswith("@wrap "):
        width = int(lines[0].split()[1])
        lines = lines[1:]
    out, blocks, cur = [], [], None
    for n, ln in enumerate(lines, 1):
        stripped = ln.strip()
        if stripped.startswith("@begin"):
            if cur is not None:
                sys.exit("%s:%d nested @begin" % (name, n))
            parts = stripped.split()
            if len(parts) != 2 or parts[1] not in KINDS:
                sys.exit("%s:%d bad marker %r" % (name, n, ln))
            cur = {"lines": [], "kind": parts[1]}
            continue
        if stripped == "@end":
            if cur is None:
                sys.exit("%s:%d @end without @begin" % (name, n))
            if not cur["lines"]:
                sys.exit("%s:%d empty block" % (name, n))
            blocks.append(cur)
            cur = None
            continue
        if "@begin" in ln or "@end" in ln:
            sys.exit("%s:%d stray marker text" % (name, n))
        pieces = wrap_line(ln, width) if width else [ln]
        for p in pieces:
            out.append(p.rstrip())
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unclosed @begin" % name)
    blocks.sort(key=lambda b: b["lines"][0])
    return "\n".join(out) + "\n", blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    wanted_art, wanted_lab = set(), set()
    for f in srcs:
        target = f[:-4]                       # NAME.ext
        stem = target.rsplit(".", 1)[0]
        with open(os.path.join(HERE, f), encoding="utf-8") as fh:
            text, blocks = render(fh.read(), f)
        with open(os.path.join(ART, target), "w", encoding="utf-8",
                  newline="\n") as fh:
            fh.write(text)
        label = {"file": "articles/" + target, "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8",
                  newline="\n") as fh:
            json.dump(label, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
        wanted_art.add(target)
        wanted_lab.add(stem + ".json")
        print("built %-40s %d block(s)" % (target, len(blocks)))
    # remove stale outputs so the folders mirror src/ exactly
    for d, keep in ((ART, wanted_art), (LAB, wanted_lab)):
        for f in os.listdir(d):
            if f not in keep:
                os.remove(os.path.join(d, f))
    print("built %d articles" % len(srcs))


if __name__ == "__main__":
    main()
