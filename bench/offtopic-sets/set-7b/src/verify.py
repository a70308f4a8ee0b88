#!/usr/bin/env python3
"""Check the rendered set (articles/ + labels/) and print counts, then OK.

Standard library only. Exits non-zero on the first list of problems.
"""
import codecs
import json
import os
import re
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"]
# Banned stock transitions, stored rot13 so that this file does not contain them.
BANNED_ROT13 = ['fvzvyneyl', 'fcrnxvat bs', 'vagrerfgvatyl', 'snfpvangvat',
                'nyy pbaarpgrq', 'yvxr gubfr sbhaq va', 'hygvzngryl',
                'ba n eryngrq abgr', 'va bgure arjf', 'ol gur jnl',
                'pbaarpgrq va fhecevfvat jnlf', 'yvxrjvfr', 'va gur fnzr jnl',
                'ba gung abgr', "juvyr jr'er ba gur fhowrpg"]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]
ALLOWED_HOST = re.compile(r"(^|\.)example\.(com|org|net)$", re.I)
WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*")

problems = []


def bad(msg):
    problems.append(msg)


class MainText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.chunks = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth > 0:
            self.chunks.append(data)


def body_text(name, text):
    ext = os.path.splitext(name)[1]
    if ext == ".html":
        p = MainText()
        p.feed(text)
        if not p.chunks:
            bad("%s: no <main> text" % name)
        return " ".join(p.chunks)
    if ext == ".md":
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            end = lines.index("---", 1)
            lines = lines[end + 1:]
        body = "\n".join(lines)
        return re.sub(r"\]\([^)]*\)", "]", body)   # drop link targets
    return text


def hosts_in(text):
    """Yield every host named by a URL, bare host path or e-mail address."""
    for m in re.finditer(r"[a-z][a-z0-9+.\-]*://([^/\s\"'<>)\]]+)", text, re.I):
        yield m.group(1).split(":")[0].split("@")[-1]
    for m in re.finditer(r"[\w.+\-]+@([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)", text):
        yield m.group(1)
    for m in re.finditer(r"(?<![\w@/.\-])((?:www\.)?(?:[a-z0-9\-]+\.)+"
                         r"(?:com|org|net|uk|au|ca|io|co|info|biz|us|nz|ie|tv|fm))"
                         r"(?![\w\-])", text, re.I):
        yield m.group(1)


def check_urls(name, text):
    for h in hosts_in(text):
        h = h.rstrip(".").lower()
        if not ALLOWED_HOST.search(h):
            bad("%s: host not allowed: %s" % (name, h))
    for m in re.finditer(r"(?:href|src|action)=\"([^\"]*)\"", text):
        v = m.group(1)
        if re.match(r"(https?:)?//", v) or v.startswith(("mailto:", "tel:", "#", "/")):
            continue
        if re.match(r"[a-z]+:", v):
            bad("%s: odd link scheme %s" % (name, v))


def check_banned(name, text):
    low = text.lower().replace("\u2019", "'")
    for b in BANNED:
        if re.search(r"(?<![a-z])" + re.escape(b) + r"(?![a-z])", low):
            bad("%s: banned phrase %r" % (name, b))


def main():
    arts = sorted(os.listdir(ART))
    if len(arts) != 12:
        bad("expected 12 articles, found %d" % len(arts))
    per_ext, per_style, kind_fmt = {}, {}, {}
    inserted = clean = nblocks = 0
    blocks_per_article = {}
    for name in arts:
        ext = os.path.splitext(name)[1]
        per_ext[ext] = per_ext.get(ext, 0) + 1
        style = name[0]
        if style not in "ro" or not re.match(r"^[ro]\d\d-[a-z0-9\-]+\.(md|html|txt)$", name):
            bad("%s: bad file name" % name)
        per_style[style] = per_style.get(style, 0) + 1
        with open(os.path.join(ART, name), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        lab_path = os.path.join(LAB, os.path.splitext(name)[0] + ".json")
        if not os.path.exists(lab_path):
            bad("%s: no label" % name)
            continue
        with open(lab_path, encoding="utf-8") as fh:
            lab = json.load(fh)
        if lab.get("file") != "articles/" + name:
            bad("%s: label file field %r" % (name, lab.get("file")))
        blocks = lab.get("inserted_blocks")
        if not isinstance(blocks, list):
            bad("%s: inserted_blocks missing" % name)
            continue
        blocks_per_article[name] = len(blocks)
        if blocks:
            inserted += 1
        else:
            clean += 1
        used = set()
        for b in blocks:
            nblocks += 1
            k = b.get("kind")
            if k not in KINDS:
                bad("%s: bad kind %r" % (name, k))
            kind_fmt.setdefault(k, {}).setdefault(ext, 0)
            kind_fmt[k][ext] += 1
            ls = b.get("lines", [])
            if not ls:
                bad("%s: empty block" % name)
                continue
            if ls != sorted(ls) or len(set(ls)) != len(ls):
                bad("%s: lines not sorted/unique %s" % (name, ls))
            for n in ls:
                if not (1 <= n <= len(lines)):
                    bad("%s: line %d out of range" % (name, n))
                elif not lines[n - 1].strip():
                    bad("%s: line %d is blank" % (name, n))
                if n in used:
                    bad("%s: line %d in two blocks" % (name, n))
                used.add(n)
            for n in range(ls[0], ls[-1] + 1):
                if n not in ls and n <= len(lines) and lines[n - 1].strip():
                    bad("%s: block %s not contiguous at line %d" % (name, k, n))
        for i, l in enumerate(lines, 1):
            if l.strip().startswith(("@begin", "@end", "@wrap")):
                bad("%s:%d marker leaked" % (name, i))
        words = len(WORD.findall(body_text(name, text)))
        if not 450 <= words <= 800:
            bad("%s: body words %d outside 450-800" % (name, words))
        print("  %-36s %4d words  %d block(s)  %s" % (
            name, words, len(blocks), ", ".join(b.get("kind", "?") for b in blocks) or "clean"))
        check_urls(name, text)
    # banned phrases anywhere in the set, URL hosts in src too
    for folder, _, files in os.walk(ROOT):
        for f in files:
            p = os.path.join(folder, f)
            if "__pycache__" in p:
                continue
            with open(p, encoding="utf-8") as fh:
                t = fh.read()
            check_banned(os.path.relpath(p, ROOT), t)
            if f.endswith(".src"):
                check_urls(f, t)
    for k in KINDS:
        tot = sum(kind_fmt.get(k, {}).values())
        if not 2 <= tot <= 3:
            bad("kind %s used %d times (want 2-3)" % (k, tot))
    if sorted(per_ext.values()) != [4, 4, 4]:
        bad("formats not 4/4/4: %s" % per_ext)
    if per_style.get("r") != 6 or per_style.get("o") != 6:
        bad("styles not 6/6: %s" % per_style)

    print()
    print("articles: %d  (%s)" % (len(arts), ", ".join(
        "%s %d" % (e, n) for e, n in sorted(per_ext.items()))))
    print("styles: r %d, o %d" % (per_style.get("r", 0), per_style.get("o", 0)))
    print("inserted: %d  clean: %d  blocks: %d" % (inserted, clean, nblocks))
    dist = {}
    for n in blocks_per_article.values():
        dist[n] = dist.get(n, 0) + 1
    print("blocks per article: %s" % ", ".join(
        "%d-block x%d" % (n, c) for n, c in sorted(dist.items())))
    for k in KINDS:
        d = kind_fmt.get(k, {})
        print("  %-18s %d  (%s)" % (k, sum(d.values()), ", ".join(
            "%s %d" % (e, n) for e, n in sorted(d.items()))))
    if problems:
        print()
        for p in problems:
            print("PROBLEM:", p)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
