#!/usr/bin/env python3
"""Render set 8e articles and labels from the marked-up sources in this folder.

Each NAME.ext.src file is copied to ../articles/NAME.ext with the marker lines
removed. A marker pair looks like

    @begin KIND
    ...inserted block...
    @end

and must sit on lines of its own. The label for each block lists the 1-based
line numbers (in the rendered file) of every non-blank line between the pair.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")

KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"}


def render(src_path):
    out_lines = []
    blocks = []
    current = None
    with open(src_path, encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    if raw and raw[-1] == "":
        raw = raw[:-1]
    for n, line in enumerate(raw, 1):
        stripped = line.strip()
        if stripped.startswith("@begin"):
            if current is not None:
                sys.exit(f"{src_path}:{n}: nested @begin")
            parts = stripped.split()
            if len(parts) != 2 or parts[1] not in KINDS:
                sys.exit(f"{src_path}:{n}: bad kind in {stripped!r}")
            current = {"lines": [], "kind": parts[1]}
            continue
        if stripped == "@end":
            if current is None:
                sys.exit(f"{src_path}:{n}: @end without @begin")
            if not current["lines"]:
                sys.exit(f"{src_path}:{n}: empty block")
            blocks.append(current)
            current = None
            continue
        out_lines.append(line)
        if current is not None and stripped:
            current["lines"].append(len(out_lines))
    if current is not None:
        sys.exit(f"{src_path}: unterminated @begin")
    return "\n".join(out_lines) + "\n", blocks


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for d in (ART, LAB):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    for f in srcs:
        name_ext = f[:-4]
        name = name_ext.rsplit(".", 1)[0]
        text, blocks = render(os.path.join(HERE, f))
        with open(os.path.join(ART, name_ext), "w", encoding="utf-8") as fh:
            fh.write(text)
        label = {"file": "articles/" + name_ext, "inserted_blocks": blocks}
        with open(os.path.join(LAB, name + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        print(f"built {name_ext}: {len(blocks)} block(s)")
    print(f"{len(srcs)} article(s) built")


if __name__ == "__main__":
    main()
