#!/usr/bin/env python3
"""Run healthlint at its default settings over real published health pages and print what a person
needs to judge its findings: findings per rule, median findings per article, error-level findings
per page, and a fixed random sample of findings of every rule with their text.

The pages: NIH documents from the MedQuAD collections that ``train/medical_words.py`` holds out
(CancerGov, NIDDK, NINDS, NIHSeniorHealth, NHLBI, CDC; U.S. government text, public domain),
rendered as the pages a newsroom checks: Markdown with front matter, HTML with the site's header,
navigation, breadcrumbs and footer, and plain text scraped from such a page (navigation, share and
print links, "Last reviewed" lines left in). A third carry no medical disclaimer, a third one at the
top and a third one at the bottom, in wordings publishers use. Documents that the test corpus
(``../shared/corpus/medquad``) is built from are left out. Other files or folders given on the
command line are checked too (say, pages you may ship, kept under tests/fixtures).

Usage: bench/precision.py [PATH ...] [--pages N] [--sample K] [--seed S] [--keep DIR]
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "train"))

from medical_words import DEFAULT_TRAINING, HELD_OUT, documents  # noqa: E402
from medquad_corpus import html_blocks  # noqa: E402

TEST_CORPUS = HERE.parent.parent / "shared" / "corpus" / "medquad"
SITES = {"1_CancerGov_QA": "National Cancer Institute", "5_NIDDK_QA": "NIDDK", "6_NINDS_QA": "NINDS",
         "7_SeniorHealth_QA": "NIHSeniorHealth", "8_NHLBI_QA_XML": "NHLBI", "9_CDC_QA": "CDC"}
# Wordings of the medical disclaimer as publishers write them (paraphrased, none copied).
DISCLAIMERS = [
    "This information is not a substitute for professional medical advice, diagnosis, or treatment. "
    "Always seek the advice of your doctor with any questions about a medical condition.",
    "The content of this page should not be construed as medical advice. Please consult a licensed "
    "physician about your own health.",
    "For informational purposes only. Talk to your health care provider before you start or stop a treatment.",
    "Medical disclaimer: we write for general readers; see your doctor for advice about your situation.",
    "Our articles do not constitute medical advice and are not meant to replace the care of a qualified "
    "health professional.",
    "This page offers general health information only. It isn't meant to take the place of your doctor's advice.",
]


def paragraphs(answer: str) -> list[str]:
    """An answer's paragraphs; MedQuAD flattened the pages' lists into runs of "  -  item", which
    become list items again ("- item")."""
    out = []
    for line in answer.split("\n"):
        parts = [p.strip() for p in re.split(r"\s{2,}-\s+|^\s*-\s+", line)]
        if len(parts) > 1:
            if parts[0]:
                out.append(parts[0])
            out += [f"- {p}" for p in parts[1:] if p]
        elif line.strip():
            out.append(" ".join(line.split()))
    return out


def heading(question: str) -> str:
    """MedQuAD's question templates as the page's headings were: "What is (are) Gout ?" -> "What is Gout?"."""
    text = re.sub(r"\s*\((?:are|or clinical trials)\)", "", question.strip())
    text = re.sub(r"\s+([?:])", r"\1", text)
    text = re.sub(r"\?+", "?", text)
    return text[:1].upper() + text[1:]


def sections(doc: dict) -> list[tuple[str, list[str]]]:
    """The page's sections: one a question (answers MedQuAD filed under one question are joined),
    with no answer given twice (MedQuAD files one answer under several questions)."""
    out: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for qa in doc["qa"]:
        key = " ".join(qa["answer"].split())
        if not key or key in seen:
            continue
        seen.add(key)
        title = heading(qa["question"])
        same = next((section for section in out if section[0] == title), None)
        if same is not None:
            same[1].extend(paragraphs(qa["answer"]))
        else:
            out.append((title, paragraphs(qa["answer"])))
    return out


def markdown_page(doc: dict, disclaimer: tuple[str, str] | None) -> str:
    out = ["---", f"title: \"{doc['focus']}\"", f"source: {doc['url']}",
           "licence: U.S. government work, public domain", "---", "", f"# {doc['focus']}", ""]
    if disclaimer and disclaimer[0] == "top":
        out += [f"*{disclaimer[1]}*", ""]
    for title, paras in sections(doc):
        out += [f"## {title}", ""]
        for p in paras:
            # A note marked "*" (a footnote) stays a paragraph, as on the page.
            out += ["\\" + p if p.startswith("* ") else p, ""]
    if disclaimer and disclaimer[0] == "bottom":
        out += ["---", "", disclaimer[1], ""]
    return "\n".join(out)


def html_page(doc: dict, disclaimer: tuple[str, str] | None, site: str) -> str:
    from html import escape

    body = []
    if disclaimer and disclaimer[0] == "top":
        body.append(f"<p class=\"disclaimer\"><em>{escape(disclaimer[1])}</em></p>")
    for title, paras in sections(doc):
        body.append(f"<h2>{escape(title)}</h2>")
        body.extend(html_blocks(paras))
    if disclaimer and disclaimer[0] == "bottom":
        body.append(f"<p class=\"disclaimer\">{escape(disclaimer[1])}</p>")
    title = escape(doc["focus"])
    return "\n".join([
        "<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{title} | {escape(site)}</title></head><body>",
        "<header><a href=\"#main\">Skip to main content</a>",
        f"<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/health-topics\">Health Topics</a></li>"
        f"<li><a href=\"/research\">Research</a></li><li><a href=\"/about\">About {escape(site)}</a></li></ul></nav></header>",
        "<main id=\"main\"><nav class=\"breadcrumb\"><a href=\"/\">Home</a> › <a href=\"/health-topics\">Health Topics</a></nav>",
        f"<article><h1>{title}</h1>", *body, "</article></main>",
        "<footer><p><a href=\"/contact\">Contact Us</a> | <a href=\"/privacy\">Privacy Policy</a> | "
        "<a href=\"/foia\">FOIA</a> | <a href=\"/accessibility\">Accessibility</a></p>"
        "<p>U.S. Department of Health and Human Services, National Institutes of Health</p></footer>",
        "</body></html>", ""])


def text_page(doc: dict, disclaimer: tuple[str, str] | None, site: str) -> str:
    out = ["Skip to main content", f"{site}", "Home › Health Information › " + doc["focus"], "", doc["focus"], ""]
    if disclaimer and disclaimer[0] == "top":
        out += [disclaimer[1], ""]
    out += ["Share", "Print", ""]
    for title, paras in sections(doc):
        out += [title, ""]
        for i, p in enumerate(paras):
            # A scraped list keeps its items on consecutive lines.
            nxt = paras[i + 1] if i + 1 < len(paras) else ""
            out += [p] if p.startswith("- ") and nxt.startswith("- ") else [p, ""]
    if disclaimer and disclaimer[0] == "bottom":
        out += [disclaimer[1], ""]
    out += ["Last Reviewed: May 2024", "", "Contact Us", "Privacy Policy", ""]
    return "\n".join(out)


def build_pages(folder: Path, count: int, seed: int, training: Path) -> list[Path]:
    excluded = {p.stem for p in TEST_CORPUS.glob("*")} if TEST_CORPUS.is_dir() else set()
    docs = [d for d in documents(training, HELD_OUT) if d["id"] not in excluded]
    rng = random.Random(seed)
    rng.shuffle(docs)
    pages = []
    for i, doc in enumerate(docs[:count]):
        where = ("none", "top", "bottom")[i % 3]
        disclaimer = None if where == "none" else (where, DISCLAIMERS[i % len(DISCLAIMERS)])
        site = SITES.get(doc["collection"], "NIH")
        kind = ("md", "html", "txt")[(i // 3) % 3]
        render = {"md": lambda: markdown_page(doc, disclaimer), "html": lambda: html_page(doc, disclaimer, site),
                  "txt": lambda: text_page(doc, disclaimer, site)}[kind]
        path = folder / f"{doc['id']}.{kind}"
        path.write_text(render(), encoding="utf-8")
        pages.append(path)
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="more pages to check (files or folders)")
    parser.add_argument("--pages", type=int, default=45)
    parser.add_argument("--sample", type=int, default=12, help="findings printed per rule")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--training", type=Path, default=DEFAULT_TRAINING)
    parser.add_argument("--keep", type=Path, help="write the built pages here instead of a temporary folder")
    args = parser.parse_args()

    from healthlint.core.config import Config
    from healthlint.run.engine import lint_file

    config = Config()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        pages = build_pages(folder, args.pages, args.seed, args.training)
        for extra in args.paths:
            pages += sorted(p for p in extra.rglob("*") if p.suffix in (".md", ".html", ".txt")
                            and not p.name.upper().startswith("README")) if extra.is_dir() else [extra]
        per_article: list[int] = []
        by_rule: dict[str, list] = defaultdict(list)
        severities: Counter[str] = Counter()
        errors_per_page: list[int] = []
        non_statement: list[int] = []
        for page in pages:
            result = lint_file(str(page), config)
            lines = page.read_text(encoding="utf-8", errors="replace").splitlines()
            errors = others = 0
            for article in result.articles:
                per_article.append(len(article.findings))
                for f in article.findings:
                    severities[f.severity] += 1
                    source = lines[f.start_line - 1].strip() if 0 < f.start_line <= len(lines) else ""
                    by_rule[f.rule].append((page.name, f, source))
                    if f.severity == "error" and not (f.rule == "disclaimers/medical" and f.message.startswith("No medical")):
                        errors += 1
                    if f.severity == "error" and not f.rule.startswith("disclaimers/"):
                        others += 1
            errors_per_page.append(errors)
            non_statement.append(others)
    total = sum(per_article)
    print(f"pages: {len(pages)}, articles: {len(per_article)}, findings: {total} "
          f"({', '.join(f'{severities[s]} {s}' for s in ('error', 'warning', 'info'))})")
    print(f"median findings per article: {statistics.median(per_article) if per_article else 0}, "
          f"mean {total / max(len(per_article), 1):.1f}, max {max(per_article, default=0)}")
    print(f"error-level findings other than a missing medical disclaimer: {sum(errors_per_page)} "
          f"= {10 * sum(errors_per_page) / max(len(pages), 1):.1f} per 10 pages; other than any missing required "
          f"statement (disclaimers/*): {sum(non_statement)} = {10 * sum(non_statement) / max(len(pages), 1):.1f} per 10 pages")
    print("\nfindings per rule:")
    for rule, found in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        print(f"  {rule:34} {len(found):5}")
    rng = random.Random(args.seed)
    for rule, found in sorted(by_rule.items()):
        chosen = found if len(found) <= args.sample else rng.sample(found, args.sample)
        print(f"\n## {rule}: {len(chosen)} of {len(found)}")
        for name, f, source in chosen:
            print(f"- {name}:{f.start_line} [{f.severity}] {f.message}")
            excerpt = (f.excerpt or source).replace("\n", " ")
            if excerpt:
                print(f"    | {excerpt[:220]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
