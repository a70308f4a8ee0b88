#!/usr/bin/env python3
"""Sanity checks for set-4: labels vs articles, word counts, hosts, banned phrases."""
import collections, glob, html, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"]
BANNED = ["similarly", "speaking of", "interestingly", "fascinating", "all connected",
          "like those found in", "ultimately", "on a related note", "in other news",
          "by the way", "connected in surprising ways", "likewise"]
OK_HOST = re.compile(r"^(?:[\w-]+\.)*example\.(?:com|org|net)$")

errors = []
def err(msg):
    errors.append(msg)


def body_text(path, text):
    if path.endswith(".html"):
        m = re.search(r"<main[^>]*>(.*)</main>", text, re.S)
        t = m.group(1) if m else text
        t = re.sub(r"<[^>]+>", " ", t)
        return html.unescape(t)
    if path.endswith(".md"):
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]
        return re.sub(r"\]\([^)]*\)", "]", text)
    return text


def words(t):
    return [w for w in t.split() if re.search(r"[A-Za-z0-9]", w)]


arts = sorted(glob.glob(os.path.join(ROOT, "articles", "*")))
labs = sorted(glob.glob(os.path.join(ROOT, "labels", "*.json")))
if len(arts) != 50: err(f"expected 50 articles, got {len(arts)}")
if len(labs) != len(arts): err("label/article count mismatch")

fmt = collections.Counter()
kinds = collections.Counter()
kinds_by_fmt = collections.defaultdict(collections.Counter)
inserted_by_fmt = collections.Counter()
nblocks = 0
wc_all = []
for a in arts:
    base = os.path.basename(a)
    name, ext = base.rsplit(".", 1)
    fmt[ext] += 1
    text = open(a, encoding="utf-8").read()
    lines = text.split("\n")
    if text.endswith("\n"): lines = lines[:-1]
    lp = os.path.join(ROOT, "labels", name + ".json")
    if not os.path.exists(lp):
        err(f"{base}: no label"); continue
    lab = json.load(open(lp))
    if lab.get("file") != "articles/" + base: err(f"{base}: bad file field")
    if "@begin" in text or "@end" in text or re.search(r"^@", text, re.M):
        err(f"{base}: marker leaked")
    low = text.lower()
    for b in BANNED:
        if re.search(r"\b" + re.escape(b) + r"\b", low): err(f"{base}: banned phrase '{b}'")
    for host in re.findall(r"https?://([^/\s\"')<>\]]+)", text):
        if not OK_HOST.match(host.lower()): err(f"{base}: non-example host {host}")
    for host in re.findall(r"(?<![/\w.@])((?:www\.)?[a-z0-9-]+\.(?:com|org|net|co\.uk|io)\b)", low):
        if not host.endswith(("example.com", "example.org", "example.net")):
            err(f"{base}: suspicious bare host {host}")
    wc = len(words(body_text(base, text)))
    wc_all.append((wc, base))
    if not 450 <= wc <= 800: err(f"{base}: {wc} words")
    prev = 0
    seen = set()
    blocks = lab["inserted_blocks"]
    if blocks: inserted_by_fmt[ext] += 1
    for bl in blocks:
        nblocks += 1
        k = bl.get("kind")
        if k not in KINDS: err(f"{base}: bad kind {k}")
        kinds[k] += 1; kinds_by_fmt[ext][k] += 1
        ls = bl.get("lines", [])
        if not ls: err(f"{base}: empty block")
        if ls != sorted(ls): err(f"{base}: unsorted {ls}")
        if ls and ls[0] <= prev: err(f"{base}: blocks overlap/unsorted")
        for n in ls:
            if not 1 <= n <= len(lines): err(f"{base}: line {n} out of range"); continue
            if not lines[n - 1].strip(): err(f"{base}: line {n} blank")
            if n in seen: err(f"{base}: line {n} twice")
            seen.add(n)
        # contiguous apart from blank lines
        for x, y in zip(ls, ls[1:]):
            if any(lines[j - 1].strip() for j in range(x + 1, y)):
                err(f"{base}: block {ls} not contiguous")
        if ls: prev = ls[-1]

print("articles by format:", dict(fmt))
print("articles with insertions by format:", dict(inserted_by_fmt), "total", sum(inserted_by_fmt.values()))
print("blocks:", nblocks)
for k in KINDS:
    print(f"  {k:18s} {kinds[k]:3d}   " + "  ".join(f"{e}:{kinds_by_fmt[e][k]}" for e in ("md", "html", "txt")))
wc_all.sort()
print("word counts: min", wc_all[0] if wc_all else None, "max", wc_all[-1] if wc_all else None)
if errors:
    print("\n".join(errors))
    print(f"FAIL ({len(errors)} problems)")
    sys.exit(1)
print("OK")
