"""HTML audit report: an index of the run, a page per article with every finding highlighted in
place, and a page explaining the rules. Static files only: it opens offline from a CI artifact.

``write(results, info, DIR)`` writes ``index.html``, ``rules.html``, ``articles/*.html``,
``report.css`` and ``report.js`` into DIR. ``render`` gives the index page alone.

Safety: every piece of article text is escaped (Jinja2 autoescape, ``markupsafe.escape`` in the
inline highlighter); article links are live only for http, https and relative targets; every page
carries a Content-Security-Policy that allows no inline script or style. Output is deterministic:
no timestamps, everything sorted.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from markupsafe import Markup, escape

from ..core.findings import SEVERITY_RANK, Finding, Rule, sort_key
from ..core.results import ArticleResult, FileResult
from .base import RunInfo, summarise
from .svg import grade_chart

DEFAULT_TARGET_GRADE = 8.0
CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
SAFE_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


# ---------------------------------------------------------------------------------------------
# helpers

def safe_href(href: str | None) -> str | None:
    """The link target if it may be live in the report (http, https or relative), else None."""
    if not href:
        return None
    cleaned = href.strip()
    if _CONTROL.search(cleaned) or "\\" in cleaned:
        return None  # browsers strip tabs/newlines in schemes ("java\tscript:"); refuse them all
    match = _SCHEME.match(cleaned)
    if match:
        return cleaned if match.group(1).lower() in SAFE_SCHEMES else None
    if cleaned.startswith("//"):
        return "https:" + cleaned
    if ":" in cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None
    return cleaned


def css_token(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", str(text).lower()).strip("-") or "x"


def rule_anchor(rule_id: str) -> str:
    return "rule-" + css_token(rule_id.replace("/", "--"))


def rule_check(rule_id: str) -> str:
    return rule_id.split("/", 1)[0]


def page_name(path: str, position: int, title: str) -> str:
    """A deterministic, safe file name for an article's page."""
    stem = PurePosixPath(path.replace("\\", "/")).stem
    slug = re.sub(r"[^a-z0-9]+", "-", f"{stem}-{title}".lower()).strip("-")[:48].strip("-") or "article"
    digest = hashlib.sha1(f"{path}\x1f{position}".encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}.html"


def folder_of(path: str) -> str:
    parent = PurePosixPath(path.replace("\\", "/")).parent.as_posix()
    return parent if parent not in ("", ".") else "."


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def target_grade(info: RunInfo, figures: dict | None = None) -> float:
    """The target reading grade: the readability figures' own target, RunInfo.targets, or 8."""
    readability = (figures or {}).get("readability") or {}
    for source in (readability, (readability.get("article") or {}) if isinstance(readability, dict) else {}):
        for key in ("target_grade", "target"):
            if _number(source.get(key)) is not None:
                return float(source[key])
    targets = info.targets or {}
    for key in ("grade", "target_grade", "readability_grade", "flesch_kincaid_grade"):
        if _number(targets.get(key)) is not None:
            return float(targets[key])
    nested = targets.get("readability")
    if isinstance(nested, dict):
        for key in ("grade", "target_grade", "max_grade"):
            if _number(nested.get(key)) is not None:
                return float(nested[key])
    elif (value := _number(nested)) is not None:
        return value
    return DEFAULT_TARGET_GRADE


def grade_of(metrics: dict | None) -> float | None:
    if not isinstance(metrics, dict):
        return None
    for key in ("flesch_kincaid_grade", "grade", "fk_grade"):
        if _number(metrics.get(key)) is not None:
            return float(metrics[key])
    return None


def status_of(findings: list[Finding]) -> str:
    levels = {f.severity for f in findings}
    if "error" in levels:
        return "fail"
    if "warning" in levels:
        return "warn"
    return "pass"


def breakable_path(path: str) -> Markup:
    """The path, escaped, with a line-break opportunity after each slash (never inside a name)."""
    parts = str(path).replace("\\", "/").split("/")
    return Markup("/<wbr>").join(Markup('<span class="seg">%s</span>') % part for part in parts)


def rule_weight(rule_id: str, findings: list[Finding], info: RunInfo, prevalence: Counter | None = None) -> tuple:
    """How much a rule matters in ``findings``: its worst severity here, then its default severity,
    then how rare it is in the run (a rule every article breaks says little about this one), then how
    often it fires here. Rules are weighed by what they report, never by their id."""
    own = [f for f in findings if f.rule == rule_id]
    worst = max((SEVERITY_RANK.get(f.severity, 0) for f in own), default=0)
    rule = info.rules.get(rule_id)
    default = SEVERITY_RANK.get(rule.severity, 0) if rule else 0
    rarity = -(prevalence or Counter()).get(rule_id, 0)
    return (worst, default, rarity, len(own))


def main_problem(findings: list[Finding], info: RunInfo, prevalence: Counter | None = None) -> dict | None:
    """The rule that matters most in an article, for the index's Main problem column."""
    if not findings:
        return None
    weights = {r: rule_weight(r, findings, info, prevalence) for r in {f.rule for f in findings}}
    rule_id = min(weights, key=lambda r: tuple(-w for w in weights[r]) + (r,))
    first = next(f for f in findings if f.rule == rule_id)
    worst, default, rarity, count = weights[rule_id]
    severity = {3: "error", 2: "warning", 1: "info"}.get(worst, "info")
    return {"rule": rule_id, "count": count, "severity": severity, "message": first.message,
            "anchor": rule_anchor(rule_id), "weight": weights[rule_id]}


def worst_first(row: dict) -> tuple:
    """Triage order: errors, then the weight of the article's main problem, then warnings and info."""
    weight = row["main"]["weight"] if row.get("main") else (0, 0, 0, 0)
    return (-row["errors"], -weight[0], -weight[1], -weight[2], -row["warnings"], -weight[3], -row["infos"],
            row["path"], row["position"])


def _sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: sort_key(f) + (f.span or (-1, -1), f.suggestion or ""))


# ---------------------------------------------------------------------------------------------
# in-place highlighting

@dataclass
class Span:
    start: int
    end: int
    fid: str
    classes: str
    title: str
    phrase: bool = False


@dataclass
class BlockView:
    block: dict
    spans: list[Span] = field(default_factory=list)
    badges: list[dict] = field(default_factory=list)  # block-level findings: {fid, rule, severity, title}
    classes: set[str] = field(default_factory=set)
    row_marks: dict[int, set[str]] = field(default_factory=dict)  # table row line -> classes

    @property
    def kind(self) -> str:
        return self.block.get("kind", "paragraph")

    @property
    def css(self) -> str:
        return " ".join(sorted(self.classes))

    def html_text(self) -> Markup:
        return highlight(self.block.get("text", ""), self.spans, self.block.get("links") or [])

    @property
    def heading_tag(self) -> str:
        level = self.block.get("level") or 2
        return f"h{min(6, max(2, int(level) + 1))}"


def highlight(text: str, spans: list[Span], links: list[dict]) -> Markup:
    """Escape ``text`` and wrap finding spans in <mark>/<em> and links in <a> (safe ones only)."""
    size = len(text)
    good_spans = []
    for s in spans:
        start, end = max(0, min(size, s.start)), max(0, min(size, s.end))
        if end > start:
            good_spans.append(Span(start, end, s.fid, s.classes, s.title, s.phrase))
    good_links = []
    for link in links:
        try:
            start, end = int(link.get("start", 0)), int(link.get("end", 0))
        except (TypeError, ValueError):
            continue
        start, end = max(0, min(size, start)), max(0, min(size, end))
        if end > start:
            good_links.append((start, end, link.get("href")))
    points = sorted({0, size} | {s.start for s in good_spans} | {s.end for s in good_spans}
                    | {g[0] for g in good_links} | {g[1] for g in good_links})
    out: list[str] = []
    for a, b in zip(points, points[1:]):
        piece = str(escape(text[a:b]))
        covering = sorted((s for s in good_spans if s.start <= a and s.end >= b),
                          key=lambda s: (-(s.end - s.start), s.fid))
        for s in reversed(covering):  # innermost (shortest) first, so the longest ends outermost
            tag = "em" if s.phrase else "mark"
            ident = f' id="{s.fid}"' if s.start == a else ""
            piece = (f'<{tag}{ident} class="{escape(s.classes)}" data-f="{escape(s.fid)}" '
                     f'title="{escape(s.title)}">{piece}</{tag}>')
        covering_link = next((g for g in good_links if g[0] <= a and g[1] >= b), None)
        if covering_link is not None:
            href = safe_href(covering_link[2])
            if href is not None:
                piece = f'<a class="src-link" href="{escape(href)}" rel="noopener noreferrer nofollow">{piece}</a>'
            else:
                piece = (f'<span class="dead-link" title="{escape("link not followed: " + str(covering_link[2] or ""))}">'
                         f'{piece}</span>')
        out.append(piece)
    return Markup("".join(out))


def _blocks_in_lines(blocks: list[dict], start: int, end: int) -> list[int]:
    return [i for i, b in enumerate(blocks)
            if b.get("start_line", 0) <= end and b.get("end_line", 0) >= start]


def locate(article: ArticleResult, findings: list[Finding],
           rules: dict[str, Rule] | None = None) -> tuple[list[BlockView], list[dict]]:
    """Attach each finding to the blocks it marks, as its rule's ``display`` says (a rule not in
    ``rules`` is highlighted). Returns block views and the side-list items."""
    blocks = article.blocks
    views = [BlockView(b) for b in blocks]
    by_index = {b.get("index", i): i for i, b in enumerate(blocks)}
    items = []
    for n, f in enumerate(findings, 1):
        fid = f"f{n}"
        check = css_token(rule_check(f.rule))
        sev = f.severity if f.severity in SEVERITY_RANK else "info"
        title = f"{f.rule}: {f.message}"
        primary = by_index.get(f.block) if f.block is not None else None
        in_range = _blocks_in_lines(blocks, f.start_line, f.end_line)
        if primary is None and in_range:
            primary = in_range[0]
        rule = (rules or {}).get(f.rule)
        display = rule.display if rule is not None else "highlight"
        bridge = display == "block"
        anchored = False
        if bridge:
            for i in in_range or ([primary] if primary is not None else []):
                views[i].classes.update({"bridge", f"sev-{sev}"})
        span = f.span
        phrase = f.data.get("phrase_span") if isinstance(f.data, dict) else None
        primary_phrase: int | None
        if bridge and isinstance(phrase, (list, tuple)):
            if len(phrase) == 3 and phrase[0] in by_index:  # [block, start, end]
                primary_phrase, span = by_index[phrase[0]], (phrase[1], phrase[2])
            elif len(phrase) == 2:
                primary_phrase, span = primary, tuple(phrase)
            else:
                primary_phrase = primary
        else:
            primary_phrase = primary
        target = primary_phrase if primary_phrase is not None else primary
        if target is not None and span and views[target].kind != "table":
            try:
                start, end = int(span[0]), int(span[1])
            except (TypeError, ValueError, IndexError):
                start = end = 0
            if end > start:
                classes = f"hl k-{check} d-{display} sev-{sev}" + (" phrase" if bridge else "")
                views[target].spans.append(Span(start, end, fid, classes, title, phrase=bridge))
                anchored = True
        if target is not None and not anchored:
            views[target].badges.append({"fid": fid, "rule": f.rule, "severity": sev, "title": title})
            views[target].classes.update({"flagged", f"k-{check}"})
            if views[target].kind == "table":
                for row in (views[target].block.get("table") or {}).get("rows", []):
                    line = row.get("line")
                    if isinstance(line, int) and f.start_line <= line <= f.end_line:
                        views[target].row_marks.setdefault(line, set()).update({"row-hl", f"sev-{sev}"})
            anchored = True
        items.append({
            "fid": fid, "finding": f, "severity": sev, "check": check, "display": display,
            "anchored": anchored, "rule_anchor": rule_anchor(f.rule),
            "lines": f"{f.start_line}" if f.start_line == f.end_line else f"{f.start_line}–{f.end_line}",
        })
    return views, items


def group_blocks(views: list[BlockView]) -> list[dict]:
    """Consecutive list items become one list."""
    groups: list[dict] = []
    for view in views:
        if view.kind == "list_item" and groups and groups[-1]["kind"] == "list":
            groups[-1]["items"].append(view)
        elif view.kind == "list_item":
            groups.append({"kind": "list", "items": [view]})
        else:
            groups.append({"kind": "block", "view": view})
    return groups


# ---------------------------------------------------------------------------------------------
# templates

@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("healthlint.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["csp"] = CSP
    env.filters["num"] = lambda v: "" if v is None else f"{v:.1f}"
    return env


def _asset(name: str) -> str:
    return resources.files("healthlint.reports").joinpath("templates", name).read_text(encoding="utf-8")


def _markdown(text: str) -> Markup:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    return Markup(md.render(text or ""))


# ---------------------------------------------------------------------------------------------
# the model the templates read

def _article_rows(results: list[FileResult], info: RunInfo) -> tuple[list[dict], list[dict]]:
    rows, files = [], []
    for result in sorted(results, key=lambda r: r.path):
        folder = folder_of(result.path)
        if result.error or not result.articles:
            files.append({
                "path": result.path, "folder": folder, "error": result.error,
                "findings": _sorted_findings(result.findings),
            })
        elif result.findings:
            files.append({"path": result.path, "folder": folder, "error": None,
                          "findings": _sorted_findings(result.findings)})
        for position, article in enumerate(result.articles):
            findings = _sorted_findings(article.findings)
            sev = Counter(f.severity for f in findings)
            checks = Counter(rule_check(f.rule) for f in findings)
            target = target_grade(info, article.figures)
            readability = article.figures.get("readability") if isinstance(article.figures, dict) else None
            grade = grade_of((readability or {}).get("article")) if isinstance(readability, dict) else None
            rows.append({
                "result": result, "article": article, "position": position,
                "path": result.path, "path_html": breakable_path(result.path), "folder": folder,
                "title": article.title or "(untitled)", "main": main_problem(findings, info),
                "page": "articles/" + page_name(result.path, position, article.title or ""),
                "findings": findings, "status": status_of(findings),
                "errors": sev.get("error", 0), "warnings": sev.get("warning", 0), "infos": sev.get("info", 0),
                "checks": checks, "grade": grade, "target": target,
                "over_target": grade is not None and grade > target,
                "lines": f"{article.start_line}–{article.end_line}",
            })
    return rows, files


def _context(results: list[FileResult], info: RunInfo) -> dict:
    rows, files = _article_rows(results, info)
    prevalence = Counter(rule for row in rows for rule in {f.rule for f in row["findings"]})
    for row in rows:
        row["main"] = main_problem(row["findings"], info, prevalence)
    rows.sort(key=worst_first)
    summary = summarise(results, info.fail_on)
    checks = sorted({c for r in rows for c in r["checks"]}
                    | {rule_check(f.rule) for entry in files for f in entry["findings"]})
    folders = sorted({r["folder"] for r in rows} | {e["folder"] for e in files})
    top_rules = list(summary["by_rule"].items())[:10]
    return {
        "info": info, "summary": summary, "rows": rows, "files": files, "checks": checks,
        "folders": folders, "top_rules": [(r, n, rule_anchor(r), info.rules.get(r)) for r, n in top_rules],
        "status_counts": Counter(r["status"] for r in rows),
    }


def render_index(results: list[FileResult], info: RunInfo, context: dict | None = None) -> str:
    context = context or _context(results, info)
    return _env().get_template("index.html.j2").render(root="", **context)


def _article_page(row: dict, info: RunInfo) -> dict:
    """What the article templates read for one article row."""
    article: ArticleResult = row["article"]
    views, items = locate(article, row["findings"], info.rules)
    readability = article.figures.get("readability") if isinstance(article.figures, dict) else None
    chart = None
    sections_table = []
    if isinstance(readability, dict):
        sections = [s for s in readability.get("sections") or [] if isinstance(s, dict)]
        chart_rows = [(str(s.get("title") or "(untitled section)"), grade_of(s)) for s in sections]
        if chart_rows:
            chart = grade_chart(chart_rows, row["target"])
        for s in sections:
            sections_table.append({"title": s.get("title") or "(untitled section)", "start_line": s.get("start_line"),
                                   "grade": grade_of(s), "smog": _number(s.get("smog")),
                                   "words": s.get("words") if _number(s.get("words")) is not None else None})
    by_check = Counter(i["check"] for i in items)
    # the legend draws each check's sample as its marks are drawn (the display most of them use)
    displays: dict[str, Counter] = {}
    for i in items:
        displays.setdefault(i["check"], Counter())[i["display"]] += 1
    legend_display = {check: counts.most_common(1)[0][0] for check, counts in displays.items()}
    return dict(
        root="../", info=info, row=row, groups=group_blocks(views), items=items,
        readability=readability if isinstance(readability, dict) else None,
        article_metrics=(readability or {}).get("article") if isinstance(readability, dict) else None,
        chart=chart, sections=sections_table, by_check=sorted(by_check.items()),
        legend_display=legend_display,
        rules=info.rules,
    )


def render_article(row: dict, info: RunInfo) -> str:
    return _env().get_template("article.html.j2").render(**_article_page(row, info))


def render_article_body(result: FileResult, info: RunInfo) -> list[tuple[str, list[dict]]]:
    """For each article of ``result``: its page's content alone (the text with findings marked in
    place, the findings list, the readability profile), as on the report's article page, and the
    finding items (``fid`` -> finding) that its marks and list entries refer to. For a page that
    embeds an article, such as ``healthlint serve``'s."""
    rows, _ = _article_rows([result], info)
    template = _env().get_template("article_body.html.j2")
    out = []
    for row in sorted(rows, key=lambda r: r["position"]):
        page = _article_page(row, info)
        out.append((template.render(**page), page["items"]))
    return out


RULE_ARTICLES_SHOWN = 50


def render_rules(results: list[FileResult], info: RunInfo) -> str:
    used = Counter(f.rule for r in results for f in r.all_findings)
    ids = sorted(set(info.rules) | set(used))
    rows, _ = _article_rows(results, info)
    by_rule: dict[str, list[dict]] = {}
    for row in rows:
        for rule_id, count in Counter(f.rule for f in row["findings"]).items():
            by_rule.setdefault(rule_id, []).append({"title": row["title"], "page": row["page"],
                                                    "path": row["path"], "count": count})
    rules = []
    for rule_id in ids:
        rule = info.rules.get(rule_id)
        articles = sorted(by_rule.get(rule_id, []), key=lambda a: (-a["count"], a["path"], a["title"]))
        rules.append({
            "id": rule_id, "anchor": rule_anchor(rule_id), "rule": rule, "count": used.get(rule_id, 0),
            "doc": _markdown(rule.doc) if rule else None,
            "articles": articles[:RULE_ARTICLES_SHOWN], "more_articles": max(0, len(articles) - RULE_ARTICLES_SHOWN),
        })
    return _env().get_template("rules.html.j2").render(root="", info=info, rules=rules)


def render(results: list[FileResult], info: RunInfo) -> str:
    """The index page alone (use ``--format html=DIR`` for the full report with article pages)."""
    return render_index(results, info)


class Sink:
    """Writes each article's page as its result arrives and keeps only what the index needs, so an
    archive's report is drawn without holding every article's text in memory."""

    def __init__(self, info: RunInfo, path: Path):
        path = Path(path)
        if path.suffix.lower() in (".html", ".htm"):
            path = path.parent  # "--format html=reports/index.html" means the folder
        self.path = path
        self.info = info
        self.results: list[FileResult] = []
        (path / "articles").mkdir(parents=True, exist_ok=True)

    def add(self, result: FileResult) -> None:
        rows, _ = _article_rows([result], self.info)
        for row in rows:
            self._write(row["page"], render_article(row, self.info))
        self.results.append(_without_content(result))

    def close(self) -> None:
        context = _context(self.results, self.info)
        self._write("index.html", render_index(self.results, self.info, context))
        self._write("rules.html", render_rules(self.results, self.info))
        self._write("report.css", _asset("report.css.j2") + filter_css(context["checks"], context["folders"]))
        self._write("report.js", _asset("report.js.j2"))
        # discovery skips a folder holding this file: a report is never linted as articles
        self._write(".healthlint-report", "healthlint HTML report: generated, not articles.\n")

    def _write(self, name: str, text: str) -> None:
        (self.path / name).write_bytes(text.encode("utf-8"))


def css_string(text: str) -> str:
    """A CSS string literal for any text: all but ASCII letters, digits and ``-_/. `` hex-escaped."""
    return '"' + "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_/. ") else f"\\{ord(ch):x} "
                         for ch in str(text)) + '"'


def filter_css(checks: list[str], folders: list[str]) -> str:
    """The index's filters as CSS, so they work with JavaScript off: each chosen option hides the
    rows that do not match it (``:has``), and the filters combine."""
    rules = ["", "/* filters of the index: generated for this report's checks and folders */"]
    row = "#article-table tbody tr[data-status]"

    def rule(select: str, value: str, attribute: str, operator: str = "=") -> None:
        rules.append(f'body.index:has(#{select} option[value={css_string(value)}]:checked) '
                     f'{row}:not([{attribute}{operator}{css_string(value)}]) {{ display: none; }}')

    for check in checks:
        rule("f-check", check, "data-checks", "~=")
    for severity in ("error", "warning", "info", "none"):
        rule("f-severity", severity, "data-severities", "~=")
    for folder in folders:
        rule("f-folder", folder, "data-folder")
    for status in ("fail", "warn", "pass"):
        rule("f-status", status, "data-status")
    return "\n".join(rules) + "\n"


def _without_content(result: FileResult) -> FileResult:
    from dataclasses import replace

    return replace(result, articles=[replace(a, blocks=[]) for a in result.articles])


def write(results: list[FileResult], info: RunInfo, path: Path) -> None:
    sink = Sink(info, path)
    for result in results:
        sink.add(result)
    sink.close()
