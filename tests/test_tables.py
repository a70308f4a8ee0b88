"""Tests of the tables check and of flattened-table recovery (parsers/flattened.py)."""
from __future__ import annotations

import json
from pathlib import Path


from healthlint.core.config import Config
from healthlint.run.engine import lint_file
from healthlint.parsers.flattened import recover_table
from conftest import CORPUS

FIXTURES = Path(__file__).parent / "fixtures" / "tables"


COMPARISON = {"tables": {"row-text-tables": "comparison"}}


def findings(path, prefix="tables/", overrides=None):
    result = lint_file(str(path), Config(select=["tables"], overrides=overrides or {}))
    return [f for f in result.all_findings if f.rule.startswith(prefix)]


def by_rule(found, rule):
    return [f for f in found if f.rule == rule]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- flattened recovery on the seed -------------------------------------------------------------
def test_seed_flattened_tables_recovered_exactly():
    from healthlint.parsers import parse
    from healthlint.core.reading import read_source

    labels = json.loads((CORPUS / "labels/tag-spinal-pain.json").read_text())["tables"]
    parsed = parse(read_source(str(CORPUS / "farm/tag-spinal-pain.txt")))
    tables = [b.table for a in parsed.articles for b in a.tables]
    assert len(tables) == len(labels) == 9
    for table, label in zip(tables, labels):
        assert table.flattened
        assert table.header == label["columns"]
        assert table.header_line == label["header_line"]
        assert [r.line for r in table.rows] == label["row_lines"]
        assert all(len(r.cells) == len(label["columns"]) for r in table.rows)


def test_seed_flattened_findings_once_per_table():
    found = findings(CORPUS / "farm/tag-spinal-pain.txt")
    flat = by_rule(found, "tables/flattened")
    assert [f.start_line for f in flat] == [43, 82, 155, 230, 303, 345, 373, 398, 459]
    assert flat[0].data["columns"] == ["Condition", "Pain Location", "Pain Characteristics", "Other Symptoms"]
    assert "Pain Location" in flat[0].message
    assert not by_rule(found, "tables/column-count")


def test_seed_row_not_in_text():
    # The seed's trauma table is a summary, not introduced as a comparison: checked with "summary".
    config = Config(select=["tables"], overrides={"tables": {"row-text-tables": "summary"}})
    found = by_rule(lint_file(str(CORPUS / "farm/tag-spinal-pain.txt"), config).all_findings, "tables/row-not-in-text")
    assert {f.data["label"] for f in found if "label" in f.data} == {"Sports Injuries", "Acts of Violence"}


def test_recover_explicit_separators():
    header, rows = recover_table("Drug\tDose", ["Aspirin\t75 mg", "Ibuprofen\t200 mg"])
    assert header == ["Drug", "Dose"]
    assert rows == [["Aspirin", "75 mg"], ["Ibuprofen", "200 mg"]]


def test_recover_single_spaces():
    header, rows = recover_table(
        "Condition Main Symptom",
        ["Herniated Disc Sharp pain in the leg", "Spinal Stenosis Pain when walking"],
        "condition main symptom",
    )
    assert header == ["Condition", "Main Symptom"]
    assert rows == [["Herniated Disc", "Sharp pain in the leg"], ["Spinal Stenosis", "Pain when walking"]]


# -- real tables -------------------------------------------------------------------------------
def test_nci_tables_have_no_errors_and_match_labels():
    from healthlint.parsers import parse
    from healthlint.core.reading import read_source

    for label_path in sorted((CORPUS / "labels").glob("nci-*.json")):
        label = json.loads(label_path.read_text())
        path = CORPUS / label["file"]
        assert not [f for f in findings(path) if f.severity == "error"], path
        parsed = parse(read_source(str(path)))
        tables = [b.table for a in parsed.articles for b in a.tables]
        assert len(tables) == len(label["tables"])
        for table, want in zip(tables, label["tables"]):
            assert table.header_line == want["header_line"]
            assert len(table.rows) == want["rows"]
            assert table.rows[0].line == want["first_row_line"]
            assert table.rows[-1].line == want["last_row_line"]


def test_nci_headerless_row_header_tables_are_info():
    found = by_rule(findings(CORPUS / "nci/lumpectomy-or-mastectomy.html"), "tables/no-header")
    assert len(found) == 7 and {f.severity for f in found} == {"info"}


def test_star_layout_empty_cells_are_one_info():
    found = by_rule(findings(CORPUS / "nci/star-trial-qa.md"), "tables/empty-cell")
    assert len(found) == 1 and found[0].severity == "info"


def test_broken_fixture():
    found = findings(FIXTURES / "broken.md")
    count = by_rule(found, "tables/column-count")
    assert [f.start_line for f in count] == [9] and count[0].severity == "error"
    empty = by_rule(found, "tables/empty-cell")
    assert [f.start_line for f in empty] == [8] and empty[0].severity == "warning"
    assert [f.start_line for f in by_rule(found, "tables/duplicate-row")] == [10]
    units = by_rule(found, "tables/inconsistent-units")
    assert len(units) == 1 and "mg" in units[0].message and "spelled-out" in units[0].message
    missing = by_rule(found, "tables/missing-table")
    assert [f.start_line for f in missing] == [14]  # "the following table" is answered


def test_clean_markdown_table(tmp_path):
    path = write(tmp_path, "clean.md", "# Doses\n\nThe following table lists doses of vitamin C and zinc.\n\n"
                 "| Supplement | Dose |\n| --- | --- |\n| Vitamin C | 500 mg |\n| Zinc | 10 mg |\n")
    assert findings(path) == []


def test_headerless_html_table_warning(tmp_path):
    path = write(tmp_path, "t.html", "<html><body><main><h1>T</h1><table>\n<tr><td>1</td><td>2</td><td>3</td></tr>\n"
                 "<tr><td>It is a long sentence in a cell, not a label at all really.</td><td>5</td><td>6</td></tr>\n"
                 "</table></main></body></html>")
    found = by_rule(findings(path), "tables/no-header")
    assert len(found) == 1 and found[0].severity == "warning"


def test_row_not_in_text_and_comparison_drop(tmp_path):
    text = ("# Back pain\n\nCauses include:\n\n- Sciatica: nerve pain.\n- Strain: a pulled muscle.\n"
            "- Arthritis: worn joints.\n- Fracture: a broken vertebra.\n\n## Comparison of causes\n\n"
            "| Cause | Pain |\n| --- | --- |\n| Sciatica | leg |\n| Strain | back |\n| Arthritis | stiff |\n"
            "| Gout | toe |\n")
    found = by_rule(findings(write(tmp_path, "c.md", text), overrides=COMPARISON), "tables/row-not-in-text")
    messages = " ".join(f.message for f in found)
    assert "'Gout'" in messages and "Fracture" in messages


def test_backward_cue(tmp_path):
    path = write(tmp_path, "b.md", "# T\n\nAs the table above shows, it works.\n")
    assert len(by_rule(findings(path), "tables/missing-table")) == 1


def test_reference_table_rows_need_no_discussion(tmp_path):
    text = ("# Cancer\n\nLung cancer and breast cancer are common. Colon cancer is too.\n\n"
            "| Cancer | New cases |\n| --- | --- |\n| Lung | 230,000 |\n| Breast | 290,000 |\n| Colon | 150,000 |\n"
            "| Thyroid | 44,000 |\n")
    assert by_rule(findings(write(tmp_path, "r.md", text), overrides=COMPARISON), "tables/row-not-in-text") == []
    summary = text.replace("| Cancer |", "A summary of the cancers above:\n\n| Cancer |")
    found = by_rule(findings(write(tmp_path, "s.md", summary), overrides=COMPARISON), "tables/row-not-in-text")
    assert [f.data["label"] for f in found] == ["Thyroid"]


def test_rows_that_continue_a_spanning_cell_are_not_duplicates(tmp_path):
    text = ("# Trial\n\n| Group | Year | Result |\n| --- | --- | --- |\n| Women | 2001 | Yes |\n| | 2002 | Yes |\n"
            "| | 2002 | Yes |\n| Men | 2001 | No |\n| Men | 2001 | No |\n")
    found = by_rule(findings(write(tmp_path, "d.md", text)), "tables/duplicate-row")
    assert [f.start_line for f in found] == [9]


# -- item 4 of #14: comparison tables only, exact duplicates only ------------------------------
CLEAN = Path(__file__).parent / "fixtures" / "clean"


def test_clean_articles_give_no_table_or_disclaimer_findings():
    # Articles written for the tests (reference tables, comparisons whose rows are all discussed,
    # disclaimers in several wordings and places): an editor would find nothing to do here, with
    # row-not-in-text turned on too.
    paths = sorted(p for p in CLEAN.glob("*.*") if p.name != "README.md")
    assert len(paths) >= 6
    for path in paths:
        found = lint_file(str(path), Config(select=["tables", "disclaimers"], overrides=COMPARISON)).all_findings
        assert found == [], (path.name, [(f.rule, f.start_line, f.message) for f in found])


def test_comparison_header_needs_its_rows_discussed(tmp_path):
    text = ("# Knee pain\n\nExercise helps. Weight loss helps too. Pain relievers help on bad days.\n\n"
            "| Option | Pros | Cons |\n| --- | --- | --- |\n| Exercise | Free | Slow |\n| Weight loss | Less load | Hard |\n"
            "| Pain relievers | Fast | Side effects |\n| Knee brace | Support | Bulky |\n")
    found = by_rule(findings(write(tmp_path, "k.md", text), overrides=COMPARISON), "tables/row-not-in-text")
    assert [f.data.get("label") for f in found] == ["Knee brace"]
    # The same table with a plain header, after "the table below": a reference table, no finding.
    plain = text.replace("| Option | Pros | Cons |", "| Step | Good | Bad |").replace(
        "# Knee pain\n\n", "# Knee pain\n\nThe table below lists some steps.\n\n")
    assert by_rule(findings(write(tmp_path, "p.md", plain), overrides=COMPARISON), "tables/row-not-in-text") == []
    # Off by default: not in the default set.
    assert by_rule(findings(write(tmp_path, "k.md", text)), "tables/row-not-in-text") == []


def test_duplicate_rows_cell_by_cell_case_and_spacing_aside(tmp_path):
    text = ("# Doses\n\n| Drug | Dose |\n| --- | --- |\n| Aspirin | 75 mg |\n| Ibuprofen | 200 mg |\n"
            "| aspirin |  75  MG |\n")
    found = by_rule(findings(write(tmp_path, "d.md", text)), "tables/duplicate-row")
    assert [f.start_line for f in found] == [7]
    # Rows that only look alike are different rows; and a two-row table is too small to judge.
    alike = text.replace("| aspirin |  75  MG |", "| Aspirin | 75 mg daily |")
    assert by_rule(findings(write(tmp_path, "a.md", alike)), "tables/duplicate-row") == []
    two = "# Doses\n\n| Drug | Dose |\n| --- | --- |\n| Aspirin | 75 mg |\n| Aspirin | 75 mg |\n"
    assert by_rule(findings(write(tmp_path, "t.md", two)), "tables/duplicate-row") == []


def test_no_duplicate_rows_in_tables_recovered_from_scraped_text():
    # The seed's flattened tables: recovered cells may look alike; none is reported as a repeat.
    assert by_rule(findings(CORPUS / "farm/tag-spinal-pain.txt"), "tables/duplicate-row") == []


def test_bounds_are_not_units(tmp_path):
    text = ("# Blood pressure\n\n| Category | Top |\n| --- | --- |\n| Normal | 110 |\n| Raised | 125 |\n"
            "| High | 140 or higher |\n")
    assert by_rule(findings(write(tmp_path, "b.md", text)), "tables/inconsistent-units") == []
