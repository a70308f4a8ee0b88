#!/usr/bin/env python3
"""Check the rendered set 5 (../articles, ../labels) and print its counts.

Checks: 50 articles (17 md, 17 html, 16 txt) each with a label; label lines in
range, sorted, unique and non-blank; blocks contiguous apart from blank lines
and not overlapping or interleaved; kinds valid; no @begin/@end marker leaked;
body word counts 450-800 (HTML: text inside <main>; Markdown: without YAML
front matter); every URL, link target, e-mail address and bare host name is
on example.com/.org/.net (or a subdomain) or is a relative path; phone numbers
are in fictional ranges; none of the banned stock phrases appears in any file
of the set.  Prints "OK" when everything passes.
"""

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

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"]
# The banned phrases are stored rot13-encoded so that this file does not
# itself contain them.
BANNED = [codecs.decode(x, "rot13") for x in [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat", "nyy pbaarpgrq",
    "yvxr gubfr sbhaq va", "hygvzngryl", "ba n eryngrq abgr", "va bgure arjf",
    "ol gur jnl", "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg"]]

NAME_RE = re.compile(r"^[acitp]\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.(md|html|txt)$")
URL_RE = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s\"'<>)\]]+", re.I)
ATTR_RE = re.compile(r"\b(?:href|src|action)\s*=\s*\"([^\"]*)\"", re.I)
MDLINK_RE = re.compile(r"\]\(([^)\s]+)")
EMAIL_RE = re.compile(r"[\w.+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})", re.I)
BARE_RE = re.compile(r"(?<![\w@/.-])((?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|co|uk|au|ca|nz|info|tv|ly|me|app|biz|us))(?![\w-])", re.I)
PHONE_RE = re.compile(r"(?<![\w.])\+?(?:\(\d{2,4}\) ?)?\d[\d .-]{5,}\d(?![\w])")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE_OK = [re.compile(p) for p in (
    r"^1?\d{3}55501\d\d$", r"^55501\d\d$",          # US / Canada
    r"^(?:61)?0?491570\d{3}$",                      # Australia (fictional mobiles)
    r"^(?:44)?0?1632960\d{3}$",                     # UK (fictional Newcastle range)
)]
WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019.-][A-Za-z0-9\u00C0-\u024F]+)*")


def host_ok(host):
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in ("example.com", "example.org", "example.net"))


def body_text(name, text):
    ext = name.rsplit(".", 1)[1]
    if ext == "html":
        m = re.search(r"<main\b[^>]*>(.*)</main>", text, re.S)
        if not m:
            return None
        inner = re.sub(r"<[^>]+>", " ", m.group(1))
        return html.unescape(inner)
    if ext == "md":
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            end = lines.index("---", 1)
            lines = lines[end + 1:]
        body = "\n".join(lines)
        body = re.sub(r"\]\([^)]*\)", "]", body)
        body = re.sub(r"<[^>]+>", " ", body)
        return body
    return text


def check_urls(name, text, errors):
    for m in URL_RE.finditer(text):
        url = m.group(0)
        scheme, rest = url.split("://", 1)
        host = re.split(r"[/?#:]", rest, 1)[0]
        if scheme.lower() not in ("http", "https") or not host_ok(host):
            errors.append("%s: bad URL %s" % (name, url))
    targets = ATTR_RE.findall(text) + MDLINK_RE.findall(text)
    for t in targets:
        t = html.unescape(t)
        if re.match(r"^[a-z][a-z0-9+.-]*:", t, re.I):
            scheme = t.split(":", 1)[0].lower()
            if scheme in ("http", "https"):
                continue  # checked above
            if scheme == "mailto":
                if not host_ok(t.split("@")[-1].split("?")[0]):
                    errors.append("%s: bad mailto %s" % (name, t))
                continue
            if scheme == "tel":
                continue
            errors.append("%s: bad link scheme %s" % (name, t))
        elif t.startswith("//"):
            if not host_ok(t[2:].split("/")[0]):
                errors.append("%s: bad protocol-relative link %s" % (name, t))
    for m in EMAIL_RE.finditer(text):
        if not host_ok(m.group(1)):
            errors.append("%s: bad e-mail host %s" % (name, m.group(0)))
    for m in BARE_RE.finditer(text):
        if not host_ok(m.group(1)):
            errors.append("%s: bad host %s" % (name, m.group(1)))


def check_phones(name, text, errors):
    for m in PHONE_RE.finditer(text):
        s = m.group(0)
        digits = re.sub(r"\D", "", s)
        if len(digits) < 7 or DATE_RE.match(s.strip()):
            continue
        if not any(p.match(digits) for p in PHONE_OK):
            errors.append("%s: phone-like number not in a fictional range: %r" % (name, s))


def main():
    errors = []
    names = sorted(f for f in os.listdir(ART) if not f.startswith("."))
    labels = sorted(f for f in os.listdir(LAB) if f.endswith(".json"))
    if len(names) != 50:
        errors.append("expected 50 articles, found %d" % len(names))
    if len(labels) != len(names):
        errors.append("%d labels for %d articles" % (len(labels), len(names)))
    fmt = collections.Counter()
    fmt_ins = collections.Counter()
    kinds_by_fmt = collections.defaultdict(collections.Counter)
    blocks_per = collections.Counter()
    style_ins = collections.defaultdict(collections.Counter)
    style_fmt = collections.defaultdict(collections.Counter)
    slugs = set()
    words = {}
    for name in names:
        if not NAME_RE.match(name):
            errors.append("%s: bad file name" % name)
        ext = name.rsplit(".", 1)[1]
        fmt[ext] += 1
        style_fmt[name[0]][ext] += 1
        slug = re.sub(r"^[a-z]\d\d-", "", name.rsplit(".", 1)[0])
        if slug in slugs:
            errors.append("%s: subject slug used twice" % name)
        slugs.add(slug)
        if slug[0] not in "abcdefghijk":
            errors.append("%s: subject does not begin with A-K" % name)
        with open(os.path.join(ART, name), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        # markers
        for i, line in enumerate(lines, 1):
            if re.search(r"@(begin|end)\b", line):
                errors.append("%s:%d marker leaked" % (name, i))
        # label
        lpath = os.path.join(LAB, name.rsplit(".", 1)[0] + ".json")
        if not os.path.exists(lpath):
            errors.append("%s: no label" % name)
            continue
        with open(lpath, encoding="utf-8") as fh:
            label = json.load(fh)
        if label.get("file") != "articles/" + name:
            errors.append("%s: label file field is %r" % (name, label.get("file")))
        blocks = label.get("inserted_blocks")
        if not isinstance(blocks, list):
            errors.append("%s: inserted_blocks missing" % name)
            continue
        blocks_per[len(blocks)] += 1
        style_ins[name[0]]["inserted" if blocks else "clean"] += 1
        if blocks:
            fmt_ins[ext] += 1
        spans = []
        seen = set()
        for b in blocks:
            kind = b.get("kind")
            if kind not in KINDS:
                errors.append("%s: bad kind %r" % (name, kind))
            kinds_by_fmt[ext][kind] += 1
            ls = b.get("lines") or []
            if not ls:
                errors.append("%s: empty block" % name)
                continue
            if ls != sorted(ls) or len(set(ls)) != len(ls):
                errors.append("%s: block lines not sorted/unique %r" % (name, ls))
            for n in ls:
                if not (1 <= n <= len(lines)):
                    errors.append("%s: line %d out of range" % (name, n))
                    continue
                if not lines[n - 1].strip():
                    errors.append("%s: line %d is blank" % (name, n))
                if n in seen:
                    errors.append("%s: line %d in two blocks" % (name, n))
                seen.add(n)
            lo, hi = min(ls), max(ls)
            for n in range(lo, hi + 1):
                if n not in ls and n <= len(lines) and lines[n - 1].strip():
                    errors.append("%s: block %r not contiguous at line %d" % (name, kind, n))
            spans.append((lo, hi))
        spans.sort()
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            if a2 <= b1:
                errors.append("%s: blocks overlap or interleave" % name)
        # words
        body = body_text(name, text)
        if body is None:
            errors.append("%s: no <main> element" % name)
        else:
            n = len(WORD_RE.findall(body))
            n_ws = len([t for t in body.split() if re.search(r"[A-Za-z0-9]", t)])
            words[name] = n
            if not 450 <= n <= 800:
                errors.append("%s: body has %d words (need 450-800)" % (name, n))
            if not 450 <= n_ws <= 800:
                errors.append("%s: body has %d whitespace-separated tokens (need 450-800)" % (name, n_ws))
        check_urls(name, text, errors)
        check_phones(name, text, errors)
    # banned phrases anywhere in the set
    pats = [re.compile(r"(?<!\w)" + re.escape(p).replace("'", "['\u2019]").replace(r"\ ", r"\s+") + r"(?!\w)", re.I)
            for p in BANNED]
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            path = os.path.join(dirpath, f)
            try:
                with open(path, encoding="utf-8") as fh:
                    t = fh.read()
            except (UnicodeDecodeError, OSError):
                continue
            for p, pat in zip(BANNED, pats):
                if pat.search(t):
                    errors.append("%s: banned phrase %r" % (os.path.relpath(path, ROOT), p))

    total_blocks = sum(sum(c.values()) for c in kinds_by_fmt.values())
    print("articles: %d (md %d, html %d, txt %d)" % (len(names), fmt["md"], fmt["html"], fmt["txt"]))
    print("inserted: %d  clean: %d  blocks: %d" % (sum(fmt_ins.values()), len(names) - sum(fmt_ins.values()), total_blocks))
    for ext in ("md", "html", "txt"):
        print("  %-4s inserted %2d  clean %2d" % (ext, fmt_ins[ext], fmt[ext] - fmt_ins[ext]))
    print("articles by number of blocks: " + ", ".join("%d: %d" % (k, blocks_per[k]) for k in sorted(blocks_per)))
    print("kinds:")
    print("  %-18s %4s %5s %4s %6s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        row = [kinds_by_fmt[e][k] for e in ("md", "html", "txt")]
        print("  %-18s %4d %5d %4d %6d" % (k, row[0], row[1], row[2], sum(row)))
    print("styles:")
    for s in "acitp":
        print("  %s: md %d html %d txt %d | inserted %d clean %d" % (
            s, style_fmt[s]["md"], style_fmt[s]["html"], style_fmt[s]["txt"],
            style_ins[s]["inserted"], style_ins[s]["clean"]))
    if words:
        print("body words: min %d, max %d, mean %d" % (min(words.values()), max(words.values()),
                                                      sum(words.values()) // len(words)))
    if fmt["md"] != 17 or fmt["html"] != 17 or fmt["txt"] != 16:
        errors.append("format split is not 17 md / 17 html / 16 txt")
    if errors:
        for e in errors:
            print("ERROR", e)
        print("FAILED (%d problems)" % len(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
