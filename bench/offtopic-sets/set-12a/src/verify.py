#!/usr/bin/env python3
"""Check the rendered set in ../articles and ../labels. Prints counts and OK.
Standard library only. Exit status 1 on any failure."""
import collections
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")
sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"]

# The banned phrases are stored reversed so that this file does not itself
# contain them; the scan below covers every file in the set, this one included.
_BANNED_REV = ["ylralimis", "fo gnikaeps", "ylgnitseretni", "gnitanicsaf",
               "detcennoc lla", "ni dnuof esoht ekil", "yletamitlu",
               "eton detaler a no", "swen rehto ni", "yaw eht yb",
               "syaw gnisirprus ni detcennoc", "esiwekil", "yaw emas eht ni",
               "eton taht no", "tcejbus eht no er'ew elihw"]
BANNED = [b[::-1] for b in _BANNED_REV]

NAME_RE = re.compile(r"^([np])(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.(md|html|txt)$")
TLDS = ("com|org|net|uk|io|co|info|biz|gov|edu|au|ca|us|nz|ie|de|fr|eu|app|"
        "shop|health|nhs|online|site|store|me|tv|ly|ai")
HOST_RE = re.compile(r"(?<![\w@.-])((?:[a-z0-9-]+\.)+(?:%s))(?![\w-])" % TLDS,
                     re.I)
URL_RE = re.compile(r"[a-z][a-z0-9+.-]*://([^/\s\"'<>)\]]+)", re.I)
HREF_RE = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", re.I)
MDLINK_RE = re.compile(r"\]\(([^)\s]+)")
EMAIL_RE = re.compile(r"[\w.+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})", re.I)

errors = []


def err(msg):
    errors.append(msg)


def ok_host(h):
    h = h.lower().rstrip(".").split(":")[0]
    return any(h == d or h.endswith("." + d)
               for d in ("example.com", "example.org", "example.net"))


def words(text):
    return len([t for t in text.split() if re.search(r"[A-Za-z0-9]", t)])


def body_text(name, text):
    if name.endswith(".html"):
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            err("%s: no <main>" % name)
            return ""
        inner = re.sub(r"<(script|style)\b.*?</\1>", " ", m.group(1),
                       flags=re.S | re.I)
        return html.unescape(re.sub(r"<[^>]+>", " ", inner))
    if name.endswith(".md"):
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end < 0:
                err("%s: unterminated front matter" % name)
                return text
            return text[end + 5:]
        return text
    return text


def check_urls(name, text):
    hosts = set()
    for m in URL_RE.finditer(text):
        hosts.add(m.group(1))
    for m in EMAIL_RE.finditer(text):
        hosts.add(m.group(1))
    for m in HOST_RE.finditer(text):
        hosts.add(m.group(1))
    for h in hosts:
        if not ok_host(h):
            err("%s: host not allowed: %s" % (name, h))
    links = HREF_RE.findall(text) + MDLINK_RE.findall(text)
    for link in links:
        if link.startswith("#"):
            continue
        m = re.match(r"([a-z][a-z0-9+.-]*):(//)?([^/\s]*)", link, re.I)
        if m:
            scheme = m.group(1).lower()
            if scheme in ("http", "https") and ok_host(m.group(3)):
                continue
            if scheme == "mailto" and ok_host(link.split("@")[-1]):
                continue
            if scheme == "tel":
                continue
            err("%s: link not allowed: %s" % (name, link))
        elif link.startswith("//"):
            if not ok_host(link[2:].split("/")[0]):
                err("%s: link not allowed: %s" % (name, link))
        # otherwise a relative path: fine


def check_banned(path, text):
    low = text.lower()
    for b in BANNED:
        pat = r"(?<![a-z])" + r"\s+".join(map(re.escape, b.split())) + r"(?![a-z])"
        if re.search(pat, low):
            err("%s: banned phrase %r" % (path, b))


def main():
    arts = sorted(os.listdir(ART))
    labs = sorted(os.listdir(LAB))
    if len(arts) != 12:
        err("expected 12 articles, found %d" % len(arts))
    fmt = collections.Counter()
    style = collections.Counter()
    style_fmt = collections.defaultdict(set)
    kinds = collections.Counter()
    kinds_fmt = collections.defaultdict(collections.Counter)
    nblocks = collections.Counter()
    inserted = collections.Counter()
    clean = collections.Counter()
    numbers, slugs = set(), set()
    fm_md = 0
    srcs = sorted(f for f in os.listdir(HERE) if f.endswith(".src"))
    if sorted(s[:-4] for s in srcs) != arts:
        err("src/ and articles/ do not match")
    for a in arts:
        m = NAME_RE.match(a)
        if not m:
            err("%s: bad file name" % a)
            continue
        st, num, slug, ext = m.groups()
        if num in numbers:
            err("%s: number reused" % a)
        numbers.add(num)
        if slug in slugs:
            err("%s: subject reused" % a)
        slugs.add(slug)
        if not slug[0] in "qrs":
            err("%s: subject does not start with Q-S" % a)
        fmt[ext] += 1
        style[st] += 1
        style_fmt[st].add(ext)
        with open(os.path.join(ART, a), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if text.endswith("\n"):
            lines = lines[:-1]
        if ext == "md" and text.startswith("---\n"):
            fm_md += 1
        # markers
        for i, ln in enumerate(lines, 1):
            if re.match(r"\s*@(begin|end|wrap)\b", ln) or "@begin" in ln:
                err("%s:%d: marker leaked" % (a, i))
        # label
        stem = a.rsplit(".", 1)[0]
        lp = os.path.join(LAB, stem + ".json")
        if not os.path.exists(lp):
            err("%s: no label" % a)
            continue
        with open(lp, encoding="utf-8") as fh:
            lab = json.load(fh)
        if lab.get("file") != "articles/" + a:
            err("%s: label file field %r" % (a, lab.get("file")))
        blocks = lab.get("inserted_blocks")
        if not isinstance(blocks, list):
            err("%s: inserted_blocks missing" % a)
            continue
        # labels agree with the sources
        with open(os.path.join(HERE, a + ".src"), encoding="utf-8") as fh:
            rtext, rblocks = build.render(fh.read(), a)
        if rtext != text or rblocks != blocks:
            err("%s: article/label out of date with src (run build.py)" % a)
        used = set()
        prev_end = 0
        for b in blocks:
            ls = b.get("lines")
            k = b.get("kind")
            if k not in KINDS:
                err("%s: bad kind %r" % (a, k))
            if not ls or ls != sorted(ls) or len(set(ls)) != len(ls):
                err("%s: lines not sorted/unique %r" % (a, ls))
                continue
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
                    err("%s: block %r not contiguous at line %d" % (a, k, n))
            if ls[0] <= prev_end:
                err("%s: blocks overlap or out of order" % a)
            prev_end = ls[-1]
            kinds[k] += 1
            kinds_fmt[ext][k] += 1
        nblocks[len(blocks)] += 1
        if blocks:
            inserted[ext] += 1
        else:
            clean[ext] += 1
        # words
        wc = words(body_text(a, text))
        if not 450 <= wc <= 800:
            err("%s: body word count %d outside 450-800" % (a, wc))
        # wrapping of .txt
        if ext == "txt":
            longest = max(len(l) for l in lines)
            print("  %-34s %4d words, longest line %d" % (a, wc, longest))
        else:
            print("  %-34s %4d words" % (a, wc))
        check_urls(a, text)
    # every file in the set: banned phrases
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            p = os.path.join(dirpath, f)
            if "__pycache__" in p:
                continue
            with open(p, encoding="utf-8", errors="replace") as fh:
                check_banned(os.path.relpath(p, ROOT), fh.read())
    if labs != sorted(a.rsplit(".", 1)[0] + ".json" for a in arts):
        err("labels/ does not match articles/")
    # composition
    for e in ("md", "html", "txt"):
        if fmt[e] != 4:
            err("expected 4 .%s, found %d" % (e, fmt[e]))
    for s in "np":
        if style[s] != 6:
            err("style %s: %d articles, expected 6" % (s, style[s]))
        if style_fmt[s] != {"md", "html", "txt"}:
            err("style %s missing a format" % s)
    n_ins = sum(inserted.values())
    n_clean = sum(clean.values())
    if n_ins != 7 or n_clean != 5:
        err("inserted/clean %d/%d, expected 7/5" % (n_ins, n_clean))
    for k in KINDS:
        if not 2 <= kinds[k] <= 3:
            err("kind %s used %d times, expected 2-3" % (k, kinds[k]))
    total = sum(kinds.values())

    print()
    print("articles: %d  (md %d, html %d, txt %d); md with front matter: %d"
          % (len(arts), fmt["md"], fmt["html"], fmt["txt"], fm_md))
    print("inserted: %d  clean: %d  blocks: %d" % (n_ins, n_clean, total))
    print("articles by block count: %s" % dict(sorted(nblocks.items())))
    print("%-18s %4s %5s %4s %6s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        print("%-18s %4d %5d %4d %6d" % (k, kinds_fmt["md"][k],
              kinds_fmt["html"][k], kinds_fmt["txt"][k], kinds[k]))
    for e in ("md", "html", "txt"):
        print("%-5s inserted %d clean %d" % (e, inserted[e], clean[e]))
    if errors:
        print()
        for e in errors:
            print("ERROR:", e)
        print("FAILED (%d errors)" % len(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
