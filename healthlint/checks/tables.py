"""Tables: broken structure (column counts, empty cells, missing headers), duplicated rows, columns
that mix units, tables the text announces but that never come, rows the text never discusses, and
tables that scraping flattened into run-together lines.

Sources: W3C WAI Tables Tutorial and WCAG 2.2 SC 1.3.1 (header cells); AMA Manual of Style 11th ed.
§4.1 (every column headed, units consistent, a table cited in the text). See checks/tables.toml.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..core.findings import Rule
from ..core.model import HEADING, LIST_ITEM, TABLE, Block, Table
from ..core.phrases import stem
from ..language.vocabulary import english_zipf
from ..core.registry import Check

REFS = """- W3C WAI, Tables Tutorial: https://www.w3.org/WAI/tutorials/tables/
- WCAG 2.2 SC 1.3.1 Info and Relationships, techniques H51 and H63.
- AMA Manual of Style, 11th ed., section 4.1, Tables."""

COLUMN_COUNT = Rule("tables/column-count", "error", "A table row has more or fewer cells than the header.", f"""## What it finds
A row of a Markdown or HTML table whose number of cells differs from the header's (or, in a table
without a header, from the width most rows have).

## Why it matters
Renderers pad or drop the extra cells, so a value ends up under the wrong heading or disappears: in a
dosage table that is a wrong dose.

## Example
```
| Drug | Dose |
| --- | --- |
| Ibuprofen | 200 mg | every 4 hours |
```

## Fix
Add the missing cell (leave it empty on purpose, or write "n/a"), or add the column to the header.

## Options
None.

## References
{REFS}
""")

EMPTY_CELL = Rule("tables/empty-cell", "warning", "A table cell (or header cell) is empty.", f"""## What it finds
Empty cells in a data row, one finding per row. Empty cells that are layout rather than missing data
are reported at `info` level, once per table: a table whose header repeats names over pairs of
columns (the STAR trial's two columns of states), rows that are entirely empty, and runs of empty
cells at the start or end of a row.

## Why it matters
A reader cannot tell "none", "not known" and "forgot to fill in" apart; a screen reader says "blank".

## Example
`| Vitamin D | | 600 IU |`: what is the missing value?

## Fix
Fill the cell, or write what the gap means ("none", "not studied", "n/a"). For layout gaps, consider
splitting the table into one table per group.

## Options
None.

## References
{REFS}
""")

NO_HEADER = Rule("tables/no-header", "warning", "A table has no header row.", f"""## What it finds
A table with no header cells. When the first column holds short, distinct labels (each row names
the thing it describes, as in NCI's lumpectomy-or-mastectomy comparison tables), the table does have
headers, only in its first column: that is reported at `info` level, asking to mark them up as row
headers.

## Why it matters
Without header cells a screen reader reads values with no names, and the reader of a long table
loses track of which column is which.

## Example
`<table><tr><td>Mastectomy</td><td>3 to 4 weeks</td></tr></table>`

## Fix
Add a header row (`<th>` cells in `<thead>`), or mark the first cell of each row as a row header
(`<th scope="row">`).

## Options
None.

## References
{REFS}
""")

DUPLICATE_ROW = Rule("tables/duplicate-row", "warning", "A table row repeats an earlier row exactly.", f"""## What it finds
A row of a Markdown or HTML table of at least three rows (`duplicate-min-rows`) whose cells are
the same as an earlier row's, cell by cell, spacing and case aside, with a label in its first cell
and at least two cells filled. Tables recovered from scraped text are left alone: recovered cells
may look alike when the lines differ. Rows that continue a spanning cell ("| | Yes | No |") are
not repeats.

## Why it matters
A repeated row is a copy-and-paste slip; often the row that should have been there is missing.

## Example
Two rows "Fish oil | 1 g | daily".

## Fix
Delete the copy or replace it with the row that was meant.

## Options
`duplicate-min-rows` in `checks/tables.toml`.

## References
{REFS}
""")

INCONSISTENT_UNITS = Rule("tables/inconsistent-units", "warning",
                          "A numeric column mixes units or number formats.", f"""## What it finds
A column whose cells are mostly quantities but that mixes units ("5 mg" and "0.5 g"), spellings of
one unit ("5 mg", "10 milligrams"), numbers with and without a unit, or digits and spelled-out
numbers ("5", "five").

## Why it matters
Readers compare down a column; a switch from milligrams to grams is a tenfold or thousandfold
misreading waiting to happen, and the AMA Manual of Style asks for one unit per column.

## Example
| Supplement | Dose |
| --- | --- |
| Vitamin C | 500 mg |
| Fish oil | 1 g |
| Zinc | five |

## Fix
Use one unit and digits throughout; better, put the unit in the column heading ("Dose (mg)").

## Options
`numeric-column-share` (share of quantity cells that makes a column numeric) and the `[units]`
synonyms in `checks/tables.toml`.

## References
{REFS}
""")

MISSING_TABLE = Rule("tables/missing-table", "warning",
                     "The text announces a table (\"the following table\") that is not there.", f"""## What it finds
A sentence that points at a table ("the following table", "the table below", "the table above")
with no table within a few blocks in that direction.

## Why it matters
The table was lost in editing or in a CMS migration, or the sentence was copied from elsewhere.
Either way the reader is sent looking for something that does not exist.

## Example
"The following table lists the recommended doses." followed by a new section.

## Fix
Restore the table, or rewrite the sentence.

## Options
`missing-table-window` (blocks to look through) and the `[cues]` patterns in `checks/tables.toml`.

## References
{REFS}
""")

ROW_NOT_IN_TEXT = Rule("tables/row-not-in-text", "warning",
                       "A comparison or summary table has a row the text never discusses, or drops listed items.",
                       f"""## What it finds
Off by default (`row-text-tables = "off"`): its precision on real pages was not shown to reach
0.8. Turned on (`row-text-tables = "comparison"`), two mismatches between a table and the text
around it, only in a table whose rows the text
promises to cover: one its caption or the two blocks before it introduce as a comparison, a
summary, the options or their differences ("Comparing your options", "the table below summarises",
"at a glance", "differences between"), or one headed as a comparison ("Option | Pros | Cons",
"Advantages", "Disadvantages"). "The table below" alone only announces a table: reference tables,
whose rows the text does not discuss one by one (13 cancer types and their case counts, a dosing
table), give no finding.
- a row label (a condition, a test) that the article never mentions outside the table, when the
  text does discuss at least `row-text-min-covered` of the other rows. With `row-text-tables =
  "summary"` every table whose rows the text mostly discusses is checked too;
- a comparison that leaves out items of a list it overlaps: the text lists five conditions, the
  table compares three.

## Why it matters
A summary table should summarise the article. A row the text never explains is unsupported (and in
generated content often invented); a dropped item makes the comparison look complete when it is not.

## Example
A table of injuries with a row "Acts of Violence" in an article that never mentions violence.

## Fix
Discuss the row in the text, or remove it; add the missing items to the table, or say why they are
left out.

## Options
`row-text-tables` ("off", the default: the rule is not in the default set; "comparison", or
"summary"), `row-text-min-covered` (share
of rows the text must discuss), `row-label-max-words`, and the `comparison` and
`comparison-headers` cues in `checks/tables.toml`.

## References
{REFS}
""")

FLATTENED = Rule("tables/flattened", "warning",
                 "A table lost its cell boundaries in scraping; healthlint recovered its columns.", f"""## What it finds
In scraped plain text, a run of lines that was a table whose cells were joined by single spaces
("Herniated Disc Lower back, radiating down buttock and leg Sharp, shooting ..."). healthlint
recovers the columns from capitalisation and punctuation, names them in the finding, and checks the
recovered table like any other. One finding per table.

## Why it matters
Published like this, the table is unreadable: the reader cannot tell where a cell ends.

## Example
```
Condition Pain Location Pain Characteristics Other Symptoms
Herniated Disc Lower back, radiating down buttock and leg Sharp, shooting, burning pain; ...
```

## Fix
Rebuild the table in the source (the finding lists the recovered columns and row count), or
republish from a source that keeps the markup.

## Options
None.

## References
{REFS}
""")

SPACES = re.compile(r"\s+")
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
QUANTITY = re.compile(
    rf"^(?:about|approximately|approx\.?|around|up to|less than|more than|at least|at most|under|over|~|<|>|≤|≥|<=|>=)?"
    rf"\s*(?P<num>{NUMBER})"
    rf"(?:\s*(?:-|–|—|to)\s*(?:{NUMBER}))?\s*(?P<unit>[^\d\s][^\d]{{0,18}})?$",
    re.I,
)
SPELLED = re.compile(
    r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|a hundred|one hundred|half|a half)\b(?P<unit>\s+\D{1,18})?$",
    re.I,
)
# "140 or higher", "65 and older": a bound, not a unit.
BOUND = re.compile(r"^(?:(?P<unit>.*?)\s+)?(?:or|and)\s+(?:higher|more|less|lower|older|younger|above|below|over|under|up)$", re.I)
STOP = {"the", "a", "an", "of", "and", "or", "in", "on", "for", "to", "with", "by", "at", "vs"}


class TablesCheck(Check):
    name = "tables"
    needs = frozenset({"sentences", "vocabulary"})
    rules = (COLUMN_COUNT, EMPTY_CELL, NO_HEADER, DUPLICATE_ROW, INCONSISTENT_UNITS, MISSING_TABLE,
             ROW_NOT_IN_TEXT, FLATTENED)

    def run(self, analysed, ctx) -> None:
        article = analysed.article
        thresholds = ctx.thresholds
        policy = ctx.policy.section("tables")
        units = _unit_map(tuple((k, tuple(v)) for k, v in policy.get("units", {}).items()))
        text_blocks = [b.text for b in article.blocks if b.kind != TABLE]
        prose_key = (_stems(" ".join(text_blocks)), [set(_stems(t).split()) for t in text_blocks])
        tables = article.tables
        for block in tables:
            table = block.table
            if table is None:
                continue
            if table.flattened:
                self._flattened(block, table, ctx)
            else:
                self._structure(block, table, ctx)
            self._duplicates(block, table, ctx, int(thresholds["duplicate-min-rows"]))
            self._units(block, table, ctx, units, thresholds["numeric-column-share"])
            self._rows_in_text(block, table, ctx, article, prose_key, thresholds, policy)
        self._announced(analysed, ctx, thresholds["missing-table-window"], policy.get("cues", {}))
        ctx.figures["tables"] = len(tables)
        ctx.figures["flattened"] = sum(1 for b in tables if b.table and b.table.flattened)
        ctx.figures["rows"] = sum(len(b.table.rows) for b in tables if b.table)

    # -- structure ---------------------------------------------------------------------------
    def _structure(self, block: Block, table: Table, ctx) -> None:
        header = table.header if table.header and any(c.strip() for c in table.header) else None
        widths = [len(r.cells) for r in table.rows]
        if header is None:
            self._no_header(block, table, ctx)
            expected = max(set(widths), key=widths.count) if widths else 0
        else:
            expected = len(header)
        for row in table.rows:
            if len(row.cells) != expected and any(c.strip() for c in row.cells):
                what = "header" if header else "most rows"
                ctx.report(COLUMN_COUNT.id,
                           f"Row has {len(row.cells)} cells but the {what} {'has' if header else 'have'} {expected}",
                           block=block, lines=(row.line, row.last_line), excerpt=" | ".join(row.cells),
                           data={"cells": len(row.cells), "expected": expected})
        self._empty_cells(block, table, header, ctx)

    def _no_header(self, block: Block, table: Table, ctx) -> None:
        labels = [r.cells[0].strip() for r in table.rows if r.cells]
        row_headers = (
            len(labels) >= 2 and all(len(r.cells) >= 2 for r in table.rows)
            and all(0 < len(label.split()) <= 8 for label in labels)
            and len({label.lower() for label in labels}) == len(labels)
        )
        if row_headers:
            ctx.report(NO_HEADER.id,
                       "Table has no header row; its first column names each row: mark those cells as row "
                       "headers (<th scope=\"row\">) or add a header row",
                       block=block, lines=(block.start_line, block.start_line), excerpt=" / ".join(labels),
                       severity="info", data={"row_headers": labels})
        else:
            ctx.report(NO_HEADER.id, "Table has no header row: readers and screen readers cannot name its columns",
                       block=block, lines=(block.start_line, block.start_line),
                       excerpt=block.text.split("\n", 1)[0])

    def _empty_cells(self, block: Block, table: Table, header: list[str] | None, ctx) -> None:
        header = header or []
        named = [h.strip().lower() for h in header if h.strip()]
        layout = bool(header) and (any(not h.strip() for h in header[1:]) or len(set(named)) < len(named))
        gaps: list[str] = []
        empty_header = [i for i, h in enumerate(header) if i > 0 and not h.strip()]
        if empty_header:
            gaps.append(f"{len(empty_header)} empty header cell(s)")
            if not layout:
                ctx.report(EMPTY_CELL.id, f"Header cell {empty_header[0] + 1} is empty: name the column",
                           block=block, lines=(table.header_line or block.start_line,) * 2,
                           excerpt=" | ".join(header))
        for row in table.rows:
            empty = [i for i, c in enumerate(row.cells) if not c.strip()]
            if not empty:
                continue
            where = (row.line, row.last_line)
            excerpt = " | ".join(row.cells)
            if len(empty) == len(row.cells):
                gaps.append(f"empty row at line {row.line}")
                continue
            edge_run = len(empty) >= 2 and (empty == list(range(len(empty)))
                                            or empty == list(range(len(row.cells) - len(empty), len(row.cells))))
            if layout or edge_run:
                gaps.append(f"{len(empty)} empty cell(s) at line {row.line}")
                continue
            names = [header[i] if i < len(header) and header[i].strip() else f"column {i + 1}" for i in empty]
            ctx.report(EMPTY_CELL.id, f"Empty cell(s) in row {row.cells[0] or row.line!r}: {', '.join(names)}",
                       block=block, lines=where, excerpt=excerpt, data={"columns": [i + 1 for i in empty]})
        if gaps and (layout or any("row" in g or "cell(s) at" in g for g in gaps)):
            reason = "the header spans pairs of columns" if layout else "they look like layout gaps"
            ctx.report(EMPTY_CELL.id,
                       f"Table uses empty cells for layout ({reason}): {'; '.join(gaps[:6])}"
                       + ("; ..." if len(gaps) > 6 else "") + ". Consider splitting it into simpler tables",
                       block=block, lines=(block.start_line, block.end_line), excerpt=block.text.split("\n", 1)[0],
                       severity="info", data={"gaps": gaps})

    def _flattened(self, block: Block, table: Table, ctx) -> None:
        columns = table.header or []
        unsplit = [r.line for r in table.rows if len(r.cells) != len(columns)]
        message = (f"Table flattened in scraping: recovered {len(columns)} columns "
                   f"({' | '.join(columns)}) and {len(table.rows)} rows; rebuild it as a real table")
        if unsplit:
            message += f" (rows at lines {', '.join(map(str, unsplit))} could not be split)"
        ctx.report(FLATTENED.id, message, block=block, lines=(table.header_line or block.start_line,) * 2,
                   excerpt=table.raw_header or "", suggestion=" | ".join(columns),
                   data={"columns": columns, "rows": len(table.rows), "unsplit_rows": unsplit})

    # -- content -----------------------------------------------------------------------------
    def _duplicates(self, block: Block, table: Table, ctx, min_rows: int) -> None:
        """Rows identical cell by cell (spacing and case aside) in a marked-up table of at least
        ``min_rows`` rows. A table recovered from scraped text is left alone: its recovered cells
        may look alike when the lines differ. A row needs a label and one more filled cell, so a
        row continuing a spanning cell ("| | Yes | No |") is no repeat."""
        if table.flattened or len(table.rows) < min_rows:
            return
        seen: dict[tuple[str, ...], int] = {}
        for row in table.rows:
            key = tuple(SPACES.sub(" ", c).strip().casefold() for c in row.cells)
            if not key or not key[0] or sum(1 for c in key if c) < 2:
                continue
            if key in seen:
                ctx.report(DUPLICATE_ROW.id, f"Row repeats the row at line {seen[key]}", block=block,
                           lines=(row.line, row.last_line), excerpt=" | ".join(row.cells),
                           data={"first_line": seen[key]})
            else:
                seen[key] = row.line

    def _units(self, block: Block, table: Table, ctx, units: dict[str, str], share: float) -> None:
        width = max((len(r.cells) for r in table.rows), default=0)
        for col in range(width):
            cells = [(r, r.cells[col].strip()) for r in table.rows if col < len(r.cells) and r.cells[col].strip()]
            parsed = [(r, text, _quantity(text, units)) for r, text in cells]
            quantities = [(r, t, q) for r, t, q in parsed if q is not None]
            if len(quantities) < 2 or len(quantities) < share * len(cells):
                continue
            canon = {q[1] for _, _, q in quantities if q[1]}
            spellings = {q[2] for _, _, q in quantities if q[2]}
            forms = {q[0] for _, _, q in quantities}
            bare = [t for _, t, q in quantities if not q[1]]
            with_unit = [t for _, t, q in quantities if q[1]]
            problems = []
            if len(canon) > 1:
                problems.append(f"units {', '.join(sorted(canon))}")
            elif len(spellings) > 1:
                problems.append(f"spellings of one unit ({', '.join(sorted(spellings))})")
            if bare and with_unit:
                problems.append(f"numbers with and without a unit ({with_unit[0]!r}, {bare[0]!r})")
            if len(forms) > 1:
                words = next(t for _, t, q in quantities if q[0] == "words")
                problems.append(f"digits and spelled-out numbers ({words!r})")
            if not problems:
                continue
            name = table.header[col] if table.header and col < len(table.header) and table.header[col] else f"column {col + 1}"
            first, last = quantities[0][0], quantities[-1][0]
            ctx.report(INCONSISTENT_UNITS.id, f"Column {name!r} mixes {'; '.join(problems)}",
                       block=block, lines=(first.line, last.last_line),
                       excerpt=", ".join(t for _, t, _ in quantities[:6]),
                       suggestion="Use one unit and digits throughout, stated in the column heading",
                       data={"column": name, "units": sorted(canon)})

    def _rows_in_text(self, block: Block, table: Table, ctx, article, prose_key: tuple[str, list[set[str]]],
                      thresholds, policy) -> None:
        max_words = thresholds["row-label-max-words"]
        labels = [(r, r.cells[0].strip()) for r in table.rows if r.cells and r.cells[0].strip()]
        # A question ("How big are they?") or a long phrase is not the name of a thing to look up.
        labels = [(r, label) for r, label in labels if len(label.split()) <= max_words and not label.endswith("?")]
        if thresholds["row-text-tables"] == "off":
            return
        intro = _introduction(article, block)
        cues = policy.get("cues", {})
        promised = (bool(intro) and any(re.search(c, intro, re.I) for c in cues.get("comparison", []))) \
            or _comparison_header(table, tuple(cues.get("comparison-headers", [])))
        # Rows of reference tables are rarely discussed one by one: by default only a table the text
        # promises as a comparison or summary (or headed as one: Option / Pros / Cons) must have
        # its rows discussed.
        if len(labels) >= 3 and (promised or thresholds["row-text-tables"] == "summary"):
            missing = [(r, label) for r, label in labels if not _discussed(label, prose_key)]
            covered = 1 - len(missing) / len(labels)
            if missing and covered >= thresholds["row-text-min-covered"]:
                for row, label in missing:
                    ctx.report(ROW_NOT_IN_TEXT.id,
                               f"Row {label!r} is not discussed anywhere in the text, unlike the table's other rows",
                               block=block, lines=(row.line, row.last_line), excerpt=" | ".join(row.cells),
                               data={"label": label})
        if not labels or not promised:
            return
        def in_table(item: str) -> bool:
            key = _stems(item)
            return any(_discussed(label, (key, [set(key.split())])) for _, label in labels)

        for items in _labelled_lists(article, block):
            inside = [i for i in items if in_table(i)]
            if len(inside) * 2 < len(items) or len(inside) == len(items):
                continue
            dropped = [i for i in items if i not in inside]
            ctx.report(ROW_NOT_IN_TEXT.id,
                       f"Table compares {len(inside)} of the {len(items)} items the text lists; "
                       f"it leaves out {', '.join(dropped)}",
                       block=block, lines=(block.start_line, block.start_line), excerpt=intro[:200],
                       data={"dropped": dropped})

    def _announced(self, analysed, ctx, window: int, cues: dict) -> None:
        blocks = analysed.article.blocks
        forward = [re.compile(c, re.I) for c in cues.get("forward", [])]
        anywhere = [re.compile(c, re.I) for c in cues.get("forward-anywhere", [])]
        backward = [re.compile(c, re.I) for c in cues.get("backward", [])]
        for block in blocks:
            if not block.is_prose:
                continue
            for patterns, span, direction in ((forward, blocks[block.index + 1: block.index + 1 + window], "soon after"),
                                             (anywhere, blocks[block.index + 1:], "after"),
                                             (backward, blocks[max(0, block.index - window): block.index], "before")):
                match = next((m for p in patterns for m in [p.search(block.text)] if m), None)
                if match is None or any(b.kind == TABLE for b in span):
                    continue
                start, end = _sentence_around(block.text, match.start(), match.end())
                ctx.report(MISSING_TABLE.id,
                           f"The text refers to a table ({match.group(0)!r}) but no table comes {direction} it",
                           block=block, span=(start, end), data={"cue": match.group(0)})


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return (left + 2 if left >= 0 and text[left] == "." else left + 1 if left >= 0 else 0), right


def _introduction(article, block: Block) -> str:
    parts = [block.table.caption or ""] if block.table else []
    for previous in article.blocks[max(0, block.index - 2): block.index]:
        if previous.kind in (HEADING,) or previous.is_prose:
            parts.append(previous.text)
    return " ".join(p for p in parts if p)


def _comparison_header(table: Table, words: tuple[str, ...]) -> bool:
    """Whether the table's header names a comparison: a header cell that is one of ``words``
    ("Pros", "Cons", "Option", "Advantages"), stemmed and case aside."""
    if not table.header or not words:
        return False
    def key(text: str) -> str:
        return " ".join(stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()))

    wanted = {key(w) for w in words} - {""}
    return any(key(cell) in wanted for cell in table.header)


def _labelled_lists(article, block: Block) -> list[list[str]]:
    """Runs of list items before the table whose items start with a label ("Osteoarthritis: ...")."""
    runs: list[list[str]] = []
    current: list[str] = []
    for b in article.blocks[: block.index]:
        label = b.text.split(":", 1)[0].strip() if b.kind == LIST_ITEM and ":" in b.text[:60] else None
        if label and len(label.split()) <= 6:
            current.append(label)
        elif b.kind == LIST_ITEM or b.kind == TABLE or b.kind == HEADING:
            if len(current) >= 2:
                runs.append(current)
            current = []
    if len(current) >= 2:
        runs.append(current)
    return runs


def _discussed(label: str, text_key: tuple[str, list[set[str]]]) -> bool:
    """Whether any part of a row label ("Muscle Imbalances/Tightness", "Electromyography (EMG)")
    occurs in the text: as a stemmed phrase anywhere, or as all its content words in one block
    ("Mastectomy with reconstruction" in "a mastectomy that is followed by breast reconstruction")."""
    phrase_key, block_words = text_key
    parts = re.split(r"[/(),;]|\band\b|\bor\b|&", label)
    for part in [label, *parts]:
        key = _stems(part)
        if not key.strip():
            continue
        if key in phrase_key:
            return True
        words = set(key.split())
        rarest = _rarest(tuple(sorted(words)))
        for found in block_words:
            if rarest in found and len(words & found) * 2 >= len(words):
                return True
    return False


@lru_cache(maxsize=4096)
def _rarest(words: tuple[str, ...]) -> str:
    """The most specific word of a label ("glioblastoma" in "progressive glioblastoma"): the one
    least frequent in English."""
    return min(words, key=lambda w: (english_zipf(w), w))


@lru_cache(maxsize=4096)
def _stems(text: str) -> str:
    words = [stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]
    return " " + " ".join(words) + " "


@lru_cache(maxsize=16)
def _unit_map(pairs: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    mapping = {}
    for canonical, spellings in pairs:
        for spelling in spellings:
            mapping[spelling.lower()] = canonical
    return mapping


def _quantity(text: str, units: dict[str, str]) -> tuple[str, str | None, str | None] | None:
    """("digits" | "words", canonical unit, unit as written) of a cell that is a quantity, else None."""
    text = SPACES.sub(" ", text).strip().rstrip(".")
    match = QUANTITY.match(text)
    form = "digits"
    if not match:
        match = SPELLED.match(text)
        form = "words"
    if not match:
        return None
    unit = (match.group("unit") or "").strip().lower()
    bound = BOUND.match(unit)
    if bound:
        unit = (bound.group("unit") or "").strip()
    if not unit:
        return form, None, None
    if len(unit.split()) > 2:
        return None  # "5 women took part": a sentence, not a quantity
    canonical = units.get(unit) or units.get(unit.rstrip("s")) or unit
    return form, canonical, unit


CHECK = TablesCheck()
