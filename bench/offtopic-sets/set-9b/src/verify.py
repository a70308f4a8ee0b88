#!/usr/bin/env python3
"""Check the rendered set (articles/ + labels/) and print counts and OK.

Standard library only.  Usage:  cd src && python3 verify.py
"""
import codecs
import json
import os
import re
import sys
from collections import Counter, defaultdict
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ART = os.path.join(ROOT, "articles")
LAB = os.path.join(ROOT, "labels")
KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"]
# Stock transitions that must not appear anywhere in the set. Stored rot13 so
# that this file does not itself contain them.
BANNED = [codecs.decode(x, "rot13") for x in [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat",
    "nyy pbaarpgrq", "yvxr gubfr sbhaq va", "hygvzngryl", "ba n eryngrq abgr",
    "va bgure arjf", "ol gur jnl", "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr",
    "va gur fnzr jnl", "ba gung abgr", "juvyr jr'er ba gur fhowrpg"]]
TLDS = r"(?:com|org|net|edu|gov|io|co|uk|au|ca|nz|info|biz|health|app|ly|me|tv|us|de|fr|ie)"
HOST_RE = re.compile(r"(?<![\w@.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+" + TLDS + r")\b", re.I)
URL_RE = re.compile(r"[a-z][a-z0-9+.-]*://([^/\s\"'<>)\]]+)", re.I)
ATTR_RE = re.compile(r"(?:href|src|action)\s*=\s*\"([^\"]*)\"", re.I)
MDLINK_RE = re.compile(r"\]\(([^)\s]+)")
ALLOWED_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*example\.(?:com|org|net)$", re.I)
PHONE_US = re.compile(r"\b(?:\(\d{3}\)\s?|\d{3}[-. ])?\d{3}-\d{4}\b")
failures = []


def fail(msg):
    failures.append(msg)


class MainText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts = []
        self.seen_main = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
            self.seen_main = True
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.parts.append(data)


def words(text):
    return [w for w in text.split() if re.search(r"[A-Za-z0-9]", w)]


def body_text(name, text):
    if name.endswith(".html"):
        p = MainText()
        p.feed(text)
        if not p.seen_main:
            fail("%s: no <main>" % name)
        return " ".join(p.parts)
    if name.endswith(".md"):
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end < 0:
                fail("%s: unterminated front matter" % name)
            else:
                return text[end + 5:]
        return text
    return text


def check_hosts(where, text):
    hosts = set(h.lower() for h in URL_RE.findall(text))
    hosts |= set(h.lower() for h in HOST_RE.findall(text))
    for h in hosts:
        h = h.split(":")[0].split("@")[-1]
        if not ALLOWED_HOST.match(h):
            fail("%s: host not allowed: %s" % (where, h))
    links = ATTR_RE.findall(text) + MDLINK_RE.findall(text)
    for link in links:
        if link.startswith(("#", "/", "./", "../", "mailto:", "tel:")):
            if link.startswith("mailto:"):
                host = link.split("@")[-1]
                if not ALLOWED_HOST.match(host):
                    fail("%s: mail host not allowed: %s" % (where, link))
            continue
        m = re.match(r"^[a-z][a-z0-9+.-]*://([^/?#]+)", link, re.I)
        if m:
            if not ALLOWED_HOST.match(m.group(1).lower()):
                fail("%s: link host not allowed: %s" % (where, link))
        elif ":" in link.split("/")[0]:
            fail("%s: odd link scheme: %s" % (where, link))
        # otherwise a relative path


def check_phones(where, text):
    for m in PHONE_US.finditer(text):
        s = m.group(0)
        digits = re.sub(r"\D", "", s)
        if not re.search(r"555-01\d\d$", s):
            fail("%s: phone not in fictional range: %s" % (where, s))
    for m in re.finditer(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b", text):
        s = m.group(0)
        if not (s.startswith("01632 960") or s.startswith("0491 570")):
            fail("%s: phone not in fictional range: %s" % (where, s))
    if re.search(r"\b1[38]00 ?\d{3} ?\d{3}\b", text):
        fail("%s: Australian 1300/1800 number used" % where)


def check_banned(where, text):
    low = text.lower().replace("\u2019", "'")
    for b in BANNED:
        if re.search(r"(?<![\w'])" + re.escape(b) + r"(?![\w'])", low):
            fail("%s: banned phrase: %s" % (where, b))


def main():
    arts = sorted(os.listdir(ART))
    labs = sorted(os.listdir(LAB))
    if len(arts) != 12:
        fail("expected 12 articles, found %d" % len(arts))
    fmt = Counter(a.rsplit(".", 1)[1] for a in arts)
    for ext in ("md", "html", "txt"):
        if fmt[ext] != 4:
            fail("expected 4 .%s, found %d" % (ext, fmt[ext]))
    style_fmt = Counter((a[0], a.rsplit(".", 1)[1]) for a in arts)
    for a in arts:
        if not re.match(r"^[ix]\d\d-[a-z0-9-]+\.(md|html|txt)$", a):
            fail("bad file name %s" % a)
    for s in "ix":
        if sum(v for (st, _), v in style_fmt.items() if st == s) != 6:
            fail("style %s does not have 6 articles" % s)
        for ext in ("md", "html", "txt"):
            if not style_fmt[(s, ext)]:
                fail("style %s missing .%s" % (s, ext))
    letters = [a.split("-", 1)[1][0] for a in arts]
    for a, l in zip(arts, letters):
        if not ("t" <= l <= "z"):
            fail("%s: subject does not start with T-Z" % a)
    slugs = [a.split("-", 1)[1].rsplit(".", 1)[0] for a in arts]
    if len(set(slugs)) != len(slugs):
        fail("duplicate subjects")

    kinds = Counter()
    kinds_fmt = defaultdict(Counter)
    per_article = {}
    inserted = clean = 0
    table = []
    for a in arts:
        stem = a.rsplit(".", 1)[0]
        lp = os.path.join(LAB, stem + ".json")
        if not os.path.exists(lp):
            fail("%s: no label" % a)
            continue
        with open(lp, encoding="utf-8") as fh:
            lab = json.load(fh)
        if lab.get("file") != "articles/" + a:
            fail("%s: label file field is %r" % (a, lab.get("file")))
        with open(os.path.join(ART, a), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        blocks = lab.get("inserted_blocks")
        if not isinstance(blocks, list):
            fail("%s: inserted_blocks missing" % a)
            continue
        used = set()
        prev_last = 0
        for b in blocks:
            ln = b.get("lines")
            k = b.get("kind")
            if k not in KINDS:
                fail("%s: bad kind %r" % (a, k))
            if not ln or ln != sorted(ln) or len(set(ln)) != len(ln):
                fail("%s: lines empty or unsorted %r" % (a, ln))
                continue
            for n in ln:
                if not (1 <= n <= len(lines)):
                    fail("%s: line %d out of range" % (a, n))
                elif not lines[n - 1].strip():
                    fail("%s: line %d is blank" % (a, n))
                if n in used:
                    fail("%s: line %d in two blocks" % (a, n))
                used.add(n)
            for n in range(ln[0], ln[-1] + 1):
                if n not in ln and n <= len(lines) and lines[n - 1].strip():
                    fail("%s: block %r not contiguous at %d" % (a, ln, n))
            if ln[0] <= prev_last:
                fail("%s: blocks overlap or out of order" % a)
            prev_last = ln[-1]
            kinds[k] += 1
            kinds_fmt[a.rsplit(".", 1)[1]][k] += 1
        per_article[a] = len(blocks)
        if blocks:
            inserted += 1
        else:
            clean += 1
        if "@begin" in text or "@end" in text:
            fail("%s: marker leaked" % a)
        n_words = len(words(body_text(a, text)))
        if not (450 <= n_words <= 800):
            fail("%s: body has %d words (need 450-800)" % (a, n_words))
        table.append((a, n_words, [b["kind"] for b in blocks]))
        check_hosts(a, text)
        check_phones(a, text)
    for l in labs:
        if l.rsplit(".", 1)[0] not in [a.rsplit(".", 1)[0] for a in arts]:
            fail("label without article: %s" % l)

    # banned phrases and hosts anywhere in the set (README, src, labels too)
    for dp, _, fs in os.walk(ROOT):
        for f in fs:
            p = os.path.join(dp, f)
            try:
                with open(p, encoding="utf-8") as fh:
                    t = fh.read()
            except (UnicodeDecodeError, OSError):
                continue
            rel = os.path.relpath(p, ROOT)
            check_banned(rel, t)
            if f.endswith((".src", ".md")) and not rel.startswith("articles"):
                check_hosts(rel, t)

    if inserted != 7 or clean != 5:
        fail("expected 7 inserted / 5 clean, got %d / %d" % (inserted, clean))
    shape = Counter(v for v in per_article.values() if v)
    if shape != Counter({1: 2, 2: 3, 3: 2}):
        fail("block shape per article is %r" % dict(shape))
    for k in KINDS:
        if not (2 <= kinds[k] <= 3):
            fail("kind %s used %d times (need 2-3)" % (k, kinds[k]))

    for a, n, ks in table:
        print("%-40s %4d words  %s" % (a, n, ", ".join(ks) or "clean"))
    print()
    print("articles: %d (md %d, html %d, txt %d); inserted %d, clean %d; blocks %d"
          % (len(arts), fmt["md"], fmt["html"], fmt["txt"], inserted, clean,
             sum(kinds.values())))
    print("%-18s %4s %4s %4s %5s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        print("%-18s %4d %4d %4d %5d" % (k, kinds_fmt["md"][k], kinds_fmt["html"][k],
                                         kinds_fmt["txt"][k], kinds[k]))
    if failures:
        print()
        for f in failures:
            print("FAIL:", f)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
