#!/usr/bin/env python3
"""Check the rendered set in ../articles and ../labels; print counts and OK."""
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

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"]
# Stored ROT13-encoded so that this file does not itself contain them.
BANNED_ROT13 = ['fvzvyneyl', 'fcrnxvat bs', 'vagrerfgvatyl', 'snfpvangvat',
                'nyy pbaarpgrq', 'yvxr gubfr sbhaq va', 'hygvzngryl',
                'ba n eryngrq abgr', 'va bgure arjf', 'ol gur jnl',
                'pbaarpgrq va fhecevfvat jnlf', 'yvxrjvfr', 'va gur fnzr jnl',
                'ba gung abgr', "juvyr jr'er ba gur fhowrpg"]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]
TLDS = ("com|org|net|io|co|uk|au|ca|nz|ie|info|biz|gov|edu|health|shop|"
        "store|app|dev|tv|news|us|de|fr|me|ly|care|clinic")
NAME_RE = re.compile(r"^[eb]\d\d-[a-z0-9-]+\.(md|html|txt)$")

errors = []


def err(msg):
    errors.append(msg)


def host_ok(host):
    host = host.lower().split(":")[0].strip(".")
    for base in ("example.com", "example.org", "example.net"):
        if host == base or host.endswith("." + base):
            return True
    return False


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
        m = re.search(r"<main[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            err("%s: no <main>" % name)
            return ""
        inner = re.sub(r"<[^>]+>", " ", m.group(1))
        return html.unescape(inner)
    return text


def word_count(text):
    return len([t for t in text.split() if re.search(r"[A-Za-z0-9]", t)])


def check_urls(name, text):
    for m in re.finditer(r"(?i)\b(?:https?|ftp)://([^/\s\"'<>)\]]+)", text):
        if not host_ok(m.group(1)):
            err("%s: URL host not allowed: %s" % (name, m.group(0)))
    for m in re.finditer(r"(?i)\b(?:href|src|action)\s*=\s*[\"']([^\"']*)[\"']",
                         text):
        val = m.group(1)
        if val.startswith("//"):
            if not host_ok(val[2:].split("/")[0]):
                err("%s: protocol-relative URL not allowed: %s" % (name, val))
        elif re.match(r"(?i)^[a-z][a-z0-9+.-]*:", val):
            if not re.match(r"(?i)^(https?://|mailto:|tel:)", val):
                err("%s: odd URL scheme: %s" % (name, val))
        # otherwise a relative path or fragment: fine
    for m in re.finditer(r"(?i)\[[^\]]*\]\(([^)\s]+)", text):
        val = m.group(1)
        if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", val) and not re.match(
                r"(?i)^(https?://|mailto:|tel:)", val):
            err("%s: odd Markdown link: %s" % (name, val))
    # bare host names and e-mail domains anywhere in the text
    for m in re.finditer(r"(?i)(?<![\w.-])((?:[a-z0-9-]+\.)+(?:%s))(?![\w-])"
                         % TLDS, text):
        if not host_ok(m.group(1)):
            err("%s: bare host not allowed: %s" % (name, m.group(1)))
    for m in re.finditer(r"(?i)@([a-z0-9-]+(?:\.[a-z0-9-]+)+)", text):
        if not host_ok(m.group(1)):
            err("%s: e-mail domain not allowed: %s" % (name, m.group(1)))


def check_banned(path, text):
    low = text.lower()
    for phrase in BANNED:
        pat = r"(?<![a-z])" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?![a-z])"
        if re.search(pat, low):
            err("%s: banned phrase %r" % (path, phrase))


def main():
    arts = sorted(os.listdir(ART))
    if len(arts) != 12:
        err("expected 12 articles, found %d" % len(arts))
    fmt_count = collections.Counter()
    style_fmt = collections.Counter()
    status = collections.Counter()
    kinds_fmt = collections.defaultdict(collections.Counter)
    kinds_total = collections.Counter()
    nblocks_hist = collections.Counter()
    total_blocks = 0
    rows = []
    for a in arts:
        if not NAME_RE.match(a):
            err("%s: bad file name" % a)
        ext = a.rsplit(".", 1)[1]
        fmt_count[ext] += 1
        style_fmt[(a[0], ext)] += 1
        path = os.path.join(ART, a)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if "@begin" in text or "@end" in text or "@wrap" in text:
            err("%s: marker leaked" % a)
        wc = word_count(body_text(a, text))
        if not 450 <= wc <= 800:
            err("%s: body word count %d outside 450-800" % (a, wc))
        check_urls(a, text)
        stem = a.rsplit(".", 1)[0]
        lpath = os.path.join(LAB, stem + ".json")
        if not os.path.exists(lpath):
            err("%s: no label file" % a)
            continue
        with open(lpath, encoding="utf-8") as fh:
            label = json.load(fh)
        if label.get("file") != "articles/" + a:
            err("%s: label 'file' is %r" % (a, label.get("file")))
        if set(label) != {"file", "inserted_blocks"}:
            err("%s: unexpected label keys %s" % (a, sorted(label)))
        blocks = label.get("inserted_blocks", [])
        used = set()
        spans = []
        for i, b in enumerate(blocks):
            if set(b) != {"lines", "kind"}:
                err("%s block %d: keys %s" % (a, i, sorted(b)))
            kind = b.get("kind")
            if kind not in KINDS:
                err("%s block %d: bad kind %r" % (a, i, kind))
            ln = b.get("lines", [])
            if not ln:
                err("%s block %d: empty" % (a, i))
                continue
            if ln != sorted(ln) or len(set(ln)) != len(ln):
                err("%s block %d: lines not sorted/unique" % (a, i))
            for n in ln:
                if not isinstance(n, int) or not 1 <= n <= len(lines):
                    err("%s block %d: line %r out of range" % (a, i, n))
                    continue
                if not lines[n - 1].strip():
                    err("%s block %d: line %d is blank" % (a, i, n))
                if n in used:
                    err("%s block %d: line %d overlaps another block" % (a, i, n))
                used.add(n)
            lo, hi = min(ln), max(ln)
            for n in range(lo, hi + 1):
                if n not in ln and n <= len(lines) and lines[n - 1].strip():
                    err("%s block %d: gap at non-blank line %d" % (a, i, n))
            spans.append((lo, hi))
            kinds_fmt[ext][kind] += 1
            kinds_total[kind] += 1
        spans.sort()
        for (l1, h1), (l2, h2) in zip(spans, spans[1:]):
            if l2 <= h1:
                err("%s: blocks overlap (%d-%d, %d-%d)" % (a, l1, h1, l2, h2))
        total_blocks += len(blocks)
        nblocks_hist[len(blocks)] += 1
        status["inserted" if blocks else "clean"] += 1
        rows.append((a, wc, len(blocks)))
    extra = set(os.listdir(LAB)) - {a.rsplit(".", 1)[0] + ".json" for a in arts}
    if extra:
        err("labels without articles: %s" % sorted(extra))
    for style in "eb":
        for ext in ("md", "html", "txt"):
            if not style_fmt[(style, ext)]:
                err("style %s has no .%s article" % (style, ext))
    for k in KINDS:
        if not 2 <= kinds_total[k] <= 3:
            err("kind %s used %d times (want 2-3)" % (k, kinds_total[k]))
    # banned phrases anywhere in the set (this file stores them encoded)
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            p = os.path.join(dirpath, f)
            try:
                with open(p, encoding="utf-8") as fh:
                    check_banned(os.path.relpath(p, ROOT), fh.read())
            except UnicodeDecodeError:
                pass

    for a, wc, nb in rows:
        print("  %-42s %4d words  %d block(s)" % (a, wc, nb))
    print("articles: %d  (md %d, html %d, txt %d)" % (
        len(arts), fmt_count["md"], fmt_count["html"], fmt_count["txt"]))
    print("inserted: %d  clean: %d  blocks: %d  (articles by block count: %s)" % (
        status["inserted"], status["clean"], total_blocks,
        ", ".join("%d->%d" % kv for kv in sorted(nblocks_hist.items()))))
    for ext in ("md", "html", "txt"):
        print("  kinds in .%-4s %s" % (ext, dict(sorted(kinds_fmt[ext].items()))))
    print("  kinds total    %s" % dict(sorted(kinds_total.items())))
    if errors:
        for e in errors:
            print("ERROR:", e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
