"""Plain text as it comes from exports and scrapers: hard-wrapped paragraphs, wrapped list items,
headings with no blank line under them, and a site's name or menu above the article's title."""
from __future__ import annotations

from healthlint.core.config import Config
from healthlint.core.model import HEADING, LIST_ITEM, PARAGRAPH, TABLE
from healthlint.core.reading import SourceText
from healthlint.parsers import parse
from healthlint.run.engine import lint_file

WRAPPED = """Shingles

Shingles is a painful rash caused by the virus that causes chickenpox. After
a person has had chickenpox, the virus stays in the nerves for life and can
wake up decades later, often when the immune system is weaker because of age,
illness or medicines.

Early signs
The first sign is usually burning, tingling or itching on one side of the
body. A few days later a band of blisters appears in the same place, and it
crusts over within about ten days.

Ways to ease the pain:
- cool, damp cloths on the rash, several times a day, for fifteen minutes
  at a time
- loose cotton clothes that do not rub the blisters
- pain relief from a pharmacist

Antiviral tablets work best when they are started within three days of the
rash appearing.
"""


def blocks_of(text: str, name: str = "page.txt"):
    parsed = parse(SourceText(name, "text", "utf-8", text))
    assert len(parsed.articles) == 1
    return parsed.articles[0]


def test_a_hard_wrapped_paragraph_is_one_paragraph_not_a_table():
    article = blocks_of(WRAPPED)
    first = next(b for b in article.blocks if b.text.startswith("Shingles is"))
    assert first.kind == PARAGRAPH
    assert (first.start_line, first.end_line) == (3, 6)
    assert not any(b.kind == TABLE for b in article.blocks)
    # offsets still map onto the source lines and columns, for findings and fixes
    offset = first.text.index("wake up")
    assert first.line_at(offset) == 5
    assert first.column_at(offset) == 1


def test_two_wrapped_lines_are_one_paragraph():
    article = blocks_of(WRAPPED)
    last = article.blocks[-1]
    assert (last.kind, last.start_line, last.end_line) == (PARAGRAPH, 19, 20)


def test_a_heading_with_no_blank_line_under_it_stays_a_heading():
    article = blocks_of(WRAPPED)
    heading = next(b for b in article.blocks if b.text == "Early signs")
    assert heading.kind == HEADING
    after = article.blocks[article.blocks.index(heading) + 1]
    assert (after.kind, after.start_line, after.end_line) == (PARAGRAPH, 9, 11)


def test_a_wrapped_list_item_keeps_its_continuation_line():
    article = blocks_of(WRAPPED)
    items = [b for b in article.blocks if b.kind == LIST_ITEM]
    assert [(b.start_line, b.end_line) for b in items] == [(14, 15), (16, 16), (17, 17)]
    assert items[0].text.endswith("at a time")


def test_one_sentence_per_line_stays_one_paragraph_per_line():
    text = ("Tinnitus\n\nTinnitus is a sound in the ears that has no outside source and can be heard by only "
            "the person who has it.\nMost people who have it describe a ringing, buzzing or hissing sound that "
            "comes and goes.\n")
    article = blocks_of(text)
    assert [(b.kind, b.start_line) for b in article.blocks] == [(PARAGRAPH, 3), (PARAGRAPH, 4)]


def test_a_flattened_table_is_still_a_table():
    text = """Knee injuries compared

Injury Main sign Usual care
Sprain Swelling Rest and ice
Torn meniscus Locking Physiotherapy
Fracture Deformity Surgery
"""
    article = blocks_of(text)
    assert [b.kind for b in article.blocks] == [TABLE]


def test_hard_wrapped_prose_gets_no_flattened_table_finding(tmp_path):
    path = tmp_path / "shingles.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    found = lint_file(str(path), Config(select=["tables"])).all_findings
    assert [f.rule for f in found] == []


def test_the_title_is_past_the_site_name_and_menu():
    text = """Riverside Community Clinic
Home | Services | Contact | Book online

Shingles

Shingles is a painful rash caused by the virus that causes chickenpox. The rash of
shingles usually comes as a band of blisters on one side of the body.
"""
    article = blocks_of(text)
    assert article.title == "Shingles"
    # the masthead stays in the article, a line at a time, for the hygiene check to see
    assert [b.text for b in article.blocks[:2]] == ["Riverside Community Clinic", "Home | Services | Contact | Book online"]
    assert all(b.kind == PARAGRAPH for b in article.blocks[:2])


def test_a_first_line_that_names_the_subject_stays_the_title():
    text = """Shingles: Why It Flares Up and How to Calm It Down

Shingles is a painful rash caused by the virus that causes chickenpox, and it can
come back when the immune system is weaker.

What causes shingles?

The virus that causes chickenpox stays in the nerves for life.
"""
    assert blocks_of(text).title == "Shingles: Why It Flares Up and How to Calm It Down"
