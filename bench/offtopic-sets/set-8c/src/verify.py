#!/usr/bin/env python3
"""Check set 8c: articles, labels, word counts, URLs, phones, banned phrases.

Prints counts and "OK" when every check passes; otherwise lists the problems
and exits with status 1. Standard library only.
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

sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = build.KINDS
NAME_RE = re.compile(r"^([wu])(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*\.(md|html|txt)$")

# Stock transitions banned from the whole set. Stored rot13-encoded so that
# this file does not itself contain them.
BANNED_ROT13 = [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat",
    "nyy pbaarpgrq", "yvxr gubfr sbhaq va", "hygvzngryl",
    "ba n eryngrq abgr", "va bgure arjf", "ol gur jnl",
    "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg",
]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]

ALLOWED_HOST = re.compile(r"(^|\.)example\.(com|org|net)$")
URL_RE = re.compile(r"\b(?:https?|ftp)://([^/\s\"'<>)\]]+)", re.I)
WWW_RE = re.compile(r"\bwww\.[a-z0-9.-]+", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@([a-z0-9.-]+\.[a-z]{2,})", re.I)
BARE_HOST_RE = re.compile(
    r"(?<![\w@/.-])((?:[a-z0-9-]+\.)+(?:com|org|net|co|uk|io|info|gov|edu|au|ca|us|biz|health|nhs))\b(?!\.\w)",
    re.I)
ATTR_RE = re.compile(r"\b(?:href|src|action)\s*=\s*\"([^\"]*)\"", re.I)
US_PHONE_RE = re.compile(r"(?<![\d-])(\d{3})[.-](\d{4})(?![\d-])")
UK_PHONE_RE = re.compile(r"(?<!\d)(0\d{2,4}) ?(\d{3,4}) ?(\d{3,4})(?!\d)")


def body_text(name, text):
    if name.endswith(".html"):
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            return None
        inner = re.sub(r"<[^>]+>", " ", m.group(1))
        return html.unescape(inner)
    if name.endswith(".md"):
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            for i in range(1, len(lines)):
                if lines[i].strip() == "---":
                    return "\n".join(lines[i + 1:])
            return None
        return text
    return text


def word_count(s):
    return len(re.findall(r"[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019-][A-Za-z0-9]+)*", s))


def host_ok(host):
    host = host.lower().split(":")[0].rstrip(".")
    return bool(ALLOWED_HOST.search(host))


def main():
    errors = []
    err = errors.append

    arts = sorted(os.listdir(ART))
    labs = sorted(os.listdir(LAB))
    if len(arts) != 12:
        err("expected 12 articles, found %d" % len(arts))
    fmt = Counter(a.rsplit(".", 1)[-1] for a in arts)
    for ext in ("md", "html", "txt"):
        if fmt[ext] != 4:
            err("expected 4 .%s articles, found %d" % (ext, fmt[ext]))
    style_fmt = defaultdict(Counter)
    for a in arts:
        m = NAME_RE.match(a)
        if not m:
            err("bad article filename %s" % a)
            continue
        style_fmt[m.group(1)][m.group(3)] += 1
    for st in ("w", "u"):
        if sum(style_fmt[st].values()) != 6:
            err("style %s has %d articles, expected 6" % (st, sum(style_fmt[st].values())))
        for ext in ("md", "html", "txt"):
            if style_fmt[st][ext] < 1:
                err("style %s lacks a .%s article" % (st, ext))

    # the rendered files must match the sources
    srcs = build.sources()
    if len(srcs) != 12:
        err("expected 12 sources, found %d" % len(srcs))

    kinds_fmt = defaultdict(Counter)
    kinds_total = Counter()
    inserted = Counter()
    clean = Counter()
    blocks_per_article = Counter()
    md_front = 0
    word_counts = {}

    if len(labs) != 12:
        err("expected 12 label files, found %d" % len(labs))
    labelled = set()
    for lab in labs:
        path = os.path.join(LAB, lab)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except Exception as e:  # noqa: BLE001
            err("%s: unreadable JSON (%s)" % (lab, e))
            continue
        if set(data) != {"file", "inserted_blocks"}:
            err("%s: unexpected keys %s" % (lab, sorted(data)))
        f = data.get("file", "")
        if not f.startswith("articles/"):
            err("%s: file must be under articles/" % lab)
            continue
        aname = f[len("articles/"):]
        if aname not in arts:
            err("%s: missing article %s" % (lab, f))
            continue
        if aname.rsplit(".", 1)[0] + ".json" != lab:
            err("%s: label name does not match %s" % (lab, aname))
        labelled.add(aname)
        with open(os.path.join(ART, aname), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        ext = aname.rsplit(".", 1)[-1]

        # rebuild from source and compare
        srcp = os.path.join(HERE, aname + ".src")
        if not os.path.exists(srcp):
            err("%s: no source %s.src" % (aname, aname))
        else:
            with open(srcp, encoding="utf-8") as fh:
                rtext, rblocks = build.render(fh.read(), aname)
            if rtext != text or rblocks != data.get("inserted_blocks"):
                err("%s: stale; rerun build.py" % aname)

        blocks = data.get("inserted_blocks")
        if not isinstance(blocks, list):
            err("%s: inserted_blocks must be a list" % lab)
            continue
        prev_end = 0
        for bi, b in enumerate(blocks):
            if set(b) != {"lines", "kind"}:
                err("%s block %d: keys %s" % (lab, bi, sorted(b)))
            k = b.get("kind")
            if k not in KINDS:
                err("%s block %d: bad kind %r" % (lab, bi, k))
            ls = b.get("lines") or []
            if not ls or not all(isinstance(x, int) for x in ls):
                err("%s block %d: lines must be non-empty ints" % (lab, bi))
                continue
            if ls != sorted(set(ls)):
                err("%s block %d: lines not sorted/unique" % (lab, bi))
            if ls[0] < 1 or ls[-1] > len(lines):
                err("%s block %d: lines out of range" % (lab, bi))
                continue
            if ls[0] <= prev_end:
                err("%s block %d: overlaps or out of order" % (lab, bi))
            prev_end = ls[-1]
            for x in ls:
                if not lines[x - 1].strip():
                    err("%s block %d: line %d is blank" % (lab, bi, x))
            for x in range(ls[0], ls[-1] + 1):
                if x not in ls and lines[x - 1].strip():
                    err("%s block %d: gap at non-blank line %d" % (lab, bi, x))
            kinds_fmt[ext][k] += 1
            kinds_total[k] += 1
        blocks_per_article[len(blocks)] += 1
        if blocks:
            inserted[ext] += 1
        else:
            clean[ext] += 1

        # markers
        for i, ln in enumerate(lines, 1):
            if re.match(r"\s*@(begin|end|wrap)\b", ln) or "@begin" in ln or "@end" in ln:
                err("%s:%d marker leaked" % (aname, i))

        # word count
        body = body_text(aname, text)
        if body is None:
            err("%s: could not find body" % aname)
        else:
            wc = word_count(body)
            ws = len(body.split())
            if not 450 <= wc <= 800:
                err("%s: body word count %d outside 450-800" % (aname, wc))
            if not 450 <= ws <= 800:
                err("%s: body whitespace-token count %d outside 450-800" % (aname, ws))
            word_counts[aname] = (wc, ws)
        if ext == "md" and lines and lines[0].strip() == "---":
            md_front += 1

        # URLs and hosts
        for m in URL_RE.finditer(text):
            if not host_ok(m.group(1)):
                err("%s: bad URL host %s" % (aname, m.group(1)))
        for m in WWW_RE.finditer(text):
            if not host_ok(m.group(0).rstrip(".")):
                err("%s: bad www host %s" % (aname, m.group(0)))
        for m in EMAIL_RE.finditer(text):
            if not host_ok(m.group(1)):
                err("%s: bad e-mail host %s" % (aname, m.group(1)))
        for m in BARE_HOST_RE.finditer(text):
            if not host_ok(m.group(1)):
                err("%s: bad bare host %s" % (aname, m.group(1)))
        for m in ATTR_RE.finditer(text):
            v = m.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", v, re.I):
                if v.lower().startswith(("mailto:", "tel:")):
                    continue
                hm = re.match(r"^[a-z]+://([^/]+)", v, re.I)
                if not hm or not host_ok(hm.group(1)):
                    err("%s: bad attribute URL %s" % (aname, v))
            elif v.startswith("//"):
                if not host_ok(v[2:].split("/")[0]):
                    err("%s: bad protocol-relative URL %s" % (aname, v))

        # phones: US/Canada 555-01xx, UK 01632 960xxx
        for m in US_PHONE_RE.finditer(text):
            if not (m.group(1) == "555" and m.group(2).startswith("01")):
                err("%s: suspicious phone %s" % (aname, m.group(0)))
        for m in UK_PHONE_RE.finditer(text):
            if not (m.group(1) == "01632" and m.group(2) == "960"):
                err("%s: suspicious UK phone %s" % (aname, m.group(0)))

    for a in arts:
        if a not in labelled:
            err("article %s has no label" % a)

    # banned phrases anywhere in the set
    for dirpath, _dirs, files in os.walk(ROOT):
        if "__pycache__" in dirpath:
            continue
        for f in files:
            p = os.path.join(dirpath, f)
            try:
                with open(p, encoding="utf-8") as fh:
                    t = fh.read().lower()
            except UnicodeDecodeError:
                continue
            t = t.replace("\u2019", "'")
            for b in BANNED:
                if re.search(r"(?<![a-z])" + re.escape(b) + r"(?![a-z])", t):
                    err("%s: banned phrase %r" % (os.path.relpath(p, ROOT), b))

    for k in KINDS:
        if not 2 <= kinds_total[k] <= 3:
            err("kind %s used %d times (want 2-3)" % (k, kinds_total[k]))
    if sum(inserted.values()) != 7 or sum(clean.values()) != 5:
        err("want 7 inserted / 5 clean, have %d / %d"
            % (sum(inserted.values()), sum(clean.values())))

    print("articles: %d  (md %d, html %d, txt %d)"
          % (len(arts), fmt["md"], fmt["html"], fmt["txt"]))
    print("styles:   w %d, u %d" % (sum(style_fmt["w"].values()), sum(style_fmt["u"].values())))
    print("md with YAML front matter: %d of %d" % (md_front, fmt["md"]))
    print("inserted: %d (md %d, html %d, txt %d)  clean: %d (md %d, html %d, txt %d)"
          % (sum(inserted.values()), inserted["md"], inserted["html"], inserted["txt"],
             sum(clean.values()), clean["md"], clean["html"], clean["txt"]))
    print("articles by block count: %s"
          % ", ".join("%d block(s): %d" % (n, c) for n, c in sorted(blocks_per_article.items())))
    print("blocks: %d" % sum(kinds_total.values()))
    print("%-18s %4s %4s %4s %5s" % ("kind", "md", "html", "txt", "total"))
    for k in sorted(KINDS):
        print("%-18s %4d %4d %4d %5d" % (k, kinds_fmt["md"][k], kinds_fmt["html"][k],
                                         kinds_fmt["txt"][k], kinds_total[k]))
    print("body words (words / whitespace tokens):")
    for a in sorted(word_counts):
        print("  %-42s %4d / %4d" % (a, word_counts[a][0], word_counts[a][1]))
    if errors:
        print("\nFAILED (%d problem(s)):" % len(errors))
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
