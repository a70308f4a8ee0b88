#!/usr/bin/env python3
"""Check set 6. Prints counts and "OK", or the problems found and exit status 1.

Standard library only. Run from anywhere: python3 src/verify.py
"""
import html
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import build  # noqa: E402

KINDS = build.KINDS
NAME_RE = re.compile(r"^([umwsnq])(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.(md|html|txt)$")
WANT_FORMATS = {"md": 17, "html": 17, "txt": 16}
WORDS_MIN, WORDS_MAX = 450, 800

# Stock transitions that must not appear anywhere in the set (this file excepted).
BANNED = [
    "similarly", "speaking of", "interestingly", "fascinating", "all connected",
    "like those found in", "ultimately", "on a related note", "in other news",
    "by the way", "connected in surprising ways", "likewise", "in the same way",
    "on that note", "while we're on the subject",
]

TLDS = r"(?:com|org|net|edu|gov|io|co|uk|au|ca|nz|info|biz|us|me|app|ly|health|shop|store|site|online|tv|news|fm)"
DOMAIN_RE = re.compile(r"(?<![\w@.-])((?:[a-z0-9-]+\.)+" + TLDS + r")(?![\w-])", re.I)
URL_RE = re.compile(r"\b([a-z][a-z0-9+.-]*):(//)?([^\s\"'<>)\]]+)", re.I)
ATTR_RE = re.compile(r"\b(?:href|src|action)=\"([^\"]*)\"", re.I)
EMAIL_RE = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
WORD_RE = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019-][A-Za-z0-9\u00C0-\u024F]+)*")

problems = []


def bad(msg):
    problems.append(msg)


def host_ok(host):
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in ("example.com", "example.org", "example.net"))


def body_text(name, text):
    ext = name.rsplit(".", 1)[1]
    if ext == "html":
        m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.S)
        if not m:
            bad("%s: no <main>" % name)
            return ""
        inner = re.sub(r"<[^>]+>", " ", m.group(1))
        return html.unescape(inner)
    if ext == "md":
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            for i in range(1, len(lines)):
                if lines[i].strip() == "---":
                    lines = lines[i + 1:]
                    break
        body = "\n".join(lines)
        body = re.sub(r"\]\([^)]*\)", "]", body)          # link targets are not words
        body = re.sub(r"https?://\S+", " ", body)
        return body
    return re.sub(r"https?://\S+", " ", text)


def check_urls(name, text):
    for val in ATTR_RE.findall(text):
        v = html.unescape(val)
        if v.startswith(("/", "#", "?")) or v == "":
            continue
        m = re.match(r"^([a-z][a-z0-9+.-]*):(.*)$", v, re.I)
        if not m:
            if DOMAIN_RE.match(v) and not host_ok(v.split("/")[0]):
                bad("%s: attribute URL with foreign host %r" % (name, v))
            continue
        scheme, rest = m.group(1).lower(), m.group(2)
        if scheme in ("http", "https"):
            host = rest.lstrip("/").split("/")[0].split("?")[0].split("#")[0].split(":")[0]
            if not host_ok(host):
                bad("%s: URL host not example.*: %r" % (name, v))
        elif scheme == "mailto":
            if not host_ok(rest.split("@")[-1].split("?")[0]):
                bad("%s: mailto host not example.*: %r" % (name, v))
        elif scheme == "tel":
            continue
        else:
            bad("%s: unexpected URL scheme %r" % (name, v))
    for scheme, slashes, rest in URL_RE.findall(text):
        if scheme.lower() in ("http", "https") and slashes:
            host = rest.split("/")[0].split("?")[0].split("#")[0].split(":")[0]
            if not host_ok(host):
                bad("%s: URL host not example.*: %s://%s" % (name, scheme, rest))
    for host in EMAIL_RE.findall(text):
        if not host_ok(host):
            bad("%s: e-mail host not example.*: %s" % (name, host))
    for host in DOMAIN_RE.findall(text):
        if not host_ok(host):
            bad("%s: bare host not example.*: %s" % (name, host))


def check_phones(name, text):
    for m in re.finditer(r"(?<!\d)(\d{3})[-.](\d{4})(?!\d)", text):
        if not (m.group(1) == "555" and m.group(2).startswith("01")):
            bad("%s: US/CA style number not 555-01xx: %s" % (name, m.group(0)))
    for m in re.finditer(r"(?<![\d-])0\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}(?![\d-])", text):
        num = m.group(0)
        if re.match(r"01632[ -]?960\d{3}$", num) or re.match(r"0491[ -]?570[ -]?\d{3}$", num):
            continue
        bad("%s: UK/AU style number not in a fictional range (01632 960xxx, 0491 570 xxx): %s" % (name, num))
    for m in re.finditer(r"(?<!\d)1[38]00 ?\d{3} ?\d{3}(?!\d)", text):
        bad("%s: AU 1800/1300 number used: %s" % (name, m.group(0)))


def check_banned(path, text):
    low = text.lower().replace("\u2019", "'")
    for phrase in BANNED:
        pat = r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])"
        if re.search(pat, low):
            bad("%s: banned phrase %r" % (os.path.relpath(path, ROOT), phrase))


def main():
    art_dir = os.path.join(ROOT, "articles")
    lab_dir = os.path.join(ROOT, "labels")
    names = sorted(os.listdir(art_dir))
    if len(names) != 50:
        bad("expected 50 articles, found %d" % len(names))
    fmt = {"md": 0, "html": 0, "txt": 0}
    slugs = set()
    per_kind = {k: 0 for k in KINDS}
    per_kind_fmt = {k: {"md": 0, "html": 0, "txt": 0} for k in KINDS}
    per_style = {}
    inserted = clean = 0
    nblock_hist = {}
    fm_count = 0
    words_all = []

    rebuilt = {r["name"]: r for r in build.build_all(write=False)}
    subjects = {}

    for name in names:
        m = NAME_RE.match(name)
        if not m:
            bad("bad file name %s" % name)
            continue
        style, _, slug, ext = m.groups()
        fmt[ext] += 1
        if slug in slugs:
            bad("duplicate subject slug %s" % slug)
        slugs.add(slug)
        path = os.path.join(art_dir, name)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        if name not in rebuilt:
            bad("%s: no source in src/" % name)
        elif rebuilt[name]["rendered"] != text:
            bad("%s: differs from a fresh build (run build.py)" % name)
        else:
            subj = rebuilt[name]["meta"].get("subject", "")
            if not subj:
                bad("%s: no @subject in source" % name)
            elif subj.lower() in subjects:
                bad("%s: subject %r also used by %s" % (name, subj, subjects[subj.lower()]))
            subjects[subj.lower()] = name
        if ext == "md" and lines and lines[0] == "---":
            fm_count += 1
        # markers
        for i, ln in enumerate(lines, 1):
            if re.match(r"^\s*@(begin|end|about|@)\b", ln) or "@begin" in ln or ln.strip() == "@end" or ln.strip() == "@@":
                bad("%s:%d: marker leaked: %r" % (name, i, ln))
        # words
        nw = len(WORD_RE.findall(body_text(name, text)))
        words_all.append((nw, name))
        if not WORDS_MIN <= nw <= WORDS_MAX:
            bad("%s: body has %d words (want %d-%d)" % (name, nw, WORDS_MIN, WORDS_MAX))
        check_urls(name, text)
        check_phones(name, text)
        # label
        stem = name.rsplit(".", 1)[0]
        lpath = os.path.join(lab_dir, stem + ".json")
        if not os.path.exists(lpath):
            bad("%s: no label" % name)
            continue
        with open(lpath, encoding="utf-8") as fh:
            label = json.load(fh)
        if set(label) != {"file", "inserted_blocks"}:
            bad("%s: label keys %s" % (name, sorted(label)))
        if label.get("file") != "articles/" + name:
            bad("%s: label file field %r" % (name, label.get("file")))
        blocks = label.get("inserted_blocks", [])
        used = set()
        prev_end = 0
        for bi, blk in enumerate(blocks):
            if set(blk) != {"lines", "kind"}:
                bad("%s: block %d keys %s" % (name, bi, sorted(blk)))
            kind = blk.get("kind")
            if kind not in KINDS:
                bad("%s: block %d bad kind %r" % (name, bi, kind))
            else:
                per_kind[kind] += 1
                per_kind_fmt[kind][ext] += 1
            ls = blk.get("lines", [])
            if not ls:
                bad("%s: block %d empty" % (name, bi))
                continue
            if ls != sorted(set(ls)):
                bad("%s: block %d lines not sorted/unique" % (name, bi))
            if ls[0] <= prev_end:
                bad("%s: block %d overlaps or is out of order" % (name, bi))
            prev_end = ls[-1]
            for ln in ls:
                if not 1 <= ln <= len(lines):
                    bad("%s: block %d line %d out of range" % (name, bi, ln))
                    continue
                if not lines[ln - 1].strip():
                    bad("%s: block %d line %d is blank" % (name, bi, ln))
                if ln in used:
                    bad("%s: line %d in two blocks" % (name, ln))
                used.add(ln)
            for ln in range(ls[0], ls[-1] + 1):
                if ln not in ls and ln <= len(lines) and lines[ln - 1].strip():
                    bad("%s: block %d not contiguous, non-blank line %d missing" % (name, bi, ln))
        nblock_hist[len(blocks)] = nblock_hist.get(len(blocks), 0) + 1
        st = per_style.setdefault(style, {"articles": 0, "inserted": 0, "clean": 0, "blocks": 0,
                                          "md": 0, "html": 0, "txt": 0})
        st["articles"] += 1
        st[ext] += 1
        st["blocks"] += len(blocks)
        if blocks:
            inserted += 1
            st["inserted"] += 1
        else:
            clean += 1
            st["clean"] += 1

    for e, want in WANT_FORMATS.items():
        if fmt[e] != want:
            bad("format %s: %d articles, want %d" % (e, fmt[e], want))
    for st, d in per_style.items():
        if not (d["md"] and d["html"] and d["txt"]):
            bad("style %s missing a format" % st)

    # banned phrases everywhere in the set except this file
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            p = os.path.join(dirpath, f)
            if os.path.abspath(p) == os.path.abspath(__file__) or "__pycache__" in p:
                continue
            with open(p, encoding="utf-8") as fh:
                check_banned(p, fh.read())

    print("articles: %d  (md %d, html %d, txt %d)" % (len(names), fmt["md"], fmt["html"], fmt["txt"]))
    print("with insertions: %d  clean: %d" % (inserted, clean))
    print("articles by number of blocks: %s" % ", ".join("%d:%d" % kv for kv in sorted(nblock_hist.items())))
    print("blocks: %d" % sum(per_kind.values()))
    for k in KINDS:
        print("  %-18s %2d   (md %d, html %d, txt %d)" % (k, per_kind[k], per_kind_fmt[k]["md"],
                                                        per_kind_fmt[k]["html"], per_kind_fmt[k]["txt"]))
    print("markdown with YAML front matter: %d of %d" % (fm_count, fmt["md"]))
    for s in "umwsnq":
        if s in per_style:
            d = per_style[s]
            print("  style %s: %d articles (md %d, html %d, txt %d), %d inserted, %d clean, %d blocks" % (
                s, d["articles"], d["md"], d["html"], d["txt"], d["inserted"], d["clean"], d["blocks"]))
    if words_all:
        words_all.sort()
        print("body words: min %d (%s), max %d (%s)" % (words_all[0][0], words_all[0][1],
                                                        words_all[-1][0], words_all[-1][1]))
    if problems:
        for p in problems:
            print("PROBLEM:", p)
        print("FAILED (%d problems)" % len(problems))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
