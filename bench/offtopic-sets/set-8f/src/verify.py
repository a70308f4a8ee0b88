#!/usr/bin/env python3
"""Check the rendered set in ../articles and ../labels. Prints counts and OK."""
import codecs
import collections
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"]
# Banned stock transitions, stored rot13-encoded so this file does not
# itself contain them.
BANNED = [codecs.decode(x, "rot13") for x in [
    'fvzvyneyl', 'fcrnxvat bs', 'vagrerfgvatyl', 'snfpvangvat',
    'nyy pbaarpgrq', 'yvxr gubfr sbhaq va', 'hygvzngryl',
    'ba n eryngrq abgr', 'va bgure arjf', 'ol gur jnl',
    'pbaarpgrq va fhecevfvat jnlf', 'yvxrjvfr', 'va gur fnzr jnl',
    'ba gung abgr', "juvyr jr'er ba gur fhowrpg"]]
ALLOWED_HOST = re.compile(r"(^|\.)example\.(com|org|net)$")
URL_RE = re.compile(r"\b(?:https?|ftp)://([^/\s\"'<>()\]\[]+)", re.I)
WWW_RE = re.compile(r"\bwww\.([a-z0-9.-]+)", re.I)
BARE_RE = re.compile(
    r"\b((?:[a-z0-9-]+\.)+(?:com|org|net|co\.uk|org\.uk|uk|io|info|biz|au|"
    r"com\.au|ca|us|gov|edu|health|shop|app|ie|nz))\b", re.I)
EMAIL_RE = re.compile(r"\b[\w.+-]+@([a-z0-9.-]+\.[a-z]{2,})\b", re.I)
ATTR_RE = re.compile(r"\b(?:href|src|action)\s*=\s*\"([^\"]*)\"", re.I)
PHONE_US = re.compile(r"\b\d{3}-\d{3}-\d{4}\b|\(\d{3}\)\s*\d{3}-\d{4}|\b\d{3}-\d{4}\b")
PHONE_UK = re.compile(r"(?:\+44\s?|\b0)\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}\b")
PHONE_AU = re.compile(r"\b1[38]00[ -]?\d{3}[ -]?\d{3}\b")
NAME_RE = re.compile(r"^[vk]\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.(md|html|txt)$")

errors = []


def err(msg):
    errors.append(msg)


def host_ok(host):
    host = host.lower().rstrip(".").split(":")[0]
    return bool(ALLOWED_HOST.search(host))


def body_words(name, text):
    if name.endswith(".html"):
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            err("%s: no <main>" % name)
            return 0
        t = re.sub(r"<[^>]+>", " ", m.group(1))
        t = html.unescape(t)
    elif name.endswith(".md"):
        t = text
        if t.startswith("---\n"):
            end = t.find("\n---\n", 4)
            if end < 0:
                err("%s: unterminated front matter" % name)
            t = t[end + 5:]
        t = re.sub(r"\]\([^)]*\)", "] ", t)   # drop link targets
    else:
        t = text
    return sum(1 for w in t.split() if re.search(r"[A-Za-z0-9]", w))


def check_urls(where, text):
    for m in URL_RE.finditer(text):
        if not host_ok(m.group(1)):
            err("%s: bad URL host %s" % (where, m.group(1)))
    for m in WWW_RE.finditer(text):
        if not host_ok("www." + m.group(1)):
            err("%s: bad www host %s" % (where, m.group(1)))
    for m in BARE_RE.finditer(text):
        if not host_ok(m.group(1)):
            err("%s: bad bare host %s" % (where, m.group(1)))
    for m in EMAIL_RE.finditer(text):
        if not host_ok(m.group(1)):
            err("%s: bad email host %s" % (where, m.group(1)))
    for m in ATTR_RE.finditer(text):
        v = m.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", v, re.I):
            if v.lower().startswith("mailto:"):
                continue  # host checked by EMAIL_RE
            hm = re.match(r"^https?://([^/\"]+)", v, re.I)
            if not hm or not host_ok(hm.group(1)):
                err("%s: bad attribute URL %s" % (where, v))
        elif v.startswith("//"):
            if not host_ok(v[2:].split("/")[0]):
                err("%s: bad protocol-relative URL %s" % (where, v))


def check_phones(where, text):
    for m in PHONE_US.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if not digits[-7:-2] == "55501":
            err("%s: non-fictional US/CA phone %s" % (where, m.group(0)))
    for m in PHONE_UK.finditer(text):
        d = re.sub(r"\D", "", m.group(0))
        if d.startswith("44"):
            d = "0" + d[2:]
        if not (d.startswith("01632960") or d.startswith("0491570")):
            err("%s: non-fictional UK/AU phone %s" % (where, m.group(0)))
    for m in PHONE_AU.finditer(text):
        d = re.sub(r"\D", "", m.group(0))
        err("%s: AU 1800/1300 number is not fictional %s" % (where, m.group(0)))


def check_banned(where, text):
    for p in BANNED:
        pat = r"(?<![A-Za-z])" + r"\s+".join(
            re.escape(w) for w in p.split()) + r"(?![A-Za-z])"
        pat = pat.replace("'", "['\u2019]")
        if re.search(pat, text, re.I):
            err("%s: banned phrase %r" % (where, p))


def main():
    adir = os.path.join(ROOT, "articles")
    ldir = os.path.join(ROOT, "labels")
    arts = sorted(os.listdir(adir))
    labs = sorted(os.listdir(ldir))
    if len(arts) != 12:
        err("expected 12 articles, found %d" % len(arts))
    fmt = collections.Counter(a.rsplit(".", 1)[1] for a in arts)
    if fmt != {"md": 4, "html": 4, "txt": 4}:
        err("format counts %s" % dict(fmt))
    styles = collections.Counter(a[0] for a in arts)
    if styles != {"v": 6, "k": 6}:
        err("style counts %s" % dict(styles))
    for s in "vk":
        if {a.rsplit(".", 1)[1] for a in arts if a[0] == s} != {"md", "html", "txt"}:
            err("style %s missing a format" % s)
    slugs = set()
    for a in arts:
        if not NAME_RE.match(a):
            err("%s: bad file name" % a)
        slug = a[4:].rsplit(".", 1)[0]
        if slug[:1] not in "nop":
            err("%s: subject does not begin with N-P" % a)
        if slug in slugs:
            err("%s: duplicate subject" % a)
        slugs.add(slug)
    if sorted(a.rsplit(".", 1)[0] + ".json" for a in arts) != labs:
        err("labels do not match articles")

    kinds = collections.Counter()
    kinds_fmt = collections.defaultdict(collections.Counter)
    per_article = {}
    words = {}
    for a in arts:
        path = os.path.join(adir, a)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        ext = a.rsplit(".", 1)[1]
        # rebuilt from source must match what is on disk
        src = os.path.join(HERE, a + ".src")
        if not os.path.exists(src):
            err("%s: no source" % a)
            rebuilt_blocks = None
        else:
            with open(src, encoding="utf-8") as fh:
                rtext, rebuilt_blocks = build.render(fh.read(), a)
            if rtext != text:
                err("%s: differs from its source; rerun build.py" % a)
        for i, ln in enumerate(lines, 1):
            s = ln.strip()
            if s.startswith("@begin") or s == "@end" or "@begin " in ln:
                err("%s:%d: marker leaked" % (a, i))
        if "\t" in text:
            err("%s: tab character" % a)
        w = body_words(a, text)
        words[a] = w
        if not 450 <= w <= 800:
            err("%s: body has %d words (need 450-800)" % (a, w))
        if ext == "html":
            if "<main" not in text or "</html>" not in text:
                err("%s: incomplete HTML" % a)
        with open(os.path.join(ldir, a.rsplit(".", 1)[0] + ".json"),
                  encoding="utf-8") as fh:
            lab = json.load(fh)
        if lab.get("file") != "articles/" + a:
            err("%s: label file field %r" % (a, lab.get("file")))
        blocks = lab.get("inserted_blocks")
        if not isinstance(blocks, list):
            err("%s: inserted_blocks missing" % a)
            continue
        if rebuilt_blocks is not None and blocks != rebuilt_blocks:
            err("%s: label differs from source markers" % a)
        used = set()
        prev_end = 0
        for b in blocks:
            k = b.get("kind")
            ls = b.get("lines")
            if k not in KINDS:
                err("%s: bad kind %r" % (a, k))
            if not ls or ls != sorted(ls) or len(set(ls)) != len(ls):
                err("%s: lines empty, unsorted or repeated %r" % (a, ls))
                continue
            for n in ls:
                if not 1 <= n <= len(lines):
                    err("%s: line %d out of range" % (a, n))
                elif not lines[n - 1].strip():
                    err("%s: line %d is blank" % (a, n))
                if n in used:
                    err("%s: line %d in two blocks" % (a, n))
                used.add(n)
            for n in range(ls[0], ls[-1] + 1):
                if n not in ls and n <= len(lines) and lines[n - 1].strip():
                    err("%s: block %s not contiguous at line %d" % (a, k, n))
            if ls[0] <= prev_end:
                err("%s: blocks overlap or are out of order" % a)
            prev_end = ls[-1]
            kinds[k] += 1
            kinds_fmt[ext][k] += 1
        per_article[a] = len(blocks)

    inserted = [a for a, n in per_article.items() if n]
    clean = [a for a, n in per_article.items() if not n]
    if len(inserted) != 7 or len(clean) != 5:
        err("need 7 inserted and 5 clean, got %d/%d" % (len(inserted), len(clean)))
    dist = collections.Counter(per_article[a] for a in inserted)
    if dist != {1: 2, 2: 3, 3: 2}:
        err("blocks-per-article distribution %s" % dict(dist))
    for k in KINDS:
        if not 2 <= kinds[k] <= 3:
            err("kind %s used %d times (need 2-3)" % (k, kinds[k]))
    for ext in ("md", "html", "txt"):
        e = [a for a in arts if a.endswith("." + ext)]
        if not any(per_article.get(a) for a in e) or all(per_article.get(a) for a in e):
            err("format %s needs both inserted and clean pages" % ext)

    # whole-set text checks: every file in the set, this one included
    for dp, dn, fn in os.walk(ROOT):
        dn[:] = [d for d in dn if d != "__pycache__"]
        for f in fn:
            p = os.path.join(dp, f)
            rel = os.path.relpath(p, ROOT)
            try:
                with open(p, encoding="utf-8") as fh:
                    t = fh.read()
            except UnicodeDecodeError:
                err("%s: not UTF-8 text" % rel)
                continue
            check_banned(rel, t)
            if rel.startswith("articles") or rel.endswith(".src"):
                check_urls(rel, t)
                check_phones(rel, t)

    print("articles: %d  (md %d, html %d, txt %d; style v %d, k %d)" % (
        len(arts), fmt["md"], fmt["html"], fmt["txt"], styles["v"], styles["k"]))
    print("inserted: %d  clean: %d  blocks: %d" % (
        len(inserted), len(clean), sum(kinds.values())))
    for k in KINDS:
        print("  %-18s %d   (md %d, html %d, txt %d)" % (
            k, kinds[k], kinds_fmt["md"][k], kinds_fmt["html"][k],
            kinds_fmt["txt"][k]))
    for a in arts:
        print("  %-40s blocks %d  words %d" % (a, per_article.get(a, 0), words.get(a, 0)))
    if errors:
        for e in errors:
            print("ERROR:", e)
        print("FAILED (%d errors)" % len(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
