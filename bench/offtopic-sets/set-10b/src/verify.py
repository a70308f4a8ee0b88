#!/usr/bin/env python3
"""Check /work/set10b: articles, labels and sources. Prints counts and OK, or the problems."""
import html
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"]
FORMATS = ["md", "html", "txt"]
BANNED = ["similarly", "speaking of", "interestingly", "fascinating", "all connected",
          "like those found in", "ultimately", "on a related note", "in other news",
          "by the way", "connected in surprising ways", "likewise", "in the same way",
          "on that note", "while we're on the subject"]
BANNED_RE = [re.compile(r"\b" + re.escape(p).replace(r"\ ", r"\s+") + r"\b", re.I) for p in BANNED]
ALLOWED_HOST = re.compile(r"^([a-z0-9-]+\.)*example\.(com|org|net)$", re.I)
URL_RE = re.compile(r"\b[a-z][a-z0-9+.-]*://([^/\s\"'<>()\[\]]+)", re.I)
EMAIL_RE = re.compile(r"\b[\w.+-]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.I)
BARE_RE = re.compile(r"(?<![\w@./-])((?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|uk|au|ca|io|co|info|nz|us|ie))"
                     r"(?=[/\s\"'<>),;:]|\.?$|\.\s)", re.I | re.M)
HREF_RE = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", re.I)
MDLINK_RE = re.compile(r"\]\(([^)\s]+)")
NAME_RE = re.compile(r"^[qj]\d{2}-[a-z0-9-]+\.(md|html|txt)$")

problems = []


def bad(msg):
    problems.append(msg)


def body_text(name, text):
    ext = name.rsplit(".", 1)[1]
    if ext == "html":
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            bad(f"{name}: no <main>")
            return ""
        t = re.sub(r"<script.*?</script>|<style.*?</style>", " ", m.group(1), flags=re.S | re.I)
        t = re.sub(r"<[^>]+>", " ", t)
        return html.unescape(t)
    if ext == "md":
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end < 0:
                bad(f"{name}: unterminated front matter")
                return text
            return text[end + 5:]
        return text
    return text


def words(t):
    return len(re.findall(r"[A-Za-z0-9\u00c0-\u024f][\w'\u2019.-]*", t))


def check_urls(name, text):
    hosts = set()
    for m in URL_RE.finditer(text):
        hosts.add(m.group(1).split(":")[0].rstrip("."))
    for m in EMAIL_RE.finditer(text):
        hosts.add(m.group(1))
    for m in BARE_RE.finditer(text):
        hosts.add(m.group(1))
    for h in hosts:
        if not ALLOWED_HOST.match(h):
            bad(f"{name}: disallowed host {h!r}")
    links = HREF_RE.findall(text) + MDLINK_RE.findall(text)
    for link in links:
        if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I):
            if link.lower().startswith(("mailto:", "tel:")):
                continue
            h = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", link, re.I)
            if not h or not ALLOWED_HOST.match(h.group(1)):
                bad(f"{name}: disallowed link {link!r}")
        elif link.startswith("//"):
            h = link[2:].split("/")[0]
            if not ALLOWED_HOST.match(h):
                bad(f"{name}: disallowed link {link!r}")
        # anything else is a relative path or fragment: fine


def main():
    arts = sorted(os.listdir(ART))
    if len(arts) != 12:
        bad(f"expected 12 articles, found {len(arts)}")
    fmt_count = Counter()
    style_fmt = defaultdict(Counter)
    inserted = Counter()
    clean = Counter()
    kind_fmt = defaultdict(Counter)
    nblocks = Counter()
    total_blocks = 0
    srcs = {f[:-4] for f in os.listdir(HERE) if f.endswith(".src")}
    for name in arts:
        if not NAME_RE.match(name):
            bad(f"{name}: bad filename")
            continue
        ext = name.rsplit(".", 1)[1]
        style = name[0]
        fmt_count[ext] += 1
        style_fmt[style][ext] += 1
        path = os.path.join(ART, name)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        # markers
        for i, ln in enumerate(lines, 1):
            if re.match(r"^\s*@(begin|end|wrap)\b", ln):
                bad(f"{name}:{i}: marker leaked")
        # words
        wc = words(body_text(name, text))
        if not 450 <= wc <= 800:
            bad(f"{name}: body word count {wc} outside 450-800")
        # urls
        check_urls(name, text)
        # banned
        for rx, p in zip(BANNED_RE, BANNED):
            if rx.search(text):
                bad(f"{name}: banned phrase {p!r}")
        # label
        stem = name.rsplit(".", 1)[0]
        lp = os.path.join(LAB, stem + ".json")
        if not os.path.exists(lp):
            bad(f"{name}: no label")
            continue
        with open(lp, encoding="utf-8") as fh:
            lab = json.load(fh)
        if lab.get("file") != f"articles/{name}":
            bad(f"{lp}: file field {lab.get('file')!r}")
        blocks = lab.get("inserted_blocks")
        if not isinstance(blocks, list):
            bad(f"{lp}: inserted_blocks missing")
            continue
        used = set()
        prev_end = 0
        for b in blocks:
            ls = b.get("lines")
            k = b.get("kind")
            if k not in KINDS:
                bad(f"{lp}: bad kind {k!r}")
            if not ls or ls != sorted(ls) or len(set(ls)) != len(ls):
                bad(f"{lp}: lines empty or not sorted/unique: {ls}")
                continue
            for n in ls:
                if not 1 <= n <= len(lines):
                    bad(f"{lp}: line {n} out of range")
                elif not lines[n - 1].strip():
                    bad(f"{lp}: line {n} is blank")
                if n in used:
                    bad(f"{lp}: line {n} in two blocks")
                used.add(n)
            for a, c in zip(ls, ls[1:]):
                for n in range(a + 1, c):
                    if n <= len(lines) and lines[n - 1].strip():
                        bad(f"{lp}: block {ls[0]}-{ls[-1]} not contiguous at line {n}")
            # every non-blank line inside the span must be in the block
            if ls[0] <= prev_end:
                bad(f"{lp}: blocks overlap or out of order")
            prev_end = ls[-1]
            kind_fmt[k][ext] += 1
            total_blocks += 1
        nblocks[len(blocks)] += 1
        if blocks:
            inserted[ext] += 1
        else:
            clean[ext] += 1
        # cross-check with source
        if name not in srcs:
            bad(f"{name}: no source in src/")
        else:
            t2, b2 = build.render(os.path.join(HERE, name + ".src"))
            if t2 != text:
                bad(f"{name}: article differs from source render (run build.py)")
            if b2 != blocks:
                bad(f"{name}: label differs from source render (run build.py)")
    # README and sources must not carry banned phrases either
    extra = [os.path.join(ROOT, "README.md")] + [os.path.join(HERE, f) for f in sorted(os.listdir(HERE)) if f.endswith(".src")]
    for p in extra:
        if not os.path.exists(p):
            bad(f"missing {p}")
            continue
        with open(p, encoding="utf-8") as fh:
            t = fh.read()
        for rx, ph in zip(BANNED_RE, BANNED):
            if rx.search(t):
                bad(f"{p}: banned phrase {ph!r}")
    for s in ("q", "j"):
        for e in FORMATS:
            if style_fmt[s][e] == 0:
                bad(f"style {s} has no .{e}")
    for k in KINDS:
        if not 2 <= sum(kind_fmt[k].values()) <= 3:
            bad(f"kind {k}: {sum(kind_fmt[k].values())} blocks (want 2-3)")

    print("format   articles inserted clean")
    for e in FORMATS:
        print(f"{e:8} {fmt_count[e]:8} {inserted[e]:8} {clean[e]:5}")
    print(f"{'total':8} {sum(fmt_count.values()):8} {sum(inserted.values()):8} {sum(clean.values()):5}")
    print("kind               md html txt total")
    for k in KINDS:
        c = kind_fmt[k]
        print(f"{k:18} {c['md']:2} {c['html']:4} {c['txt']:3} {sum(c.values()):5}")
    print(f"blocks: {total_blocks}; articles by block count: "
          + ", ".join(f"{n}:{nblocks[n]}" for n in sorted(nblocks)))
    if problems:
        for p in problems:
            print("PROBLEM:", p)
        print("FAIL")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
