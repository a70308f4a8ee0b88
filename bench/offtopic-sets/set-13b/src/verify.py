#!/usr/bin/env python3
"""Check the rendered set in ../articles and ../labels. Prints counts and OK.

Standard library only. Exit status 1 and a list of problems on failure.
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

sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import build  # noqa: E402  (render() is reused to check src/ matches output)

KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline",
         "unrelated-medical"]
FORMATS = ["md", "html", "txt"]
NAME_RE = re.compile(r"^([tk])(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.(md|html|txt)$")

# The banned phrases are stored rot13-encoded so that this file does not
# itself contain them (the rule is that they appear nowhere in the set).
BANNED_ROT13 = [
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat",
    "nyy pbaarpgrq", "yvxr gubfr sbhaq va", "hygvzngryl",
    "ba n eryngrq abgr", "va bgure arjf", "ol gur jnl",
    "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg",
]
BANNED = [codecs.decode(b, "rot13") for b in BANNED_ROT13]

ALLOWED_BASES = ("example.com", "example.org", "example.net")

problems = []


def bad(msg):
    problems.append(msg)


def host_ok(host):
    host = host.lower().rstrip(".").split(":")[0]
    return any(host == b or host.endswith("." + b) for b in ALLOWED_BASES)


def body_text(name, text):
    ext = name.rsplit(".", 1)[1]
    if ext == "html":
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S | re.I)
        if not m:
            bad("%s: no <main> element" % name)
            return ""
        inner = re.sub(r"<script\b.*?</script>", " ", m.group(1), flags=re.S | re.I)
        inner = re.sub(r"<[^>]+>", " ", inner)
        return html.unescape(inner)
    if ext == "md":
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end < 0:
                bad("%s: unterminated front matter" % name)
                return text
            return text[end + 5:]
        return text
    return text


def count_words(s):
    return len([w for w in s.split() if re.search(r"[A-Za-z0-9]", w)])


SCHEME_URL = re.compile(r"\b(?:https?|ftp)://([^/\s\"'<>)\]]+)", re.I)
PROTO_REL = re.compile(r"""(?:href|src|action)\s*=\s*["']//([^/"'\s]+)""", re.I)
ATTR = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"']*)["']""", re.I)
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
EMAIL = re.compile(r"[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
TLDS = ("com|org|net|edu|gov|io|co|uk|au|ca|info|biz|us|nz|ie|me|ly|app|"
        "dev|health|clinic|travel|shop|store|online|site|xyz|tv")
BARE_HOST = re.compile(
    r"(?<![\w@.-])((?:[a-z0-9-]+\.)+(?:%s))(?![\w-])" % TLDS, re.I)


def check_urls(name, text):
    for m in SCHEME_URL.finditer(text):
        if not host_ok(m.group(1)):
            bad("%s: URL host not allowed: %s" % (name, m.group(1)))
    for m in PROTO_REL.finditer(text):
        if not host_ok(m.group(1)):
            bad("%s: protocol-relative host not allowed: %s" % (name, m.group(1)))
    targets = [m.group(1) for m in ATTR.finditer(text)]
    targets += [m.group(1) for m in MD_LINK.finditer(text)]
    for t in targets:
        low = t.lower()
        if low.startswith(("http://", "https://", "ftp://", "//")):
            continue  # hosts checked above
        if low.startswith("mailto:"):
            continue  # checked by EMAIL below
        if low.startswith("tel:"):
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:", low):
            bad("%s: link with unexpected scheme: %s" % (name, t))
            continue
        # relative path: must not smuggle a real host in as its first segment
        first = low.split("/")[0]
        if "." in first and BARE_HOST.fullmatch(first) and not host_ok(first):
            bad("%s: link looks like a bare foreign host: %s" % (name, t))
    for m in EMAIL.finditer(text):
        if not host_ok(m.group(1)):
            bad("%s: e-mail domain not allowed: %s" % (name, m.group(1)))
    for m in BARE_HOST.finditer(text):
        h = m.group(1)
        if not host_ok(h):
            bad("%s: bare host not allowed: %s" % (name, h))


PHONE_RULES = [
    (re.compile(r"\b555-(\d{4})\b"), lambda g: g.startswith("01"),
     "North American numbers must be 555-01xx"),
    (re.compile(r"\b01632 ?(\d{6})\b"), lambda g: g.startswith("960"),
     "UK numbers must be 01632 960xxx"),
    (re.compile(r"\b(04\d\d ?\d{3} ?\d{3})\b"),
     lambda g: g.replace(" ", "").startswith("0491570"),
     "Australian mobiles must be 0491 570 xxx"),
    (re.compile(r"\b(1[38]00 ?\d{3} ?\d{3})\b"), lambda g: False,
     "Australian 1300/1800 numbers are not reserved for fiction"),
]


def check_phones(name, text):
    for rx, ok, msg in PHONE_RULES:
        for m in rx.finditer(text):
            if not ok(m.group(1)):
                bad("%s: %s (found %s)" % (name, msg, m.group(0)))


def banned_regex(phrase):
    parts = [re.escape(p) for p in phrase.split()]
    pat = r"\s+".join(parts).replace("'", "['\u2019]")
    return re.compile(r"(?<![\w])" + pat + r"(?![\w])", re.I)


def main():
    if not os.path.isdir(ART) or not os.path.isdir(LAB):
        print("articles/ or labels/ missing - run build.py first")
        sys.exit(1)
    arts = sorted(os.listdir(ART))
    if len(arts) != 12:
        bad("expected 12 articles, found %d" % len(arts))
    fmt_count = Counter()
    style_fmt = Counter()
    numbers = set()
    slugs = set()
    for a in arts:
        m = NAME_RE.match(a)
        if not m:
            bad("bad article file name: %s" % a)
            continue
        style, num, slug, ext = m.groups()
        fmt_count[ext] += 1
        style_fmt[(style, ext)] += 1
        if num in numbers:
            bad("duplicate article number %s" % num)
        numbers.add(num)
        if slug in slugs:
            bad("duplicate subject slug %s" % slug)
        slugs.add(slug)
    for f in FORMATS:
        if fmt_count[f] != 4:
            bad("expected 4 .%s articles, found %d" % (f, fmt_count[f]))
        for s in "tk":
            if style_fmt[(s, f)] == 0:
                bad("style %s has no .%s article" % (s, f))
    for s in "tk":
        n = sum(v for (st, _), v in style_fmt.items() if st == s)
        if n != 6:
            bad("style %s has %d articles, expected 6" % (s, n))

    labs = sorted(os.listdir(LAB))
    expected_labs = sorted(os.path.splitext(a)[0] + ".json" for a in arts)
    if labs != expected_labs:
        bad("label files do not match articles: %s vs %s" % (labs, expected_labs))

    kind_count = Counter()
    kind_fmt = defaultdict(Counter)
    per_article = {}
    inserted_fmt = Counter()
    clean_fmt = Counter()
    md_with_yaml = 0
    wrapped_txt = 0

    for a in arts:
        path = os.path.join(ART, a)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        ext = a.rsplit(".", 1)[1]
        if ext == "md" and text.startswith("---\n"):
            md_with_yaml += 1
        if ext == "txt":
            longest = max(len(l) for l in lines)
            if longest <= 80 and any(len(l) >= 60 for l in lines):
                wrapped_txt += 1

        # markers
        for i, l in enumerate(lines, 1):
            if re.search(r"@(begin|end|wrap)\b", l):
                bad("%s:%d: marker leaked: %r" % (a, i, l))

        # word count
        wc = count_words(body_text(a, text))
        if not 450 <= wc <= 800:
            bad("%s: body word count %d outside 450-800" % (a, wc))

        check_urls(a, text)
        check_phones(a, text)

        lp = os.path.join(LAB, os.path.splitext(a)[0] + ".json")
        if not os.path.exists(lp):
            continue
        with open(lp, encoding="utf-8") as fh:
            try:
                lab = json.load(fh)
            except ValueError as e:
                bad("%s: invalid JSON: %s" % (lp, e))
                continue
        if set(lab) != {"file", "inserted_blocks"}:
            bad("%s: unexpected keys %s" % (lp, sorted(lab)))
        if lab.get("file") != "articles/" + a:
            bad("%s: file field %r" % (lp, lab.get("file")))
        blocks = lab.get("inserted_blocks")
        if not isinstance(blocks, list):
            bad("%s: inserted_blocks is not a list" % lp)
            continue
        prev_end = 0
        for b in blocks:
            if set(b) != {"lines", "kind"}:
                bad("%s: block keys %s" % (lp, sorted(b)))
            k = b.get("kind")
            if k not in KINDS:
                bad("%s: invalid kind %r" % (lp, k))
            ls = b.get("lines")
            if not ls or not all(isinstance(x, int) for x in ls):
                bad("%s: block lines empty or not integers" % lp)
                continue
            if ls != sorted(set(ls)):
                bad("%s: block lines not sorted/unique: %s" % (lp, ls))
            for x in ls:
                if not 1 <= x <= len(lines):
                    bad("%s: line %d out of range (1-%d)" % (lp, x, len(lines)))
                elif not lines[x - 1].strip():
                    bad("%s: line %d is blank" % (lp, x))
            lo, hi = min(ls), max(ls)
            for x in range(lo, hi + 1):
                if x not in ls and x <= len(lines) and lines[x - 1].strip():
                    bad("%s: block %s not contiguous: non-blank line %d missing"
                        % (lp, k, x))
            if lo <= prev_end:
                bad("%s: blocks overlap or are out of order at line %d" % (lp, lo))
            prev_end = hi
            kind_count[k] += 1
            kind_fmt[k][ext] += 1
        per_article[a] = len(blocks)
        if blocks:
            inserted_fmt[ext] += 1
        else:
            clean_fmt[ext] += 1

    # src/ must reproduce articles/ and labels/ exactly
    for a in arts:
        sp = os.path.join(HERE, a + ".src")
        if not os.path.exists(sp):
            bad("no source for %s" % a)
            continue
        with open(sp, encoding="utf-8") as fh:
            rendered, blocks = build.render(fh.read(), sp)
        with open(os.path.join(ART, a), encoding="utf-8") as fh:
            if fh.read() != rendered:
                bad("%s is stale: rerun build.py" % a)
        lp = os.path.join(LAB, os.path.splitext(a)[0] + ".json")
        if os.path.exists(lp):
            with open(lp, encoding="utf-8") as fh:
                if json.load(fh).get("inserted_blocks") != blocks:
                    bad("%s is stale: rerun build.py" % lp)

    # banned phrases anywhere in the set (every text file under the root)
    rxs = [(p, banned_regex(p)) for p in BANNED]
    for dirpath, _, files in os.walk(ROOT):
        if "__pycache__" in dirpath:
            continue
        for f in files:
            fp = os.path.join(dirpath, f)
            try:
                with open(fp, encoding="utf-8") as fh:
                    t = fh.read()
            except (UnicodeDecodeError, OSError):
                continue
            for p, rx in rxs:
                if rx.search(t):
                    bad("%s: banned phrase %r" % (os.path.relpath(fp, ROOT), p))

    # README must exist
    if not os.path.exists(os.path.join(ROOT, "README.md")):
        bad("README.md missing")
    else:
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
            rt = fh.read()
        check_urls("README.md", rt)
        if "Do not give src/ to the detector" not in rt:
            bad("README.md lacks the src/ warning")

    # counts
    n_ins = sum(1 for v in per_article.values() if v)
    n_clean = sum(1 for v in per_article.values() if not v)
    print("articles: %d  (%s)" % (len(arts), ", ".join(
        "%s %d" % (f, fmt_count[f]) for f in FORMATS)))
    print("inserted: %d  clean: %d  blocks: %d" % (
        n_ins, n_clean, sum(kind_count.values())))
    print("inserted per format: %s" % ", ".join(
        "%s %d" % (f, inserted_fmt[f]) for f in FORMATS))
    print("clean per format:    %s" % ", ".join(
        "%s %d" % (f, clean_fmt[f]) for f in FORMATS))
    dist = Counter(v for v in per_article.values() if v)
    print("articles by block count: %s" % ", ".join(
        "%d block(s): %d" % (k, dist[k]) for k in sorted(dist)))
    print("md with YAML front matter: %d of %d; hard-wrapped txt: %d of %d" % (
        md_with_yaml, fmt_count["md"], wrapped_txt, fmt_count["txt"]))
    print("%-18s %4s %4s %4s %5s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        print("%-18s %4d %4d %4d %5d" % (k, kind_fmt[k]["md"], kind_fmt[k]["html"],
                                         kind_fmt[k]["txt"], kind_count[k]))
        if not 2 <= kind_count[k] <= 3:
            bad("kind %s used %d times, expected 2-3" % (k, kind_count[k]))

    if problems:
        print("\nPROBLEMS (%d):" % len(problems))
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
