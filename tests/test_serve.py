"""``healthlint serve`` end to end: the real server (uvicorn, its worker pool) started on a free
loopback port in a subprocess, every endpoint called over HTTP with good and bad input, and the
editors' page driven in headless Chromium.

The server runs in a temporary folder with its own ``healthlint.toml`` (a small size limit, so the
413 test sends little) and an articles folder holding a copy of a sample article, and with a token,
so that the bearer check is exercised by every call.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tests" / "fixtures" / "corpus" / "farm" / "tag-spinal-pain.txt"  # see its SOURCE note
TOKEN = "test-token-" + uuid.uuid4().hex[:8]
MAX_FILE_SIZE = 128 * 1024  # the test server's limit (healthlint.toml below)
START_TIMEOUT = 180  # seconds: workers load spaCy and the dictionaries; the machine may be busy

DRAFT = """# Looking after your back

Most back pain gets better within a few weeks.Keep moving and stay active , even if it hurts.

## When to see a doctor

See a doctor if the pain is getting worse or spreads down your leg.
"""

HOSTILE = """# Hostile <script>window.__pwned=1</script> title

Back pain is common. <img src=x onerror="window.__pwned=1"> Most back pain gets better with rest.
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, base: str, folder: Path, articles: Path, process: subprocess.Popen):
        self.base, self.folder, self.articles, self.process = base, folder, articles, process

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None,
                token: str | None = TOKEN, headers: dict | None = None, timeout: float = 120):
        all_headers = dict(headers or {})
        if content_type:
            all_headers["Content-Type"] = content_type
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def post_json(self, path: str, payload, **kwargs):
        status, headers, body = self.request("POST", path, json.dumps(payload).encode(), "application/json", **kwargs)
        return status, json.loads(body)

    def get_json(self, path: str, **kwargs):
        status, headers, body = self.request("GET", path, **kwargs)
        return status, json.loads(body)

    def post_form(self, path: str, filename: str, data: bytes, fields: dict | None = None):
        boundary = "----healthlint" + uuid.uuid4().hex
        parts = []
        for name, value in (fields or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                     f'Content-Type: application/octet-stream\r\n\r\n'.encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        status, headers, body = self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")
        return status, json.loads(body)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    # The page's tests list, mark and fix the seed page's bridges. They run the rules detector, whose
    # findings there (five of six) stay put when the model is refitted; the default detector finds one.
    (folder / "healthlint.toml").write_text(f'max-file-size = "{MAX_FILE_SIZE // 1024}KB"\n'
                                            '[off-topic]\ndetector = "rules"\n', encoding="utf-8")
    articles = folder / "articles"
    (articles / "health").mkdir(parents=True)
    (articles / "health" / "draft.md").write_text(DRAFT, encoding="utf-8")
    (folder / "outside.md").write_text(DRAFT, encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, HEALTHLINT_CACHE_DIR=os.environ.get("HEALTHLINT_CACHE_DIR", str(folder / "cache")))
    log = open(folder / "server.log", "w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "healthlint", "serve", "--port", str(port), "--workers", "1",
         "--articles", str(articles), "--token", TOKEN, "--log-level", "warning"],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    running = Server(f"http://127.0.0.1:{port}", folder, articles, process)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            if process.poll() is not None:
                raise AssertionError("server exited: " + (folder / "server.log").read_text())
            try:
                status, _, _ = running.request("GET", "/healthz", token=None, timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("server not ready in time: " + (folder / "server.log").read_text())
            time.sleep(0.5)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _findings(document: dict) -> list[dict]:
    file = document["files"][0]
    return file["findings"] + [f for article in file["articles"] for f in article["findings"]]


def _rules(document: dict) -> list[str]:
    return [f["rule"] for f in _findings(document)]


# -- health, description, rules ---------------------------------------------------------------------

def test_healthz_and_security_headers(server):
    status, headers, body = server.request("GET", "/healthz", token=None)
    assert status == 200
    health = json.loads(body)
    assert health["ready"] is True and health["workers"] == 1 and health["token_required"] is True
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_openapi_describes_every_endpoint(server):
    status, document = server.get_json("/openapi.json", token=None)
    assert status == 200 and document["openapi"].startswith("3.")
    assert {"/api/check", "/api/fix", "/api/view", "/api/rules", "/api/articles", "/healthz"} <= set(document["paths"])
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "413" in document["paths"]["/api/check"]["post"]["responses"]


def test_rules(server):
    status, document = server.get_json("/api/rules")
    assert status == 200
    by_id = {rule["id"]: rule for rule in document["rules"]}
    assert by_id["off-topic/bridge"]["severity"] == "error" and by_id["off-topic/bridge"]["fixable"] is True
    assert by_id["readability/grade"]["fixable"] is False
    assert by_id["off-topic/bridge"]["fix"] == "unsafe" and by_id["hygiene/missing-space"]["fix"] == "safe"


# -- the token, the host and the origin -------------------------------------------------------------

def test_api_needs_the_token(server):
    for token in (None, "wrong"):
        status, headers, body = server.request("GET", "/api/rules", token=token)
        assert status == 401 and json.loads(body)["error"] == "unauthorized"
        assert headers["www-authenticate"] == "Bearer"
    status, _, _ = server.request("POST", "/api/check", json.dumps({"text": DRAFT}).encode(), "application/json",
                                  token=None)
    assert status == 401


def test_foreign_host_and_cross_origin_post_are_refused(server):
    status, _, body = server.request("GET", "/healthz", token=None, headers={"Host": "evil.example:8765"})
    assert status == 421 and json.loads(body)["error"] == "bad_host"
    status, _, body = server.request("POST", "/api/check", json.dumps({"text": DRAFT}).encode(), "application/json",
                                     headers={"Origin": "https://evil.example"})
    assert status == 403 and json.loads(body)["error"] == "cross_origin"


# -- /api/check -------------------------------------------------------------------------------------

def test_check_returns_the_json_of_format_json(server, tmp_path, monkeypatch):
    status, document = server.post_json("/api/check", {"text": DRAFT, "format": "md", "filename": "draft.md"})
    assert status == 200
    assert document["schema_version"].split(".")[0] == "1"
    assert "disclaimers/medical" in _rules(document) and "hygiene/missing-space" in _rules(document)
    # The same article through the engine and the JSON renderer, as `check --format json` does.
    from healthlint.core.config import Config
    from healthlint.run.engine import lint_file
    from healthlint.reports import json_report
    from healthlint.serve.jobs import run_info

    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = Config(max_file_size=MAX_FILE_SIZE, overrides={"off-topic": {"detector": "rules"}})  # as the server's
    expected = json.loads(json_report.render([lint_file("draft.md", config)], run_info(config)))
    assert document["files"] == expected["files"]
    assert document["summary"] == expected["summary"]


def test_check_a_file_upload_and_a_raw_body(server):
    page = b"<html><body><article><h1>Back care</h1><p>Rest helps most back pain.Walk a little every day.</p></article></body></html>"
    status, document = server.post_form("/api/check", "page.html", page)
    assert status == 200
    assert document["files"][0]["kind"] == "html" and document["files"][0]["path"] == "page.html"
    assert "hygiene/missing-space" in _rules(document)
    status, headers, body = server.request("POST", "/api/check?filename=raw.md", DRAFT.encode(), "text/markdown")
    assert status == 200 and json.loads(body)["files"][0]["path"] == "raw.md"
    # A Windows-1252 file is decoded as the command line decodes it.
    status, document = server.post_form("/api/check", "old.txt", "Caf\u00e9 au lait \u2013 a note.\n\nMore text here.".encode("cp1252"))
    assert status == 200 and document["files"][0]["encoding"] == "windows-1252"


def test_check_with_config_overrides(server):
    status, strict = server.post_json("/api/check", {"text": DRAFT, "config": {"select": ["hygiene"]}})
    assert status == 200 and set(_rules(strict)) == {"hygiene/missing-space", "hygiene/space-before-punctuation"}
    status, severe = server.post_json("/api/check", {"text": DRAFT, "config": {
        "severity": {"hygiene/missing-space": "error"}, "readability": {"target-grade": 4}}})
    assert status == 200
    figures = severe["files"][0]["articles"][0]["figures"]["readability"]
    assert figures["target_grade"] == 4
    assert {f["severity"] for f in _findings(severe) if f["rule"] == "hygiene/missing-space"} == {"error"}


@pytest.mark.parametrize("payload, status, code", [
    ({"text": DRAFT, "format": "docx"}, 415, "unsupported_format"),
    ({"text": DRAFT, "filename": "draft.docx"}, 415, "unsupported_format"),
    ({"text": DRAFT, "config": {"readability": {"target-grade": "seven"}}}, 400, "bad_config"),
    ({"text": DRAFT, "config": {"readability": {"no-such-threshold": 3}}}, 400, "bad_config"),
    ({"text": DRAFT, "config": {"select": ["no-such-rule"]}}, 400, "bad_config"),
    ({"text": DRAFT, "config": {"policy": "/etc"}}, 400, "bad_config"),
    ({"text": DRAFT, "config": "not an object"}, 400, "bad_config"),
    ({"text": 42}, 400, "bad_request"),
    ({"text": "   \n  "}, 422, "unreadable"),
    ({"text": "x" * (MAX_FILE_SIZE + 10)}, 413, "too_large"),
])
def test_check_errors_are_json(server, payload, status, code):
    got, body = server.post_json("/api/check", payload)
    assert (got, body["error"]) == (status, code), body
    assert body["message"] and body["status"] == status


def test_check_bad_bodies(server):
    status, _, body = server.request("POST", "/api/check", b"{not json", "application/json")
    assert status == 400 and json.loads(body)["error"] == "bad_json"
    status, _, body = server.request("POST", "/api/check", b"%PDF-1.7", "application/pdf")
    assert status == 415 and json.loads(body)["error"] == "unsupported_media_type"
    status, document = server.post_form("/api/check", "photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert status == 422 and "binary" in document["message"]
    status, document = server.post_form("/api/check", "notes.docx", b"Some text.")
    assert status == 415
    # Over the body limit: refused from the declared length, before anything is checked.
    status, _, body = server.request("POST", "/api/check", b"x" * (3 * MAX_FILE_SIZE + 70_000), "text/plain")
    assert status == 413 and json.loads(body)["error"] == "too_large"
    status, _, body = server.request("GET", "/api/no-such-endpoint")
    assert status == 404 and json.loads(body)["status"] == 404


def test_concurrent_checks_are_all_answered(server):
    texts = [DRAFT.replace("back", f"back{i}") for i in range(6)]

    def one(index):
        return server.post_json("/api/check", {"text": texts[index], "filename": f"a{index}.md"})

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(one, range(6)))
    assert [status for status, _ in answers] == [200] * 6
    assert [doc["files"][0]["path"] for _, doc in answers] == [f"a{i}.md" for i in range(6)]


# -- /api/view (the page's call) ---------------------------------------------------------------------

def test_view_renders_the_report_markup_escaped(server):
    # As plain text, the tags are words of the article (Markdown drops raw HTML): shown, escaped.
    status, view = server.post_json("/api/view", {"text": HOSTILE, "format": "txt"})
    assert status == 200
    html = view["articles"][0]["html"]
    assert "<script>" not in html and "onerror=\"" not in html
    assert "&lt;script&gt;" in html
    assert 'class="finding' in html and 'class="doc"' in html  # the HTML report's article markup
    assert view["text"] == HOSTILE and view["results"]["files"][0]["path"] == "article.txt"


def test_view_previews_each_fix(server):
    status, view = server.post_json("/api/view", {"text": DRAFT, "format": "md"})
    assert status == 200
    fixes = view["articles"][0]["fixes"]
    rules = {fix["rule"] for fix in fixes.values()}
    assert {"hygiene/missing-space", "disclaimers/medical"} <= rules
    for fid, fix in fixes.items():
        assert f'id="item-{fid}"' in view["articles"][0]["html"]
        assert fix["diff"].startswith("--- a/article.md\n+++ b/article.md\n")


# -- /api/fix ---------------------------------------------------------------------------------------

def test_fix_text(server):
    status, fix = server.post_json("/api/fix", {"text": DRAFT, "format": "md", "filename": "draft.md"})
    assert status == 200 and fix["changed"] and not fix["written"]
    assert "weeks. Keep moving and stay active, even" in fix["text"]
    assert "-Most back pain gets better within a few weeks.Keep moving" in fix["diff"]
    # fixed: the rule ids of the edits made (one edit per line, named by one of its rules)
    assert "disclaimers/medical" in fix["fixed"] and any(r.startswith("hygiene/") for r in fix["fixed"])
    assert "disclaimers/medical" not in _rules(fix["results"])


def test_fix_only_the_findings_asked_for(server):
    _, document = server.post_json("/api/check", {"text": DRAFT})
    wanted = [f["fingerprint"] for f in _findings(document) if f["rule"] == "disclaimers/medical"]
    status, fix = server.post_json("/api/fix", {"text": DRAFT, "findings": wanted})
    assert status == 200 and fix["fixed"] == ["disclaimers/medical"]
    assert "weeks.Keep" in fix["text"]  # the other fixes were not made


def test_fix_all_makes_unsafe_fixes_only_when_asked(server):
    seed = SEED.read_text(encoding="utf-8")
    _, document = server.post_json("/api/check", {"text": seed, "format": "txt"})
    bridges = [f for f in _findings(document) if f["rule"] == "off-topic/bridge"]
    assert bridges and all(f["confidence"] < 0.9 for f in bridges)  # unsafe to delete: --fix leaves them
    status, safe = server.post_json("/api/fix", {"text": seed, "format": "txt"})
    assert status == 200 and "off-topic/bridge" not in safe["fixed"]
    assert _rules(safe["results"]).count("off-topic/bridge") == len(bridges)
    status, unsafe = server.post_json("/api/fix", {"text": seed, "format": "txt", "unsafe": True})
    assert status == 200 and "off-topic/bridge" in unsafe["fixed"]
    assert _rules(unsafe["results"]).count("off-topic/bridge") < len(bridges)
    # one bridge picked by its fingerprint (after its preview) is deleted without the flag
    status, one = server.post_json("/api/fix", {"text": seed, "format": "txt",
                                                "findings": [bridges[0]["fingerprint"]]})
    assert status == 200 and one["fixed"] == ["off-topic/bridge"]
    _, view = server.post_json("/api/view", {"text": seed, "format": "txt"})
    applicability = {fix["applicability"] for a in view["articles"] for fix in a["fixes"].values()
                     if fix["rule"] == "off-topic/bridge"}
    assert applicability == {"unsafe"}


def test_fix_a_file_in_the_articles_folder(server):
    draft = server.articles / "health" / "draft.md"
    before = draft.read_bytes()
    status, preview = server.post_json("/api/fix", {"path": "health/draft.md"})
    assert status == 200 and preview["changed"] and not preview["written"]
    assert draft.read_bytes() == before  # a preview never writes
    status, refused = server.post_json("/api/fix", {"path": "health/draft.md", "write": True,
                                                    "expected_sha256": "0" * 64})
    assert status == 409 and draft.read_bytes() == before
    status, written = server.post_json("/api/fix", {"path": "health/draft.md", "write": True,
                                                    "expected_sha256": hashlib.sha256(before).hexdigest()})
    assert status == 200 and written["written"]
    assert draft.read_text(encoding="utf-8") == preview["text"] == written["text"]
    assert not [p for p in draft.parent.iterdir() if p.name != "draft.md"]  # no temporary file left
    draft.write_bytes(before)


@pytest.mark.parametrize("payload, status", [
    ({"path": "../outside.md", "write": True}, 403),
    ({"path": "health/../../outside.md"}, 403),
    ({"path": "/etc/passwd"}, 403),
    ({"path": "health/missing.md"}, 404),
    ({"path": "health"}, 415),
    ({"text": DRAFT, "write": True}, 400),
])
def test_fix_refuses_paths_outside_and_writes_without_a_path(server, payload, status):
    outside = server.folder / "outside.md"
    before = outside.read_bytes()
    got, body = server.post_json("/api/fix", payload)
    assert got == status, body
    assert outside.read_bytes() == before


def test_articles_list_and_open_by_path(server):
    status, listing = server.get_json("/api/articles")
    assert status == 200 and listing["articles"] == ["health/draft.md"]
    status, document = server.post_json("/api/check", {"path": "health/draft.md"})
    assert status == 200 and document["files"][0]["path"] == "health/draft.md"


def test_the_page_and_its_assets(server):
    status, headers, body = server.request("GET", "/", token=None)
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode()
    assert '<script src="/static/serve.js" defer></script>' in page
    assert "<script>" not in page and " style=" not in page and " on" + "click=" not in page
    for asset in ("/static/serve.js", "/static/serve.css", "/report.css", "/rules.html"):
        status, _, _ = server.request("GET", asset, token=None)
        assert status == 200, asset


def test_warning_when_bound_beyond_loopback_without_a_token(monkeypatch, capsys):
    import uvicorn

    from healthlint.core.config import Config
    from healthlint.serve import serve

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: started.append(kwargs))
    serve(Config(), host="0.0.0.0", port=9)  # uvicorn.run is replaced: nothing listens
    assert "without --token" in capsys.readouterr().err and started[0]["host"] == "0.0.0.0"
    serve(Config(), host="0.0.0.0", port=9, token="secret")
    serve(Config(), host="127.0.0.1", port=9)
    assert "without --token" not in capsys.readouterr().err


# -- the page in a browser ----------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.mark.browser
def test_browser_checks_the_seed_page_and_applies_a_fix(server, tmp_path):
    # a missing playwright or chromium is a broken set-up, reported as a failure (never a skip).
    # The page's waits poll on a timer: a headless page that is not painting may run no animation
    # frames, and playwright polls on those by default.
    try:
        from playwright import sync_api
    except ImportError as exc:
        pytest.fail(f"playwright is missing: install the test extra (pip install -e '.[test]'): {exc}")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/run, or apt-get install chromium")
    seed = SEED.read_text(encoding="utf-8")
    _, expected = server.post_json("/api/check", {"text": seed, "format": "txt"})
    bridges_per_article = [sum(f["rule"] == "off-topic/bridge" for f in a["findings"])
                           for a in expected["files"][0]["articles"]]
    assert sum(bridges_per_article) > 0

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # A loaded CI machine can take longer than playwright's 30 s default to check the seed page.
            page.set_default_timeout(120_000)
            problems = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(server.base + "/")
            page.fill("#token", TOKEN)
            page.dispatch_event("#token", "change")
            page.select_option("#format", "txt")
            page.fill("#text", seed)
            with page.expect_response("**/api/view"):
                page.click("#check")
            page.wait_for_selector("#result li.finding")
            assert "findings" in page.inner_text("#status")

            # Every article of the listing page: its bridges listed and marked in place.
            shown = []
            tabs = page.locator("#tabs button")
            assert tabs.count() == len(bridges_per_article)
            for index in range(tabs.count()):
                tabs.nth(index).click()
                listed = page.locator("#result li.finding", has=page.locator("code", has_text="off-topic/bridge"))
                shown.append(listed.count())
                for item in range(listed.count()):  # each one's mark sits in a block marked as a bridge
                    fid = listed.nth(item).locator(".goto").get_attribute("data-target")
                    assert page.locator(f"#result .blk.bridge #{fid}").count() == 1, fid
            assert shown == bridges_per_article

            # Filters: only errors.
            page.select_option("#f-severity", "error")
            visible = page.locator("#result li.finding:visible")
            assert visible.count() > 0
            assert all(visible.nth(i).get_attribute("data-severity") == "error" for i in range(visible.count()))
            page.select_option("#f-severity", "")

            # A fix's preview diff, then apply every fix and see the diff and fewer bridges.
            tabs.nth(0).click()
            preview = page.locator("#result li.finding .preview-fix").first
            preview.click()
            assert page.locator("#result li.finding pre.diff:visible").count() == 1
            page.check("#unsafe-fixes")  # the seed's bridges are unsafe to delete (confidence < 0.9)
            with page.expect_response("**/api/fix"):
                page.click("#fix-all")
            page.wait_for_selector("#fix-panel:not([hidden])")
            page.wait_for_function("() => document.querySelector('#status').textContent.indexOf('findings') >= 0", polling=200)
            assert page.locator("#fix-diff .del").count() > 0 and page.locator("#fix-diff .add").count() > 0
            assert "off-topic/bridge" in page.inner_text("#fix-notes")
            after = page.locator("#result li.finding", has=page.locator("code", has_text="off-topic/bridge")).count()
            assert after < bridges_per_article[0]

            # Download the fixed text: what the text box now holds.
            with page.expect_download() as download:
                page.click("#download")
            assert Path(download.value.path()).read_text(encoding="utf-8") == page.input_value("#text")
            assert download.value.suggested_filename == "article.fixed.txt"

            # Typing re-checks by itself (debounced), without a reload.
            page.evaluate("window.__same_page = true")
            with page.expect_response("**/api/view", timeout=120000):
                page.locator("#text").press("End")
                page.locator("#text").press_sequentially(" More text.")
            assert page.evaluate("window.__same_page") is True

            # A file picked (or dropped) is sent as an upload and shown.
            upload = tmp_path / "picked.md"
            upload.write_text(DRAFT, encoding="utf-8")
            with page.expect_response("**/api/view"):
                page.set_input_files("#file", str(upload))
            page.wait_for_function("() => document.querySelector('#text').value.indexOf('Looking after') >= 0", polling=200)
            assert page.input_value("#format") == "md" and "picked.md" in page.inner_text("#result .crumbs")

            # An article opened from the articles folder, its fixes written back to the file.
            draft = server.articles / "health" / "draft.md"
            before = draft.read_bytes()
            try:
                page.fill("#path", "health/draft.md")
                with page.expect_response("**/api/view"):
                    page.click("#open")
                page.wait_for_selector("#write:not([hidden]):not([disabled])")
                with page.expect_response("**/api/fix"):
                    page.click("#write")
                page.wait_for_function("() => document.querySelector('#fix-title').textContent.indexOf('Written') >= 0", polling=200)
                assert "Keep moving and stay active, even" in draft.read_text(encoding="utf-8")
            finally:
                draft.write_bytes(before)

            # The hostile article is shown as text: its script never runs.
            page.fill("#text", HOSTILE)
            page.select_option("#format", "txt")
            page.wait_for_function("() => document.querySelector('#result h1') && "
                                   "document.querySelector('#result h1').textContent.indexOf('<script>') >= 0",
                                   polling=200)
            assert page.evaluate("window.__pwned === undefined")
            page.screenshot(path=str(tmp_path / "serve.png"))
            assert not [p for p in problems if "Content Security Policy" in p], problems
        finally:
            browser.close()
