#!/usr/bin/env python3
"""Render set-3 articles and labels from the *.src sources in this folder.

Source format (one file per article):
  @file NAME.ext          output file name (required, first line)
  @wrap 78                optional (.txt only): hard-wrap every source line at 78 columns
  @site N                 optional (.html only): wrap the body in site template N
  @title TEXT             (.html only) page title
  @begin KIND             start of an inserted block
  @end                    end of an inserted block
Every other line is article text. In .html sources the text lines form the inside of <main>.
Blank lines inside a block are kept in the article but never labelled.
"""
import json, os, re, sys, textwrap, glob

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"}

SITES = {
    "1": {
        "name": "Brightwell Health Library",
        "head": ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
                 '<title>{title} | Brightwell Health Library</title>',
                 '<link rel="stylesheet" href="/assets/library.css">', '</head>', '<body>',
                 '<nav class="topnav"><a href="/">Home</a> <a href="/conditions/">Conditions A-Z</a> <a href="/medicines/">Medicines</a> <a href="/live-well/">Live well</a> <a href="/contact/">Contact us</a></nav>',
                 '<main>', '<article>'],
        "foot": ['</article>', '</main>',
                 '<footer><p>&copy; 2026 Brightwell Health Library. Content is for information only.</p><p><a href="/privacy/">Privacy</a> | <a href="/accessibility/">Accessibility</a> | <a href="/cookies/">Cookies</a></p></footer>',
                 '</body>', '</html>'],
    },
    "2": {
        "name": "Riverside Community Clinic",
        "head": ['<!doctype html>', '<html>', '<head>', '<meta charset="utf-8">',
                 '<meta name="viewport" content="width=device-width, initial-scale=1">',
                 '<title>{title} - Riverside Community Clinic</title>', '</head>', '<body class="patient-info">',
                 '<header><a class="logo" href="https://riverside-clinic.example.org/">Riverside Community Clinic</a></header>',
                 '<nav>',
                 '<ul><li><a href="/patients/">Patients</a></li><li><a href="/services/">Services</a></li><li><a href="/leaflets/">Leaflets</a></li><li><a href="/appointments/">Appointments</a></li></ul>',
                 '</nav>', '<main id="content">'],
        "foot": ['</main>', '<footer>',
                 '<p>Riverside Community Clinic, 14 Mill Lane. Leaflet team: leaflets@riverside-clinic.example.org</p>',
                 '<p><a href="/terms/">Terms</a> &middot; <a href="/privacy/">Privacy notice</a></p>',
                 '</footer>', '</body>', '</html>'],
    },
    "3": {
        "name": "WellRead",
        "head": ['<!DOCTYPE html>', '<html lang="en-US">', '<head>', '<meta charset="UTF-8">',
                 '<title>{title} &ndash; WellRead</title>',
                 '<meta name="description" content="Plain-language health explainers from WellRead.">',
                 '</head>', '<body>',
                 '<nav id="site-nav"><a href="https://wellread.example.com/">WellRead</a> | <a href="https://wellread.example.com/health/">Health</a> | <a href="https://wellread.example.com/family/">Family</a> | <a href="https://wellread.example.com/fitness/">Fitness</a> | <a href="https://wellread.example.com/about/">About</a></nav>',
                 '<main>'],
        "foot": ['</main>',
                 '<footer><p>WellRead does not provide medical advice, diagnosis or treatment.</p><p>&copy; WellRead Media 2026 &middot; <a href="https://wellread.example.com/editorial-policy/">Editorial policy</a></p></footer>',
                 '</body>', '</html>'],
    },
}


def wrap_line(line, width):
    if not line.strip():
        return [""]
    m = re.match(r"^(\s*(?:[-*]|\d+[.)])\s+)", line)
    if m:
        ind = " " * len(m.group(1))
        return textwrap.wrap(line, width=width, subsequent_indent=ind,
                             break_long_words=False, break_on_hyphens=False)
    return textwrap.wrap(line, width=width, break_long_words=False, break_on_hyphens=False)


def parse(path):
    meta = {}
    body = []  # (text, block_index or None)
    blocks = []
    cur = None
    with open(path, encoding="utf-8") as f:
        for raw in f.read().split("\n"):
            if raw.startswith("@file ") or raw.startswith("@wrap ") or raw.startswith("@site ") or raw.startswith("@title "):
                k, v = raw[1:].split(" ", 1)
                meta[k] = v.strip()
                continue
            if raw.startswith("@begin "):
                if cur is not None:
                    sys.exit(f"{path}: nested @begin")
                kind = raw.split(" ", 1)[1].strip()
                if kind not in KINDS:
                    sys.exit(f"{path}: unknown kind {kind}")
                blocks.append(kind)
                cur = len(blocks) - 1
                continue
            if raw.strip() == "@end":
                if cur is None:
                    sys.exit(f"{path}: @end without @begin")
                cur = None
                continue
            if raw.startswith("@"):
                sys.exit(f"{path}: unknown directive {raw}")
            body.append((raw, cur))
    if cur is not None:
        sys.exit(f"{path}: unclosed block")
    # trim trailing blank lines
    while body and not body[-1][0].strip():
        body.pop()
    return meta, body, blocks


def render(path):
    meta, body, blocks = parse(path)
    name = meta["file"]
    ext = name.rsplit(".", 1)[1]
    out = []  # (text, block)
    width = int(meta["wrap"]) if "wrap" in meta else None
    if ext == "html":
        site = SITES[meta.get("site", "1")]
        for h in site["head"]:
            out.append((h.replace("{title}", meta["title"]), None))
    for text, b in body:
        if width:
            for w in wrap_line(text, width):
                out.append((w, b))
        else:
            out.append((text, b))
    if ext == "html":
        for h in site["foot"]:
            out.append((h, None))
    lines = [t for t, _ in out]
    inserted = []
    for i, kind in enumerate(blocks):
        nums = [n + 1 for n, (t, b) in enumerate(out) if b == i and t.strip()]
        if not nums:
            sys.exit(f"{path}: empty block {i}")
        inserted.append({"lines": nums, "kind": kind})
    with open(os.path.join(ROOT, "articles", name), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    stem = name.rsplit(".", 1)[0]
    with open(os.path.join(ROOT, "labels", stem + ".json"), "w", encoding="utf-8") as f:
        blocks_txt = ",\n".join("  " + json.dumps(b) for b in inserted)
        body = '{"file": %s, "inserted_blocks": [%s]}' % (
            json.dumps("articles/" + name), ("\n" + blocks_txt + "\n") if inserted else "")
        json.loads(body)
        f.write(body + "\n")
    return name, lines, inserted


def main():
    srcs = sorted(glob.glob(os.path.join(HERE, "*.src")))
    for d in ("articles", "labels"):
        for old in glob.glob(os.path.join(ROOT, d, "*")):
            os.remove(old)
    review = []
    for s in srcs:
        name, lines, inserted = render(s)
        review.append(f"=== {name}")
        for blk in inserted:
            review.append(f"--- {blk['kind']} {blk['lines']}")
            for n in blk["lines"]:
                review.append(f"{n:4d}: {lines[n-1]}")
    with open(os.path.join(HERE, "labelled_lines.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(review) + "\n")
    print(f"built {len(srcs)} articles")


if __name__ == "__main__":
    main()
