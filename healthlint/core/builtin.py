"""The rules of healthlint itself, not of a check: a file it cannot read, markup (or bytes) it had
to work around, a file it failed on, ran out of time on or read in a simpler way, a suppression that
suppresses nothing, a file ``--fix`` could not write safely. They live here, beside the registry
(``healthlint.checks.all_rules``), so that the engine and the suppressions import the registry and
never the other way round."""
from __future__ import annotations

from .findings import Rule

UNREADABLE, PARSE_ERROR = (
    Rule(
        "healthlint/unreadable",
        "error",
        "The file could not be read as an article (binary, empty, undecodable or over the size limit).",
        """## What it finds
A file that healthlint was asked to check but could not read: binary data, an empty file, bytes
that are not UTF-8, Latin-1 or Windows-1252 text, or a file over `max-file-size`.

## Why it matters
A file that cannot be checked cannot be vouched for. The rest of the run goes on.

## Example
`photo.jpg` saved into the articles folder: "binary file (contains NUL bytes): not an article".

## Fix
Remove the file from the articles folder, re-save it as UTF-8 text, or raise `max-file-size`.

## Options
`max-file-size` in the configuration (default 10MB).
""",
    ),
    Rule(
        "healthlint/parse-error",
        "warning",
        "Part of the file is malformed (front matter, markup) and was read as well as possible.",
        """## What it finds
Malformed structure that the parser had to work around: front matter that is not valid YAML, or
HTML that could not be parsed at all. Also bytes that are not valid in the encoding the file was
read in (a stray byte in UTF-8, a byte Windows-1252 leaves undefined): the message names the
encoding, the byte, its offset and line.

## Why it matters
Metadata such as the reviewer and review date comes from front matter; when it is unreadable the
checks that need it cannot see it.

## Example
```
---
title: "Back pain
---
```

## Fix
Correct the syntax at the line given.

## Options
None.
""",
    ),
)

UNUSED_SUPPRESSION = Rule(
    "healthlint/unused-suppression",
    "warning",
    "A healthlint-disable comment or front-matter ignore that suppresses nothing.",
    """## What it finds
A suppression directive (`<!-- healthlint-disable RULE -->`, `<!-- healthlint-disable-next-line RULE -->`
or `healthlint: {ignore: [RULE]}` in the front matter) that no finding needed, or that names a rule
healthlint does not know.

## Why it matters
Suppressions outlive the problem they were written for. A stale one hides the next real problem at
that spot, and a misspelt rule id silently suppresses nothing.

## Example
```
<!-- healthlint-disable-next-line off-topic/bridge -->
Back pain is common in adults over 40.
```
The paragraph is on topic, so nothing is suppressed: the comment is reported.

## Fix
Delete the directive, or correct the rule id (`healthlint rules` lists them). Ranges opened with
`healthlint-disable` close with `<!-- healthlint-enable -->`.

## Options
Ignore this rule (`ignore = ["healthlint/unused-suppression"]`) to keep stale suppressions quietly.
Unused suppressions are not reported for rules switched off by `select` or `ignore`.

## References
The same convention as ESLint's `--report-unused-disable-directives` and Ruff's `RUF100`.
""",
)

# Reported by fixes.py (``--fix``) for a file it could not write safely.
FIX_FAILED = Rule(
    "healthlint/fix-failed",
    "warning",
    "--fix could not fix this file safely and left it untouched (read-only, changed, owner not kept...).",
    """## What it finds
A file whose findings `--fix` would have fixed, but that it left exactly as it was because writing it
was not safe: the file is read-only or not yours to write, its folder is read-only, it changed after
it was checked, or its owner and group could not be kept in the rewritten copy.

## Why it matters
The findings it would have fixed are still there, and are reported as usual.

## Example
`chmod 444 draft.md; healthlint check --fix draft.md`: "draft.md: read-only file (mode 0444); not fixed".

## Fix
Make the file writable (or run as its owner) and run `--fix` again.

## Options
None.
""",
)

# A file healthlint failed on, one it stopped checking at the per-file time budget, and one read in
# a simpler way because it is over a size or nesting limit (the engine reports them).
DEFAULT_TIME_BUDGET = 10.0
TIME_BUDGET_ENV = "HEALTHLINT_TIME_BUDGET"

INTERNAL_ERROR, TIME_LIMIT, OVER_LIMIT = (
    Rule(
        "healthlint/internal-error",
        "error",
        "healthlint itself failed on this file (a bug); the file was not fully checked.",
        """## What it finds
A file on which healthlint raised an unexpected error while reading, parsing, analysing or running
one of its checks. The message names the stage and the error in one line; `--verbose` prints the
traceback. The other files of the run are checked as usual; when one check failed, the other
checks' findings for the file are still reported.

## Why it matters
The file (or the failing check) was not checked, so it cannot be vouched for. This is a fault in
healthlint, never in the article: please report it with the file.

## Example
`healthlint failed while checking (spelling): IndexError: list index out of range`

## Fix
Report the error with the file and the `--verbose` traceback. Until it is fixed, `--ignore` the
failing check for that file.

## Options
None. A run that produced an internal error exits with code 3.
""",
    ),
    Rule(
        "healthlint/time-limit",
        "error",
        "Checking the file took longer than the per-file time budget and was stopped.",
        f"""## What it finds
A file whose parsing, analysis and checks together took longer than the per-file time budget
({DEFAULT_TIME_BUDGET:g} seconds by default). Checking it was stopped so that the run goes on;
no other finding is reported for it.

## Why it matters
One pathological file (a generated page, a dump of a database) must not hold up a CI job.

## Example
`checking stopped after 10 s (the per-file time budget)`

## Fix
Split the file, or check it on its own with a larger budget.

## Options
The environment variable `{TIME_BUDGET_ENV}` sets the budget in seconds (`0` turns it off).
""",
    ),
    Rule(
        "healthlint/over-limit",
        "warning",
        "Part of the file is over a size or nesting limit and was read in a simpler way.",
        """## What it finds
Structure or text beyond the limits healthlint holds itself to, so that every file is checked in
bounded time and memory: markup nested deeper than the nesting limit (its deeper content is
read as plain text of the enclosing block), or a paragraph so long that it is not analysed.

## Why it matters
What was simplified or skipped was not checked in full.

## Example
`HTML nests deeper than 100 elements; deeper elements were read as the text of their ancestor`

## Fix
Flatten the markup, or break the text into paragraphs.

## Options
None.
""",
    ),
)

ENGINE_RULES = (UNREADABLE, PARSE_ERROR, INTERNAL_ERROR, TIME_LIMIT, OVER_LIMIT, UNUSED_SUPPRESSION, FIX_FAILED)
