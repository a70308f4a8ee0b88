#!/usr/bin/env python3
"""Check the rendered set in /work/set11a (articles/, labels/) against the brief. Prints counts and OK.
Standard library only. Exit status 1 and a list of problems if anything fails."""
import codecs
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
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = set(build.KINDS)
# Phrases that must not appear anywhere in the set. Stored rot13 so this file does not contain them.
BANNED = [codecs.decode(p, "rot13") for p in (
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat", "nyy pbaarpgrq",
    "yvxr gubfr sbhaq va", "hygvzngryl", "ba n eryngrq abgr", "va bgure arjf", "ol gur jnl",
    "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl", "ba gung abgr",
    "juvyr jr'er ba gur fhowrpg")]
NAME_RE = re.compile(r"^([iv])(\d{2})-([a-c][a-z0-9-]*)\.(md|html|txt)$")
WORD_RE = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019.\-][A-Za-z0-9\u00c0-\u024f]+)*")
URL_RE = re.compile(r"(?i)\b(?:https?|ftp)://([^/\s\"'<>)\]]+)")
BARE_RE = re.compile(r"(?i)(?<![\w@/.-])((?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|io|co|uk|au|ca|info|biz|us|nz|ie))\b")
MAIL_RE = re.compile(r"(?i)[\w.+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})")
HREF_RE = re.compile(r"(?i)(?:href|src|action)\s*=\s*\"([^\"]*)\"")
PHONE_RE = re.compile(r"\b(\d{3})[-.\s](\d{4})\b")

problems = []


def bad(msg):
    problems.append(msg)


def ok_host(h):
    h = h.lower().rstrip(".").split(":")[0]
    return any(h == d or h.endswith("." + d) for d in ("example.com", "example.org", "example.net"))


def body_text(name, text):
    ext = name.rsplit(".", 1)[1]
    if ext == "html":
        m = re.search(r"(?is)<main\b[^>]*>(.*)</main>", text)
        if not m:
            bad("%s: no <main>" % name)
            return ""
        t = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", m.group(1))
        t = re.sub(r"(?s)<[^>]+>", " ", t)
        return html.unescape(t)
    if ext == "md" and text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end < 0:
            bad("%s: unterminated front matter" % name)
            return text
        return text[end + 5:]
    return text


def check_urls(name, text):
    for m in URL_RE.finditer(text):
        if not ok_host(m.group(1)):
            bad("%s: URL host not example.*: %s" % (name, m.group(0)))
    for m in BARE_RE.finditer(text):
        if not ok_host(m.group(1)):
            bad("%s: bare host not example.*: %s" % (name, m.group(1)))
    for m in MAIL_RE.finditer(text):
        if not ok_host(m.group(1)):
            bad("%s: e-mail host not example.*: %s" % (name, m.group(0)))
    for m in HREF_RE.finditer(text):
        v = m.group(1)
        if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", v):
            if v.lower().startswith(("http://", "https://")):
                continue  # host checked above
            if v.lower().startswith("mailto:") and ok_host(v.split("@")[-1]):
                continue
            if v.lower().startswith("tel:"):
                continue
            bad("%s: non-relative link %s" % (name, v))


def check_phones(name, text):
    for m in PHONE_RE.finditer(text):
        a, b = m.group(1), m.group(2)
        if a == "555" and b.startswith("01"):
            continue
        if a == "960" or a == "570":  # UK 01632 960xxx / AU 0491 570 xxx are followed by 3 digits, not 4
            continue
        bad("%s: phone-like number not in a fictional range: %s" % (name, m.group(0)))
    for m in re.finditer(r"\b01632\s?(\d{3})", text):
        if m.group(1) != "960":
            bad("%s: UK number outside 01632 960xxx" % name)
    for m in re.finditer(r"\b0491\s?(\d{3})", text):
        if m.group(1) != "570":
            bad("%s: AU number outside 0491 570xxx" % name)


def check_banned(name, text):
    for p in BANNED:
        pat = r"(?i)\b" + r"\s+".join(re.escape(w) for w in p.split()) + r"\b"
        if re.search(pat, text):
            bad("%s: banned phrase %r" % (name, p))


def main():
    arts = sorted(os.listdir(ART))
    labs = sorted(os.listdir(LAB))
    if len(arts) != 12:
        bad("expected 12 articles, found %d" % len(arts))
    fmt = collections.Counter()
    style_fmt = collections.Counter()
    kinds = collections.Counter()
    kinds_fmt = collections.defaultdict(collections.Counter)
    per_article = collections.Counter()
    inserted = clean = 0
    subjects = set()
    md_front = 0
    txt_wrapped = txt_long = 0
    words = {}
    for name in arts:
        m = NAME_RE.match(name)
        if not m:
            bad("%s: bad file name" % name)
            continue
        style, num, slug, ext = m.groups()
        if slug in subjects:
            bad("%s: subject repeated" % name)
        subjects.add(slug)
        fmt[ext] += 1
        style_fmt[(style, ext)] += 1
        path = os.path.join(ART, name)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines[-1] == "":
            lines = lines[:-1]
        # markers
        for i, ln in enumerate(lines, 1):
            if re.match(r"^\s*@(begin|end|wrap)\b", ln) or "@begin" in ln or "@end" in ln:
                bad("%s:%d marker leaked" % (name, i))
        if ext == "md" and text.startswith("---\n"):
            md_front += 1
        if ext == "txt":
            if max(len(x) for x in lines) <= 80:
                txt_wrapped += 1
            else:
                txt_long += 1
        # body words
        wc = len(WORD_RE.findall(body_text(name, text)))
        words[name] = wc
        if not 450 <= wc <= 800:
            bad("%s: body word count %d outside 450-800" % (name, wc))
        check_urls(name, text)
        check_phones(name, text)
        check_banned(name, text)
        # label
        stem = name.rsplit(".", 1)[0]
        lpath = os.path.join(LAB, stem + ".json")
        if not os.path.exists(lpath):
            bad("%s: no label" % name)
            continue
        with open(lpath, encoding="utf-8") as fh:
            lab = json.load(fh)
        if set(lab) != {"file", "inserted_blocks"}:
            bad("%s: label keys %s" % (name, sorted(lab)))
        if lab.get("file") != "articles/" + name:
            bad("%s: label file field %r" % (name, lab.get("file")))
        blocks = lab.get("inserted_blocks", [])
        used = set()
        spans = []
        for b in blocks:
            if set(b) != {"lines", "kind"}:
                bad("%s: block keys %s" % (name, sorted(b)))
            k = b.get("kind")
            if k not in KINDS:
                bad("%s: bad kind %r" % (name, k))
            kinds[k] += 1
            kinds_fmt[k][ext] += 1
            ls = b.get("lines", [])
            if not ls or not all(isinstance(x, int) for x in ls):
                bad("%s: empty or non-integer lines" % name)
                continue
            if ls != sorted(set(ls)):
                bad("%s: lines not sorted/unique %s" % (name, ls))
            for x in ls:
                if not 1 <= x <= len(lines):
                    bad("%s: line %d out of range" % (name, x))
                elif not lines[x - 1].strip():
                    bad("%s: line %d is blank" % (name, x))
            lo, hi = min(ls), max(ls)
            for x in range(lo, hi + 1):
                if x not in ls and x <= len(lines) and lines[x - 1].strip():
                    bad("%s: block %s not contiguous at line %d" % (name, k, x))
            if used & set(ls):
                bad("%s: blocks overlap" % name)
            used |= set(ls)
            for (a, z) in spans:
                if not (hi < a or lo > z):
                    bad("%s: block spans interleave" % name)
            spans.append((lo, hi))
        per_article[len(blocks)] += 1
        if blocks:
            inserted += 1
        else:
            clean += 1
        # labels must match what the sources say now
        srcp = os.path.join(HERE, name + ".src")
        if not os.path.exists(srcp):
            bad("%s: no source" % name)
        else:
            with open(srcp, encoding="utf-8") as fh:
                out, sblocks = build.render(fh.read(), name)
            if out != lines or sblocks != blocks:
                bad("%s: article/label out of date with src (run build.py)" % name)
    for lab in labs:
        if lab[:-5] not in {a.rsplit(".", 1)[0] for a in arts}:
            bad("stray label %s" % lab)
    # whole-set banned phrase / URL scan (README, labels, src)
    for d in (ROOT, LAB, HERE):
        for f in sorted(os.listdir(d)):
            p = os.path.join(d, f)
            if os.path.isfile(p) and not f.endswith(".pyc"):
                with open(p, encoding="utf-8") as fh:
                    t = fh.read()
                check_banned(os.path.relpath(p, ROOT), t)
                if f.endswith((".src", ".md")):
                    check_urls(os.path.relpath(p, ROOT), t)
    # composition
    for e in ("md", "html", "txt"):
        if fmt[e] != 4:
            bad("format %s: %d articles, want 4" % (e, fmt[e]))
        for s in "iv":
            if style_fmt[(s, e)] < 1:
                bad("style %s missing format %s" % (s, e))
    if inserted != 7 or clean != 5:
        bad("inserted/clean %d/%d, want 7/5" % (inserted, clean))
    for k in KINDS:
        if not 2 <= kinds[k] <= 3:
            bad("kind %s used %d times, want 2-3" % (k, kinds[k]))
    if md_front != 2:
        bad("md with front matter: %d, want 2" % md_front)
    if not (txt_wrapped and txt_long):
        bad("txt files should mix hard-wrapped and one-paragraph-per-line")

    print("articles: %d  (md %d, html %d, txt %d)" % (len(arts), fmt["md"], fmt["html"], fmt["txt"]))
    print("with insertions: %d  clean: %d  blocks: %d" % (inserted, clean, sum(kinds.values())))
    print("articles by block count: %s" % dict(sorted(per_article.items())))
    print("%-18s %3s %3s %4s %4s" % ("kind", "md", "html", "txt", "all"))
    for k in build.KINDS:
        c = kinds_fmt[k]
        print("%-18s %3d %4d %4d %4d" % (k, c["md"], c["html"], c["txt"], kinds[k]))
    print("body words: min %d, max %d" % (min(words.values()), max(words.values())))
    if problems:
        for p in problems:
            print("PROBLEM:", p)
        print("FAIL (%d problems)" % len(problems))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
