#!/usr/bin/env python3
"""Check set 8b. Prints counts and "OK", or the problems found and exits 1.

Checks: 12 articles (4 md, 4 html, 4 txt; 6 per house style); one label per
article naming it; label lines in range, sorted, unique, non-blank; each block
contiguous apart from blank lines; blocks not overlapping; kinds valid; labels
agree with a fresh parse of src/; no marker leaked; body word counts 450-800
(HTML: text inside <main>; Markdown: without front matter); every URL host is
example.com/.org/.net (or a subdomain) or the link is a relative path; phone
numbers in reserved fictional ranges; no banned phrase anywhere in the set.

The banned phrases are stored rot13-encoded so this file does not contain them.
Standard library only.
"""
import codecs
import glob
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
BANNED_ROT13 = ['fvzvyneyl', 'fcrnxvat bs', 'vagrerfgvatyl', 'snfpvangvat',
                'nyy pbaarpgrq', 'yvxr gubfr sbhaq va', 'hygvzngryl',
                'ba n eryngrq abgr', 'va bgure arjf', 'ol gur jnl',
                'pbaarpgrq va fhecevfvat jnlf', 'yvxrjvfr', 'va gur fnzr jnl',
                'ba gung abgr', "juvyr jr'er ba gur fhowrpg"]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]
NAME_RE = re.compile(r"^([pg])(\d{2})-([c-d][a-z0-9-]*)\.(md|html|txt)$")

problems = []


def bad(msg):
    problems.append(msg)


class MainText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts = []
        self.attrs_urls = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        for k, v in attrs:
            if k in ("href", "src", "action", "cite") and v is not None:
                self.attrs_urls.append(v)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "main" and self.depth:
            self.depth -= 1
        if self.depth:
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def words(text):
    return len([t for t in text.split() if re.search(r"[A-Za-z0-9]", t)])


def strip_front_matter(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:]
    return text


def body_words(path, text):
    if path.endswith(".html"):
        p = MainText()
        p.feed(text)
        return words("".join(p.parts))
    if path.endswith(".md"):
        body = strip_front_matter(text)
        body = re.sub(r"\]\([^)]*\)", "]", body)          # link targets
        body = re.sub(r"^\s*\|?[\s:|-]+\|[\s:|-]*$", "", body, flags=re.M)  # table rules
        return words(body)
    return words(text)


def host_ok(host):
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d)
               for d in ("example.com", "example.org", "example.net"))


TLD = r"(?:com|org|net|gov|edu|io|co|uk|au|ca|nz|info|biz|us|health|app|shop)"
BARE_HOST = re.compile(r"(?<![\w@./-])((?:[a-z0-9-]+\.)+" + TLD + r")(?![\w-])", re.I)
SCHEME = re.compile(r"\b(?:https?|ftp)://([^/\s\"'<>)\]]+)", re.I)
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def check_urls(fname, text):
    for m in SCHEME.finditer(text):
        host = m.group(1).split(":")[0].split("@")[-1]
        if not host_ok(host):
            bad("%s: URL host not reserved: %s" % (fname, host))
    for m in BARE_HOST.finditer(text):
        if not host_ok(m.group(1)):
            bad("%s: bare host not reserved: %s" % (fname, m.group(1)))
    for m in EMAIL.finditer(text):
        if not host_ok(m.group(1)):
            bad("%s: e-mail domain not reserved: %s" % (fname, m.group(1)))
    targets = []
    if fname.endswith(".html"):
        p = MainText()
        p.feed(text)
        targets += p.attrs_urls
    if fname.endswith(".md"):
        targets += re.findall(r"\]\(([^)\s]+)", text)
    for t in targets:
        if re.match(r"^(?:https?:)?//", t, re.I):
            host = re.sub(r"^(?:https?:)?//", "", t, flags=re.I).split("/")[0]
            if not host_ok(host.split(":")[0]):
                bad("%s: link host not reserved: %s" % (fname, t))
        elif re.match(r"^(mailto|tel):", t, re.I):
            pass
        elif re.match(r"^[a-z][a-z0-9+.-]*:", t, re.I):
            bad("%s: odd link scheme: %s" % (fname, t))
        # anything else is a relative path


def check_phones(fname, text):
    for m in re.finditer(r"(?<![\d-])(\d{3})[- .](\d{4})(?![\d-])", text):
        if m.group(1) == "555" and not m.group(2).startswith("01"):
            bad("%s: 555 number outside 555-01xx: %s" % (fname, m.group(0)))
    for m in re.finditer(r"\(?\b(\d{3})\)?[- .](\d{3})[- .](\d{4})\b", text):
        if m.group(2) != "555" or not m.group(3).startswith("01"):
            bad("%s: North American number not 555-01xx: %s" % (fname, m.group(0)))
    for m in re.finditer(r"\b0\d{3,4}[ ]?\d{3}[ ]?\d{3,4}\b", text):
        s = re.sub(r"\s", "", m.group(0))
        if not (s.startswith("01632960") or s.startswith("0491570")):
            bad("%s: UK/AU number not in fictional range: %s" % (fname, m.group(0)))
    for m in re.finditer(r"\b1[38]00[ ]?\d{3}[ ]?\d{3}\b", text):
        bad("%s: 1800/1300 number (not reserved): %s" % (fname, m.group(0)))


def parse_src(path):
    text = open(path, encoding="utf-8").read()
    if text.endswith("\n"):
        text = text[:-1]
    out, blocks, cur = 0, [], None
    for line in text.split("\n"):
        m = re.match(r"^@begin\s+(\S+)\s*$", line)
        if m:
            cur = {"lines": [], "kind": m.group(1)}
            continue
        if re.match(r"^@end\s*$", line):
            blocks.append(cur)
            cur = None
            continue
        out += 1
        if cur is not None and line.strip():
            cur["lines"].append(out)
    return blocks


def main():
    files = sorted(os.listdir(ART))
    fmt = Counter()
    style = Counter()
    slugs = set()
    kinds_fmt = defaultdict(Counter)
    inserted = Counter()
    clean = Counter()
    nblocks = Counter()
    total_blocks = 0
    if len(files) != 12:
        bad("expected 12 articles, found %d" % len(files))
    for fname in files:
        m = NAME_RE.match(fname)
        if not m:
            bad("%s: bad file name" % fname)
            continue
        st, num, slug, ext = m.groups()
        fmt[ext] += 1
        style[st] += 1
        if slug in slugs:
            bad("%s: subject repeated" % fname)
        slugs.add(slug)
        path = os.path.join(ART, fname)
        text = open(path, encoding="utf-8").read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        n = len(lines)
        if re.search(r"^\s*@(begin|end)\b", text, re.M) or "@begin" in text or "@end" in text:
            bad("%s: marker leaked" % fname)
        wc = body_words(fname, text)
        if not 450 <= wc <= 800:
            bad("%s: body word count %d outside 450-800" % (fname, wc))
        check_urls(fname, text)
        check_phones(fname, text)
        name = fname.rsplit(".", 1)[0]
        lpath = os.path.join(LAB, name + ".json")
        if not os.path.exists(lpath):
            bad("%s: no label" % fname)
            continue
        label = json.load(open(lpath, encoding="utf-8"))
        if label.get("file") != "articles/" + fname:
            bad("%s: label names %r" % (fname, label.get("file")))
        blocks = label.get("inserted_blocks")
        if not isinstance(blocks, list):
            bad("%s: inserted_blocks missing" % fname)
            continue
        spans = []
        for b in blocks:
            kind = b.get("kind")
            ls = b.get("lines")
            if kind not in KINDS:
                bad("%s: invalid kind %r" % (fname, kind))
            if not ls or not all(isinstance(x, int) for x in ls):
                bad("%s: empty or non-integer lines" % fname)
                continue
            if ls != sorted(set(ls)):
                bad("%s: lines not sorted/unique %s" % (fname, ls))
            for x in ls:
                if not 1 <= x <= n:
                    bad("%s: line %d out of range 1-%d" % (fname, x, n))
                elif not lines[x - 1].strip():
                    bad("%s: line %d is blank" % (fname, x))
            for x in range(min(ls), max(ls) + 1):
                if x not in ls and x <= n and lines[x - 1].strip():
                    bad("%s: block %s-%s not contiguous at line %d" % (fname, min(ls), max(ls), x))
            spans.append((min(ls), max(ls)))
            kinds_fmt[ext][kind] += 1
        spans.sort()
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            if a2 <= b1:
                bad("%s: blocks overlap (%d-%d, %d-%d)" % (fname, a1, b1, a2, b2))
        src = os.path.join(HERE, fname + ".src")
        if not os.path.exists(src):
            bad("%s: no source" % fname)
        elif parse_src(src) != [{"lines": b.get("lines"), "kind": b.get("kind")} for b in blocks]:
            bad("%s: label does not match src markers (rebuild?)" % fname)
        total_blocks += len(blocks)
        nblocks[len(blocks)] += 1
        (inserted if blocks else clean)[ext] += 1
        print("  %-45s %4d words  %d block(s)" % (fname, wc, len(blocks)))
    for ext in ("md", "html", "txt"):
        if fmt[ext] != 4:
            bad("expected 4 .%s articles, found %d" % (ext, fmt[ext]))
    for st in "pg":
        if style[st] != 6:
            bad("expected 6 %s-style articles, found %d" % (st, style[st]))
    allk = Counter()
    for ext in kinds_fmt:
        allk.update(kinds_fmt[ext])
    for k in KINDS:
        if not 2 <= allk[k] <= 3:
            bad("kind %s used %d times (want 2-3)" % (k, allk[k]))
    # banned phrases anywhere in the set (articles, labels, src, README, scripts)
    for path in glob.glob(os.path.join(ROOT, "**", "*"), recursive=True):
        if os.path.isdir(path) or "__pycache__" in path:
            continue
        try:
            text = open(path, encoding="utf-8").read()
        except UnicodeDecodeError:
            continue
        for phrase in BANNED:
            pat = r"(?<!\w)" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?!\w)"
            if re.search(pat, text, re.I):
                bad("%s: banned phrase %r" % (os.path.relpath(path, ROOT), phrase))
    if not os.path.exists(os.path.join(ROOT, "README.md")):
        bad("README.md missing")

    print()
    print("articles: %d (md %d, html %d, txt %d; p %d, g %d)"
          % (sum(fmt.values()), fmt["md"], fmt["html"], fmt["txt"], style["p"], style["g"]))
    print("inserted: %d  clean: %d  blocks: %d" % (sum(inserted.values()), sum(clean.values()), total_blocks))
    print("articles by number of blocks: " + ", ".join("%d->%d" % (k, nblocks[k]) for k in sorted(nblocks)))
    print("%-18s %4s %5s %4s %6s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        print("%-18s %4d %5d %4d %6d" % (k, kinds_fmt["md"][k], kinds_fmt["html"][k], kinds_fmt["txt"][k], allk[k]))
    if problems:
        print()
        for p in problems:
            print("PROBLEM: " + p)
        print("FAILED (%d problems)" % len(problems))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
