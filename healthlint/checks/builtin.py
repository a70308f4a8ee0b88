"""The rules of healthlint itself, not of a check: a file it cannot read, markup (or bytes) it had
to work around, a suppression that suppresses nothing, a file ``--fix`` could not write safely. They live here, beside the registry
(``healthlint.checks.all_rules``), so that the engine and the suppressions import the registry and
never the other way round."""
from __future__ import annotations

from ..findings import Rule

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

ENGINE_RULES = (UNREADABLE, PARSE_ERROR, UNUSED_SUPPRESSION, FIX_FAILED)
