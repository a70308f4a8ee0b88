"""End to end: healthlint writes the HTML audit report and headless Chromium opens it offline.

Runs the real engine over the sample articles, the farm seed file, a hostile article and small ones
written here, renders the report through ``healthlint report`` from two JSON shards, then checks the triage order,
the filters (with JavaScript and without), the links from the rules page, that a clicked finding is
brought to the middle of the view, and that the hostile article's script never runs. Screenshots go
to the test's tmp folder (and to ``$HEALTHLINT_SCREENSHOTS`` when set).

Needs playwright (a test dependency) and Debian's Chromium at /usr/bin/chromium, which ``.ci/run``
installs; without them the tests fail and say how to install them (never skip).
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
BRIDGE_TITLE = "Heartburn: Causes and Relief"  # articles/heartburn-with-bridge.html

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


LONG = "# Walking for a healthy back\n\n" + "".join(
    f"## Week {n}\n\nWalk for {10 + n} minutes a day at an easy pace. Rest when your back feels sore.\n\n"
    if n != 20 else f"## Week {n}\n\nKeep walking every day , and see your doctor if the pain gets worse.\n\n"
    for n in range(1, 41)
)  # one slip (a space before a comma) half-way down a long page


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
    (work / "long").mkdir()
    (work / "long" / "walking.md").write_text(LONG, encoding="utf-8")
    targets = [str(REPO / "articles"), str(hostile_dir), str(work / "long"), str(SEED)]
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


def _new_page(browser, javascript: bool = True):
    page = browser.new_page(viewport={"width": 1320, "height": 900}, java_script_enabled=javascript)
    # A loaded CI machine can be slower than playwright's 30 s default.
    page.set_default_timeout(120_000)
    dialogs: list[str] = []
    problems: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    return page, dialogs, problems


def _shown(page) -> list:
    rows = page.locator("#article-table tbody tr[data-status]")
    return [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]


def _cells(row, index: int) -> str:
    return row.locator("td").nth(index).text_content().strip()


def test_index_is_worst_first_with_the_main_problem(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser)
    page.goto((report_dir / "index.html").as_uri())
    rows = _shown(page)
    assert len(rows) >= 6
    errors = [int(_cells(row, 4)) for row in rows]
    assert errors == sorted(errors, reverse=True)  # errors first, not by path
    assert _cells(rows[-1], 0).lower() != "fail" or all(e > 0 for e in errors)
    first_main = rows[0].locator("td.main-problem a")
    assert first_main.get_attribute("href").startswith("rules.html#rule-")
    first_main.click()
    page.wait_for_load_state()
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"section.rule#{anchor}").is_visible()
    assert not dialogs


def test_top_rules_numbers_do_not_overlap_the_text(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser)
    page.goto((report_dir / "index.html").as_uri())
    items = page.locator(".top-rules li")
    boxes = [items.nth(i).bounding_box() for i in range(items.count())]
    first_column = min(box["x"] for box in boxes)
    second = [box for box in boxes if box["x"] > first_column + 10]
    assert second, "top rules are in two columns"
    first_right = max(box["x"] + box["width"] for box in boxes if box["x"] <= first_column + 10)
    # the second column's numbers ("6.", "10.") sit in the gap before its text: room for them
    assert second[0]["x"] - first_right >= 30


def test_index_filters_work_without_javascript(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser, javascript=False)
    page.goto((report_dir / "index.html").as_uri())
    assert page.locator("#filters").is_visible()
    assert not page.locator("#f-text").is_visible()  # the search needs the script: not offered
    total = len(_shown(page))
    folder = next(page.locator("#f-folder option").nth(i).get_attribute("value")
                  for i in range(page.locator("#f-folder option").count())
                  if (page.locator("#f-folder option").nth(i).get_attribute("value") or "").endswith("incoming"))
    page.select_option("#f-folder", folder)
    shown = _shown(page)
    assert len(shown) == 2 and all(row.get_attribute("data-folder") == folder for row in shown)
    page.select_option("#f-status", "pass")
    assert all(row.get_attribute("data-status") == "pass" for row in _shown(page))
    page.select_option("#f-folder", "")
    page.select_option("#f-status", "")
    page.select_option("#f-check", "tables")
    assert 0 < len(_shown(page)) < total
    assert all("tables" in row.get_attribute("data-checks").split() for row in _shown(page))
    _save(page, "index-no-js.png", tmp_path)


def test_index_filters_and_sorting_with_javascript(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser)
    page.goto((report_dir / "index.html").as_uri())
    total = len(_shown(page))
    page.select_option("#f-severity", "error")
    assert page.locator("#f-count").text_content() == f"{len(_shown(page))} of {total} articles"
    assert all("error" in row.get_attribute("data-severities").split() for row in _shown(page))
    page.select_option("#f-severity", "")
    page.fill("#f-text", "hostile")
    assert [row.get_attribute("data-text") for row in _shown(page)] and all(
        "hostile" in row.get_attribute("data-text") for row in _shown(page))
    assert page.locator("#f-count").text_content() == f"{len(_shown(page))} of {total} articles"
    page.fill("#f-text", "")
    header = page.locator("#article-table th", has_text="Warnings")
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    counts = [int(_cells(row, 5)) for row in _shown(page)]
    assert counts == sorted(counts, reverse=True)
    _save(page, "index.png", tmp_path)
    assert not dialogs
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_rules_page_links_to_the_articles_of_each_rule(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser)
    page.goto((report_dir / "rules.html").as_uri() + "#rule-disclaimers--medical")
    links = page.locator("#rule-disclaimers--medical details.rule-articles a")
    assert links.count() >= 1
    title = links.first.text_content()
    links.first.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url and page.locator("h1").text_content() == title
    assert page.locator(".finding code", has_text="disclaimers/medical").count() >= 1


def test_click_finding_scrolls_to_the_middle_of_the_view(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser)
    page.goto((report_dir / "index.html").as_uri())
    page.locator("#article-table a", has_text="Walking for a healthy back").first.click()
    page.wait_for_load_state()
    finding = page.locator(".finding.k-hygiene .goto[href^='#f']").first
    target_id = finding.get_attribute("data-target")
    finding.click()
    assert page.url.endswith("#" + target_id)
    target = page.locator(f"#{target_id}")
    assert "flash" in (target.get_attribute("class") or "")
    box = target.bounding_box()
    middle = box["y"] + box["height"] / 2
    assert 900 * 0.3 < middle < 900 * 0.7, box  # centred, not at the top edge
    # the legend explains the colours of the checks on the page
    legend = page.locator(".legend")
    assert legend.is_visible()
    for check in ("hygiene", "disclaimers"):
        assert legend.locator(f"mark.k-{check}").count() == 1
    _save(page, "article-long.png", tmp_path)


def test_bridge_is_marked_in_place(browser, report_dir, tmp_path):
    page, dialogs, problems = _new_page(browser)
    page.goto((report_dir / "index.html").as_uri())
    page.locator("#article-table a", has_text=BRIDGE_TITLE).first.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url
    finding = page.locator(".finding .goto[href^='#f']").first
    target_id = finding.get_attribute("data-target")
    finding.click()
    assert page.url.endswith("#" + target_id)
    # the bridge paragraph is marked as a block, its off-topic phrase emphasised
    assert page.locator(".blk.bridge em.phrase, .blk.bridge mark.hl, .blk.bridge .badge").count() >= 1
    assert page.locator(".legend .legend-block").count() == 1
    assert page.locator("details.readability").count() == 1
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
