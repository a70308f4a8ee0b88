#!/usr/bin/env python3
"""Render articles/ and labels/ from the NAME.ext.src files in this folder.

Source syntax (marker lines are removed from the output):
  @wrap N        first line only: hard-wrap every longer line at N columns
  @begin KIND    starts an inserted block
  @end           ends it
Labels list every non-blank output line between @begin and @end (1-based).
Standard library only.
"""
import json
import os
import re
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"}
BULLET = re.compile(r"^(\s*(?:[-*\u2022]\s+|\d+[.)]\s+)?)")


def wrap_line(line, width):
    if len(line) <= width:
        return [line]
    prefix = BULLET.match(line).group(1)
    return textwrap.wrap(line, width=width,
                         subsequent_indent=" " * len(prefix),
                         break_long_words=False, break_on_hyphens=False)


def render(text, name="?"):
    """Return (rendered_text, blocks) for one source text."""
    src_lines = text.split("\n")
    width = None
    if src_lines and src_lines[0].startswith("@wrap "):
        width = int(src_lines[0].split()[1])
        src_lines = src_lines[1:]
    out, blocks, cur = [], [], None
    for raw in src_lines:
        s = raw.strip()
        if s.startswith("@begin"):
            if cur is not None:
                sys.exit("%s: nested @begin" % name)
            parts = s.split()
            if len(parts) != 2 or parts[1] not in KINDS:
                sys.exit("%s: bad marker %r" % (name, s))
            cur = {"lines": [], "kind": parts[1]}
            continue
        if s == "@end":
            if cur is None or not cur["lines"]:
                sys.exit("%s: @end without a non-empty block" % name)
            blocks.append(cur)
            cur = None
            continue
        for piece in (wrap_line(raw, width) if width else [raw]):
            out.append(piece)
            if cur is not None and piece.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unterminated @begin" % name)
    return "\n".join(out), blocks


def dump_label(label):
    """JSON with one block per line, e.g. {"lines": [3, 4], "kind": "plug"}."""
    rows = [json.dumps(b, ensure_ascii=False) for b in label["inserted_blocks"]]
    body = ("[\n    " + ",\n    ".join(rows) + "\n  ]") if rows else "[]"
    return ('{\n  "file": %s,\n  "inserted_blocks": %s\n}\n'
            % (json.dumps(label["file"]), body))


def sources():
    return sorted(f for f in os.listdir(HERE) if f.endswith(".src"))


def main():
    art = os.path.join(ROOT, "articles")
    lab = os.path.join(ROOT, "labels")
    os.makedirs(art, exist_ok=True)
    os.makedirs(lab, exist_ok=True)
    for f in os.listdir(art):
        os.remove(os.path.join(art, f))
    for f in os.listdir(lab):
        os.remove(os.path.join(lab, f))
    for src in sources():
        fname = src[:-4]
        stem = fname.rsplit(".", 1)[0]
        with open(os.path.join(HERE, src), encoding="utf-8") as fh:
            text, blocks = render(fh.read(), src)
        with open(os.path.join(art, fname), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": "articles/" + fname, "inserted_blocks": blocks}
        with open(os.path.join(lab, stem + ".json"), "w", encoding="utf-8") as fh:
            fh.write(dump_label(label))
        print("built %-40s %d block(s)" % (fname, len(blocks)))


if __name__ == "__main__":
    main()
