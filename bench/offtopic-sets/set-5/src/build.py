#!/usr/bin/env python3
"""Render ../articles/ and ../labels/ from the *.src files in this folder.

Source format
-------------
A source file is named after its article plus ".src" (a01-foo.html.src).
It may open with directive lines, each starting with "@" (before any text):

    @template NAME      HTML only: site chrome from templates.py
    @meta KEY VALUE     HTML only: values passed to the template (title, org, ...)
    @wrap N             TXT only: hard-wrap long lines at N columns (0 = no wrap)

After the directives comes the article text.  An insertion is enclosed in

    @begin KIND
    ...lines...
    @end

The marker lines are dropped from the output; every non-blank output line
produced between them is recorded in the label, 1-based over the file as
written (template chrome and YAML front matter included).
"""

import json
import os
import re
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import templates  # noqa: E402

KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"}
BULLET = re.compile(r"^(\s*(?:[-*\u2022]|\d+[.)])\s+)")


def parse(path):
    with open(path, encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    if raw and raw[-1] == "":
        raw.pop()
    directives = {"meta": {}}
    i = 0
    while i < len(raw) and raw[i].startswith("@") and not raw[i].startswith(("@begin", "@end")):
        parts = raw[i].split(None, 2)
        key = parts[0][1:]
        if key == "meta":
            directives["meta"][parts[1]] = parts[2] if len(parts) > 2 else ""
        else:
            directives[key] = parts[1] if len(parts) > 1 else ""
        i += 1
    if i < len(raw) and raw[i].strip() == "" and i > 0:
        i += 1  # one blank line after the directives is not content
    body = []  # (text, block index or None)
    blocks = []  # kinds
    current = None
    for n, line in enumerate(raw[i:], start=i + 1):
        if line.startswith("@begin"):
            if current is not None:
                raise SystemExit("%s:%d nested @begin" % (path, n))
            kind = line.split(None, 1)[1].strip()
            if kind not in KINDS:
                raise SystemExit("%s:%d unknown kind %r" % (path, n, kind))
            blocks.append(kind)
            current = len(blocks) - 1
            continue
        if line.startswith("@end"):
            if current is None:
                raise SystemExit("%s:%d @end without @begin" % (path, n))
            current = None
            continue
        if line.startswith("@"):
            raise SystemExit("%s:%d stray directive %r" % (path, n, line))
        body.append((line.rstrip(), current))
    if current is not None:
        raise SystemExit("%s: unterminated @begin" % path)
    return directives, body, blocks


def hard_wrap(body, width):
    out = []
    for text, blk in body:
        if width <= 0 or len(text) <= width or text.lstrip().startswith("|"):
            out.append((text, blk))
            continue
        m = BULLET.match(text)
        indent = " " * len(m.group(1)) if m else ""
        for piece in textwrap.wrap(text, width=width, subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False):
            out.append((piece, blk))
    return out


def render(name, path):
    ext = name.rsplit(".", 1)[1]
    directives, body, blocks = parse(path)
    if ext == "html":
        meta = dict(directives["meta"])
        meta.setdefault("slug", re.sub(r"^[a-z]\d\d-", "", name.rsplit(".", 1)[0]))
        before, after = templates.wrap(directives["template"], meta)
        lines = [(t, None) for t in before] + body + [(t, None) for t in after]
    elif ext == "txt":
        lines = hard_wrap(body, int(directives.get("wrap", "0")))
    else:
        lines = body
    # never leave two blank lines in a row or a blank first/last line
    cleaned = []
    for text, blk in lines:
        if text.strip() == "" and (not cleaned or cleaned[-1][0].strip() == ""):
            continue
        cleaned.append((text, blk))
    while cleaned and cleaned[-1][0].strip() == "":
        cleaned.pop()
    label_blocks = [{"lines": [], "kind": k} for k in blocks]
    for lineno, (text, blk) in enumerate(cleaned, start=1):
        if blk is not None and text.strip():
            label_blocks[blk]["lines"].append(lineno)
    for b in label_blocks:
        if not b["lines"]:
            raise SystemExit("%s: empty block" % path)
    content = "\n".join(t for t, _ in cleaned) + "\n"
    label = {"file": "articles/%s" % name, "inserted_blocks": label_blocks}
    return content, label


def main():
    art_dir = os.path.join(ROOT, "articles")
    lab_dir = os.path.join(ROOT, "labels")
    os.makedirs(art_dir, exist_ok=True)
    os.makedirs(lab_dir, exist_ok=True)
    for d in (art_dir, lab_dir):
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
    count = 0
    for src in sorted(os.listdir(HERE)):
        if not src.endswith(".src"):
            continue
        name = src[:-4]
        content, label = render(name, os.path.join(HERE, src))
        with open(os.path.join(art_dir, name), "w", encoding="utf-8") as fh:
            fh.write(content)
        stem = name.rsplit(".", 1)[0]
        with open(os.path.join(lab_dir, stem + ".json"), "w", encoding="utf-8") as fh:
            json.dump(label, fh, indent=2)
            fh.write("\n")
        count += 1
    print("built %d articles" % count)


if __name__ == "__main__":
    main()
