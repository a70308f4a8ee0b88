"""Table recovery against the labels: flattened tables of the farm page, real tables of the NCI pages.

Usage: python bench/tables.py [CORPUS]   (default ../shared/corpus beside the checkout)
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from corpus_files import DEFAULT_CORPUS
from healthlint.parsers import parse
from healthlint.core.reading import read_source


def tables_of(path: Path):
    parsed = parse(read_source(str(path)))
    return [b.table for a in parsed.articles for b in a.tables]


def main(corpus: Path) -> None:
    label = json.loads((corpus / "labels/tag-spinal-pain.json").read_text())
    tables = tables_of(corpus / label["file"])
    exact_tables = exact_rows = total_rows = 0
    for table, want in zip(tables, label["tables"]):
        header_ok = table.header == want["columns"] and table.header_line == want["header_line"]
        rows_ok = [r.line for r in table.rows] == want["row_lines"]
        split = sum(len(r.cells) == len(want["columns"]) for r in table.rows)
        exact_tables += header_ok and rows_ok and split == len(want["row_lines"])
        exact_rows += split if header_ok else 0
        total_rows += len(want["row_lines"])
    print(f"farm: {len(tables)} tables found, {len(label['tables'])} labelled; "
          f"{exact_tables} recovered exactly (header columns, lines, every row split); "
          f"rows split into the labelled column count: {exact_rows}/{total_rows}")

    fields = ("header_line", "columns", "rows", "first_row_line", "last_row_line")
    hits = {f: 0 for f in fields}
    count = 0
    for path in sorted((corpus / "labels").glob("nci-*.json")):
        label = json.loads(path.read_text())
        tables = tables_of(corpus / label["file"])
        if len(tables) != len(label["tables"]):
            print(f"  {label['file']}: {len(tables)} tables found, {len(label['tables'])} labelled")
        for table, want in zip(tables, label["tables"]):
            count += 1
            columns = [re.sub(r"\*\*(.*?)\*\*", r"\1", c) for c in want["columns"]] if want["columns"] else None
            got = {
                "header_line": table.header_line,
                "columns": table.header,
                "rows": len(table.rows),
                "first_row_line": table.rows[0].line if table.rows else None,
                "last_row_line": table.rows[-1].line if table.rows else None,
            }
            expected = dict(want, columns=columns)
            for field in fields:
                if got[field] == expected[field]:
                    hits[field] += 1
                else:
                    print(f"  {label['file']}: {field} {got[field]!r} != {expected[field]!r}")
    print(f"nci: {count} tables; " + ", ".join(f"{f} {hits[f]}/{count}" for f in fields)
          + " (columns compared with Markdown bold markers removed)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS)
