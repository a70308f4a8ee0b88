"""Hostile inputs for healthlint: generated, never taken from any corpus.

``hostile_file(rng)`` returns ``(suffix, bytes)`` for one file of a randomly chosen kind:

- random bytes (with and without NULs), mixed encodings (a UTF-8 byte-order mark followed by
  Latin-1, UTF-16, invalid UTF-8, Windows-1252 punctuation, control characters);
- YAML front matter: alias bombs ("billion laughs"), deep nesting (flow and block), impossible
  dates, huge numbers, unknown and Python tags, non-mapping documents, unhashable keys;
- Markdown storms: thousands of nested or unclosed constructs (block quotes, lists, emphasis,
  brackets, backticks, HTML comments and tags, link definitions), huge tables, many headings;
- HTML: deep and unclosed nesting, huge tables, thousands of attributes, entities, comments;
- pathological tokens: words of 1,000 to 20,000 letters, lines of 100,000 characters, files of
  many thousand lines, digits runs, words made of one repeated prefix;
- plain-text listing pages and flattened tables with many columns;
- mixtures of all of the above.

Everything is drawn from ``random.Random(seed)``, so a seed always gives the same files. Sizes stay
under about 400 KB a file (well under the 10 MB default limit) so that thousands can be run.
"""
from __future__ import annotations

import random
import string

WORDS = ("pain back rest heat ice doctor nurse sleep water walk stretch muscle bone joint blood "
         "pressure heart sugar diet fiber salt vitamin dose tablet daily weekly symptom sign fever "
         "cough rash swelling injury therapy exercise study patient risk care health").split()


def _sentence(rng: random.Random, n: int | None = None) -> str:
    words = [rng.choice(WORDS) for _ in range(n or rng.randint(4, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraphs(rng: random.Random, count: int) -> str:
    return "\n\n".join(" ".join(_sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(count))


def _garbage_word(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


# -- bytes and encodings ---------------------------------------------------------------------------

def random_bytes(rng):
    data = rng.randbytes(rng.randint(1, 20000))
    if rng.random() < 0.5:
        data = data.replace(b"\x00", b"a")  # no NUL: passes the binary test, fails decoding
    return rng.choice([".md", ".html", ".txt"]), data


def mixed_encoding(rng):
    text = "# Café naïve\n\n" + _paragraphs(rng, 3) + "\n\nThe patient’s “dose” – 5 µg.\n"
    choice = rng.randint(0, 7)
    if choice == 0:  # the crash: a UTF-8 BOM, then Latin-1
        data = b"\xef\xbb\xbf" + text.encode("latin-1", "replace")
    elif choice == 1:
        data = text.encode("utf-16")
    elif choice == 2:
        data = text.encode("utf-8") + b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1"
    elif choice == 3:
        data = text.encode("cp1252", "replace") + b"\x80\x81\x8d\x8f\x90\x9d"
    elif choice == 4:
        data = text.encode("utf-8") + bytes(range(1, 32)) * rng.randint(1, 50)
    elif choice == 5:
        data = b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode("utf-8")
    elif choice == 6:
        data = "\ud800 lone surrogate".encode("utf-8", "surrogatepass") + text.encode("utf-8")
    else:
        data = text.replace("\n", "\r").encode("utf-8")
    return rng.choice([".md", ".html", ".txt"]), data


# -- YAML front matter -----------------------------------------------------------------------------

def _alias_bomb(rng):
    width, levels = rng.randint(5, 12), rng.randint(4, 10)
    lines = ['a0: &a0 [' + ",".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * width) + "]")
    key = rng.choice(["title", "tags", "description", "reviewed", "healthlint", "keywords"])
    lines.append(f"{key}: *a{levels - 1}")
    return "\n".join(lines)


def _deep_yaml(rng):
    depth = rng.randint(50, 20000)
    if rng.random() < 0.5:
        return "title: " + "[" * depth + "]" * depth
    if rng.random() < 0.5:
        return "title: " + "{a: " * depth + "1" + "}" * depth
    return "\n".join("  " * i + f"k{i}:" for i in range(min(depth, 3000))) + " 1"


def front_matter(rng):
    choice = rng.randint(0, 9)
    body = {
        0: _alias_bomb,
        1: _deep_yaml,
        2: lambda r: f"title: Back pain\nreviewed: {r.choice(['2024-02-31', '2023-13-01', '0000-00-00', '2024-02-30T25:61:00', '9999-99-99'])}\nreviewer: Dr. A",
        3: lambda r: "title: X\nsize: " + "9" * r.randint(5000, 50000) + "\nratio: 1e99999\nneg: -.inf\nnan: .nan",
        4: lambda r: r.choice(["title: !!python/object/apply:os.system ['true']", "data: !!binary '@@@'",
                               "x: !custom tag", "title: !!int abc", "t: !!timestamp nope"]),
        5: lambda r: r.choice(["- a\n- b", "just a string", "42", "null", "~", "[1, 2, 3]", "''"]),
        6: lambda r: "? [a, b]\n: value\n? {x: 1}\n: other",
        7: lambda r: "a: &x 1\nb: &x 2\nc: *x\nd: *undefined\n<<: *x",
        8: lambda r: "title: " + "\t" * 50 + "'unterminated\nhealthlint: {ignore: " + "[" * 100,
        9: lambda r: "healthlint:\n  ignore: " + r.choice(["7", "{a: b}", "[[1, 2], {x: y}]", "*a", "null"]),
    }[choice](rng)
    text = f"---\n{body}\n---\n# Title\n\n{_paragraphs(rng, 2)}\n"
    return ".md", text.encode("utf-8", "surrogatepass")


# -- Markdown storms -------------------------------------------------------------------------------

def markdown_storm(rng):
    n = rng.choice([100, 1000, 5000, 20000])
    pieces = [
        lambda: ">" * n + " deep quote",
        lambda: "\n".join("  " * i + "- item" for i in range(min(n, 3000))),
        lambda: "\n".join(" " * (i % 40) + f"{i}. x" for i in range(n)),
        lambda: "*" * n + "word" + "_" * n,
        lambda: "[" * n + "link" + "](" * (n // 2),
        lambda: "`" * n + " code " + "``" * (n // 3),
        lambda: "<!--" * n,
        lambda: "<div>" * n + "text",
        lambda: "".join(f"[r{i}]: http://x/{i}\n" for i in range(n)),
        lambda: "\n".join("#" * (1 + i % 7) + f" Heading {i}" for i in range(n)),
        lambda: "**a *b _c ~d " * n,
        lambda: "![" * n + "alt" + "]" * n,
        lambda: ("- " * min(n, 2000)) + "nested",
        lambda: "\n".join(["```"] * min(n, 5000)),
        lambda: "&" + "amp;" * n + " &#" + "9" * 50 + ";",
        lambda: "<" + "a " * n + ">",
        lambda: "\\" * n,
        lambda: "\n".join(["> " * (i % 50) + "- [ ] " + _sentence(rng) for i in range(min(n, 3000))]),
    ]
    chosen = [rng.choice(pieces)() for _ in range(rng.randint(1, 3))]
    text = "# Storm\n\n" + "\n\n".join(chosen) + "\n\n" + _paragraphs(rng, 2) + "\n"
    return ".md", text.encode()


def huge_table(rng):
    rows, cols = rng.choice([(5000, 4), (500, 60), (50, 1000), (3000, 12)])
    header = "| " + " | ".join(f"H{c}" for c in range(cols)) + " |"
    sep = "|" + "---|" * cols
    body = "\n".join("| " + " | ".join(rng.choice(WORDS + ["5 mg", "10%", "", "1,200"]) for _ in range(cols)) + " |"
                     for _ in range(rows))
    if rng.random() < 0.5:
        text = f"# Table\n\nThe following table compares them.\n\n{header}\n{sep}\n{body}\n"
        return ".md", text.encode()
    cells = "".join("<tr>" + "".join(f"<td colspan='{rng.choice(['1', '2', '999999', '-1', 'x'])}'>{rng.choice(WORDS)}</td>"
                                     for _ in range(cols)) + "</tr>" for _ in range(min(rows, 2000)))
    return ".html", f"<html><body><article><h1>T</h1><table>{cells}</table></article></body></html>".encode()


# -- HTML ------------------------------------------------------------------------------------------

def html_storm(rng):
    n = rng.choice([100, 300, 1000, 5000, 20000])
    tag = rng.choice(["div", "span", "b", "p", "li", "ul", "table", "a", "section", "em", "td", "blockquote"])
    choice = rng.randint(0, 6)
    if choice == 0:
        inner = f"<{tag}>" * n + "deep text" + f"</{tag}>" * n
    elif choice == 1:
        inner = f"<{tag}>" * n + "unclosed " + _sentence(rng)
    elif choice == 2:
        inner = "<p " + " ".join(f"a{i}='{i}'" for i in range(n)) + ">x</p>"
    elif choice == 3:
        inner = "<p>" + "&amp;&#x110000;&#0;&bogus;&" * n + "</p>"
    elif choice == 4:
        inner = "<!--" + "-" * n + "<p>" + "<!-- x -->" * n
    elif choice == 5:
        inner = "".join(f"<{rng.choice(['b', 'i', 'a', 'span'])}>{rng.choice(WORDS)}" for _ in range(n))
    else:
        inner = "".join(f"<p>{_sentence(rng)}<br>" * 3 + "</p>" for _ in range(n // 10)) + "<script>" + "x" * n
    text = f"<!doctype html><html><head><title>T</title></head><body><article><h1>Page</h1>{inner}</article></body></html>"
    return ".html", text.encode()


# -- pathological tokens ---------------------------------------------------------------------------

def long_tokens(rng):
    choice = rng.randint(0, 7)
    if choice == 0:
        token = _garbage_word(rng, rng.randint(1000, 20000))
    elif choice == 1:
        token = "non" * rng.randint(300, 6000) + "smoker"
    elif choice == 2:
        token = "a" * rng.randint(1000, 20000)
    elif choice == 3:
        token = "9" * rng.randint(1000, 20000)
    elif choice == 4:
        token = "-".join(rng.choice(WORDS) for _ in range(rng.randint(500, 4000)))
    elif choice == 5:
        token = "x1" * rng.randint(500, 8000)
    elif choice == 6:
        token = " ".join(_sentence(rng, 30) for _ in range(rng.randint(500, 3000)))[:100000]  # one long line
    else:
        token = "'" .join(_garbage_word(rng, 3) for _ in range(rng.randint(500, 4000)))
    suffix = rng.choice([".md", ".html", ".txt"])
    text = f"# Long\n\nBefore {token} after.\n\n{_paragraphs(rng, 1)}\n"
    if suffix == ".html":
        text = f"<html><body><h1>Long</h1><p>Before {token} after.</p></body></html>"
    return suffix, text.encode()


def many_lines(rng):
    n = rng.choice([5000, 20000, 50000])
    kind = rng.randint(0, 3)
    if kind == 0:
        lines = [_sentence(rng) for _ in range(n)]
    elif kind == 1:
        lines = [rng.choice(WORDS).capitalize() for _ in range(n)]
    elif kind == 2:
        lines = ["" if i % 2 else _sentence(rng, 3) for i in range(n)]
    else:
        lines = [f"- {_sentence(rng, 4)}" if i % 3 else f"  {_sentence(rng, 12)}" for i in range(n)]
    return rng.choice([".md", ".txt"]), ("\n".join(lines) + "\n").encode()


def text_page(rng):
    """Scraped plain text: a listing page, flattened tables with many columns, indented bullets."""
    parts = ["Tag page"]
    for i in range(rng.randint(1, 200)):
        parts.append(f"• {_sentence(rng, 5)[:-1]}")
        parts.append("    " + _sentence(rng, 20))
    cols = rng.choice([3, 10, 40, 200])
    parts.append("")
    parts.append(" ".join(f"Column{c}" for c in range(cols)))
    for _ in range(rng.randint(3, 300)):
        parts.append(" ".join(rng.choice(WORDS).capitalize() for _ in range(cols)))
    return ".txt", ("\n".join(parts) + "\n").encode()


def mixture(rng):
    pieces = []
    for _ in range(rng.randint(2, 5)):
        _, data = rng.choice(GENERATORS[:-1])(rng)
        pieces.append(data[:50000])
    return rng.choice([".md", ".html", ".txt"]), b"\n\n".join(pieces)


GENERATORS = (random_bytes, mixed_encoding, front_matter, markdown_storm, huge_table, html_storm,
              long_tokens, many_lines, text_page, mixture)


def hostile_file(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice(GENERATORS)(rng)


def write_corpus(folder, count: int, seed: int) -> list[str]:
    """``count`` hostile files under ``folder`` (named by index and kind); their paths."""
    from pathlib import Path

    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        generator = rng.choice(GENERATORS)
        suffix, data = generator(rng)
        path = folder / f"h{index:05d}-{generator.__name__.replace('_', '-')}{suffix}"
        path.write_bytes(data)
        paths.append(str(path))
    return paths
