#!/usr/bin/env python3
"""Check the rendered set: articles/, labels/ and the whole folder.

Usage:  cd src && python3 build.py && python3 verify.py
Prints counts and "OK" when every check passes; otherwise lists problems
and exits with status 1.  Standard library only.
"""
import codecs
import html
import json
import os
import re
import sys
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")
sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = set(build.KINDS)
# Banned stock phrases, stored rot13-encoded so this file does not contain them.
BANNED = [codecs.decode(p, "rot13") for p in [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat",
    "nyy pbaarpgrq", "yvxr gubfr sbhaq va", "hygvzngryl",
    "ba n eryngrq abgr", "va bgure arjf", "ol gur jnl",
    "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg",
]]
ALLOWED_BASE = ("example.com", "example.org", "example.net")
TLDS = ("com|org|net|io|co|uk|au|ca|nz|ie|info|biz|us|gov|edu|health|shop|"
        "app|ly|me|tv")
WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F'\u2019.-]*")

errors = []


def err(msg):
    errors.append(msg)


def host_ok(host):
    host = host.lower().strip(".")
    host = host.split("@")[-1].split(":")[0]
    return any(host == b or host.endswith("." + b) for b in ALLOWED_BASE)


def body_text(name, text):
    ext = name.rsplit(".", 1)[1]
    if ext == "md":
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end < 0:
                err("%s: unterminated front matter" % name)
            else:
                text = text[end + 5:]
        return text
    if ext == "html":
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            err("%s: no <main>" % name)
            return ""
        inner = re.sub(r"<[^>]+>", " ", m.group(1))
        return html.unescape(inner)
    return text


def check_urls(name, text):
    for m in re.finditer(r"https?://[^\s\"'<>()\]]+", text):
        host = urlsplit(m.group(0)).hostname or ""
        if not host_ok(host):
            err("%s: URL host not allowed: %s" % (name, m.group(0)))
    for m in re.finditer(r"(?:href|src|action)\s*=\s*\"([^\"]*)\"", text, re.I):
        v = m.group(1)
        low = v.lower()
        if low.startswith(("http://", "https://")):
            continue  # checked above
        if low.startswith("mailto:"):
            addr = v[7:].split("?")[0]
            if not addr or not host_ok(addr.split("@")[-1]):
                err("%s: mailto host not allowed: %s" % (name, v))
            continue
        if low.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", low):
            err("%s: not a relative path or allowed URL: %s" % (name, v))
    for m in re.finditer(r"\]\(([^)\s]+)", text):  # markdown links/images
        v = m.group(1)
        low = v.lower()
        if low.startswith(("http://", "https://")):
            continue
        if low.startswith("mailto:"):
            if not host_ok(v[7:].split("?")[0].split("@")[-1]):
                err("%s: mailto host not allowed: %s" % (name, v))
            continue
        if low.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", low):
            err("%s: not a relative path or allowed URL: %s" % (name, v))
    for m in re.finditer(r"[\w.+-]+@((?:[\w-]+\.)+[A-Za-z]{2,})", text):
        if not host_ok(m.group(1)):
            err("%s: e-mail host not allowed: %s" % (name, m.group(0)))
    bare = re.compile(r"(?<![\w@.-])((?:[A-Za-z0-9-]+\.)+(?:%s))\b" % TLDS, re.I)
    for m in bare.finditer(text):
        if not host_ok(m.group(1)):
            err("%s: bare host not allowed: %s" % (name, m.group(1)))


def check_phones(name, text):
    for m in re.finditer(r"(?<![\d-])(\d{3})[-.](\d{4})(?![\d-])", text):
        if m.group(1) != "555" or not m.group(2).startswith("01"):
            err("%s: phone not in 555-01xx: %s" % (name, m.group(0)))
    for m in re.finditer(r"(?<!\d)0\d{3,4} ?\d{3} ?\d{3}(?!\d)", text):
        s = m.group(0).replace(" ", "")
        if not (s.startswith("01632960") or s.startswith("0491570")):
            err("%s: phone not in fictional range: %s" % (name, m.group(0)))
    for m in re.finditer(r"(?<!\d)1[38]00[ -]?\d{3}[ -]?\d{3,4}(?!\d)", text):
        err("%s: 1800/1300 number not allowed: %s" % (name, m.group(0)))


def main():
    arts = sorted(os.listdir(ART))
    if len(arts) != 12:
        err("expected 12 articles, found %d" % len(arts))
    fmt = {"md": 0, "html": 0, "txt": 0}
    style = {"n": 0, "s": 0}
    inserted = clean = 0
    kinds_by_fmt = {}
    block_counts = []
    subjects = set()
    avoid = set()
    avoid_path = "/work/briefs/avoid-subjects-8.txt"
    if os.path.exists(avoid_path):
        with open(avoid_path, encoding="utf-8") as fh:
            avoid = {ln.strip().lower() for ln in fh if ln.strip()}
    srcs = set(build.sources())
    for a in arts:
        m = re.match(r"^([ns])(\d\d)-([a-z0-9-]+)\.(md|html|txt)$", a)
        if not m:
            err("%s: bad file name" % a)
            continue
        st, _, slug, ext = m.groups()
        fmt[ext] += 1
        style[st] += 1
        subj = slug.replace("-", " ")
        if subj[0] not in "ab":
            err("%s: subject does not begin with A-B" % a)
        if subj in subjects:
            err("%s: duplicate subject" % a)
        subjects.add(subj)
        if subj in avoid or subj.replace("s disease", "'s disease") in avoid:
            err("%s: subject is on the avoid list" % a)
        with open(os.path.join(ART, a), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        # label
        lp = os.path.join(LAB, a.rsplit(".", 1)[0] + ".json")
        if not os.path.exists(lp):
            err("%s: missing label" % a)
            continue
        with open(lp, encoding="utf-8") as fh:
            lab = json.load(fh)
        if lab.get("file") != "articles/" + a:
            err("%s: label file field wrong: %r" % (a, lab.get("file")))
        blocks = lab.get("inserted_blocks")
        if not isinstance(blocks, list):
            err("%s: inserted_blocks missing" % a)
            continue
        used = set()
        prev_end = 0
        for b in blocks:
            ls = b.get("lines") or []
            kind = b.get("kind")
            if kind not in KINDS:
                err("%s: bad kind %r" % (a, kind))
            if not ls:
                err("%s: empty block" % a)
                continue
            if ls != sorted(ls) or len(set(ls)) != len(ls):
                err("%s: lines not sorted/unique %r" % (a, ls))
            for n in ls:
                if not (1 <= n <= len(lines)):
                    err("%s: line %d out of range" % (a, n))
                elif not lines[n - 1].strip():
                    err("%s: line %d is blank" % (a, n))
                if n in used:
                    err("%s: line %d in two blocks" % (a, n))
                used.add(n)
            for n in range(ls[0], ls[-1] + 1):
                if n not in ls and n <= len(lines) and lines[n - 1].strip():
                    err("%s: block not contiguous at line %d" % (a, n))
            if ls[0] <= prev_end:
                err("%s: blocks overlap or out of order" % a)
            prev_end = ls[-1]
            kinds_by_fmt.setdefault(kind, {"md": 0, "html": 0, "txt": 0})
            kinds_by_fmt[kind][ext] += 1
        block_counts.append(len(blocks))
        if blocks:
            inserted += 1
        else:
            clean += 1
        # markers
        if re.search(r"^\s*@(begin|end|wrap)\b", text, re.M):
            err("%s: marker leaked" % a)
        # matches a fresh render of the source
        src = a + ".src"
        if src not in srcs:
            err("%s: no source %s" % (a, src))
        else:
            with open(os.path.join(HERE, src), encoding="utf-8") as fh:
                t2, b2 = build.render(fh.read(), src)
            if t2 != text or b2 != blocks:
                err("%s: out of date with src (run build.py)" % a)
        # word count
        wc = len(WORD.findall(body_text(a, text)))
        if not (450 <= wc <= 800):
            err("%s: body word count %d outside 450-800" % (a, wc))
        print("  %-45s words=%3d blocks=%d" % (a, wc, len(blocks)))
        check_urls(a, text)
        check_phones(a, text)
    # banned phrases anywhere in the set
    pats = [re.compile(r"\b%s\b" % re.escape(p).replace("'", "['\u2019]"), re.I)
            for p in BANNED]
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            p = os.path.join(dirpath, f)
            if "__pycache__" in p:
                continue
            try:
                with open(p, encoding="utf-8") as fh:
                    t = fh.read()
            except UnicodeDecodeError:
                continue
            for pat in pats:
                if pat.search(t):
                    err("%s: banned phrase %r" % (os.path.relpath(p, ROOT), pat.pattern))
            rel = os.path.relpath(p, ROOT)
            if rel.startswith(("src", "README")) and f != "verify.py":
                check_urls(rel, t)
    total = sum(block_counts)
    print("articles: %d  (md %d, html %d, txt %d; style n %d, s %d)"
          % (len(arts), fmt["md"], fmt["html"], fmt["txt"], style["n"], style["s"]))
    print("inserted: %d  clean: %d  blocks: %d  (per inserted article: %s)"
          % (inserted, clean, total, sorted(c for c in block_counts if c)))
    for k in build.KINDS:
        c = kinds_by_fmt.get(k, {"md": 0, "html": 0, "txt": 0})
        print("  %-18s md %d  html %d  txt %d  total %d"
              % (k, c["md"], c["html"], c["txt"], sum(c.values())))
        if not 2 <= sum(c.values()) <= 3:
            err("kind %s used %d times (want 2-3)" % (k, sum(c.values())))
    if fmt != {"md": 4, "html": 4, "txt": 4}:
        err("format mix wrong: %r" % fmt)
    if style != {"n": 6, "s": 6}:
        err("style mix wrong: %r" % style)
    if errors:
        for e in errors:
            print("ERROR:", e)
        print("FAILED (%d problems)" % len(errors))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
