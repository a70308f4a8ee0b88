#!/usr/bin/env python3
"""Render set 8b: src/NAME.ext.src -> articles/NAME.ext and labels/NAME.json.

A source file is the article exactly as it will appear on disk, plus marker
lines that wrap each inserted block:

    @begin KIND
    ...block lines...
    @end

Marker lines are dropped from the output. Every non-blank output line that
falls between a pair of markers is recorded in the label, 1-based, counted
over the rendered file (front matter, HTML head and nav included).

Standard library only.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")

KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"}
BEGIN = re.compile(r"^@begin\s+(\S+)\s*$")
END = re.compile(r"^@end\s*$")


def render(src_path):
    with open(src_path, encoding="utf-8") as fh:
        text = fh.read()
    if text.endswith("\n"):
        text = text[:-1]
    out, blocks, cur = [], [], None
    for srcno, line in enumerate(text.split("\n"), 1):
        m = BEGIN.match(line)
        if m:
            if cur is not None:
                sys.exit("%s:%d: nested @begin" % (src_path, srcno))
            kind = m.group(1)
            if kind not in KINDS:
                sys.exit("%s:%d: unknown kind %r" % (src_path, srcno, kind))
            cur = {"lines": [], "kind": kind}
            continue
        if END.match(line):
            if cur is None:
                sys.exit("%s:%d: @end without @begin" % (src_path, srcno))
            if not cur["lines"]:
                sys.exit("%s:%d: empty block" % (src_path, srcno))
            blocks.append(cur)
            cur = None
            continue
        if line.startswith("@"):
            sys.exit("%s:%d: stray marker-like line" % (src_path, srcno))
        out.append(line)
        if cur is not None and line.strip():
            cur["lines"].append(len(out))
    if cur is not None:
        sys.exit("%s: unclosed @begin" % src_path)
    return "\n".join(out) + "\n", blocks


def format_label(label):
    """JSON with each block on one line, e.g. {"lines": [3, 4], "kind": "plug"}."""
    if not label["inserted_blocks"]:
        return json.dumps(label) + "\n"
    rows = ",\n".join("    " + json.dumps(b) for b in label["inserted_blocks"])
    return '{\n  "file": %s,\n  "inserted_blocks": [\n%s\n  ]\n}\n' % (
        json.dumps(label["file"]), rows)


def main():
    os.makedirs(ART, exist_ok=True)
    os.makedirs(LAB, exist_ok=True)
    for old in glob.glob(os.path.join(ART, "*")) + glob.glob(os.path.join(LAB, "*.json")):
        os.remove(old)
    srcs = sorted(glob.glob(os.path.join(HERE, "*.src")))
    for src in srcs:
        fname = os.path.basename(src)[:-len(".src")]
        name = fname.rsplit(".", 1)[0]
        body, blocks = render(src)
        with open(os.path.join(ART, fname), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(body)
        label = {"file": "articles/" + fname,
                 "inserted_blocks": [{"lines": b["lines"], "kind": b["kind"]} for b in blocks]}
        with open(os.path.join(LAB, name + ".json"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(format_label(label))
        print("built %-45s %d block(s)" % (fname, len(blocks)))
    print("built %d articles" % len(srcs))


if __name__ == "__main__":
    main()
