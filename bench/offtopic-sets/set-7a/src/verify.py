#!/usr/bin/env python3
"""Check set 7a: articles, labels, hosts, phrases, word counts. Prints counts and OK.

Standard library only. Exit status 1 on any failure.
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
ARTICLES = os.path.join(ROOT, "articles")
LABELS = os.path.join(ROOT, "labels")
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = build.KINDS
FORMATS = ("md", "html", "txt")
# Banned phrases are stored rot13-encoded so that this file does not contain them either.
BANNED = [codecs.decode(x, "rot13") for x in (
    "fvzvyneyl", "fcrnxvat bs", "vagrerfgvatyl", "snfpvangvat", "nyy pbaarpgrq",
    "yvxr gubfr sbhaq va", "hygvzngryl", "ba n eryngrq abgr", "va bgure arjf",
    "ol gur jnl", "pbaarpgrq va fhecevfvat jnlf", "yvxrjvfr", "va gur fnzr jnl",
    "ba gung abgr", "juvyr jr'er ba gur fhowrpg")]
NAME_RE = re.compile(r"^([th])(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.(md|html|txt)$")
URL_RE = re.compile(r"""(?i)\b(?:https?|ftp)://([^/\s"'<>)\]]+)""")
BARE_RE = re.compile(r"(?i)(?<![@\w.-])((?:[a-z0-9-]+\.)+(?:com|org|net|io|co|uk|au|ca|nz|info|biz|us|gov|edu|app|health))\b")
EMAIL_RE = re.compile(r"(?i)[\w.+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})")
OK_HOST = re.compile(r"(?i)^(?:[a-z0-9-]+\.)*example\.(?:com|org|net)$")
WORD_RE = re.compile(r"[^\s]*[A-Za-z0-9][^\s]*")  # a word is a token with a letter or digit

errors = []


def err(msg):
    errors.append(msg)


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
        inner = re.sub(r"<(script|style)\b.*?</\1>", " ", m.group(1), flags=re.S | re.I)
        return html.unescape(re.sub(r"<[^>]+>", " ", inner))
    return text


def check_hosts(where, text):
    for m in URL_RE.finditer(text):
        host = m.group(1).split("@")[-1].split(":")[0].rstrip(".,;")
        if not OK_HOST.match(host):
            err("%s: URL host not allowed: %s" % (where, host))
    for m in EMAIL_RE.finditer(text):
        if not OK_HOST.match(m.group(1)):
            err("%s: e-mail host not allowed: %s" % (where, m.group(1)))
    for m in BARE_RE.finditer(text):
        if not OK_HOST.match(m.group(1)):
            err("%s: bare host not allowed: %s" % (where, m.group(1)))
    for m in re.finditer(r"""(?i)\b(?:href|src|action)\s*=\s*["']([^"']*)["']""", text):
        v = m.group(1)
        if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", v) and not re.match(r"(?i)^(https?://|mailto:|tel:)", v):
            err("%s: odd link scheme %s" % (where, v))
        if v.lower().startswith("mailto:") and not OK_HOST.match(v.split("@")[-1]):
            err("%s: mailto host not allowed %s" % (where, v))


def check_phones(where, text):
    for m in re.finditer(r"\b555[-. ](\d{4})\b", text):
        if not m.group(1).startswith("01"):
            err("%s: US/CA number outside 555-01xx: %s" % (where, m.group(0)))
    for m in re.finditer(r"\b01632 ?(\d{3})", text):
        if m.group(1) != "960":
            err("%s: UK number outside 01632 960xxx: %s" % (where, m.group(0)))
    for m in re.finditer(r"\b0491 ?(\d{3})", text):
        if m.group(1) != "570":
            err("%s: AU number outside 0491 570 xxx: %s" % (where, m.group(0)))
    for m in re.finditer(r"\b1[38]00 ?\d{3} ?\d{3}\b", text):
        err("%s: real-looking AU/UK service number: %s" % (where, m.group(0)))
    for m in re.finditer(r"\b(?:1[-. ])?\(?8(?:00|33|44|55|66|77|88)\)?[-. ]\d{3}[-. ]\d{4}\b", text):
        err("%s: toll-free number: %s" % (where, m.group(0)))


def check_banned(where, text):
    low = text.lower().replace("\u2019", "'")
    for p in BANNED:
        if re.search(r"(?<![\w'])" + re.escape(p) + r"(?![\w'])", low):
            err("%s: banned phrase %r" % (where, p))


def main():
    arts = sorted(os.listdir(ARTICLES))
    labs = sorted(os.listdir(LABELS))
    if len(arts) != 12:
        err("expected 12 articles, found %d" % len(arts))
    per_format = collections.Counter()
    per_style_format = collections.Counter()
    style_count = collections.Counter()
    kinds_total = collections.Counter()
    kinds_fmt = collections.defaultdict(collections.Counter)
    blocks_hist = collections.Counter()
    inserted_fmt = collections.Counter()
    clean_fmt = collections.Counter()
    front_matter = 0
    numbers = set()
    letters = []
    wc_report = []
    srcs = set(build.sources())

    for a in arts:
        m = NAME_RE.match(a)
        if not m:
            err("bad article name %s" % a)
            continue
        style, num, slug, ext = m.groups()
        if (style, num) in numbers:
            err("duplicate number %s%s" % (style, num))
        numbers.add((style, num))
        letters.append(slug[0])
        if not ("a" <= slug[0] <= "l"):
            err("%s: subject does not begin with A-L" % a)
        per_format[ext] += 1
        per_style_format[(style, ext)] += 1
        style_count[style] += 1
        path = os.path.join(ARTICLES, a)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        # no marker leaked
        for i, ln in enumerate(lines, 1):
            if re.match(r"^\s*@(begin|end|wrap)\b", ln) or "@begin" in ln or "@end" in ln:
                err("%s:%d marker leaked" % (a, i))
        if ext == "md" and text.startswith("---\n"):
            front_matter += 1
        # rendered output matches the source
        src = a + ".src"
        if src not in srcs:
            err("%s: no source %s" % (a, src))
        else:
            with open(os.path.join(HERE, src), encoding="utf-8") as fh:
                r_lines, r_blocks = build.render(fh.read(), src)
            if r_lines != lines:
                err("%s: article differs from rendered source; run build.py" % a)
        # words
        body = body_text(ext, text)
        wc = len(WORD_RE.findall(body))
        wc_report.append((a, wc))
        if not (450 <= wc <= 800):
            err("%s: body word count %d outside 450-800" % (a, wc))
        check_hosts(a, text)
        check_phones(a, text)
        check_banned(a, text)
        # label
        stem = a.rsplit(".", 1)[0]
        lp = os.path.join(LABELS, stem + ".json")
        if not os.path.exists(lp):
            err("%s: no label" % a)
            continue
        with open(lp, encoding="utf-8") as fh:
            try:
                lab = json.load(fh)
            except ValueError as e:
                err("%s: bad JSON %s" % (lp, e))
                continue
        if set(lab) != {"file", "inserted_blocks"}:
            err("%s: unexpected keys %s" % (lp, sorted(lab)))
        if lab.get("file") != "articles/" + a:
            err("%s: file field %r" % (lp, lab.get("file")))
        blocks = lab.get("inserted_blocks", [])
        if src in srcs and blocks != r_blocks:
            err("%s: label differs from source markers; run build.py" % lp)
        used = set()
        prev_end = 0
        for b in blocks:
            if set(b) != {"lines", "kind"}:
                err("%s: block keys %s" % (lp, sorted(b)))
            k = b.get("kind")
            if k not in KINDS:
                err("%s: bad kind %r" % (lp, k))
            ls = b.get("lines", [])
            if not ls:
                err("%s: empty block" % lp)
                continue
            if ls != sorted(ls) or len(set(ls)) != len(ls):
                err("%s: lines not sorted/unique %s" % (lp, ls))
            for n in ls:
                if not isinstance(n, int) or n < 1 or n > len(lines):
                    err("%s: line %r out of range" % (lp, n))
                elif not lines[n - 1].strip():
                    err("%s: line %d is blank" % (lp, n))
                if n in used:
                    err("%s: line %d in two blocks" % (lp, n))
                used.add(n)
            if ls[0] <= prev_end:
                err("%s: blocks overlap or are out of order" % lp)
            prev_end = ls[-1]
            for n in range(ls[0], ls[-1] + 1):
                if n not in ls and 1 <= n <= len(lines) and lines[n - 1].strip():
                    err("%s: block not contiguous, line %d missing" % (lp, n))
            kinds_total[k] += 1
            kinds_fmt[ext][k] += 1
        blocks_hist[len(blocks)] += 1
        (inserted_fmt if blocks else clean_fmt)[ext] += 1

    for lab in labs:
        stem = lab.rsplit(".", 1)[0]
        if not any(a.rsplit(".", 1)[0] == stem for a in arts):
            err("label without article: %s" % lab)
    slugs = [a.split("-", 1)[1].rsplit(".", 1)[0] for a in arts if "-" in a]
    if len(slugs) != len(set(slugs)):
        err("two articles share a subject slug")
    for f in FORMATS:
        if per_format[f] != 4:
            err("format %s has %d articles (want 4)" % (f, per_format[f]))
        for s in "th":
            if per_style_format[(s, f)] < 1:
                err("style %s missing format %s" % (s, f))
    for s in "th":
        if style_count[s] != 6:
            err("style %s has %d articles (want 6)" % (s, style_count[s]))
    for k in KINDS:
        if not 2 <= kinds_total[k] <= 3:
            err("kind %s used %d times (want 2-3)" % (k, kinds_total[k]))

    # banned phrases and hosts in the rest of the set (README, labels, sources, scripts)
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            p = os.path.join(dirpath, f)
            if p.startswith(ARTICLES + os.sep) or "__pycache__" in p:
                continue
            with open(p, encoding="utf-8") as fh:
                t = fh.read()
            rel = os.path.relpath(p, ROOT)
            check_banned(rel, t)
            if f.endswith((".src", ".md")):
                check_hosts(rel, t)
                check_phones(rel, t)

    n_ins = sum(inserted_fmt.values())
    n_clean = sum(clean_fmt.values())
    print("articles: %d  (md %d, html %d, txt %d; md with front matter %d)" % (
        len(arts), per_format["md"], per_format["html"], per_format["txt"], front_matter))
    print("inserted: %d  clean: %d  blocks: %d  (articles with 1/2/3 blocks: %d/%d/%d)" % (
        n_ins, n_clean, sum(kinds_total.values()), blocks_hist[1], blocks_hist[2], blocks_hist[3]))
    print("%-18s %4s %4s %4s %5s" % ("kind", "md", "html", "txt", "total"))
    for k in KINDS:
        print("%-18s %4d %4d %4d %5d" % (k, kinds_fmt["md"][k], kinds_fmt["html"][k],
                                         kinds_fmt["txt"][k], kinds_total[k]))
    for f in FORMATS:
        print("%-5s inserted %d clean %d" % (f, inserted_fmt[f], clean_fmt[f]))
    for a, wc in wc_report:
        print("  %-46s %4d words" % (a, wc))
    if errors:
        for e in errors:
            print("ERROR:", e)
        print("FAILED (%d problems)" % len(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
