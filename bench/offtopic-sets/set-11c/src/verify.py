#!/usr/bin/env python3
"""Check the rendered set in ../articles and ../labels; print counts and OK.

Exit status 1 (and a list of problems) if any check fails.
"""
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
KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"]
FORMATS = ["md", "html", "txt"]

# Banned transitions, stored ROT13 so that this file does not contain them.
_BANNED_R13 = ['fvzvyneyl', 'fcrnxvat bs', 'vagrerfgvatyl', 'snfpvangvat', 'nyy pbaarpgrq',
               'yvxr gubfr sbhaq va', 'hygvzngryl', 'ba n eryngrq abgr', 'va bgure arjf',
               'ol gur jnl', 'pbaarpgrq va fhecevfvat jnlf', 'yvxrjvfr', 'va gur fnzr jnl',
               'ba gung abgr', "juvyr jr'er ba gur fhowrpg"]
BANNED = [codecs.decode(b, "rot13") for b in _BANNED_R13]

NAME_RE = re.compile(r"^[ol]\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.(md|html|txt)$")
WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019.-][A-Za-z0-9\u00C0-\u024F]+)*")
SCHEME_URL_RE = re.compile(r"\b(?:https?|ftp)://([^/\s\"'<>)\]]+)", re.I)
WWW_RE = re.compile(r"(?<![\w./@-])(www\.[A-Za-z0-9.-]+\.[A-Za-z]{2,})", re.I)
BARE_HOST_RE = re.compile(
    r"(?<![\w/@.-])((?:[A-Za-z0-9-]+\.)+(?:com|org|net|edu|gov|io|co|uk|au|ca|info|biz|us|nz|ie|health|clinic))(?=[/\s),.;:!?\"'<>\]]|$)",
    re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
HREF_RE = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", re.I)
MDLINK_RE = re.compile(r"\]\(([^)\s]+)")
PHONE_US_RE = re.compile(r"\b\d{3}-\d{4}\b")
PHONE_AU_RE = re.compile(r"\b04\d\d \d{3} \d{3}\b")
PHONE_UK_RE = re.compile(r"\b0\d{4} \d{6}\b")

problems = []


def bad(msg):
    problems.append(msg)


def host_ok(host):
    host = host.lower().rstrip(".").split(":")[0]
    return any(host == d or host.endswith("." + d) for d in ("example.com", "example.org", "example.net"))


def strip_front_matter(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:]
    return text


def body_text(name, text):
    ext = name.rsplit(".", 1)[1]
    if ext == "html":
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            bad(f"{name}: no <main>")
            return ""
        inner = re.sub(r"<[^>]+>", " ", m.group(1))
        return html.unescape(inner)
    if ext == "md":
        t = strip_front_matter(text)
        t = re.sub(r"\]\([^)]*\)", "]", t)
        return t
    return text


def check_urls(name, text):
    ext = name.rsplit(".", 1)[1]
    for h in SCHEME_URL_RE.findall(text):
        if not host_ok(h):
            bad(f"{name}: URL host not reserved: {h}")
    for h in WWW_RE.findall(text):
        if not host_ok(h):
            bad(f"{name}: www host not reserved: {h}")
    for h in BARE_HOST_RE.findall(text):
        if not host_ok(h):
            bad(f"{name}: bare host not reserved: {h}")
    for h in EMAIL_RE.findall(text):
        if not host_ok(h):
            bad(f"{name}: e-mail host not reserved: {h}")
    targets = HREF_RE.findall(text) if ext == "html" else []
    if ext == "md":
        targets += MDLINK_RE.findall(text)
    for t in targets:
        if t.startswith("//"):
            bad(f"{name}: protocol-relative link {t}")
        elif re.match(r"^[a-z][a-z0-9+.-]*:", t, re.I):
            scheme = t.split(":", 1)[0].lower()
            if scheme in ("http", "https"):
                continue  # host checked above
            if scheme == "mailto":
                if not host_ok(t.split("@")[-1].split("?")[0]):
                    bad(f"{name}: mailto host not reserved: {t}")
            elif scheme == "tel":
                continue
            else:
                bad(f"{name}: unexpected link scheme {t}")


def check_phones(name, text):
    for p in PHONE_US_RE.findall(text):
        if not re.match(r"555-01\d\d$", p):
            bad(f"{name}: phone not in 555-01xx: {p}")
    for p in PHONE_AU_RE.findall(text):
        if not p.startswith("0491 570 "):
            bad(f"{name}: AU phone not in 0491 570 xxx: {p}")
    for p in PHONE_UK_RE.findall(text):
        if not p.startswith("01632 960"):
            bad(f"{name}: UK phone not in 01632 960xxx: {p}")


def check_banned(path, text):
    low = text.lower().replace("\u2019", "'")
    for b in BANNED:
        if re.search(r"(?<![a-z])" + re.escape(b) + r"(?![a-z])", low):
            bad(f"{os.path.relpath(path, ROOT)}: banned phrase {b!r}")


def main():
    arts = sorted(os.listdir(ART))
    labs = sorted(os.listdir(LAB))
    if len(arts) != 12:
        bad(f"expected 12 articles, found {len(arts)}")
    fmt_count = Counter(a.rsplit(".", 1)[-1] for a in arts)
    for f in FORMATS:
        if fmt_count[f] != 4:
            bad(f"expected 4 .{f} articles, found {fmt_count[f]}")
    style_fmt = defaultdict(set)
    for a in arts:
        if not NAME_RE.match(a):
            bad(f"bad article name {a}")
        style_fmt[a[0]].add(a.rsplit(".", 1)[-1])
    for s in "ol":
        if sum(1 for a in arts if a.startswith(s)) != 6:
            bad(f"style {s}: expected 6 articles")
        if style_fmt[s] != set(FORMATS):
            bad(f"style {s}: formats {sorted(style_fmt[s])}")
    if sorted(l[:-5] for l in labs) != sorted(a.rsplit(".", 1)[0] for a in arts):
        bad("labels/ and articles/ do not match one to one")

    kinds_total = Counter()
    kinds_fmt = defaultdict(Counter)
    inserted = clean = 0
    blocks_per_article = Counter()
    per_fmt = defaultdict(lambda: [0, 0])
    words = {}
    md_fm = 0
    for lab in labs:
        with open(os.path.join(LAB, lab), encoding="utf-8") as fh:
            data = json.load(fh)
        fname = data.get("file", "")
        if not fname.startswith("articles/") or fname[9:].rsplit(".", 1)[0] != lab[:-5]:
            bad(f"{lab}: file field {fname!r} does not match")
            continue
        apath = os.path.join(ROOT, fname)
        if not os.path.exists(apath):
            bad(f"{lab}: {fname} missing")
            continue
        with open(apath, encoding="utf-8") as fh:
            text = fh.read()
        name = fname[9:]
        ext = name.rsplit(".", 1)[1]
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        if ext == "md" and text.startswith("---\n"):
            md_fm += 1
        blocks = data.get("inserted_blocks")
        if not isinstance(blocks, list):
            bad(f"{lab}: inserted_blocks not a list")
            continue
        used = set()
        spans = []
        for i, b in enumerate(blocks):
            ln = b.get("lines")
            kind = b.get("kind")
            if kind not in KINDS:
                bad(f"{lab}: block {i}: bad kind {kind!r}")
            if not ln or not all(isinstance(x, int) for x in ln):
                bad(f"{lab}: block {i}: empty or non-integer lines")
                continue
            if ln != sorted(ln) or len(set(ln)) != len(ln):
                bad(f"{lab}: block {i}: lines not sorted/unique")
            for x in ln:
                if x < 1 or x > len(lines):
                    bad(f"{lab}: block {i}: line {x} out of range")
                elif not lines[x - 1].strip():
                    bad(f"{lab}: block {i}: line {x} is blank")
            lo, hi = min(ln), max(ln)
            for x in range(lo, hi + 1):
                if x <= len(lines) and lines[x - 1].strip() and x not in ln:
                    bad(f"{lab}: block {i}: non-contiguous, skips non-blank line {x}")
            if used & set(ln):
                bad(f"{lab}: block {i}: overlaps another block")
            used |= set(ln)
            spans.append((lo, hi))
            kinds_total[kind] += 1
            kinds_fmt[ext][kind] += 1
        spans.sort()
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            if a2 <= b1:
                bad(f"{lab}: block spans overlap")
        blocks_per_article[len(blocks)] += 1
        if blocks:
            inserted += 1
            per_fmt[ext][0] += 1
        else:
            clean += 1
            per_fmt[ext][1] += 1
        for n, l in enumerate(lines, 1):
            if "@begin" in l or "@end" in l or l.startswith("@wrap"):
                bad(f"{name}:{n}: marker leaked")
        wc = len(WORD_RE.findall(body_text(name, text)))
        words[name] = wc
        if not 450 <= wc <= 800:
            bad(f"{name}: body word count {wc} not in 450-800")
        check_urls(name, text)
        check_phones(name, text)

    # banned phrases anywhere in the set (every text file under the set root)
    for dp, dn, fn in os.walk(ROOT):
        dn[:] = [d for d in dn if d != "__pycache__"]
        for f in fn:
            p = os.path.join(dp, f)
            try:
                with open(p, encoding="utf-8") as fh:
                    check_banned(p, fh.read())
            except UnicodeDecodeError:
                bad(f"{os.path.relpath(p, ROOT)}: not UTF-8 text")

    for k in KINDS:
        if not 2 <= kinds_total[k] <= 3:
            bad(f"kind {k}: {kinds_total[k]} blocks (want 2-3)")
    if inserted != 7 or clean != 5:
        bad(f"want 7 inserted / 5 clean, got {inserted}/{clean}")
    if md_fm != 2:
        bad(f"want 2 .md files with front matter, got {md_fm}")

    print("articles:", len(arts), dict(sorted(fmt_count.items())))
    print("inserted/clean:", inserted, "/", clean,
          "| per format (inserted, clean):", {f: tuple(per_fmt[f]) for f in FORMATS})
    print("articles by number of blocks:", dict(sorted(blocks_per_article.items())))
    print("blocks:", sum(kinds_total.values()), dict((k, kinds_total[k]) for k in KINDS))
    for f in FORMATS:
        print(f"  .{f}:", dict((k, kinds_fmt[f][k]) for k in KINDS if kinds_fmt[f][k]))
    print("body words:", ", ".join(f"{n}={w}" for n, w in sorted(words.items())))
    if problems:
        print("\nPROBLEMS:")
        for p in problems:
            print(" -", p)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
