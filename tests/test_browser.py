"""End to end: healthlint writes the HTML audit report and headless Chromium opens it offline.

Runs the real engine over the sample articles, a hostile article and the farm seed file, renders the
report through ``healthlint report`` from two JSON shards, then clicks a finding, applies filters
and checks that the hostile article's script never runs. Screenshots go to the test's tmp folder
(and to ``$HEALTHLINT_SCREENSHOTS`` when set).
"""
from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import corpus_file

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SEED = corpus_file("farm/tag-spinal-pain.txt")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTICLE_SUFFIXES = {".md", ".markdown", ".html", ".htm", ".txt"}

HOSTILE = """# Hostile <script>window.__pwned=1</script> article

Back pain is common. <script>window.__pwned=1; alert('x')</script> Most back pain gets better with rest.

<img src=x onerror="window.__pwned=1;alert(1)"> Gentle exercise helps most people.

Read [our guide](javascript:window.__pwned=1) or [this one](JaVaScRiPt:alert(1)) before you start.

<a href="javascript:alert(1)" onclick="window.__pwned=1">click me</a> and see a doctor.
"""

CALM = """# Looking after your back

Most back pain gets better within a few weeks. Keep moving and stay active.

## When to see a doctor

- You have numbness in your legs.
- The pain is getting worse.
"""


def _playwright():
    """Playwright comes with the test extra; a missing one is a broken set-up, reported as a failure."""
    try:
        return importlib.import_module("playwright.sync_api")
    except ImportError as exc:
        pytest.fail(f"playwright is missing: install the test extra (pip install -e '.[test]'): {exc}")


def _chromium() -> str:
    """Debian's Chromium, which .ci/run installs (apt-get install chromium)."""
    found = shutil.which("chromium") or (str(CHROMIUM) if CHROMIUM.exists() else None)
    if found is None:
        pytest.fail("chromium is missing: run .ci/run, or apt-get install chromium")
    return found


def _healthlint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "healthlint", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    _playwright()
    _chromium()
    work = tmp_path_factory.mktemp("browser")
    hostile_dir = work / "incoming"
    hostile_dir.mkdir()
    (hostile_dir / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (hostile_dir / "calm-back.md").write_text(CALM, encoding="utf-8")
    targets = [str(hostile_dir), str(SEED)]
    samples = REPO / "articles"
    if samples.is_dir() and any(p.suffix in ARTICLE_SUFFIXES for p in samples.rglob("*")):
        targets.insert(0, str(samples))
    out = work / "out"
    run = _healthlint("check", *targets, "--fail-on", "never", "-q",
                      "--format", f"json={out / 'results.json'}",
                      "--format", f"sarif={out / 'results.sarif'}",
                      "--format", f"html={out / 'direct'}", cwd=REPO)
    assert run.returncode == 0, run.stderr
    # several formats at once, html among them
    assert (out / "direct" / "index.html").is_file()
    assert (out / "direct" / "report.js").is_file()
    json.loads((out / "results.sarif").read_text(encoding="utf-8"))

    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    seed = next(entry for entry in document["files"] if Path(entry["path"]).name == SEED.name)
    # the seed's first article really has findings to highlight (its bridge at line 78 among them)
    assert any(f.get("span") for f in seed["articles"][0]["findings"])
    files = document["files"]
    shards = []
    for i, part in enumerate((files[: len(files) // 2], files[len(files) // 2:])):
        shard = dict(document, files=part)
        path = out / f"shard-{i}.json"
        path.write_text(json.dumps(shard), encoding="utf-8")
        shards.append(str(path))
    report = out / "report"
    run = _healthlint("report", *shards, "--output", str(report), "--fail-on", "never", cwd=REPO)
    assert run.returncode == 0, run.stderr
    assert (report / "index.html").is_file()
    return report


@pytest.fixture(scope="module")
def browser(report_dir):
    sync_api = _playwright()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _save(page, name: str, tmp_path: Path) -> Path:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=False)
    extra = os.environ.get("HEALTHLINT_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(extra) / name)
    return shot


def _new_page(browser):
    page = browser.new_page(viewport={"width": 1320, "height": 900})
    dialogs: list[str] = []
    problems: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    return page, dialogs, problems


def test_index_filters_and_sorting(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser)
    page.goto((report_dir / "index.html").as_uri())
    assert page.locator("#filters").is_visible()  # report.js ran under the CSP
    rows = page.locator("#article-table tbody tr[data-status]")
    total = rows.count()
    assert total >= 4

    folder = str(SEED.parent)
    page.select_option("#f-folder", folder)
    visible = page.locator("#article-table tbody tr[data-status]:not(.hidden)")
    assert visible.count() == 2  # the two articles of the farm page
    for i in range(visible.count()):
        assert visible.nth(i).get_attribute("data-folder") == folder
    assert page.locator("#f-count").text_content() == f"2 of {total} articles"
    page.select_option("#f-severity", "warning")
    assert visible.count() >= 1
    page.select_option("#f-folder", "")
    page.select_option("#f-severity", "")
    assert visible.count() == total

    header = page.locator("#article-table th", has_text="Warnings")
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    first = page.locator("#article-table tbody tr").first
    counts = [int(page.locator("#article-table tbody tr").nth(i).locator("td").nth(4).text_content())
              for i in range(total)]
    assert counts == sorted(counts, reverse=True)
    assert first.is_visible()
    _save(page, "index.png", tmp_path)
    assert not dialogs
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_click_finding_scrolls_to_highlight(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser)
    page.goto((report_dir / "index.html").as_uri())
    page.locator("#article-table a", has_text="What Causes Sciatica Buttock Pain").first.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url
    finding = page.locator(".finding .goto[href^='#f']").first
    target_id = finding.get_attribute("data-target")
    finding.click()
    assert page.url.endswith("#" + target_id)
    target = page.locator(f"#{target_id}")
    assert "flash" in (target.get_attribute("class") or "")
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, box
    # the bridge paragraph is marked as a block, its off-topic phrase emphasised
    assert page.locator(".blk.bridge em.phrase, .blk.bridge mark.hl, .blk.bridge .badge").count() >= 1
    # the readability section is there (a chart when the readability check ran)
    assert page.locator("details.readability").count() == 1
    # the finding links to the rule's explanation
    why = page.locator(f"#item-{target_id} a.why")
    assert "rules.html#rule-" in why.get_attribute("href")
    _save(page, "article.png", tmp_path)
    assert not dialogs
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_hostile_article_is_inert(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser)
    page.goto((report_dir / "index.html").as_uri())
    assert page.evaluate("typeof window.__pwned") == "undefined"
    link = page.locator("#article-table tr[data-text*='hostile.md'] a").first
    link.click()
    page.wait_for_load_state()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\" i]').length") == 0
    assert page.evaluate("document.querySelectorAll('article.doc img, article.doc script').length") == 0
    assert page.evaluate("Array.from(document.scripts).map(s => s.getAttribute('src'))") == ["../report.js"]
    # the hostile markup is shown as text to the editor
    assert "window.__pwned" in page.locator("article.doc").inner_text()
    # clicking its links does nothing dangerous either
    for i in range(page.locator("article.doc a").count()):
        href = page.locator("article.doc a").nth(i).get_attribute("href") or ""
        assert href.startswith(("http://", "https://")) or not href.lower().lstrip().startswith("javascript")
    _save(page, "hostile.png", tmp_path)
    assert page.evaluate("typeof window.__pwned") == "undefined"
