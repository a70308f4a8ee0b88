"""``healthlint check --fix`` (and ``--diff``, which shows the fixes without writing).

Each rule owns its fix (``Rule.fix``, see ``healthlint/findings.py``): a function from a finding and
the file's lines to edits, with an applicability. This module knows no rule: it asks each finding's
rule for its edits, keeps the safe ones (and the unsafe ones with ``--unsafe-fixes``; never the
display-only ones), applies them without overlaps, and re-checks the fixed text before anything is
written: a file whose fixes would add a finding of any rule is left as it is, with a note.

The file is edited as raw lines with their own line endings, so nothing outside the fixed spans
changes; it is written back in its own encoding (a BOM stays) through a temporary file in the same
folder and ``os.replace``.
"""
from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .checks import all_rules
from .findings import SAFE, UNSAFE, FixSource, LinesEdit, NotFixable, Rule, SpanEdit

EOL = re.compile(r"\r\n|\r|\n")


class FixError(Exception):
    """A file that cannot be fixed safely; the message says why."""


@dataclass
class Line:
    text: str
    eol: str


@dataclass
class FileFix:
    path: str
    old: bytes
    new: bytes
    encoding: str
    fixed: list[str] = field(default_factory=list)  # rule ids of the findings fixed
    skipped: list[str] = field(default_factory=list)  # why some fixable findings were left

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def diff(self) -> str:
        old = self.old.decode(self.encoding).splitlines(keepends=True)
        new = self.new.decode(self.encoding).splitlines(keepends=True)
        lines = list(difflib.unified_diff(old, new, f"a/{self.path}", f"b/{self.path}"))
        return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                       for line in lines)


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for match in EOL.finditer(text):
        lines.append(Line(text[pos:match.start()], match.group(0)))
        pos = match.end()
    if pos < len(text):
        lines.append(Line(text[pos:], ""))
    return lines


def dominant_eol(lines: list[Line]) -> str:
    counts: dict[str, int] = {}
    for line in lines:
        if line.eol:
            counts[line.eol] = counts.get(line.eol, 0) + 1
    return max(counts, key=lambda eol: counts[eol]) if counts else "\n"


def atomic_write(path: Path, data: bytes) -> None:
    path = Path(path)
    mode = None
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        pass
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


# -- planning edits -------------------------------------------------------------------------------

@dataclass
class Edit:
    """Replace lines [start, end) (0-based) with ``lines``; an insertion has start == end."""

    start: int
    end: int
    lines: list[str]
    rule: str
    order: int = 0

    @property
    def is_insert(self) -> bool:
        return self.start == self.end


def fixable(rule: Rule | None, finding, unsafe: bool) -> bool:
    """Whether ``--fix`` (with ``unsafe``: ``--fix --unsafe-fixes``) applies this finding's fix."""
    if rule is None or rule.fix is None:
        return False
    applicability = rule.fix.applicability_for(finding)
    return applicability == SAFE or (unsafe and applicability == UNSAFE)


def plan(result, lines: list[Line], config, unsafe: bool = False) -> tuple[list[Edit], list[str]]:
    """The edits that fix the fixable findings of ``result``, and notes on those left alone."""
    rules = all_rules()
    edits: list[Edit] = []
    notes: list[str] = []
    line_edits: dict[int, list[tuple[int, int, str, str]]] = {}
    texts = tuple(line.text for line in lines)
    for article in result.articles:
        source = FixSource(texts, result.kind or "text", article.start_line, article.end_line, len(result.articles))
        for finding in article.findings:
            rule = rules.get(finding.rule)
            if rule is None or rule.fix is None or not fixable(rule, finding, unsafe):
                continue
            try:
                made = rule.fix.edits(finding, source)
            except NotFixable as exc:
                notes.append(f"{result.path}:{finding.start_line}: {finding.rule} not fixed: {exc}")
                continue
            for edit in made:
                if isinstance(edit, SpanEdit):
                    if 0 <= edit.line < len(lines) and 0 <= edit.start <= edit.end <= len(lines[edit.line].text):
                        line_edits.setdefault(edit.line, []).append((edit.start, edit.end, edit.text, finding.rule))
                elif isinstance(edit, LinesEdit):
                    edits.append(Edit(edit.start, edit.end, list(edit.lines), finding.rule, edit.order))
    for index, spans in line_edits.items():
        text = lines[index].text
        seen: set[tuple[int, int]] = set()
        last_start = len(text) + 1
        fixed_rules = []
        for start, end, replacement, rule_id in sorted(spans, key=lambda s: (-s[0], -s[1])):
            if (start, end) in seen or end > last_start:
                continue  # duplicate or overlapping: one edit per spot
            seen.add((start, end))
            text = text[:start] + replacement + text[end:]
            last_start = start
            fixed_rules.append(rule_id)
        if text != lines[index].text:
            edits.append(Edit(index, index + 1, [text], fixed_rules[0]))
    return edits, notes


def added_findings(before, after) -> list[str]:
    """Rules with more findings after the fix than before: what the fix would add."""
    old = Counter(f.rule for f in before.all_findings)
    new = Counter(f.rule for f in after.all_findings)
    return sorted(rule for rule, count in new.items() if count > old.get(rule, 0))


def apply(lines: list[Line], edits: list[Edit]) -> list[Line]:
    """Make the edits, none overlapping another: deletions win over edits of lines they remove."""
    eol = dominant_eol(lines)
    chosen: list[Edit] = []
    deletions = sorted((e for e in edits if not e.lines), key=lambda e: (e.start, e.end))
    for edit in deletions:
        if chosen and edit.start < chosen[-1].end:
            chosen[-1].end = max(chosen[-1].end, edit.end)  # overlapping bridges: one deletion
            continue
        chosen.append(Edit(edit.start, edit.end, [], edit.rule))
    for edit in edits:
        if not edit.lines:
            continue
        if any(d.start < max(edit.end, edit.start + 1) and (edit.start < d.end) and not
               (edit.is_insert and edit.start in (d.start, d.end)) for d in chosen):
            continue
        chosen.append(edit)
    out = list(lines)
    for edit in sorted(chosen, key=lambda e: (e.start, e.end, e.order), reverse=True):
        if edit.is_insert:
            new = [Line(t, eol) for t in edit.lines]
            if edit.start == len(out) and out and not out[-1].eol:
                out[-1] = Line(out[-1].text, eol)  # the old last line now needs its ending
                new[-1] = Line(new[-1].text, "")  # and the file keeps its "no newline at end"
        elif len(edit.lines) == edit.end - edit.start:
            new = [Line(t, out[edit.start + i].eol) for i, t in enumerate(edit.lines)]
        else:
            new = [Line(t, eol) for t in edit.lines]
        if not new and edit.end == len(out) and edit.start > 0 and not out[-1].eol:
            out[edit.start - 1] = Line(out[edit.start - 1].text, "")  # still no newline at end
        out[edit.start:edit.end] = new
    return out


# Lints a file's fixed text in memory: (path, kind, encoding, text) -> FileResult.
Recheck = Callable[[str, str, str, str], object]


def fix_file(result, config, unsafe: bool = False, recheck: Recheck | None = None, *,
             data: bytes | None = None) -> FileFix | None:
    """The fixed bytes of one file (not written), or None when it has nothing fixable. With
    ``recheck``, fixes that would add a finding are dropped (the file is left as it is). ``data``:
    the file's bytes when they are already in memory (``healthlint serve``), else they are read."""
    rules = all_rules()
    if result.error or result.path.startswith("<") or not any(
        fixable(rules.get(f.rule), f, unsafe) for a in result.articles for f in a.findings
    ):
        return None
    if data is None:
        data = Path(result.path).read_bytes()
    encoding = result.encoding or "utf-8"
    codec = "utf-8-sig" if encoding == "utf-8-sig" else encoding
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        raise FixError(f"{result.path}: cannot decode as {encoding}: {exc}") from exc
    lines = split_lines(text)
    edits, notes = plan(result, lines, config, unsafe)
    fixed = apply(lines, edits)
    new_text = "".join(line.text + line.eol for line in fixed)
    if recheck is not None and edits and new_text != text:
        added = added_findings(result, recheck(result.path, result.kind or "text", encoding, new_text))
        if added:
            notes.append(f"{result.path}: not fixed: the fixes would add {', '.join(added)} findings")
            return FileFix(result.path, data, data, codec, [], notes)
    try:
        new = new_text.encode(codec)
    except UnicodeEncodeError as exc:
        raise FixError(f"{result.path}: the fix needs characters {encoding} cannot hold: {exc}") from exc
    if encoding == "utf-8-sig" and not new.startswith(b"\xef\xbb\xbf"):
        new = b"\xef\xbb\xbf" + new
    return FileFix(result.path, data, new, codec, [e.rule for e in edits], notes)


def fix_results(results, config, write: bool, unsafe: bool = False,
                recheck: Recheck | None = None) -> tuple[list[FileFix], list[str]]:
    """Plan (and with ``write``, make) the fixes of every result; return the changed files and notes."""
    changed: list[FileFix] = []
    notes: list[str] = []
    for result in results:
        try:
            outcome = fix_file(result, config, unsafe, recheck)
        except (FixError, OSError) as exc:
            notes.append(str(exc))
            continue
        if outcome is None:
            continue
        notes.extend(outcome.skipped)
        if outcome.changed:
            if write:
                atomic_write(Path(outcome.path), outcome.new)
            changed.append(outcome)
    return changed, notes


def fix_and_relint(results, config, write: bool, rerun, passes: int = 3, *, unsafe: bool = False,
                   recheck: Recheck | None = None):
    """Fix (or, without ``write``, only plan) and re-lint the files changed, so that the findings
    reported are those of the fixed files. Returns (results, files changed, notes, diff text)."""
    notes: list[str] = []
    if not write:
        changed, notes = fix_results(results, config, False, unsafe, recheck)
        return results, changed, notes, "".join(c.diff() for c in changed)
    all_changed: dict[str, FileFix] = {}
    for _ in range(passes):
        changed, more = fix_results(results, config, True, unsafe, recheck)
        notes.extend(n for n in more if n not in notes)
        if not changed:
            break
        for item in changed:
            if item.path in all_changed:
                item = FileFix(item.path, all_changed[item.path].old, item.new, item.encoding,
                               all_changed[item.path].fixed + item.fixed)
            all_changed[item.path] = item
        fresh = {r.path: r for r in rerun([c.path for c in changed])}
        results = [fresh.get(r.path, r) for r in results]
    return results, list(all_changed.values()), notes, ""
