#!/usr/bin/env python3
"""Check the rendered set in ../articles and ../labels; print counts and OK.
Standard library only."""
import codecs
import json
import os
import re
import sys
from collections import Counter, defaultdict
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = sorted(build.KINDS)
# Banned stock transitions, stored rot13 so that this file does not contain them.
BANNED_ROT13 = [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat", "nyy pbaarpgrq",
    "yvxr gubfr sbhaq va", "hygvzngryl", "ba n eryngrq abgr", "va bgure arjf",
    "ol gur jnl", "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg",
]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]
BANNED_RE = [re.compile(r"\b" + re.escape(b).replace("\\ ", r"\s+").replace("'", "['\u2019]")
                        + r"\b", re.I) for b in BANNED]
NAME_RE = re.compile(r"^([me])(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.(md|html|txt)$")
ALLOWED = ("example.com", "example.org", "example.net")
TLDS = r"(?:com|org|net|edu|gov|io|co|uk|au|ca|nz|ie|info|biz|us|health|app|dev)"
URL_RE = re.compile(r"(?:https?:)?//([^/\s\"'<>)\]]+)", re.I)
WWW_RE = re.compile(r"\b(www\.[a-z0-9.-]+)", re.I)
BARE_RE = re.compile(r"\b((?:[a-z0-9-]+\.)+" + TLDS + r")\b", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@([a-z0-9.-]+)", re.I)
ATTR_RE = re.compile(r"(?:href|src|action)\s*=\s*[\"']([^\"']*)[\"']", re.I)
MDLINK_RE = re.compile(r"\]\(([^)\s]+)")
WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019.-][A-Za-z0-9\u00C0-\u024F]+)*")

errors = []


def err(msg):
    errors.append(msg)


def host_ok(host):
    host = host.lower().rstrip(".").split("@")[-1].split(":")[0]
    return any(host == a or host.endswith("." + a) for a in ALLOWED)


class MainText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts = []
        self.mains = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
            self.mains += 1

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth > 0:
            self.parts.append(data)


def body_text(fname, text):
    ext = fname.rsplit(".", 1)[1]
    if ext == "html":
        p = MainText()
        p.feed(text)
        if p.mains != 1:
            err("%s: expected exactly one <main>" % fname)
        return " ".join(p.parts)
    if ext == "md":
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            for i in range(1, len(lines)):
                if lines[i].strip() == "---":
                    return "\n".join(lines[i + 1:])
            err("%s: unterminated front matter" % fname)
    return text


def check_urls(where, text):
    for m in ATTR_RE.finditer(text):
        check_link(where, m.group(1))
    for m in MDLINK_RE.finditer(text):
        check_link(where, m.group(1))
    for rx in (URL_RE, WWW_RE, BARE_RE, EMAIL_RE):
        for m in rx.finditer(text):
            if not host_ok(m.group(1)):
                err("%s: host not allowed: %s" % (where, m.group(1)))


def check_link(where, url):
    u = url.strip()
    if u.startswith("#") or not u:
        return
    m = re.match(r"^([a-z][a-z0-9+.-]*):", u, re.I)
    if m:
        scheme = m.group(1).lower()
        if scheme in ("http", "https"):
            hm = URL_RE.match(u)
            if not hm or not host_ok(hm.group(1)):
                err("%s: link host not allowed: %s" % (where, u))
        elif scheme == "mailto":
            if not host_ok(u.split("@")[-1].split("?")[0]):
                err("%s: mail host not allowed: %s" % (where, u))
        else:
            err("%s: link scheme not allowed: %s" % (where, u))
    elif u.startswith("//"):
        if not host_ok(u[2:].split("/")[0]):
            err("%s: link host not allowed: %s" % (where, u))
    # otherwise a relative path: fine


def main():
    art_dir = os.path.join(ROOT, "articles")
    lab_dir = os.path.join(ROOT, "labels")
    arts = sorted(os.listdir(art_dir))
    labs = sorted(os.listdir(lab_dir))
    if len(arts) != 12:
        err("expected 12 articles, found %d" % len(arts))
    fmt = Counter()
    style_fmt = Counter()
    inserted = Counter()
    kinds_fmt = defaultdict(Counter)
    kinds_total = Counter()
    blocks_per_art = []
    initials = []
    words = {}
    srcs = set(build.sources())
    for fname in arts:
        m = NAME_RE.match(fname)
        if not m:
            err("%s: bad file name" % fname)
            continue
        style, _, slug, ext = m.groups()
        initials.append(slug[0])
        if slug[0] not in "defgh":
            err("%s: subject does not begin with D-H" % fname)
        fmt[ext] += 1
        style_fmt[(style, ext)] += 1
        path = os.path.join(art_dir, fname)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if text.endswith("\n"):
            lines = lines[:-1]
        # rebuild from source and compare
        if fname + ".src" not in srcs:
            err("%s: no source" % fname)
            src_blocks = None
        else:
            with open(os.path.join(HERE, fname + ".src"), encoding="utf-8") as fh:
                rtext, src_blocks = build.render(fh.read(), fname)
            if rtext != text:
                err("%s: differs from rendered source; run build.py" % fname)
        if re.search(r"^\s*@(begin|end|wrap)\b", text, re.M) or "@begin" in text or "@end" in text:
            err("%s: marker leaked" % fname)
        stem = fname.rsplit(".", 1)[0]
        lpath = os.path.join(lab_dir, stem + ".json")
        if not os.path.exists(lpath):
            err("%s: label missing" % fname)
            continue
        with open(lpath, encoding="utf-8") as fh:
            label = json.load(fh)
        if set(label) != {"file", "inserted_blocks"}:
            err("%s: label keys %s" % (lpath, sorted(label)))
        if label.get("file") != "articles/" + fname:
            err("%s: label file field %r" % (stem, label.get("file")))
        blocks = label.get("inserted_blocks", [])
        if src_blocks is not None and blocks != src_blocks:
            err("%s: label differs from source markers" % stem)
        used = set()
        for b in blocks:
            kind = b.get("kind")
            ls = b.get("lines", [])
            if kind not in build.KINDS:
                err("%s: bad kind %r" % (stem, kind))
            if not ls:
                err("%s: empty block" % stem)
                continue
            if ls != sorted(ls) or len(set(ls)) != len(ls):
                err("%s: lines not sorted/unique %s" % (stem, ls))
            for n in ls:
                if not isinstance(n, int) or n < 1 or n > len(lines):
                    err("%s: line %r out of range" % (stem, n))
                elif not lines[n - 1].strip():
                    err("%s: line %d is blank" % (stem, n))
                if n in used:
                    err("%s: line %d in two blocks" % (stem, n))
                used.add(n)
            for n in range(ls[0], ls[-1] + 1):
                if n not in ls and n <= len(lines) and lines[n - 1].strip():
                    err("%s: block %s not contiguous at line %d" % (stem, kind, n))
            kinds_fmt[ext][kind] += 1
            kinds_total[kind] += 1
        inserted["inserted" if blocks else "clean"] += 1
        blocks_per_art.append(len(blocks))
        body = body_text(fname, text)
        wc = len(WORD_RE.findall(body))
        words[fname] = wc
        if not 450 <= wc <= 800:
            err("%s: body word count %d outside 450-800" % (fname, wc))
        check_urls(fname, text)
    for lab in labs:
        if lab.rsplit(".", 1)[0] not in [a.rsplit(".", 1)[0] for a in arts]:
            err("stray label %s" % lab)
    for ext in ("md", "html", "txt"):
        if fmt[ext] != 4:
            err("expected 4 .%s, found %d" % (ext, fmt[ext]))
        for st in "me":
            if style_fmt[(st, ext)] < 1:
                err("style %s missing in .%s" % (st, ext))
    if len(set(initials)) < 4:
        err("subjects too concentrated in initials")
    for k in KINDS:
        if not 2 <= kinds_total[k] <= 3:
            err("kind %s used %d times (want 2-3)" % (k, kinds_total[k]))
    # banned phrases and hosts anywhere in the set
    for dirpath, _, files in os.walk(ROOT):
        if "__pycache__" in dirpath:
            continue
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, encoding="utf-8") as fh:
                t = fh.read()
            for rx, b in zip(BANNED_RE, BANNED_ROT13):
                if rx.search(t):
                    err("%s: banned phrase (rot13 %r)" % (os.path.relpath(p, ROOT), b))
            if f.endswith((".src", ".md")):
                check_urls(os.path.relpath(p, ROOT), t)

    print("articles: %d  (md %d, html %d, txt %d)" % (len(arts), fmt["md"], fmt["html"], fmt["txt"]))
    print("styles:   m %d, e %d" % (sum(v for (s, _), v in style_fmt.items() if s == "m"),
                                    sum(v for (s, _), v in style_fmt.items() if s == "e")))
    print("inserted: %d  clean: %d  blocks: %d  (per article %s)" % (
        inserted["inserted"], inserted["clean"], sum(kinds_total.values()),
        dict(sorted(Counter(blocks_per_art).items()))))
    print("%-18s %4s %4s %4s %5s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        print("%-18s %4d %4d %4d %5d" % (k, kinds_fmt["md"][k], kinds_fmt["html"][k],
                                         kinds_fmt["txt"][k], kinds_total[k]))
    print("word counts: " + ", ".join("%s=%d" % (k, v) for k, v in sorted(words.items())))
    if errors:
        for e in errors:
            print("ERROR:", e)
        print("FAILED (%d errors)" % len(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
