#!/usr/bin/env python3
"""Check set 11d. Prints counts and OK, or the problems found. Standard library only."""
import codecs
import collections
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = build.KINDS
# banned stock transitions, stored rot13 so this file does not contain them itself
BANNED_R13 = ['fvzvyneyl', 'fcrnxvat bs', 'vagrerfgvatyl', 'snfpvangvat', 'nyy pbaarpgrq',
              'yvxr gubfr sbhaq va', 'hygvzngryl', 'ba n eryngrq abgr', 'va bgure arjf',
              'ol gur jnl', 'pbaarpgrq va fhecevfvat jnlf', 'yvxrjvfr', 'va gur fnzr jnl',
              'ba gung abgr', "juvyr jr'er ba gur fhowrpg"]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_R13]
ALLOWED_HOSTS = ("example.com", "example.org", "example.net")
TLDS = r"(?:com|org|net|edu|gov|io|co|uk|au|ca|nz|info|biz|app|health|de|fr|ie|us)"
URL_RE = re.compile(r"https?://([^/\s<>\"')\]]+)", re.I)
BARE_RE = re.compile(r"(?<![@\w/.-])((?:[a-z0-9-]+\.)+" + TLDS + r")\b(?![\w-])", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})", re.I)
WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
NAME_RE = re.compile(r"^[ta]\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(md|html|txt)$")

errors = []


def err(msg):
    errors.append(msg)


def host_ok(h):
    h = h.lower().rstrip(".").split(":")[0]
    return any(h == a or h.endswith("." + a) for a in ALLOWED_HOSTS)


def body_words(name, text):
    if name.endswith(".html"):
        m = re.search(r"<main[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            err("%s: no <main>" % name)
            return 0
        body = html.unescape(re.sub(r"<[^>]+>", " ", m.group(1)))
    elif name.endswith(".md"):
        body = text
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end < 0:
                err("%s: unterminated front matter" % name)
            body = text[end + 5:]
    else:
        body = text
    # conservative: the largest of three common ways of counting
    return max(len(WORD_RE.findall(body)), len(body.split()), len(re.findall(r"\w+", body)))


def main():
    adir = os.path.join(ROOT, "articles")
    ldir = os.path.join(ROOT, "labels")
    arts = sorted(os.listdir(adir))
    labs = sorted(os.listdir(ldir))
    if len(arts) != 12:
        err("expected 12 articles, found %d" % len(arts))
    fmt = collections.Counter(a.rsplit(".", 1)[1] for a in arts)
    for ext in ("md", "html", "txt"):
        if fmt[ext] != 4:
            err("expected 4 .%s, found %d" % (ext, fmt[ext]))
    if len(labs) != len(arts):
        err("labels %d != articles %d" % (len(labs), len(arts)))

    kinds = collections.Counter()
    kinds_fmt = collections.defaultdict(collections.Counter)
    style_fmt = collections.defaultdict(set)
    inserted = clean = 0
    nblocks = collections.Counter()
    words = {}
    for a in arts:
        if not NAME_RE.match(a):
            err("%s: bad filename" % a)
        ext = a.rsplit(".", 1)[1]
        style_fmt[a[0]].add(ext)
        stem = a.rsplit(".", 1)[0]
        lp = os.path.join(ldir, stem + ".json")
        if not os.path.exists(lp):
            err("%s: no label" % a)
            continue
        with open(lp, encoding="utf-8") as fh:
            lab = json.load(fh)
        with open(os.path.join(adir, a), encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        if lab.get("file") != "articles/" + a:
            err("%s: label file field %r" % (a, lab.get("file")))
        blocks = lab.get("inserted_blocks")
        if not isinstance(blocks, list):
            err("%s: inserted_blocks missing" % a)
            continue
        # labels must match the markers in src
        sp = os.path.join(HERE, a + ".src")
        if os.path.exists(sp):
            with open(sp, encoding="utf-8") as fh:
                t2, b2 = build.render(fh.read(), a)
            if t2 != text or b2 != blocks:
                err("%s: article/label out of date with src (run build.py)" % a)
        else:
            err("%s: no source" % a)
        prev_end = 0
        for b in blocks:
            ls = b.get("lines") or []
            k = b.get("kind")
            if k not in KINDS:
                err("%s: bad kind %r" % (a, k))
            kinds[k] += 1
            kinds_fmt[ext][k] += 1
            if ls != sorted(set(ls)) or not ls:
                err("%s: lines not sorted/unique %r" % (a, ls))
                continue
            for n in ls:
                if not (1 <= n <= len(lines)):
                    err("%s: line %d out of range" % (a, n))
                elif not lines[n - 1].strip():
                    err("%s: line %d is blank" % (a, n))
            for n in range(ls[0], ls[-1] + 1):
                if n not in ls and n <= len(lines) and lines[n - 1].strip():
                    err("%s: block %r not contiguous at line %d" % (a, k, n))
            if ls[0] <= prev_end:
                err("%s: blocks overlap or unsorted at %d" % (a, ls[0]))
            prev_end = ls[-1]
        nblocks[len(blocks)] += 1
        if blocks:
            inserted += 1
        else:
            clean += 1
        # leaks
        for i, ln in enumerate(lines, 1):
            if ln.lstrip().startswith("@begin") or ln.strip() == "@end" or ln.startswith("@wrap"):
                err("%s:%d: marker leaked" % (a, i))
        # word count
        w = body_words(a, text)
        words[a] = w
        if not (450 <= w <= 800):
            err("%s: body word count %d outside 450-800" % (a, w))
        # hosts
        for m in URL_RE.finditer(text):
            if not host_ok(m.group(1)):
                err("%s: bad URL host %s" % (a, m.group(1)))
        for m in BARE_RE.finditer(re.sub(r"https?://\S+", " ", text)):
            if not host_ok(m.group(1)):
                err("%s: bad bare host %s" % (a, m.group(1)))
        for m in EMAIL_RE.finditer(text):
            if not host_ok(m.group(1)):
                err("%s: bad email host %s" % (a, m.group(1)))
        for m in re.finditer(r"(?:href|src)=\"([^\"]*)\"", text):
            u = m.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", u, re.I) and not u.lower().startswith(("http:", "https:", "mailto:", "tel:")):
                err("%s: odd link scheme %s" % (a, u))
        # the reserved-looking but real Australian 1800 160 range is not allowed
        if re.search(r"1800[ -]?160", text):
            err("%s: uses 1800 160 number" % a)

    for s in ("t", "a"):
        if style_fmt[s] != {"md", "html", "txt"}:
            err("style %s not in all formats: %s" % (s, sorted(style_fmt[s])))
    if inserted != 7 or clean != 5:
        err("inserted/clean %d/%d, expected 7/5" % (inserted, clean))
    for k in KINDS:
        if not (2 <= kinds[k] <= 3):
            err("kind %s used %d times (want 2-3)" % (k, kinds[k]))

    # banned phrases anywhere in the set
    for dp, dn, fn in os.walk(ROOT):
        for f in fn:
            p = os.path.join(dp, f)
            try:
                with open(p, encoding="utf-8") as fh:
                    t = fh.read()
            except (UnicodeDecodeError, OSError):
                continue
            t = t.replace("\u2019", "'")
            for b in BANNED:
                if re.search(r"(?<![\w])" + re.escape(b) + r"(?![\w])", t, re.I):
                    err("%s: banned phrase found" % os.path.relpath(p, ROOT))

    print("articles: %d (md %d, html %d, txt %d)" % (len(arts), fmt["md"], fmt["html"], fmt["txt"]))
    print("inserted: %d  clean: %d  blocks: %d" % (inserted, clean, sum(kinds.values())))
    print("articles by block count: %s" % dict(sorted(nblocks.items())))
    print("kinds: %s" % dict(sorted(kinds.items())))
    for ext in ("md", "html", "txt"):
        print("  %-4s %s" % (ext, dict(sorted(kinds_fmt[ext].items()))))
    print("word counts: %s" % ", ".join("%s=%d" % (k, v) for k, v in words.items()))
    if errors:
        for e in errors:
            print("ERROR:", e)
        print("FAIL (%d problems)" % len(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
