#!/usr/bin/env python3
"""Check the set-3 labels and print counts per kind and format."""
import json, os, re, sys, glob
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = ["bridge-link", "bridge-nolink", "subtle", "plug", "headline", "unrelated-medical"]
FORMATS = ["md", "html", "txt"]
errors = []


def err(msg):
    errors.append(msg)


def words(text, ext):
    if ext == "html":
        m = re.search(r"<main[^>]*>(.*)</main>", text, re.S)
        text = m.group(1) if m else text
        text = re.sub(r"<[^>]+>", " ", text)
        text = re.sub(r"&\w+;", " ", text)
    elif ext == "md" and text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", text))


arts = sorted(os.listdir(os.path.join(ROOT, "articles")))
labs = sorted(os.listdir(os.path.join(ROOT, "labels")))
if sorted(a.rsplit(".", 1)[0] for a in arts) != sorted(l[:-5] for l in labs):
    err("articles and labels do not match one to one")

n_art = Counter(); n_bridged = Counter(); blocks = defaultdict(Counter); per_art = Counter()
wc = {}
for lab in labs:
    p = os.path.join(ROOT, "labels", lab)
    try:
        d = json.load(open(p, encoding="utf-8"))
    except Exception as e:
        err(f"{lab}: bad json {e}"); continue
    if set(d) != {"file", "inserted_blocks"}:
        err(f"{lab}: unexpected keys {sorted(d)}")
    f = d.get("file", "")
    if not re.fullmatch(r"articles/[a-z0-9-]+\.(md|html|txt)", f) or f[9:].rsplit(".", 1)[0] != lab[:-5]:
        err(f"{lab}: bad file field {f!r}"); continue
    path = os.path.join(ROOT, f)
    if not os.path.exists(path):
        err(f"{lab}: {f} missing"); continue
    ext = f.rsplit(".", 1)[1]
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    if any(l.startswith("@begin") or l.strip() == "@end" for l in lines):
        err(f"{f}: source marker leaked")
    wc[f] = words(text, ext)
    if ext == "html":
        for tag in ("<title>", "<nav", "<main", "<footer"):
            if tag not in text:
                err(f"{f}: missing {tag}")
    n_art[ext] += 1
    seen = set()
    bl = d.get("inserted_blocks")
    if not isinstance(bl, list):
        err(f"{lab}: inserted_blocks not a list"); continue
    if bl:
        n_bridged[ext] += 1
    per_art[len(bl)] += 1
    for b in bl:
        if set(b) != {"lines", "kind"}:
            err(f"{lab}: block keys {sorted(b)}")
        if b.get("kind") not in KINDS:
            err(f"{lab}: bad kind {b.get('kind')!r}")
        ls = b.get("lines")
        if not isinstance(ls, list) or not ls or not all(isinstance(x, int) and not isinstance(x, bool) for x in ls):
            err(f"{lab}: bad lines {ls!r}"); continue
        if ls != sorted(set(ls)):
            err(f"{lab}: lines not sorted/unique {ls}")
        for x in ls:
            if x < 1 or x > len(lines):
                err(f"{lab}: line {x} out of range 1..{len(lines)}")
            elif not lines[x - 1].strip():
                err(f"{lab}: labelled line {x} is blank")
            if x in seen:
                err(f"{lab}: line {x} in two blocks")
            seen.add(x)
        blocks[b.get("kind")][ext] += 1

for f, n in sorted(wc.items()):
    if not 450 <= n <= 800:
        err(f"{f}: {n} words, outside 450-800")

print("articles per format:", {e: n_art[e] for e in FORMATS}, "total", sum(n_art.values()))
print("with inserted blocks:", {e: n_bridged[e] for e in FORMATS}, "total", sum(n_bridged.values()))
print("clean:", {e: n_art[e] - n_bridged[e] for e in FORMATS}, "total", sum(n_art.values()) - sum(n_bridged.values()))
print("blocks per article:", dict(sorted(per_art.items())))
print(f"{'kind':18s} " + " ".join(f"{e:>5s}" for e in FORMATS) + "  total")
tot = Counter()
for k in KINDS:
    row = [blocks[k][e] for e in FORMATS]
    for e, v in zip(FORMATS, row):
        tot[e] += v
    print(f"{k:18s} " + " ".join(f"{v:5d}" for v in row) + f"  {sum(row):5d}")
print(f"{'total':18s} " + " ".join(f"{tot[e]:5d}" for e in FORMATS) + f"  {sum(tot.values()):5d}")
print("words: min", min(wc.values()) if wc else 0, "max", max(wc.values()) if wc else 0)
if errors:
    for e in errors:
        print("ERROR:", e)
    sys.exit(1)
print("OK")
