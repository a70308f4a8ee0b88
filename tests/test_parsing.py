"""The foundation: one document model from Markdown, HTML and scraped text, with source lines."""
from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from healthlint.cli import main
from healthlint.parsers import parse
from healthlint.core.reading import ReadError, decode, read_source
from conftest import SARIF_SCHEMA


def run_cli(args, cwd=None):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_listing_page_splits_into_two_articles_with_nine_tables(corpus):
    label = json.loads((corpus / "labels" / "tag-spinal-pain.json").read_text())
    result = run_cli(["check", str(corpus / "farm" / "tag-spinal-pain.txt"), "--format", "json",
                      "--fail-on", "never", "--no-cache"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    articles = document["files"][0]["articles"]
    assert [(a["title"], a["start_line"]) for a in articles] == [
        (a["title"], a["first_line"]) for a in label["articles"]
    ]
    tables = [b["table"] for a in articles for b in a["blocks"] if b["kind"] == "table"]
    assert [t["header_line"] for t in tables] == [t["header_line"] for t in label["tables"]]
    assert [[r["line"] for r in t["rows"]] for t in tables] == [t["row_lines"] for t in label["tables"]]


def test_flattened_tables_recover_labelled_columns(corpus):
    label = json.loads((corpus / "labels" / "tag-spinal-pain.json").read_text())
    parsed = parse(read_source(str(corpus / "farm" / "tag-spinal-pain.txt")))
    tables = [b.table for a in parsed.articles for b in a.tables]
    for table, expected in zip(tables, label["tables"], strict=True):
        assert table.flattened
        assert table.caption_line == expected["caption_line"]
        assert table.header == expected["columns"]
        assert all(len(row.cells) == len(expected["columns"]) for row in table.rows)


def test_scraped_text_headings_lists_and_repeated_title(corpus):
    parsed = parse(read_source(str(corpus / "farm" / "tag-spinal-pain.txt")))
    first = parsed.articles[0]
    by_line = {b.start_line: b for b in first.blocks}
    assert by_line[11].kind == "heading" and by_line[11].text == "Underlying Medical Conditions"
    assert by_line[13].kind == "paragraph"
    assert by_line[121].kind == "list_item" and by_line[121].text.startswith("Maintain a healthy weight")
    assert parsed.metadata["page_title"] == "Tag: spinal pain"


def test_markdown_front_matter_headings_lists_and_tables(corpus):
    parsed = parse(read_source(str(corpus / "nci" / "star-trial-qa.md")))
    article = parsed.articles[0]
    assert article.metadata["title"].startswith("The Study of Tamoxifen and Raloxifene")
    tables = [b.table for b in article.tables]
    label = json.loads((corpus / "labels" / "nci-star-trial-qa.json").read_text())
    for table, expected in zip(tables, label["tables"], strict=True):
        assert table.header_line == expected["header_line"]
        assert len(table.rows) == expected["rows"]
        assert table.rows[0].line == expected["first_row_line"]
        assert table.rows[-1].line == expected["last_row_line"]
        assert len(table.header) == len(expected["columns"])


def test_markdown_links_keep_anchor_span_and_href(corpus):
    parsed = parse(read_source(str(corpus / "medquad" / "cancergov-0000013_3.md")))
    links = [(b, link) for b, link in parsed.articles[0].links if "flowers" in (link.href or "")]
    assert links
    block, link = links[0]
    assert block.text[link.start:link.end] == "how to keep cut flowers fresh"
    assert block.start_line == 21


@pytest.mark.parametrize("name", ["lumpectomy-or-mastectomy", "moles-fact-sheet", "breast-reconstruction"])
def test_html_tables_match_labels_and_chrome_is_dropped(corpus, name):
    parsed = parse(read_source(str(corpus / "nci" / f"{name}.html")))
    article = parsed.articles[0]
    label = json.loads((corpus / "labels" / f"nci-{name}.json").read_text())
    tables = [b.table for b in article.tables]
    assert len(tables) == len(label["tables"])
    for table, expected in zip(tables, label["tables"]):
        assert table.header_line == expected["header_line"]
        assert len(table.rows) == expected["rows"]
        assert table.rows[0].line == expected["first_row_line"]
        assert table.rows[-1].line == expected["last_row_line"]
    texts = " ".join(b.text for b in article.blocks)
    assert "Home" not in texts.split()[:3]  # <nav> left out
    assert "MedQuAD" not in texts and "(MedQuAD" not in texts


def test_html_paragraph_lines_and_links(corpus):
    parsed = parse(read_source(str(corpus / "medquad" / "ninds-0000115.html")))
    article = parsed.articles[0]
    assert article.title == "Meningitis and Encephalitis"
    block = next(b for b in article.blocks if "meal prep lunches" in b.text)
    assert block.start_line == 15
    link = block.links[0]
    assert block.text[link.start:link.end] == "meal prep lunches for busy weeks"
    assert link.href.endswith("meal-prep-lunches-for-busy-weeks")
    assert all("Source:" not in b.text for b in article.blocks)  # footer dropped


BOXED_PAGE = """<html><body>
<aside class="sidebar"><p>Sidebar: popular this week</p></aside>
<main>
<h1>Gout</h1>
<p>Gout is a form of arthritis caused by crystals of uric acid in a joint.</p>
<aside class="most-read">
<h3>Most read</h3>
<ul><li><a href="/news/ferry-timetable">Island ferry timetable changes from Monday</a></li></ul>
</aside>
<p>An attack often starts at night in the big toe.</p>
<aside class="newsletter"><p>Sign up for our weekly email</p></aside>
<p>Medicines ease an attack, and others lower uric acid.</p>
<aside><p>Print this page</p></aside>
</main>
</body></html>
"""


def test_html_box_between_paragraphs_is_read_and_page_boxes_are_not(tmp_path):
    # A box between two blocks of the article's text is part of what its reader reads; one at the
    # edge of the page or the article, or one whose class names it as furniture, is not.
    path = tmp_path / "gout.html"
    path.write_text(BOXED_PAGE, encoding="utf-8")
    texts = [b.text for b in parse(read_source(str(path))).articles[0].blocks]
    assert "Most read" in texts and "Island ferry timetable changes from Monday" in texts
    assert not any(word in text for text in texts for word in ("Sidebar", "Sign up", "Print this page"))


def test_plain_text_article_title_and_questions(corpus):
    parsed = parse(read_source(str(corpus / "medquad" / "niddk-0000003.txt")))
    article = parsed.articles[0]
    assert article.title == "Cushing's Syndrome"
    assert any(b.kind == "heading" and b.text == "What is Cushing's Syndrome?" for b in article.blocks)
    assert any(b.kind == "list_item" and b.text == "severe fatigue" for b in article.blocks)


@pytest.mark.parametrize("data, encoding", [
    ("café au lait".encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbfcaf\xc3\xa9", "utf-8-sig"),
    ("café à la crème".encode("latin-1"), "latin-1"),
    ("“smart quotes” – dash".encode("cp1252"), "windows-1252"),
])
def test_encodings_are_detected(data, encoding):
    text, found = decode(data, "x.txt")
    assert found == encoding
    assert "caf" in text or "quotes" in text


@pytest.mark.parametrize("data, reason", [(b"", "empty"), (b"  \n", "empty"), (b"\x89PNG\x00\x00\x01", "binary")])
def test_bad_bytes_get_a_clear_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode(data, "x.md")


def test_bad_files_each_get_their_own_result_and_the_run_goes_on(tmp_path):
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_bytes("Café\n\nLe patient a une fièvre légère.\n".encode("latin-1"))
    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:
        handle.seek(50 * 1024 * 1024)
        handle.write(b"x")
    result = run_cli(["check", str(tmp_path), "--format", "json", "--fail-on", "never", "--no-cache",
                      "--select", "healthlint", "--max-file-size", "10MB"])
    assert result.exit_code == 0
    files = {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(result.output)["files"]}
    assert "binary" in files["binary.md"]["error"]
    assert "empty" in files["empty.txt"]["error"]
    assert "size limit" in files["huge.txt"]["error"] and "50.0 MB" in files["huge.txt"]["error"]
    assert files["latin.txt"]["error"] is None and files["latin.txt"]["encoding"] == "latin-1"
    failing = run_cli(["check", str(tmp_path), "--format", "json", "--no-cache", "--select", "healthlint"])
    assert failing.exit_code == 1  # unreadable files are errors under the default --fail-on error
    never = run_cli(["check", str(tmp_path / "latin.txt"), "--fail-on", "never", "--no-cache"])
    assert never.exit_code == 0


def test_bad_config_names_the_key_and_exits_2(tmp_path, monkeypatch):
    (tmp_path / "healthlint.toml").write_text('fail-on = "sometimes"\n')
    (tmp_path / "a.md").write_text("# Title\n\nText.\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "a.md"])
    assert result.exit_code == 2
    assert "fail-on" in result.output
    (tmp_path / "healthlint.toml").write_text('[severity]\n"no-such/rule" = "error"\n')
    result = CliRunner().invoke(main, ["check", "a.md"])
    assert result.exit_code == 2 and "no-such/rule" in result.output
    (tmp_path / "healthlint.toml").write_text('[off-topic]\nbridge-confidence = "high"\n')
    result = CliRunner().invoke(main, ["check", "a.md"])
    assert result.exit_code == 2 and "bridge-confidence" in result.output


def test_rules_and_explain():
    listing = run_cli(["rules"])
    assert "off-topic/bridge" in listing.output and "error" in listing.output
    explained = run_cli(["explain", "off-topic/bridge"])
    assert "## Example" in explained.output and "fish oil capsules" in explained.output
    unknown = CliRunner().invoke(main, ["explain", "off-topic/nope"])
    assert unknown.exit_code == 2


def test_sarif_for_mixed_folder_validates_against_the_official_schema(corpus, tmp_path):
    schema = json.loads(SARIF_SCHEMA.read_text())
    for name in ("medquad/cdc-0000364.html", "medquad/niddk-0000089.md", "farm/tag-spinal-pain.txt"):
        target = tmp_path / name.replace("/", "_")
        target.write_bytes((corpus / name).read_bytes())
    result = run_cli(["check", str(tmp_path), "--format", "sarif", "--fail-on", "never", "--no-cache"])
    sarif = json.loads(result.output)
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert {"off-topic/bridge", "healthlint/unreadable"} <= rule_ids
    assert any(r["ruleId"] == "off-topic/bridge" for r in run["results"])


def test_github_format_prints_workflow_commands(corpus):
    result = run_cli(["check", str(corpus / "medquad" / "cdc-0000364.html"), "--format", "github",
                      "--select", "off-topic", "--no-cache"])
    assert result.exit_code == 1
    line = next(out for out in result.output.splitlines() if "off-topic/bridge" in out)
    assert line.startswith("::error file=") and "line=37" in line and "endLine=38" in line


def test_stdin_is_read_with_dash():
    result = CliRunner().invoke(main, ["check", "-", "--format", "json", "--fail-on", "never", "--no-cache"],
                                input="# Knee pain\n\nRest the knee.\n")
    assert result.exit_code == 0
    assert json.loads(result.output)["files"][0]["articles"][0]["title"] == "Knee pain"
