#!/usr/bin/env python3
"""Render set 7a articles and labels from the marked-up sources in this folder.

Source format (NAME.ext.src -> ../articles/NAME.ext and ../labels/NAME.json):

  @wrap N        optional, first line only: hard-wrap every longer line at N columns
  @begin KIND    starts an inserted block (KIND is one of KINDS)
  @end           ends it

Marker lines are removed. Every non-blank rendered line between @begin and @end is
recorded (1-based, counted over the rendered file exactly as written) in the label.
Standard library only.
"""
import json
import os
import re
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ARTICLES = os.path.join(ROOT, "articles")
LABELS = os.path.join(ROOT, "labels")

KINDS = ("bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical")

BULLET = re.compile(r"^(\s*(?:[-*\u2022]|\d+[.)]|\[\d+\])\s+)")


def wrap_line(line, width):
    """Hard-wrap one source line; bullets and numbered items get a hanging indent."""
    if not width or len(line) <= width or not line.strip():
        return [line]
    m = BULLET.match(line)
    lead = re.match(r"^\s*", line).group(0)
    hang = " " * len(m.group(1)) if m else lead
    return textwrap.wrap(line, width=width, subsequent_indent=hang,
                         break_long_words=False, break_on_hyphens=False)


def render(text, name="?"):
    """Return (rendered_lines, blocks) for one source text."""
    src = text.rstrip("\n").split("\n")
    width = None
    if src and src[0].startswith("@wrap"):
        width = int(src[0].split()[1])
        src = src[1:]
    out, blocks, cur = [], [], None
    for n, raw in enumerate(src, 1):
        s = raw.strip()
        if s.startswith("@begin"):
            parts = s.split()
            if cur is not None:
                sys.exit("%s:%d nested @begin" % (name, n))
            if len(parts) != 2 or parts[1] not in KINDS:
                sys.exit("%s:%d bad kind in %r" % (name, n, raw))
            cur = {"lines": [], "kind": parts[1]}
            continue
        if s == "@end":
            if cur is None or not cur["lines"]:
                sys.exit("%s:%d @end without a non-empty block" % (name, n))
            blocks.append(cur)
            cur = None
            continue
        if s.startswith("@"):
            sys.exit("%s:%d unknown marker %r" % (name, n, raw))
        for piece in wrap_line(raw.rstrip(), width):
            out.append(piece)
            if cur is not None and piece.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unterminated @begin" % name)
    return out, blocks


def sources():
    return sorted(f for f in os.listdir(HERE) if f.endswith(".src"))


def main():
    os.makedirs(ARTICLES, exist_ok=True)
    os.makedirs(LABELS, exist_ok=True)
    wanted = set()
    for fn in sources():
        art = fn[:-4]
        stem = art.rsplit(".", 1)[0]
        with open(os.path.join(HERE, fn), encoding="utf-8") as fh:
            lines, blocks = render(fh.read(), fn)
        with open(os.path.join(ARTICLES, art), "w", encoding="utf-8", newline="\n") as fh:
            fh.write("\n".join(lines) + "\n")
        label = {"file": "articles/" + art, "inserted_blocks": blocks}
        with open(os.path.join(LABELS, stem + ".json"), "w", encoding="utf-8", newline="\n") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        wanted.update({art, stem + ".json"})
        print("built %-45s %d block(s)" % (art, len(blocks)))
    # remove stale outputs from renamed sources
    for d in (ARTICLES, LABELS):
        for f in os.listdir(d):
            if f not in wanted:
                os.remove(os.path.join(d, f))
                print("removed stale", os.path.join(os.path.basename(d), f))


if __name__ == "__main__":
    main()
