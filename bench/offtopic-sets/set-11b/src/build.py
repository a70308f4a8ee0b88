#!/usr/bin/env python3
"""Render /work/set11b/articles/ and /work/set11b/labels/ from the *.src files in src/.

Source format (one file per article, named NAME.ext.src):
  * an optional first line "@wrap N" hard-wraps every output line longer than N columns
    (list items "- " get a two-space hanging indent);
  * "@begin KIND" and "@end" lines (on their own) surround each inserted block;
  * everything else is copied verbatim.
Marker lines are dropped; a block's label lists every non-blank rendered line between them.
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
KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"}


def wrap_line(line, width):
    if len(line) <= width or not line.strip():
        return [line]
    indent = ""
    sub = ""
    stripped = line.lstrip()
    lead = line[: len(line) - len(stripped)]
    if stripped.startswith(("- ", "* ")):
        indent, sub = lead, lead + "  "
    else:
        indent = sub = lead
    return textwrap.wrap(stripped, width=width, initial_indent=indent,
                         subsequent_indent=sub, break_long_words=False,
                         break_on_hyphens=False)


def render(src_path):
    with open(src_path, encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    width = None
    if raw and raw[0].startswith("@wrap"):
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
            parts = s.split()
            if len(parts) != 2 or parts[1] not in KINDS:
                sys.exit(f"{src_path}:{n}: bad kind {s!r}")
            cur = {"lines": [], "kind": parts[1]}
            continue
        if s == "@end":
            if cur is None or not cur["lines"]:
                sys.exit(f"{src_path}:{n}: @end without a non-empty block")
            blocks.append(cur)
            cur = None
            continue
        pieces = wrap_line(line, width) if width else [line]
        for p in pieces:
            out.append(p.rstrip())
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    if cur is not None:
        sys.exit(f"{src_path}: unterminated @begin")
    return "\n".join(out) + "\n", blocks


def dump_label(label):
    """JSON with one block per line, e.g. {"lines": [4, 5], "kind": "plug"}."""
    if not label["inserted_blocks"]:
        return json.dumps(label) + "\n"
    rows = ",\n".join("    " + json.dumps(b) for b in label["inserted_blocks"])
    return '{\n  "file": %s,\n  "inserted_blocks": [\n%s\n  ]\n}\n' % (json.dumps(label["file"]), rows)


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for d in (ART, LAB):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    for f in srcs:
        name = f[: -len(".src")]
        stem = name.rsplit(".", 1)[0]
        text, blocks = render(os.path.join(HERE, f))
        with open(os.path.join(ART, name), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": f"articles/{name}", "inserted_blocks": blocks}
        with open(os.path.join(LAB, stem + ".json"), "w", encoding="utf-8") as fh:
            fh.write(dump_label(label))
        print(f"built {name}: {len(blocks)} block(s)")
    print(f"{len(srcs)} articles built")


if __name__ == "__main__":
    main()
