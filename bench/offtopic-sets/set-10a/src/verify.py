#!/usr/bin/env python3
"""Check the rendered set in ../articles and ../labels; print counts and "OK".

Standard library only. Exit status 1 and a list of problems if anything fails.
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
EXTS = ["md", "html", "txt"]

# Banned stock transitions, stored rot13 so that this file does not itself contain them.
BANNED_ROT13 = [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat", "nyy pbaarpgrq",
    "yvxr gubfr sbhaq va", "hygvzngryl", "ba n eryngrq abgr", "va bgure arjf",
    "ol gur jnl", "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg",
]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]

problems = []


def bad(msg):
    problems.append(msg)


def banned_regex(phrase):
    parts = [re.escape(w) for w in phrase.split()]
    pat = r"\s+".join(parts).replace("\\'", "['\u2019]").replace("'", "['\u2019]")
    return re.compile(r"(?<![A-Za-z0-9])" + pat + r"(?![A-Za-z0-9])", re.I)


BANNED_RE = [(p, banned_regex(p)) for p in BANNED]

OK_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*example\.(?:com|org|net)$", re.I)
URL_RE = re.compile(r"\b(?:https?|ftp)://([^/\s\"'<>)\]]+)", re.I)
BARE_HOST_RE = re.compile(
    r"(?<![A-Za-z0-9@._-])((?:[A-Za-z0-9-]+\.)+(?:com|org|net|edu|gov|io|co|uk|au|ca|nz|ie|"
    r"info|biz|tv|me|ly|app|dev|shop|store|health|us|de|fr))(?![A-Za-z0-9-])", re.I)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
ATTR_RE = re.compile(r"(?:href|src|action)\s*=\s*[\"']([^\"']*)[\"']", re.I)
MDLINK_RE = re.compile(r"\]\(([^)\s]+)")
PHONE_US_RE = re.compile(r"(?<!\d)(\d{3})[-. ](\d{3})[-. ](\d{4})(?!\d)")


def host_ok(h):
    h = h.split("@")[-1].split(":")[0].strip(".").lower()
    return bool(OK_HOST.match(h))


def check_link_target(name, target):
    t = target.strip()
    if not t or t.startswith("#"):
        return
    low = t.lower()
    if low.startswith("tel:"):
        return
    if low.startswith("mailto:"):
        dom = t.split("@")[-1].split("?")[0]
        if not host_ok(dom):
            bad("%s: mailto host not allowed: %s" % (name, t))
        return
    if t.startswith("//"):
        if not host_ok(t[2:].split("/")[0]):
            bad("%s: protocol-relative host not allowed: %s" % (name, t))
        return
    m = re.match(r"^([a-z][a-z0-9+.-]*):", low)
    if m:
        if m.group(1) in ("http", "https"):
            host = re.sub(r"^[a-z]+://", "", t, flags=re.I).split("/")[0]
            if not host_ok(host):
                bad("%s: link host not allowed: %s" % (name, t))
        else:
            bad("%s: unexpected link scheme: %s" % (name, t))


def check_urls(name, text):
    for m in URL_RE.finditer(text):
        if not host_ok(m.group(1)):
            bad("%s: URL host not allowed: %s" % (name, m.group(0)))
    for m in BARE_HOST_RE.finditer(text):
        if not host_ok(m.group(1)):
            bad("%s: host not allowed: %s" % (name, m.group(1)))
    for m in EMAIL_RE.finditer(text):
        if not host_ok(m.group(1)):
            bad("%s: e-mail host not allowed: %s" % (name, m.group(0)))
    for m in ATTR_RE.finditer(text):
        check_link_target(name, html.unescape(m.group(1)))
    for m in MDLINK_RE.finditer(text):
        check_link_target(name, m.group(1))


def check_phones(name, text):
    for m in PHONE_US_RE.finditer(text):
        a, b, c = m.groups()
        if not (b == "555" and c.startswith("01")) and not (a == "555" and b.startswith("01")):
            bad("%s: phone number outside the fictional range: %s" % (name, m.group(0)))


def words(text):
    return len([w for w in text.split() if re.search(r"[A-Za-z0-9]", w)])


def body_text(fname, text):
    ext = fname.rsplit(".", 1)[1]
    if ext == "html":
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            bad("%s: no <main> element" % fname)
            return ""
        inner = re.sub(r"<(script|style)\b.*?</\1>", " ", m.group(1), flags=re.S | re.I)
        inner = re.sub(r"<[^>]+>", " ", inner)
        return html.unescape(inner)
    if ext == "md":
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end < 0:
                bad("%s: unterminated front matter" % fname)
                return text
            text = text[end + 5:]
        return re.sub(r"\]\([^)]*\)", "]", text)
    return text


def main():
    arts = sorted(os.listdir(ART)) if os.path.isdir(ART) else []
    labs = sorted(os.listdir(LAB)) if os.path.isdir(LAB) else []
    if len(arts) != 12:
        bad("expected 12 articles, found %d" % len(arts))
    ext_count = Counter(a.rsplit(".", 1)[-1] for a in arts)
    for e in EXTS:
        if ext_count[e] != 4:
            bad("expected 4 .%s articles, found %d" % (e, ext_count[e]))
    style_fmt = Counter()
    if sorted(l[:-5] for l in labs) != sorted(a.rsplit(".", 1)[0] for a in arts):
        bad("labels/ and articles/ do not match one to one")

    per_fmt = defaultdict(Counter)
    kinds_total = Counter()
    inserted = clean = 0
    nblocks = 0
    blocks_per_article = Counter()
    wc_report = []
    subjects = set()

    for a in arts:
        m = re.match(r"^([yz])(\d\d)-([a-z0-9-]+)\.(md|html|txt)$", a)
        if not m:
            bad("%s: bad file name" % a)
            continue
        style, ext = m.group(1), m.group(4)
        style_fmt[(style, ext)] += 1
        letter = m.group(3)[0]
        if not ("a" <= letter <= "m"):
            bad("%s: subject does not begin with A-M" % a)
        if m.group(3) in subjects:
            bad("%s: repeated subject" % a)
        subjects.add(m.group(3))
        path = os.path.join(ART, a)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for i, ln in enumerate(lines, 1):
            if re.match(r"^\s*@(begin|end|wrap)\b", ln) or "@begin" in ln:
                bad("%s:%d marker leaked" % (a, i))
        if ext == "txt":
            widest = max(len(l) for l in lines)
            long_lines = sum(1 for l in lines if len(l) > 80)
            if long_lines == 0 and widest < 70:
                bad("%s: neither wrapped at 70-80 nor one paragraph per line?" % a)
        wc = words(body_text(a, text))
        wc_report.append((a, wc))
        if not 450 <= wc <= 800:
            bad("%s: body word count %d outside 450-800" % (a, wc))

        lp = os.path.join(LAB, a.rsplit(".", 1)[0] + ".json")
        if not os.path.exists(lp):
            bad("%s: missing label" % a)
            continue
        with open(lp, encoding="utf-8") as fh:
            lab = json.load(fh)
        if lab.get("file") != "articles/" + a:
            bad("%s: label file field is %r" % (a, lab.get("file")))
        if set(lab) != {"file", "inserted_blocks"}:
            bad("%s: unexpected label keys %s" % (a, sorted(lab)))
        blocks = lab.get("inserted_blocks", [])
        spans = []
        for b in blocks:
            k = b.get("kind")
            if k not in KINDS:
                bad("%s: bad kind %r" % (a, k))
            ls = b.get("lines", [])
            if not ls or not all(isinstance(x, int) for x in ls):
                bad("%s: empty or non-integer lines" % a)
                continue
            if ls != sorted(set(ls)):
                bad("%s: lines not sorted/unique %s" % (a, ls))
            for x in ls:
                if not 1 <= x <= len(lines):
                    bad("%s: line %d out of range" % (a, x))
                elif not lines[x - 1].strip():
                    bad("%s: line %d is blank" % (a, x))
            lo, hi = min(ls), max(ls)
            for x in range(lo, hi + 1):
                if x not in ls and 1 <= x <= len(lines) and lines[x - 1].strip():
                    bad("%s: block %d-%d not contiguous (line %d)" % (a, lo, hi, x))
            spans.append((lo, hi))
            per_fmt[ext][k] += 1
            kinds_total[k] += 1
            nblocks += 1
        spans.sort()
        for (l1, h1), (l2, h2) in zip(spans, spans[1:]):
            if l2 <= h1:
                bad("%s: blocks overlap (%d-%d, %d-%d)" % (a, l1, h1, l2, h2))
        blocks_per_article[len(blocks)] += 1
        if blocks:
            inserted += 1
            per_fmt[ext]["_inserted"] += 1
        else:
            clean += 1
            per_fmt[ext]["_clean"] += 1

    # balance checks for this part
    if inserted != 7 or clean != 5:
        bad("expected 7 inserted and 5 clean articles, found %d and %d" % (inserted, clean))
    for k in KINDS:
        if not 2 <= kinds_total[k] <= 3:
            bad("kind %s used %d times (want 2-3)" % (k, kinds_total[k]))
    for s in "yz":
        for e in EXTS:
            if style_fmt[(s, e)] == 0:
                bad("style %s has no .%s article" % (s, e))
        if sum(v for (st, _), v in style_fmt.items() if st == s) != 6:
            bad("style %s does not have 6 articles" % s)

    # whole-set text checks: banned phrases everywhere, URLs and phones in articles
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            p = os.path.join(dirpath, f)
            rel = os.path.relpath(p, ROOT)
            if "__pycache__" in rel:
                continue
            try:
                with open(p, encoding="utf-8") as fh:
                    t = fh.read()
            except UnicodeDecodeError:
                continue
            for phrase, rx in BANNED_RE:
                if rx.search(t):
                    bad("%s: banned phrase %r" % (rel, phrase))
            if rel.startswith("articles") or rel.endswith(".src"):
                check_urls(rel, t)
                check_phones(rel, t)

    print("articles: %d  (md %d, html %d, txt %d)" % (
        len(arts), ext_count["md"], ext_count["html"], ext_count["txt"]))
    print("inserted: %d  clean: %d  blocks: %d  (articles with 1/2/3 blocks: %d/%d/%d)" % (
        inserted, clean, nblocks, blocks_per_article[1], blocks_per_article[2],
        blocks_per_article[3]))
    print("%-18s %4s %4s %4s %5s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        print("%-18s %4d %4d %4d %5d" % (k, per_fmt["md"][k], per_fmt["html"][k],
                                         per_fmt["txt"][k], kinds_total[k]))
    print("%-18s %4d %4d %4d %5d" % ("inserted articles", per_fmt["md"]["_inserted"],
                                     per_fmt["html"]["_inserted"], per_fmt["txt"]["_inserted"],
                                     inserted))
    print("%-18s %4d %4d %4d %5d" % ("clean articles", per_fmt["md"]["_clean"],
                                     per_fmt["html"]["_clean"], per_fmt["txt"]["_clean"], clean))
    print("body words: " + ", ".join("%s=%d" % (a.split("-")[0], w) for a, w in wc_report))
    if problems:
        for p in problems:
            print("PROBLEM: " + p)
        print("FAIL (%d problems)" % len(problems))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
