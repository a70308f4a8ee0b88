#!/usr/bin/env python3
"""Check the rendered set in ../articles and ../labels.  Prints counts and OK.

Checks: 12 articles (4 md, 4 html, 4 txt); one label per article; label
lines in range, sorted, non-blank; blocks contiguous apart from blank lines
and not overlapping; kinds valid; no marker leaked; articles and labels match
a fresh render of src/; body word counts 450-800 (HTML: text inside <main>;
Markdown: without YAML front matter); every URL / host is example.com,
example.org or example.net (or a subdomain) or a relative path; phone numbers
are in fictional ranges; no banned phrase anywhere in the set; design mix
(7 inserted / 5 clean, 2-3 blocks per kind, style per format).

The banned phrases are stored ROT13-encoded so that this file does not itself
contain them.  Standard library only.  Run: cd src && python3 verify.py
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

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"]
BANNED_ROT13 = [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat",
    "nyy pbaarpgrq", "yvxr gubfr sbhaq va", "hygvzngryl",
    "ba n eryngrq abgr", "va bgure arjf", "ol gur jnl",
    "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg",
]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]
EXPECTED_PER_EXT = {"md": 4, "html": 4, "txt": 4}
NAME_RE = re.compile(r"^([df])(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.(md|html|txt)$")
OK_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*example\.(?:com|org|net)$")
URL_RE = re.compile(r"\b(?:https?|ftp)://([^/\s\"'<>)\]:]+)", re.I)
ATTR_RE = re.compile(r"\b(?:href|src|action)\s*=\s*[\"']([^\"']*)[\"']", re.I)
EMAIL_RE = re.compile(r"\b[\w.+-]+@((?:[\w-]+\.)+[a-z]{2,})\b", re.I)
BARE_HOST_RE = re.compile(
    r"(?<![\w@/.-])((?:[a-z0-9-]+\.)+(?:com|org|net|co\.uk|org\.uk|com\.au|"
    r"net\.au|ca|io|info|biz|us|uk|au|nz|ie|de|fr|app|shop|health|store|"
    r"online|site|co))\b(?![.-]\w)", re.I)
PHONE_RE = re.compile(r"(?<![\w/.-])\+?\(?\d[\d ().-]{7,}\d(?![\w-])")
PHONE_OK = [
    re.compile(r"^(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?555[ .-]?01\d\d$"),
    re.compile(r"^(?:\+44 ?|0)1632 ?960 ?\d{3}$"),
    re.compile(r"^(?:\+61 ?|0)491 ?570 ?\d{3}$"),
]

errors = []


def err(msg):
    errors.append(msg)


def words(text):
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*", text)


def body_text(ext, text):
    if ext == "md":
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end < 0:
                err("unterminated front matter")
                return text
            return text[end + 5:]
        return text
    if ext == "html":
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            err("no <main> element")
            return ""
        inner = re.sub(r"<(script|style)\b.*?</\1>", " ", m.group(1),
                       flags=re.S | re.I)
        return html.unescape(re.sub(r"<[^>]+>", " ", inner))
    return text


def check_hosts(fname, text):
    for m in URL_RE.finditer(text):
        host = m.group(1).lower().rstrip(".")
        if not OK_HOST.match(host):
            err("%s: URL host not allowed: %s" % (fname, host))
    for m in ATTR_RE.finditer(text):
        v = m.group(1).strip()
        low = v.lower()
        if low.startswith("mailto:"):
            host = low.split("@")[-1].split("?")[0]
            if not OK_HOST.match(host):
                err("%s: mail host not allowed: %s" % (fname, v))
        elif low.startswith("tel:") or low.startswith("#"):
            continue
        elif re.match(r"^[a-z][a-z0-9+.-]*:", low) or low.startswith("//"):
            if not re.match(r"^(?:https?:)?//", low):
                err("%s: odd URL scheme: %s" % (fname, v))
            # host already checked by URL_RE for http(s); protocol-relative:
            if low.startswith("//"):
                host = low[2:].split("/")[0]
                if not OK_HOST.match(host):
                    err("%s: URL host not allowed: %s" % (fname, v))
    for m in EMAIL_RE.finditer(text):
        if not OK_HOST.match(m.group(1).lower()):
            err("%s: e-mail host not allowed: %s" % (fname, m.group(0)))
    for m in BARE_HOST_RE.finditer(text):
        host = m.group(1).lower()
        if not OK_HOST.match(host):
            err("%s: bare host not allowed: %s" % (fname, host))


def check_phones(fname, text):
    for m in PHONE_RE.finditer(text):
        s = m.group(0).strip()
        digits = re.sub(r"\D", "", s)
        if len(digits) < 9 or len(digits) > 13:
            continue
        if not any(p.match(s) for p in PHONE_OK):
            err("%s: phone number not in a fictional range: %r" % (fname, s))


def check_banned(path, text):
    low = text.lower().replace("\u2019", "'")
    for b in BANNED:
        if re.search(r"(?<![\w'])" + re.escape(b) + r"(?![\w'])", low):
            err("%s: banned phrase found (rot13 %s)"
                % (os.path.relpath(path, ROOT), codecs.encode(b, "rot13")))


def main():
    arts = sorted(os.listdir(ART))
    labs = sorted(os.listdir(LAB))
    if len(arts) != 12:
        err("expected 12 articles, found %d" % len(arts))
    per_ext = Counter(a.rsplit(".", 1)[-1] for a in arts)
    if dict(per_ext) != EXPECTED_PER_EXT:
        err("format mix wrong: %s" % dict(per_ext))
    if sorted(a.rsplit(".", 1)[0] + ".json" for a in arts) != labs:
        err("labels do not match articles one to one")

    kinds_per_ext = defaultdict(Counter)
    kind_total = Counter()
    style_ext = Counter()
    inserted, clean = [], []
    blocks_per_article = Counter()
    slugs, numbers = set(), set()
    word_counts = {}

    for a in arts:
        m = NAME_RE.match(a)
        if not m:
            err("bad file name: %s" % a)
            continue
        style, num, slug, ext = m.groups()
        if slug in slugs or num in numbers:
            err("duplicate subject or number: %s" % a)
        slugs.add(slug)
        numbers.add(num)
        style_ext[(style, ext)] += 1
        with open(os.path.join(ART, a), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        # fresh render must match
        src = os.path.join(HERE, a + ".src")
        if not os.path.exists(src):
            err("%s: no source" % a)
        else:
            with open(src, encoding="utf-8") as fh:
                rtext, rblocks = build.render(fh.read(), a + ".src")
            if rtext != text:
                err("%s: article differs from a fresh render; run build.py" % a)
        # markers
        for i, ln in enumerate(lines, 1):
            if "@begin" in ln or "@end" in ln or ln.strip().startswith("@wrap"):
                err("%s:%d marker leaked" % (a, i))
        # label
        lpath = os.path.join(LAB, a.rsplit(".", 1)[0] + ".json")
        try:
            with open(lpath, encoding="utf-8") as fh:
                label = json.load(fh)
        except Exception as e:  # noqa: BLE001
            err("%s: cannot read label: %s" % (a, e))
            continue
        if label.get("file") != "articles/" + a:
            err("%s: label file field wrong: %r" % (a, label.get("file")))
        blocks = label.get("inserted_blocks")
        if not isinstance(blocks, list):
            err("%s: inserted_blocks missing" % a)
            continue
        if os.path.exists(src) and blocks != rblocks:
            err("%s: label differs from a fresh render; run build.py" % a)
        seen = set()
        prev_last = 0
        for b in blocks:
            ls, kind = b.get("lines"), b.get("kind")
            if kind not in KINDS:
                err("%s: bad kind %r" % (a, kind))
            if not ls or not all(isinstance(x, int) for x in ls):
                err("%s: empty or non-integer lines" % a)
                continue
            if ls != sorted(ls) or len(set(ls)) != len(ls):
                err("%s: lines not sorted/unique %s" % (a, ls))
            for x in ls:
                if x < 1 or x > len(lines):
                    err("%s: line %d out of range" % (a, x))
                elif not lines[x - 1].strip():
                    err("%s: line %d is blank" % (a, x))
                if x in seen:
                    err("%s: line %d in two blocks" % (a, x))
                seen.add(x)
            for x, y in zip(ls, ls[1:]):
                for z in range(x + 1, y):
                    if 1 <= z <= len(lines) and lines[z - 1].strip():
                        err("%s: block %s not contiguous at line %d"
                            % (a, ls[:3], z))
            if ls[0] <= prev_last:
                err("%s: blocks overlap or out of order" % a)
            prev_last = ls[-1]
            kinds_per_ext[ext][kind] += 1
            kind_total[kind] += 1
        blocks_per_article[len(blocks)] += 1
        (inserted if blocks else clean).append(a)
        # words
        wc = len(words(body_text(ext, text)))
        word_counts[a] = wc
        if not 450 <= wc <= 800:
            err("%s: body word count %d outside 450-800" % (a, wc))
        check_hosts(a, text)
        check_phones(a, text)

    # banned phrases anywhere in the set (articles, labels, src, README)
    for dp, dn, fn in os.walk(ROOT):
        dn[:] = [d for d in dn if d != "__pycache__"]
        for f in fn:
            p = os.path.join(dp, f)
            try:
                with open(p, encoding="utf-8") as fh:
                    check_banned(p, fh.read())
            except UnicodeDecodeError:
                pass
        for f in fn:
            if f.endswith(".src"):
                with open(os.path.join(dp, f), encoding="utf-8") as fh:
                    check_hosts("src/" + f, fh.read())

    # design mix
    if len(inserted) != 7 or len(clean) != 5:
        err("expected 7 inserted / 5 clean, got %d / %d"
            % (len(inserted), len(clean)))
    for k in KINDS:
        if not 2 <= kind_total[k] <= 3:
            err("kind %s used %d times (want 2-3)" % (k, kind_total[k]))
    for s in "df":
        for e in ("md", "html", "txt"):
            if style_ext[(s, e)] < 1:
                err("style %s missing format %s" % (s, e))
        if sum(v for (st, _), v in style_ext.items() if st == s) != 6:
            err("style %s does not have 6 articles" % s)

    # report
    print("articles per format: " + ", ".join(
        "%s %d" % (e, per_ext[e]) for e in ("md", "html", "txt")))
    print("inserted %d, clean %d; blocks per inserted article: %s"
          % (len(inserted), len(clean),
             ", ".join("%d-block x%d" % (k, v)
                       for k, v in sorted(blocks_per_article.items()) if k)))
    print("blocks total %d" % sum(kind_total.values()))
    print("%-18s %4s %4s %4s %5s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        print("%-18s %4d %4d %4d %5d" % (k, kinds_per_ext["md"][k],
                                         kinds_per_ext["html"][k],
                                         kinds_per_ext["txt"][k],
                                         kind_total[k]))
    print("word counts: " + ", ".join(
        "%s %d" % (a.split("-")[0], n) for a, n in word_counts.items()))
    if errors:
        for e in errors:
            print("ERROR: " + e)
        print("FAIL (%d problems)" % len(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
