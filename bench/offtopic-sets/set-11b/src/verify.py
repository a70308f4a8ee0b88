#!/usr/bin/env python3
"""Check the rendered set in /work/set11b/. Prints counts and "OK", or the problems found.
Standard library only."""
import codecs
import collections
import html.parser
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")
KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"]
# The phrases are kept in rot13 so that this file does not itself contain them.
BANNED_ROT13 = ['fvzvyneyl', 'fcrnxvat bs', 'vagrerfgvatyl', 'snfpvangvat', 'nyy pbaarpgrq',
                'yvxr gubfr sbhaq va', 'hygvzngryl', 'ba n eryngrq abgr', 'va bgure arjf',
                'ol gur jnl', 'pbaarpgrq va fhecevfvat jnlf', 'yvxrjvfr', 'va gur fnzr jnl',
                'ba gung abgr', "juvyr jr'er ba gur fhowrpg"]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]
ALLOWED_HOST = re.compile(r"(^|\.)example\.(com|org|net)$", re.I)
URL_RE = re.compile(r"https?://([^/\s\"'<>()\[\]]+)", re.I)
BARE_RE = re.compile(r"(?<![@\w.-])((?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|info|io|co|uk|au|ca|nz|ie|us|biz))\b(?![\w-])", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})", re.I)
ATTR_RE = re.compile(r"\b(?:href|src|action)\s*=\s*[\"']([^\"']*)[\"']", re.I)

problems = []


def bad(msg):
    problems.append(msg)


class MainText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts = []
        self.seen = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
            self.seen += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth > 0:
            self.parts.append(data)


def body_words(name, text):
    ext = name.rsplit(".", 1)[1]
    if ext == "html":
        p = MainText()
        p.feed(text)
        if p.seen != 1:
            bad(f"{name}: expected exactly one <main>, found {p.seen}")
        body = " ".join(p.parts)
    elif ext == "md":
        body = text
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end < 0:
                bad(f"{name}: unterminated front matter")
            else:
                body = text[end + 5:]
    else:
        body = text
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.-]*", body))


def check_hosts(where, text):
    for m in URL_RE.finditer(text):
        host = m.group(1).split(":")[0].rstrip(".,;")
        if not ALLOWED_HOST.search(host):
            bad(f"{where}: URL host not allowed: {host}")
    for m in EMAIL_RE.finditer(text):
        if not ALLOWED_HOST.search(m.group(1)):
            bad(f"{where}: e-mail host not allowed: {m.group(1)}")
    for m in BARE_RE.finditer(text):
        if not ALLOWED_HOST.search(m.group(1)):
            bad(f"{where}: bare host not allowed: {m.group(1)}")
    for m in ATTR_RE.finditer(text):
        v = m.group(1)
        if re.match(r"(?i)^(https?:)?//", v):
            host = re.sub(r"(?i)^(https?:)?//", "", v).split("/")[0].split(":")[0]
            if not ALLOWED_HOST.search(host):
                bad(f"{where}: link host not allowed: {v}")
        elif re.match(r"(?i)^mailto:", v):
            if not ALLOWED_HOST.search(v.split("@")[-1]):
                bad(f"{where}: mailto host not allowed: {v}")
        elif re.match(r"(?i)^tel:", v):
            pass
        elif re.match(r"^[a-z][a-z0-9+.-]*:", v, re.I):
            bad(f"{where}: link scheme not allowed: {v}")
    for m in re.finditer(r"\]\(([^)\s]+)", text):  # markdown links
        v = m.group(1)
        if re.match(r"(?i)^https?://", v):
            continue  # checked by URL_RE
        if re.match(r"^[a-z][a-z0-9+.-]*:", v, re.I) and not v.lower().startswith(("mailto:", "tel:")):
            bad(f"{where}: markdown link scheme not allowed: {v}")


def check_banned(where, text):
    low = text.lower()
    for b in BANNED:
        if re.search(r"(?<![\w])" + re.escape(b) + r"(?![\w])", low):
            bad(f"{where}: banned phrase {b!r}")


def main():
    arts = sorted(os.listdir(ART))
    if len(arts) != 12:
        bad(f"expected 12 articles, found {len(arts)}")
    fmt = collections.Counter()
    style_fmt = collections.Counter()
    kinds = collections.Counter()
    kinds_fmt = collections.Counter()
    inserted = clean = 0
    per_article = collections.Counter()
    slugs = set()
    for name in arts:
        stem, ext = name.rsplit(".", 1)
        fmt[ext] += 1
        if not re.match(r"^[rw]\d{2}-[a-z0-9-]+$", stem):
            bad(f"{name}: bad file name")
        style_fmt[(stem[0], ext)] += 1
        slug = stem.split("-", 1)[1]
        if slug in slugs:
            bad(f"{name}: subject slug repeated")
        slugs.add(slug)
        if not "d" <= slug[0] <= "g":
            bad(f"{name}: subject does not begin with D-G")
        with open(os.path.join(ART, name), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if re.search(r"(?m)^\s*@(begin|end)\b", text) or "@begin" in text or "@end" in text:
            bad(f"{name}: marker leaked")
        wc = body_words(name, text)
        if not 450 <= wc <= 800:
            bad(f"{name}: body word count {wc} outside 450-800")
        lab_path = os.path.join(LAB, stem + ".json")
        if not os.path.exists(lab_path):
            bad(f"{name}: no label")
            continue
        with open(lab_path, encoding="utf-8") as fh:
            lab = json.load(fh)
        if lab.get("file") != f"articles/{name}":
            bad(f"{name}: label 'file' is {lab.get('file')!r}")
        blocks = lab.get("inserted_blocks")
        if not isinstance(blocks, list):
            bad(f"{name}: inserted_blocks missing")
            continue
        used = set()
        prev_end = 0
        for i, b in enumerate(blocks):
            ls = b.get("lines", [])
            k = b.get("kind")
            if k not in KINDS:
                bad(f"{name}: block {i} bad kind {k!r}")
            kinds[k] += 1
            kinds_fmt[(k, ext)] += 1
            if not ls:
                bad(f"{name}: block {i} empty")
                continue
            if ls != sorted(ls) or len(set(ls)) != len(ls):
                bad(f"{name}: block {i} lines not sorted/unique")
            for n in ls:
                if not (1 <= n <= len(lines)):
                    bad(f"{name}: block {i} line {n} out of range")
                elif not lines[n - 1].strip():
                    bad(f"{name}: block {i} line {n} is blank")
                if n in used:
                    bad(f"{name}: block {i} line {n} overlaps another block")
                used.add(n)
            for n in range(ls[0], ls[-1] + 1):
                if n not in ls and n <= len(lines) and lines[n - 1].strip():
                    bad(f"{name}: block {i} not contiguous at line {n}")
            if ls[0] <= prev_end:
                bad(f"{name}: block {i} overlaps or is out of order")
            prev_end = ls[-1]
        per_article[stem] = len(blocks)
        if blocks:
            inserted += 1
        else:
            clean += 1
        check_hosts(name, text)
    # whole-set scans: every file under the set
    for dirpath, _dirs, files in os.walk(ROOT):
        for f in files:
            p = os.path.join(dirpath, f)
            if "__pycache__" in p:
                continue
            with open(p, encoding="utf-8") as fh:
                t = fh.read()
            rel = os.path.relpath(p, ROOT)
            check_banned(rel, t)
            if not rel.startswith("articles") and not f.endswith(".py"):
                check_hosts(rel, t)
    for ext in ("md", "html", "txt"):
        if fmt[ext] != 4:
            bad(f"expected 4 .{ext}, found {fmt[ext]}")
        for s in "rw":
            if style_fmt[(s, ext)] < 1:
                bad(f"style {s} has no .{ext}")
    for s in "rw":
        if sum(v for (st, _e), v in style_fmt.items() if st == s) != 6:
            bad(f"style {s} does not have 6 articles")
    if inserted != 7 or clean != 5:
        bad(f"expected 7 inserted / 5 clean, found {inserted}/{clean}")
    for k in KINDS:
        if not 2 <= kinds[k] <= 3:
            bad(f"kind {k}: {kinds[k]} blocks, expected 2-3")
    total = sum(kinds.values())
    print(f"articles: {len(arts)}  (md {fmt['md']}, html {fmt['html']}, txt {fmt['txt']})")
    print(f"inserted: {inserted}  clean: {clean}  blocks: {total}")
    dist = collections.Counter(v for v in per_article.values() if v)
    print("articles by block count: " + ", ".join(f"{n} block(s): {dist[n]}" for n in sorted(dist)))
    print(f"{'kind':<18} {'md':>3} {'html':>5} {'txt':>4} {'total':>6}")
    for k in KINDS:
        print(f"{k:<18} {kinds_fmt[(k, 'md')]:>3} {kinds_fmt[(k, 'html')]:>5} "
              f"{kinds_fmt[(k, 'txt')]:>4} {kinds[k]:>6}")
    if problems:
        for p in problems:
            print("PROBLEM:", p)
        print("FAILED")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
