#!/usr/bin/env python3
"""Check the rendered set 8e (articles/ and labels/) and print counts and OK."""
import codecs
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

KINDS = {"bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"}

# Stored as rot13 so that this file does not itself contain the phrases.
BANNED_ROT13 = [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat",
    "nyy pbaarpgrq", "yvxr gubfr sbhaq va", "hygvzngryl",
    "ba n eryngrq abgr", "va bgure arjf", "ol gur jnl",
    "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg",
]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]

ALLOWED_BASES = ("example.com", "example.org", "example.net")
WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")
URL_RE = re.compile(r"https?://([^/\s\"'<>)\]]+)", re.I)
ATTR_RE = re.compile(r"\b(?:href|src|action)\s*=\s*\"([^\"]*)\"", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
BARE_RE = re.compile(
    r"(?<![\w@/.-])((?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|co|uk|au|ca|"
    r"info|biz|nz|health|us|ie))\b", re.I)
US_PHONE_RE = re.compile(r"\b\d{3}-\d{4}\b")
UK_PHONE_RE = re.compile(r"\b0\d{3,4} \d{6}\b")
AU_FREE_RE = re.compile(r"\b1[38]00 \d{3} \d{3}\b")
AU_MOB_RE = re.compile(r"\b04\d\d \d{3} \d{3}\b")

errors = []


def err(msg):
    errors.append(msg)


def host_ok(host):
    host = host.lower().split(":")[0].rstrip(".")
    return any(host == b or host.endswith("." + b) for b in ALLOWED_BASES)


def body_text(name, text):
    if name.endswith(".html"):
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            err(f"{name}: no <main> element")
            return ""
        inner = re.sub(r"<[^>]+>", " ", m.group(1))
        return html.unescape(inner)
    if name.endswith(".md"):
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            for i in range(1, len(lines)):
                if lines[i].strip() == "---":
                    return "\n".join(lines[i + 1:])
            err(f"{name}: unterminated front matter")
        return text
    return text


def check_urls(label, text):
    for m in URL_RE.finditer(text):
        if not host_ok(m.group(1)):
            err(f"{label}: URL host not allowed: {m.group(0)}")
    for m in ATTR_RE.finditer(text):
        v = m.group(1)
        if re.match(r"https?://", v, re.I):
            continue  # checked above
        if v.startswith("//"):
            if not host_ok(v[2:].split("/")[0]):
                err(f"{label}: protocol-relative URL not allowed: {v}")
        elif v.lower().startswith("mailto:"):
            if not host_ok(v.split("@")[-1]):
                err(f"{label}: mailto host not allowed: {v}")
        elif v.lower().startswith("tel:") or v.startswith("#"):
            pass
        elif re.match(r"[a-z][a-z0-9+.-]*:", v, re.I):
            err(f"{label}: unexpected URL scheme: {v}")
    for m in EMAIL_RE.finditer(text):
        if not host_ok(m.group(1)):
            err(f"{label}: e-mail host not allowed: {m.group(0)}")
    for m in BARE_RE.finditer(text):
        if not host_ok(m.group(1)):
            err(f"{label}: bare host not allowed: {m.group(1)}")


def check_phones(label, text):
    for m in US_PHONE_RE.finditer(text):
        if not m.group(0).startswith("555-01"):
            err(f"{label}: phone-like number not in 555-01xx: {m.group(0)}")
    for m in UK_PHONE_RE.finditer(text):
        if not re.fullmatch(r"01632 960\d{3}", m.group(0)):
            err(f"{label}: UK number not in 01632 960xxx: {m.group(0)}")
    for m in AU_FREE_RE.finditer(text):
        err(f"{label}: Australian 1800/1300 number not allowed: {m.group(0)}")
    for m in AU_MOB_RE.finditer(text):
        if not m.group(0).startswith("0491 570"):
            err(f"{label}: Australian mobile not in 0491 570 xxx: {m.group(0)}")


def check_banned(label, text):
    low = text.lower()
    for phrase in BANNED:
        pat = r"(?<![A-Za-z])" + re.escape(phrase).replace(r"\ ", r"\s+") + \
            r"(?![A-Za-z])"
        if re.search(pat, low):
            err(f"{label}: banned phrase found: {phrase!r}")


def main():
    arts = sorted(os.listdir(ART))
    if len(arts) != 12:
        err(f"expected 12 articles, found {len(arts)}")
    per_ext = Counter(a.rsplit(".", 1)[1] for a in arts)
    for ext in ("md", "html", "txt"):
        if per_ext[ext] != 4:
            err(f"expected 4 .{ext} articles, found {per_ext[ext]}")
    per_style = Counter(a[0] for a in arts)
    for style in "mc":
        if per_style[style] != 6:
            err(f"expected 6 articles of style {style}, found {per_style[style]}")
    style_ext = Counter((a[0], a.rsplit(".", 1)[1]) for a in arts)
    for style in "mc":
        for ext in ("md", "html", "txt"):
            if not style_ext[(style, ext)]:
                err(f"style {style} has no .{ext} article")

    inserted = clean = nblocks = 0
    kind_total = Counter()
    kind_ext = defaultdict(Counter)
    blocks_per_article = Counter()
    word_counts = {}
    inserted_by = Counter()
    clean_by = Counter()

    for a in arts:
        if not re.fullmatch(r"[mc]\d\d-[a-z0-9-]+\.(md|html|txt)", a):
            err(f"{a}: bad file name")
        path = os.path.join(ART, a)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        ext = a.rsplit(".", 1)[1]
        name = a.rsplit(".", 1)[0]
        for i, ln in enumerate(lines, 1):
            if re.search(r"@begin\b|@end\b", ln):
                err(f"{a}:{i}: marker leaked")
        words = len(WORD_RE.findall(body_text(a, text)))
        word_counts[a] = words
        if not 450 <= words <= 800:
            err(f"{a}: body word count {words} outside 450-800")
        check_urls(a, text)
        check_phones(a, text)

        lp = os.path.join(LAB, name + ".json")
        if not os.path.exists(lp):
            err(f"{a}: no label file")
            continue
        with open(lp, encoding="utf-8") as fh:
            label = json.load(fh)
        if label.get("file") != "articles/" + a:
            err(f"{lp}: file field {label.get('file')!r} != articles/{a}")
        blocks = label.get("inserted_blocks")
        if not isinstance(blocks, list):
            err(f"{lp}: inserted_blocks missing")
            continue
        used = set()
        prev_end = 0
        for bi, b in enumerate(blocks):
            kind = b.get("kind")
            ls = b.get("lines")
            if kind not in KINDS:
                err(f"{a} block {bi}: bad kind {kind!r}")
            if not ls or not all(isinstance(x, int) for x in ls):
                err(f"{a} block {bi}: empty or bad lines")
                continue
            if ls != sorted(ls) or len(set(ls)) != len(ls):
                err(f"{a} block {bi}: lines not sorted/unique")
            for x in ls:
                if not 1 <= x <= len(lines):
                    err(f"{a} block {bi}: line {x} out of range")
                elif not lines[x - 1].strip():
                    err(f"{a} block {bi}: line {x} is blank")
                if x in used:
                    err(f"{a} block {bi}: line {x} overlaps another block")
            used.update(ls)
            for x in range(min(ls), max(ls) + 1):
                if x not in ls and x <= len(lines) and lines[x - 1].strip():
                    err(f"{a} block {bi}: non-contiguous (line {x} missing)")
            if min(ls) <= prev_end:
                err(f"{a} block {bi}: blocks out of order or overlapping")
            prev_end = max(ls)
            kind_total[kind] += 1
            kind_ext[kind][ext] += 1
        nblocks += len(blocks)
        blocks_per_article[len(blocks)] += 1
        if blocks:
            inserted += 1
            inserted_by[ext] += 1
        else:
            clean += 1
            clean_by[ext] += 1

    labs = sorted(os.listdir(LAB))
    if len(labs) != len(arts):
        err(f"{len(labs)} label files for {len(arts)} articles")

    if inserted != 7 or clean != 5:
        err(f"expected 7 inserted / 5 clean, found {inserted} / {clean}")
    for k in KINDS:
        if not 2 <= kind_total[k] <= 3:
            err(f"kind {k}: {kind_total[k]} blocks, expected 2-3")

    # banned phrases and hosts anywhere in the set
    for dirpath, _dirs, files in os.walk(ROOT):
        for f in files:
            p = os.path.join(dirpath, f)
            rel = os.path.relpath(p, ROOT)
            try:
                with open(p, encoding="utf-8") as fh:
                    t = fh.read()
            except UnicodeDecodeError:
                continue
            check_banned(rel, t)
            if not rel.startswith("articles"):
                check_urls(rel, t)

    print("articles per format:", dict(sorted(per_ext.items())))
    print("articles per style :", dict(sorted(per_style.items())))
    print(f"inserted: {inserted} {dict(sorted(inserted_by.items()))}  "
          f"clean: {clean} {dict(sorted(clean_by.items()))}")
    print(f"blocks: {nblocks}; articles by block count: "
          f"{dict(sorted(blocks_per_article.items()))}")
    for k in sorted(KINDS):
        print(f"  {k:18s} {kind_total[k]}  {dict(sorted(kind_ext[k].items()))}")
    print("body words:", ", ".join(f"{k} {v}" for k, v in word_counts.items()))
    if errors:
        for e in errors:
            print("ERROR:", e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
