#!/usr/bin/env python3
"""Render set 8c articles and labels from the marked-up sources in this folder.

Each source is NAME.EXT.src. Insertions are wrapped in marker lines:

    @begin KIND
    ...inserted text...
    @end

A source may start with the directive "@wrap N": every following source line
longer than N columns is then hard-wrapped to N columns (list items keep a
hanging indent). Marker and directive lines never reach the rendered article.

Outputs: ../articles/NAME.EXT and ../labels/NAME.json, where the label lists,
for each insertion, every non-blank rendered line (1-based) and its kind.
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

LIST_RE = re.compile(r"^(\s*(?:[-*\u2022]|\d+[.)])\s+)")


def wrap_line(line, width):
    if len(line) <= width or not line.strip():
        return [line]
    m = LIST_RE.match(line)
    indent = " " * len(m.group(1)) if m else ""
    return textwrap.wrap(line, width=width, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def render(src_text, name="?"):
    """Return (rendered_text, blocks) for one source text."""
    lines = src_text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    width = None
    if lines and lines[0].startswith("@wrap"):
        width = int(lines[0].split()[1])
        lines = lines[1:]
    out = []
    blocks = []
    current = None
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if s.startswith("@begin"):
            if current is not None:
                sys.exit("%s:%d nested @begin" % (name, n))
            parts = s.split()
            if len(parts) != 2 or parts[1] not in KINDS:
                sys.exit("%s:%d bad kind in %r" % (name, n, s))
            current = {"lines": [], "kind": parts[1]}
            continue
        if s == "@end":
            if current is None:
                sys.exit("%s:%d @end without @begin" % (name, n))
            if not current["lines"]:
                sys.exit("%s:%d empty block" % (name, n))
            blocks.append(current)
            current = None
            continue
        if s.startswith("@"):
            sys.exit("%s:%d unknown directive %r" % (name, n, s))
        pieces = wrap_line(line.rstrip(), width) if width else [line.rstrip()]
        for piece in pieces:
            out.append(piece)
            if current is not None and piece.strip():
                current["lines"].append(len(out))
    if current is not None:
        sys.exit("%s: unterminated @begin" % name)
    return "\n".join(out) + "\n", blocks


def sources():
    return sorted(f for f in os.listdir(HERE) if f.endswith(".src"))


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for d in (ART, LAB):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    for src in sources():
        name = src[:-len(".src")]
        with open(os.path.join(HERE, src), encoding="utf-8") as fh:
            text, blocks = render(fh.read(), src)
        with open(os.path.join(ART, name), "w", encoding="utf-8") as fh:
            fh.write(text)
        stem = name.rsplit(".", 1)[0]
        label = {"file": "articles/" + name, "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        print("built %-45s %d block(s)" % (name, len(blocks)))


if __name__ == "__main__":
    main()
