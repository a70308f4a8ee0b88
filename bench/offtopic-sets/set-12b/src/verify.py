#!/usr/bin/env python3
"""Check set12b: structure, labels, word counts, URLs, banned phrases.

Prints the counts and "OK" when every check passes; otherwise lists the
problems and exits 1. Standard library only.
"""
import codecs
import collections
import html
import html.parser
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

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"]
# Stored rot13-encoded so that this file does not itself contain them.
BANNED_ROT13 = [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat",
    "nyy pbaarpgrq", "yvxr gubfr sbhaq va", "hygvzngryl",
    "ba n eryngrq abgr", "va bgure arjf", "ol gur jnl",
    "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg",
]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]
ALLOWED_HOSTS = ("example.com", "example.org", "example.net")

errors = []


def err(msg):
    errors.append(msg)


def host_ok(host):
    host = host.lower().strip(".").split(":")[0]
    return any(host == h or host.endswith("." + h) for h in ALLOWED_HOSTS)


def body_text(name, text):
    ext = name.rsplit(".", 1)[1]
    if ext == "html":
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            err("%s: no <main>" % name)
            return ""
        body = re.sub(r"<[^>]+>", " ", m.group(1))
        return html.unescape(body)
    if ext == "md":
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            for i in range(1, len(lines)):
                if lines[i].strip() == "---":
                    lines = lines[i + 1:]
                    break
            else:
                err("%s: unterminated front matter" % name)
        body = "\n".join(lines)
        body = re.sub(r"\]\([^)]*\)", "]", body)   # drop link targets
        return body
    return text


def word_count(text):
    return len(re.findall(r"[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019\-][A-Za-z0-9]+)*",
                          text))


TLDS = r"(?:com|org|net|edu|gov|io|info|co\.uk|org\.uk|nhs\.uk|com\.au|org\.au|gov\.au|ca|nz|uk|au|us|biz|health)"
BARE_HOST = re.compile(r"(?<![@\w.-])((?:[a-z0-9-]+\.)+" + TLDS + r")\b(?![\w-])", re.I)


def check_urls(name, text):
    for m in re.finditer(r"\b(?:https?|ftp)://([^/\s\"'<>)\]]+)", text, re.I):
        if not host_ok(m.group(1)):
            err("%s: bad URL host %s" % (name, m.group(1)))
    for m in re.finditer(r"\b(?:href|src|action)\s*=\s*[\"']([^\"']*)[\"']", text, re.I):
        v = m.group(1)
        if re.match(r"^(?:[a-z]+:)?//", v, re.I):
            h = re.sub(r"^(?:[a-z]+:)?//", "", v).split("/")[0]
            if not host_ok(h):
                err("%s: bad href host %s" % (name, v))
        elif re.match(r"^(mailto|tel):", v, re.I):
            if v.lower().startswith("mailto:") and not host_ok(v.split("@")[-1]):
                err("%s: bad mailto %s" % (name, v))
        elif re.match(r"^[a-z][a-z0-9+.-]*:", v, re.I):
            err("%s: odd URL scheme %s" % (name, v))
    for m in re.finditer(r"\]\(([^)\s]+)", text):
        v = m.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", v, re.I) and not v.lower().startswith(("http", "mailto:", "tel:")):
            err("%s: odd md link %s" % (name, v))
    for m in re.finditer(r"[\w.+-]+@([\w.-]+\.[a-z]{2,})", text, re.I):
        if not host_ok(m.group(1)):
            err("%s: bad e-mail host %s" % (name, m.group(1)))
    for m in BARE_HOST.finditer(text):
        if not host_ok(m.group(1)):
            err("%s: bad bare host %s" % (name, m.group(1)))
    for m in re.finditer(r"\bwww\.[\w.-]+", text, re.I):
        if not host_ok(m.group(0)):
            err("%s: bad www host %s" % (name, m.group(0)))


def check_phones(name, text):
    for m in re.finditer(r"\b555[-. ](\d{4})\b", text):
        if not m.group(1).startswith("01"):
            err("%s: US/CA number outside 555-01xx: %s" % (name, m.group(0)))
    for m in re.finditer(r"\b01632\s?(\d{3})\s?(\d{3})\b", text):
        if m.group(1) != "960":
            err("%s: UK number outside 01632 960xxx: %s" % (name, m.group(0)))
    if re.search(r"\b1800\s?160\b", text):
        err("%s: uses 1800 160 xxx (not reserved)" % name)
    for m in re.finditer(r"\b04\d{2}\s?\d{3}\s?\d{3}\b", text):
        if not re.match(r"0491\s?570", m.group(0)):
            err("%s: AU mobile outside 0491 570 xxx: %s" % (name, m.group(0)))


class TagChecker(html.parser.HTMLParser):
    VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack = []
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("unexpected </%s> (open: %s)" % (tag, self.stack[-3:]))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()


def banned_hits(text):
    t = text.replace("\u2019", "'").lower()
    hits = []
    for b in BANNED:
        pat = r"(?<![\w])" + r"\s+".join(re.escape(w) for w in b.split()) + r"(?![\w])"
        if re.search(pat, t):
            hits.append(b)
    return hits


def main():
    names = sorted(os.listdir(ART))
    if len(names) != 12:
        err("expected 12 articles, found %d" % len(names))
    fmt = collections.Counter()
    style_fmt = collections.Counter()
    kinds_total = collections.Counter()
    kinds_fmt = collections.defaultdict(collections.Counter)
    inserted = collections.Counter()
    clean = collections.Counter()
    per_article_blocks = collections.Counter()
    slugs = set()
    wc_report = []

    for name in names:
        m = re.match(r"^([dh])(\d\d)-([a-z0-9-]+)\.(md|html|txt)$", name)
        if not m:
            err("bad filename %s" % name)
            continue
        style, _, slug, ext = m.groups()
        if slug in slugs:
            err("duplicate subject slug %s" % slug)
        slugs.add(slug)
        if slug[0] not in "tuvwxyz":
            err("%s: subject does not begin with T-Z" % name)
        fmt[ext] += 1
        style_fmt[(style, ext)] += 1
        path = os.path.join(ART, name)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]

        # markers
        for i, l in enumerate(lines, 1):
            if "@begin" in l or "@end" in l or l.startswith("@wrap"):
                err("%s:%d marker leaked" % (name, i))

        # label
        lp = os.path.join(LAB, name.rsplit(".", 1)[0] + ".json")
        if not os.path.exists(lp):
            err("%s: no label" % name)
            continue
        with open(lp, encoding="utf-8") as fh:
            lab = json.load(fh)
        if lab.get("file") != "articles/" + name:
            err("%s: label file field %r" % (name, lab.get("file")))
        if set(lab) != {"file", "inserted_blocks"}:
            err("%s: label keys %s" % (name, sorted(lab)))
        blocks = lab.get("inserted_blocks", [])
        prev_end = 0
        for bi, b in enumerate(blocks):
            ls = b.get("lines")
            kind = b.get("kind")
            if kind not in KINDS:
                err("%s block %d: bad kind %r" % (name, bi, kind))
            if not ls or not all(isinstance(x, int) for x in ls):
                err("%s block %d: bad lines" % (name, bi))
                continue
            if ls != sorted(ls) or len(set(ls)) != len(ls):
                err("%s block %d: lines not sorted/unique" % (name, bi))
            for x in ls:
                if x < 1 or x > len(lines):
                    err("%s block %d: line %d out of range" % (name, bi, x))
                elif not lines[x - 1].strip():
                    err("%s block %d: line %d blank" % (name, bi, x))
            for a, c in zip(ls, ls[1:]):
                for y in range(a + 1, c):
                    if 1 <= y <= len(lines) and lines[y - 1].strip():
                        err("%s block %d: gap at non-blank line %d" % (name, bi, y))
            if ls[0] <= prev_end:
                err("%s block %d: overlaps/out of order" % (name, bi))
            prev_end = ls[-1]
            kinds_total[kind] += 1
            kinds_fmt[ext][kind] += 1
        per_article_blocks[len(blocks)] += 1
        if blocks:
            inserted[ext] += 1
        else:
            clean[ext] += 1

        # consistent with src
        sp = os.path.join(HERE, name + ".src")
        if not os.path.exists(sp):
            err("%s: no source" % name)
        else:
            rtext, rblocks = build.render(sp)
            if rtext != text or rblocks != blocks:
                err("%s: articles/labels stale, rerun build.py" % name)

        # word count
        wc = word_count(body_text(name, text))
        wc_report.append((name, wc, len(blocks)))
        if not 450 <= wc <= 800:
            err("%s: body word count %d outside 450-800" % (name, wc))

        check_urls(name, text)
        check_phones(name, text)

        if ext == "html":
            tc = TagChecker()
            tc.feed(text)
            tc.close()
            if tc.problems or [t for t in tc.stack if t not in ("html", "body")]:
                err("%s: html tag problems %s %s" % (name, tc.problems[:3], tc.stack))
            if text.count("<main") != 1:
                err("%s: need exactly one <main>" % name)
        if ext == "md" and "|" not in text:
            pass

    for ext in ("md", "html", "txt"):
        if fmt[ext] != 4:
            err("expected 4 .%s, found %d" % (ext, fmt[ext]))
        for s in "dh":
            if style_fmt[(s, ext)] < 1:
                err("style %s missing format %s" % (s, ext))
    if sum(style_fmt[("d", e)] for e in ("md", "html", "txt")) != 6:
        err("need 6 d-style articles")
    n_ins = sum(inserted.values())
    n_clean = sum(clean.values())
    if n_ins != 7 or n_clean != 5:
        err("need 7 inserted / 5 clean, have %d / %d" % (n_ins, n_clean))
    for k in KINDS:
        if not 2 <= kinds_total[k] <= 3:
            err("kind %s used %d times (want 2-3)" % (k, kinds_total[k]))

    # banned phrases anywhere in the set
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
            hits = banned_hits(t)
            if hits:
                err("%s: banned phrase(s) %s" % (os.path.relpath(p, ROOT), hits))

    # report
    print("articles: %d  (md %d, html %d, txt %d)" % (len(names), fmt["md"], fmt["html"], fmt["txt"]))
    print("inserted: %d  clean: %d  blocks: %d" % (n_ins, n_clean, sum(kinds_total.values())))
    print("articles by block count: %s" % dict(sorted(per_article_blocks.items())))
    print("%-18s %4s %4s %4s %5s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        print("%-18s %4d %4d %4d %5d" % (k, kinds_fmt["md"][k], kinds_fmt["html"][k],
                                         kinds_fmt["txt"][k], kinds_total[k]))
    for ext in ("md", "html", "txt"):
        print("%-5s inserted %d clean %d" % (ext, inserted[ext], clean[ext]))
    for name, wc, nb in wc_report:
        print("  %-38s words=%3d blocks=%d" % (name, wc, nb))
    if errors:
        print("\nFAILED (%d problems):" % len(errors))
        for e in errors:
            print("  - " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
