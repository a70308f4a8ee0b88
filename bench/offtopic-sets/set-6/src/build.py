#!/usr/bin/env python3
"""Render set 6 from src/ into ../articles/ and ../labels/, and write ../README.md.

Source format (NAME.ext.src):

    @title Page title                 header lines, up to the "@@" line
    @desc  Meta description           (html only, optional)
    @section Section name             (html only, optional)
    @date  2026-05-01                 (html only, optional)
    @wrap  76                         (txt only: hard-wrap long lines)
    @@
    body lines ...
    @begin KIND                       opens an inserted block
    @about what the block is about    (recorded for README, never rendered)
    ...
    @end                              closes it

For .html the body is placed inside the site chrome of the style named by
the first letter of the file name (see templates.py). For .md and .txt the
body is the whole file. Marker lines are removed; the 1-based numbers of
the non-blank rendered lines between @begin and @end become the label.
Standard library only.
"""
import json
import os
import re
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import templates  # noqa: E402

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"]
STYLES = {
    "u": "university medical centre health library",
    "m": "lifestyle-magazine health column",
    "w": "community health wiki",
    "s": "sports and fitness coaching site",
    "n": "nurse patient-teaching sheet",
    "q": "scraped patient Q&A forum thread",
}
LIST_PREFIX = re.compile(r"^(\s*(?:[-*\u2022]|\d+[.)]|\[\d+\]|>)\s+)")


def parse_src(text):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    meta = {}
    i = 0
    while i < len(lines) and lines[i] != "@@":
        line = lines[i]
        if line.startswith("@"):
            key, _, val = line[1:].partition(" ")
            meta[key.strip()] = val.strip()
        elif line.strip():
            raise ValueError("header line without @: %r" % line)
        i += 1
    if i == len(lines):
        raise ValueError("no @@ line")
    return meta, lines[i + 1:]


def wrap_line(line, width):
    if len(line) <= width or line.startswith(("|", "+", "=", "    ")):
        return [line]
    m = LIST_PREFIX.match(line)
    indent = " " * len(m.group(1)) if m else ""
    return textwrap.wrap(line, width, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def body_tagged(meta, body):
    """Return (tagged_lines, blocks). tagged_lines: list of (text, block_index or None)."""
    out = []
    blocks = []
    current = None
    width = int(meta["wrap"]) if meta.get("wrap") else 0
    for n, line in enumerate(body, 1):
        s = line.strip()
        if s.startswith("@begin"):
            if current is not None:
                raise ValueError("nested @begin at body line %d" % n)
            kind = s[len("@begin"):].strip()
            if kind not in KINDS:
                raise ValueError("bad kind %r" % kind)
            blocks.append({"kind": kind, "about": ""})
            current = len(blocks) - 1
            continue
        if s.startswith("@about"):
            blocks[current]["about"] = s[len("@about"):].strip()
            continue
        if s == "@end":
            if current is None:
                raise ValueError("@end without @begin at body line %d" % n)
            current = None
            continue
        if s.startswith("@"):
            raise ValueError("unknown marker %r" % s)
        pieces = wrap_line(line, width) if width else [line]
        for piece in pieces:
            out.append((piece, current))
    if current is not None:
        raise ValueError("unclosed @begin")
    return out, blocks


def render(src_name, text):
    """Return (rendered_text, label_dict, block_info)."""
    name = src_name[:-len(".src")]
    stem, ext = os.path.splitext(name)
    ext = ext[1:]
    style = stem[0]
    meta, body = parse_src(text)
    meta.setdefault("slug", stem[4:])
    tagged, blocks = body_tagged(meta, body)
    if ext == "html":
        head, foot = templates.chrome(style, meta)
        tagged = [(h, None) for h in head] + tagged + [(f, None) for f in foot]
    lines_per_block = [[] for _ in blocks]
    for no, (txt, b) in enumerate(tagged, 1):
        if b is not None and txt.strip():
            lines_per_block[b].append(no)
    label = {
        "file": "articles/" + name,
        "inserted_blocks": [
            {"lines": lines_per_block[i], "kind": blocks[i]["kind"]} for i in range(len(blocks))
        ],
    }
    rendered = "\n".join(t for t, _ in tagged) + "\n"
    return rendered, label, blocks, meta


def sources():
    return sorted(f for f in os.listdir(HERE) if f.endswith(".src"))


def counts_markdown(results):
    fmts = ["md", "html", "txt"]
    lines = []
    lines.append("| | md | html | txt | total |")
    lines.append("|---|---|---|---|---|")

    def row(title, fn):
        vals = [sum(1 for r in results if r["ext"] == f and fn(r)) for f in fmts]
        lines.append("| %s | %s | %d |" % (title, " | ".join(str(v) for v in vals), sum(vals)))

    row("articles", lambda r: True)
    row("with insertions", lambda r: r["blocks"])
    row("clean", lambda r: not r["blocks"])
    row("1 block", lambda r: len(r["blocks"]) == 1)
    row("2 blocks", lambda r: len(r["blocks"]) == 2)
    row("3 blocks", lambda r: len(r["blocks"]) == 3)
    for k in KINDS:
        vals = [sum(1 for r in results if r["ext"] == f for b in r["blocks"] if b["kind"] == k) for f in fmts]
        lines.append("| %s blocks | %s | %d |" % (k, " | ".join(str(v) for v in vals), sum(vals)))
    total = [sum(len(r["blocks"]) for r in results if r["ext"] == f) for f in fmts]
    lines.append("| all blocks | %s | %d |" % (" | ".join(str(v) for v in total), sum(total)))
    lines.append("")
    lines.append("| style | articles | md | html | txt | with insertions | clean | blocks |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for s, desc in STYLES.items():
        rs = [r for r in results if r["style"] == s]
        lines.append("| %s (%s) | %d | %d | %d | %d | %d | %d | %d |" % (
            s, desc, len(rs),
            sum(1 for r in rs if r["ext"] == "md"),
            sum(1 for r in rs if r["ext"] == "html"),
            sum(1 for r in rs if r["ext"] == "txt"),
            sum(1 for r in rs if r["blocks"]),
            sum(1 for r in rs if not r["blocks"]),
            sum(len(r["blocks"]) for r in rs)))
    return "\n".join(lines)


def subjects_markdown(results):
    out = []
    for k in KINDS:
        out.append("### %s" % k)
        out.append("")
        subjects = sorted(b["about"] for r in results for b in r["blocks"] if b["kind"] == k)
        for s in subjects:
            out.append("- %s" % s)
        out.append("")
    return "\n".join(out).rstrip()


def articles_markdown(results):
    out = ["| file | style | format | subject |", "|---|---|---|---|"]
    for r in results:
        out.append("| `%s` | %s | %s | %s |" % (r["name"], r["style"], r["ext"], r["meta"].get("subject", "")))
    return "\n".join(out)


def build_all(write=True):
    results = []
    for src in sources():
        with open(os.path.join(HERE, src), encoding="utf-8") as fh:
            text = fh.read()
        rendered, label, blocks, meta = render(src, text)
        name = src[:-len(".src")]
        stem, ext = os.path.splitext(name)
        results.append({"name": name, "stem": stem, "ext": ext[1:], "style": stem[0],
                        "rendered": rendered, "label": label, "blocks": blocks, "meta": meta})
    if write:
        art = os.path.join(ROOT, "articles")
        lab = os.path.join(ROOT, "labels")
        os.makedirs(art, exist_ok=True)
        os.makedirs(lab, exist_ok=True)
        wanted_a = {r["name"] for r in results}
        wanted_l = {r["stem"] + ".json" for r in results}
        for f in os.listdir(art):
            if f not in wanted_a:
                os.remove(os.path.join(art, f))
        for f in os.listdir(lab):
            if f not in wanted_l:
                os.remove(os.path.join(lab, f))
        for r in results:
            with open(os.path.join(art, r["name"]), "w", encoding="utf-8") as fh:
                fh.write(r["rendered"])
            with open(os.path.join(lab, r["stem"] + ".json"), "w", encoding="utf-8") as fh:
                json.dump(r["label"], fh, indent=2)
                fh.write("\n")
        readme_in = os.path.join(HERE, "README.in")
        if os.path.exists(readme_in):
            with open(readme_in, encoding="utf-8") as fh:
                tpl = fh.read()
            tpl = tpl.replace("{{COUNTS}}", counts_markdown(results))
            tpl = tpl.replace("{{SUBJECTS}}", subjects_markdown(results))
            tpl = tpl.replace("{{ARTICLES}}", articles_markdown(results))
            with open(os.path.join(ROOT, "README.md"), "w", encoding="utf-8") as fh:
                fh.write(tpl)
    return results


if __name__ == "__main__":
    res = build_all()
    nblocks = sum(len(r["blocks"]) for r in res)
    print("built %d articles, %d inserted blocks" % (len(res), nblocks))
    print("OK")
