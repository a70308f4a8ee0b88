#!/usr/bin/env python3
"""Render src/*.src into articles/ and labels/.

Source format:
  header lines "@key value" ... terminated by a line "@@"
    @wrap 78        (txt only) hard-wrap every long line at that width
    @site NAME      (html only) chrome template from templates.py
    @title TEXT     (html only) page title
    @desc TEXT      (html only) meta description
  then the body, verbatim, except marker lines:
    @begin KIND     start of an inserted block
    @end            end of an inserted block
"""
import glob, json, os, re, textwrap
from templates import TEMPLATES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"}


def parse(path):
    lines = open(path, encoding="utf-8").read().rstrip("\n").split("\n")
    hdr, i = {}, 0
    while lines[i] != "@@":
        k, _, v = lines[i][1:].partition(" ")
        hdr[k] = v.strip()
        i += 1
    body = lines[i + 1:]
    while body and not body[0].strip():
        body.pop(0)
    while body and not body[-1].strip():
        body.pop()
    return hdr, body


def wrap_line(line, width):
    if len(line) <= width:
        return [line]
    m = re.match(r"^(\s*(?:[-*]|\d+[.)])\s+)", line)
    ind = " " * len(m.group(1)) if m else ""
    return textwrap.wrap(line, width=width, subsequent_indent=ind,
                         break_long_words=False, break_on_hyphens=False)


def render(src):
    base = os.path.basename(src)[:-4]          # NAME.ext
    ext = base.rsplit(".", 1)[1]
    hdr, body = parse(src)
    out, blocks, cur = [], [], None
    post = []
    if ext == "html":
        tpl = TEMPLATES[hdr["site"]]
        tlines = tpl.split("\n")
        k = tlines.index("{body}")
        fill = lambda s: s.replace("{title}", hdr["title"]).replace("{desc}", hdr.get("desc", hdr["title"]))
        out.extend(fill(t) for t in tlines[:k])
        post = [fill(t) for t in tlines[k + 1:]]
    width = int(hdr["wrap"]) if "wrap" in hdr else None
    for ln in body:
        if ln.startswith("@begin"):
            assert cur is None, (src, ln)
            kind = ln.split()[1]
            assert kind in KINDS, (src, kind)
            cur = {"lines": [], "kind": kind}
            continue
        if ln.strip() == "@end":
            assert cur is not None and cur["lines"], (src, "empty or unopened block")
            blocks.append(cur)
            cur = None
            continue
        pieces = wrap_line(ln, width) if width else [ln]
        for p in pieces:
            out.append(p.rstrip())
            if cur is not None and p.strip():
                cur["lines"].append(len(out))
    assert cur is None, (src, "unclosed block")
    out.extend(post)
    text = "\n".join(out) + "\n"
    with open(os.path.join(ROOT, "articles", base), "w", encoding="utf-8") as f:
        f.write(text)
    name = base.rsplit(".", 1)[0]
    with open(os.path.join(ROOT, "labels", name + ".json"), "w", encoding="utf-8") as f:
        json.dump({"file": "articles/" + base, "inserted_blocks": blocks}, f, indent=2)
        f.write("\n")
    return base, blocks


def main():
    for d in ("articles", "labels"):
        for old in glob.glob(os.path.join(ROOT, d, "*")):
            os.remove(old)
    srcs = sorted(glob.glob(os.path.join(HERE, "*.src")))
    for s in srcs:
        render(s)
    print("built", len(srcs), "articles")


if __name__ == "__main__":
    main()
