"""HTML audit report: escaping of hostile content, determinism, in-place highlights, readability."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from healthlint.core.findings import Finding, Rule
from healthlint.reports import html
from healthlint.reports.base import RunInfo
from healthlint.core.results import ArticleResult, FileResult

from conftest import corpus_file

SEED = corpus_file("farm/tag-spinal-pain.txt")

RULES = {
    "off-topic/bridge": Rule("off-topic/bridge", "warning", "A paragraph pivots to an unrelated subject.",
                             "## What it finds\n\nBridges <script>alert(1)</script> [x](javascript:alert(1)).\n\n## Fix\n\n*Delete* it.",
                             display="block"),
    "spelling/unknown-word": Rule("spelling/unknown-word", "warning", "A word not in the dictionary.", "Typos.",
                                   display="underline"),
    "readability/long-sentence": Rule("readability/long-sentence", "info", "A long sentence.", "Long.",
                                        display="shade"),
    "tables/column-count": Rule("tables/column-count", "error", "A row with too many or too few cells.", "Cells."),
}
HOSTILE = 'Click <script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=1"> now'


def _seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def _seed_result() -> FileResult:
    """The seed's bridge at line 78 (labelled in the corpus) and the paragraphs around it, by hand."""
    lines = _seed_lines()
    texts = {n: lines[n - 1].strip() for n in (74, 76, 78, 80)}
    blocks = [{"index": 0, "kind": "heading", "text": "What Causes Sciatica Buttock Pain?", "start_line": 5,
               "end_line": 5, "section": 0, "level": 1}]
    for i, n in enumerate(sorted(texts), 1):
        blocks.append({"index": i, "kind": "paragraph", "text": texts[n], "start_line": n, "end_line": n, "section": 0})
    blocks.append({"index": 5, "kind": "table", "text": "A B\n1 2", "start_line": 82, "end_line": 84, "section": 0,
                   "table": {"header": ["Mechanical Issue", "Description"], "header_line": 82,
                             "rows": [{"cells": ["Herniated <disc>", "x"], "line": 83}, {"cells": ["b", "y"], "line": 84}],
                             "caption": "Common issues", "flattened": True}})
    bridge = blocks[3]
    assert "cod liver oil benefits" in bridge["text"]
    start = bridge["text"].index("cod liver oil benefits")
    path = "farm/tag-spinal-pain.txt"
    findings = [
        Finding("off-topic/bridge", "warning", "Paragraph pivots to cod liver oil benefits.", path, 78, 78,
                suggestion="Delete the paragraph.", article="What Causes", block=3, span=(start, start + 22),
                confidence=0.93, data={"phrase_span": [start, start + 22]}),
        Finding("spelling/unknown-word", "warning", "Unknown word.", path, 74, 74, block=1, span=(0, 5),
                suggestion="Fix it"),
        Finding("readability/long-sentence", "info", "Long sentence.", path, 76, 76, block=2, span=(0, 30)),
        Finding("tables/column-count", "error", "Ragged row.", path, 83, 83, block=5),
    ]
    figures = {"readability": {"article": {"flesch_kincaid_grade": 13.2, "smog": 14.0},
                               "sections": [{"title": "Intro <b>", "start_line": 5, "flesch_kincaid_grade": 13.9},
                                            {"title": "Causes", "start_line": 20, "flesch_kincaid_grade": 6.1}]}}
    return FileResult(path, "text", "utf-8", None,
                      [ArticleResult("What Causes Sciatica Buttock Pain?", 3, 239, findings, figures, blocks)])


def _hostile_result() -> FileResult:
    blocks = [
        {"index": 0, "kind": "heading", "text": "<script>window.__pwned=1</script>", "start_line": 1, "end_line": 1,
         "section": 0, "level": 1},
        {"index": 1, "kind": "paragraph", "text": HOSTILE, "start_line": 3, "end_line": 3, "section": 0,
         "links": [{"text": "Click", "href": "javascript:window.__pwned=1", "start": 0, "end": 5},
                   {"text": "now", "href": "https://example.org/?a=1&b=\"2\"", "start": len(HOSTILE) - 3, "end": len(HOSTILE)}]},
        {"index": 2, "kind": "list_item", "text": "one two", "start_line": 4, "end_line": 4, "section": 0,
         "links": [{"text": "one", "href": " JaVa\tScript:alert(1)", "start": 0, "end": 3}]},
        {"index": 3, "kind": "list_item", "text": "three", "start_line": 5, "end_line": 5, "section": 0,
         "links": [{"text": "three", "href": "data:text/html,<script>alert(1)</script>", "start": 0, "end": 5}]},
    ]
    finding = Finding("spelling/unknown-word", "error", 'Bad <b>word</b> "x" onerror=alert(1)', "evil/<b>.md", 3, 3,
                      excerpt="<script>", suggestion="<script>alert(2)</script>", block=1, span=(6, 40))
    title = '<img src=x onerror="window.__pwned=1"> Evil'
    return FileResult("evil/<b>.md", "markdown", "utf-8", None, [ArticleResult(title, 1, 5, [finding], {}, blocks)])


def _results() -> list[FileResult]:
    return [_seed_result(), _hostile_result(), FileResult("broken/<x>.txt", error="cannot <decode>")]


def _info() -> RunInfo:
    return RunInfo("0.1.0", RULES, "error")


def _write(tmp_path: Path, name: str = "out") -> dict[str, bytes]:
    out = tmp_path / name
    html.write(_results(), _info(), out)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(text: str) -> list[tuple[str, dict]]:
    parser = _Collector()
    parser.feed(text)
    return parser.tags


def test_writes_index_rules_assets_and_article_pages(tmp_path):
    files = _write(tmp_path)
    assert {"index.html", "rules.html", "report.css", "report.js"} <= set(files)
    pages = [name for name in files if name.startswith("articles/")]
    assert len(pages) == 2
    for name in pages:
        assert re.fullmatch(r"articles/[a-z0-9-]+-[0-9a-f]{8}\.html", name)
    index = files["index.html"].decode()
    for page in pages:
        assert f'href="{page}"' in index


def test_hostile_content_is_inert(tmp_path):
    files = _write(tmp_path)
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        text = data.decode()
        tags = _tags(text)
        scripts = [attrs for tag, attrs in tags if tag == "script"]
        assert all(set(a) == {"src", "defer"} and a["src"].endswith("report.js") for a in scripts), name
        assert not [t for t, _ in tags if t in ("img", "iframe", "object", "embed")], name
        for tag, attrs in tags:
            assert not any(k.startswith("on") for k in attrs), (name, tag, attrs)
            assert "style" not in attrs, (name, tag)  # CSP: no inline styles
            href = (attrs.get("href") or "").strip().lower()
            assert not href.startswith(("javascript:", "data:", "vbscript:")), (name, href)
        assert "Content-Security-Policy" in text
        assert "default-src &#39;none&#39;; style-src &#39;self&#39;; script-src &#39;self&#39;" in text
    page = next(v.decode() for k, v in files.items() if k.startswith("articles/b-img") or "evil" in k)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert 'onerror=&#34;window.__pwned=1&#34;' in page
    assert 'class="dead-link"' in page
    assert 'href="https://example.org/?a=1&amp;b=&#34;2&#34;"' in page
    rules = files["rules.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rules
    assert "<em>Delete</em>" in rules  # Markdown rendered


@pytest.mark.parametrize("href,expected", [
    ("https://a.org/x", "https://a.org/x"), ("http://a.org", "http://a.org"), ("../b.html", "../b.html"),
    ("/c?d=1", "/c?d=1"), ("#top", "#top"), ("//cdn.org/x", "https://cdn.org/x"),
    ("javascript:alert(1)", None), (" JavaScript:alert(1)", None), ("java\tscript:alert(1)", None),
    ("data:text/html,x", None), ("vbscript:x", None), ("mailto:a@b.c", None), ("", None), (None, None),
])
def test_safe_href(href, expected):
    assert html.safe_href(href) == expected


def test_deterministic(tmp_path):
    first = _write(tmp_path, "one")
    second = _write(tmp_path, "two")
    assert first == second
    assert html.render(_results(), _info()) == html.render(list(reversed(_results())), _info())


def test_seed_bridge_highlighted_in_place(tmp_path):
    files = _write(tmp_path)
    page = next(v.decode() for k, v in files.items() if k.startswith("articles/") and "causes" in k)
    # the bridge paragraph is marked as a block, its off-topic phrase emphasised, with the anchor
    bridge = re.search(r'<p class="blk ([^"]*)" id="b3"[^>]*>(.*?)</p>', page, re.S)
    assert bridge and "bridge" in bridge.group(1)
    assert re.search(r'<em id="f\d+" class="hl k-off-topic d-block sev-warning phrase"[^>]*>cod liver oil benefits</em>',
                     bridge.group(2))
    # the side list links to it, with message, suggestion and the rule's explanation
    fid = re.search(r'<em id="(f\d+)"', bridge.group(2)).group(1)
    item = re.search(rf'<li class="finding[^"]*" id="item-{fid}".*?</li>', page, re.S).group(0)
    assert f'href="#{fid}"' in item
    assert "Paragraph pivots to cod liver oil benefits." in item and "Delete the paragraph." in item
    assert 'href="../rules.html#rule-off-topic--bridge"' in item
    assert 'id="rule-off-topic--bridge"' in files["rules.html"].decode()
    # misspelling underlined, long sentence shaded, table row marked
    assert re.search(r'<mark id="f\d+" class="hl k-spelling d-underline sev-warning"', page)
    assert re.search(r'<mark id="f\d+" class="hl k-readability d-shade sev-info"', page)
    assert 'class="row-hl sev-error" data-line="83"' in page
    assert "Herniated &lt;disc&gt;" in page and "recovered from flattened lines" in page


def test_bridge_over_several_blocks_marks_each():
    blocks = [{"index": i, "kind": "paragraph", "text": f"para {i}", "start_line": 10 + 2 * i, "end_line": 10 + 2 * i,
               "section": 0} for i in range(4)]
    f = Finding("off-topic/bridge", "warning", "m", "p", 12, 14, block=1, span=(0, 4))
    views, items = html.locate(ArticleResult("t", 10, 16, [f], {}, blocks), [f], RULES)
    assert ["bridge" in v.classes for v in views] == [False, True, True, False]
    assert items[0]["anchored"] and views[1].spans[0].phrase


def test_overlapping_spans_nest_and_escape():
    spans = [html.Span(0, 9, "f1", "hl a", "t1"), html.Span(4, 12, "f2", "hl b", "<t2>")]
    out = str(html.highlight("<b>&x</b> tail", spans, []))
    assert out.count('id="f1"') == 1 and out.count('id="f2"') == 1
    assert "<b>" not in out.replace('"', "")
    assert 'title="&lt;t2&gt;"' in out
    assert _tags(out)  # parses


def test_readability_chart_against_target(tmp_path):
    files = _write(tmp_path)
    page = next(v.decode() for k, v in files.items() if k.startswith("articles/") and "causes" in k)
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert svg.count('class="bar over"') == 1 and svg.count('class="bar ok"') == 1
    assert "target 8" in svg and "Intro &lt;b&gt;" in svg
    assert "<script" not in svg and "style=" not in svg
    index = files["index.html"].decode()
    assert "13.2" in index and "grade over" in index


def test_readability_target_from_run_info(tmp_path):
    info = RunInfo("0.1.0", RULES, "error", targets={"grade": 14})
    html.write(_results(), info, tmp_path / "r")
    page = next((tmp_path / "r" / "articles").glob("*causes*")).read_text()
    assert "target 14" in page and page.count('class="bar ok"') == 2


def test_no_readability_figures_renders():
    row_results = [_hostile_result()]
    text = html.render(row_results, _info())
    assert "Evil" in text
    assert html.target_grade(_info(), {}) == 8.0


def test_cli_format_html_writes_folder(tmp_path):
    from click.testing import CliRunner

    from healthlint.cli import main
    from healthlint.reports import json_report

    source = tmp_path / "results.json"
    source.write_text(json_report.render(_results(), _info()), encoding="utf-8")
    shard = tmp_path / "shard.json"
    shard.write_text(json_report.render([_results()[2]], _info()), encoding="utf-8")
    out = tmp_path / "report"
    run = CliRunner().invoke(main, ["report", str(source), str(shard), "--output", str(out)])
    assert run.exit_code == 0, run.output
    assert (out / "index.html").is_file() and (out / "rules.html").is_file()
    assert len(list((out / "articles").glob("*.html"))) == 2
    run = CliRunner().invoke(main, ["report", str(source), "--format", "markdown"])
    assert run.exit_code == 0 and "| Status |" in run.output


# --- triage (issue 16) ------------------------------------------------------------------------------

TRIAGE_RULES = {
    "a/common": Rule("a/common", "error", "Every article has it.", "x"),
    "b/rare": Rule("b/rare", "error", "Only one article has it.", "x"),
    "c/minor": Rule("c/minor", "info", "Minor.", "x"),
}


def _article(path: str, *rules: tuple[str, str]) -> FileResult:
    findings = [Finding(rule, severity, f"{rule} here", path, n + 1, n + 1) for n, (rule, severity) in enumerate(rules)]
    return FileResult(path, "markdown", "utf-8", None, [ArticleResult(Path(path).stem, 1, 9, findings, {}, [])])


def _triage_results() -> list[FileResult]:
    return [
        _article("a/clean.md"),
        _article("a/minor.md", ("c/minor", "info"), ("c/minor", "info"), ("c/minor", "info")),
        _article("z/common.md", ("a/common", "error")),
        _article("z/bad.md", ("a/common", "error"), ("b/rare", "error")),
        _article("m/rare.md", ("b/rare", "error")),
        _article("m/other.md", ("a/common", "error")),
    ]


def test_index_is_worst_first_and_names_the_main_problem():
    info = RunInfo("0.1.0", TRIAGE_RULES, "error")
    context = html._context(_triage_results(), info)
    order = [row["path"] for row in context["rows"]]
    # two errors first; then an error of a rule few articles break; then the common one; then the rest
    assert order == ["z/bad.md", "m/rare.md", "m/other.md", "z/common.md", "a/minor.md", "a/clean.md"]
    mains = {row["path"]: row["main"] and row["main"]["rule"] for row in context["rows"]}
    assert mains == {"z/bad.md": "b/rare", "m/rare.md": "b/rare", "m/other.md": "a/common",
                     "z/common.md": "a/common", "a/minor.md": "c/minor", "a/clean.md": None}
    page = html.render_index(_triage_results(), info)
    assert "Main problem" in page and 'href="rules.html#rule-b--rare"' in page
    assert "c/minor</code> ×3" in page


def test_paths_wrap_at_slashes_only():
    rendered = str(html.breakable_path("corpus/medquad/ninds-0000115.html"))
    assert rendered == ('<span class="seg">corpus</span>/<wbr><span class="seg">medquad</span>/<wbr>'
                        '<span class="seg">ninds-0000115.html</span>')
    assert "&lt;b&gt;" in str(html.breakable_path("evil/<b>.md"))
    css = html._asset("report.css.j2")
    assert "break-all" not in css and "td.path .seg { white-space: nowrap; }" in css


def test_filters_are_css_that_works_without_javascript(tmp_path):
    info = RunInfo("0.1.0", TRIAGE_RULES, "error")
    html.write(_triage_results() + [_article('q"}x/evil.md', ("a/common", "error"))], info, tmp_path)
    css = (tmp_path / "report.css").read_text(encoding="utf-8")
    assert "[hidden] { display: none !important; }" in css
    assert ('body.index:has(#f-check option[value="a"]:checked) #article-table tbody tr[data-status]'
            ':not([data-checks~="a"]) { display: none; }') in css
    assert 'option[value="q\\22 \\7d x"]' in css  # folder names are escaped, never raw
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<form id="filters" class="filters"' in index and "hidden>" not in index.split('id="filters"')[1][:80]
    assert 'class="js-only">Search' in index
    assert (tmp_path / ".healthlint-report").is_file()


def test_rules_page_lists_the_articles_of_each_rule(tmp_path):
    info = RunInfo("0.1.0", TRIAGE_RULES, "error")
    results = _triage_results()
    page = html.render_rules(results, info)
    section = page.split('id="rule-b--rare"')[1].split("</section>")[0]
    rows, _ = html._article_rows(results, info)
    pages = {row["path"]: row["page"] for row in rows}
    assert f'href="{pages["z/bad.md"]}"' in section and f'href="{pages["m/rare.md"]}"' in section
    assert pages["z/common.md"] not in section


def test_article_page_has_a_colour_legend_of_its_checks():
    info = RunInfo("0.1.0", RULES, "error")
    rows, _ = html._article_rows([_hostile_result()], info)
    page = html.render_article(rows[0], info)
    legend = page.split('class="legend"')[1].split("</aside>")[0]
    # drawn as the spelling marks in the text are: underlined (the rule's display), not highlighted
    assert '<mark class="hl k-spelling d-underline sev-warning">spelling</mark>' in legend
    assert 'class="hl k-spelling d-underline sev-' in page.split('class="legend"')[0] + page.split("</aside>")[1]


def test_finding_links_are_centred_by_the_script():
    script = html._asset("report.js.j2")
    assert 'scrollIntoView({ block: "center"' in script
