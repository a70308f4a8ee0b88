"""Safe fixes for ``healthlint check --fix`` (and ``--diff``, which shows them without writing).

Fixed:
- ``off-topic/bridge``: the inserted block's source lines are removed, with one adjacent blank line;
- ``hygiene/missing-space``: a space is put after sentence punctuation run into the next sentence;
- ``hygiene/space-before-punctuation``: the space before , . ; : ! ? is removed;
- ``disclaimers/medical``: the house disclaimer from the policy (``checks/disclaimers.toml``) is
  appended to the article, as a Markdown paragraph, an HTML ``<p>`` or a text paragraph.

A finding may carry its own edit in ``data["fix"]`` (a dict or a list of dicts):
``{"delete_lines": [first, last]}``, or ``{"line": n, "start_column": c, "end_column": c2,
"replacement": "..."}`` (1-based columns, end exclusive; ``"old"`` optionally names the text the
span must hold, or the edit is skipped); ``{"line": n, "column": c, "insert": " "}`` inserts.
Otherwise the fix is made by pattern on the finding's source line.

The file is edited as raw lines with their own line endings, so nothing outside the fixed spans
changes; it is written back in its own encoding (a BOM stays) through a temporary file in the same
folder and ``os.replace``.
"""
from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

FIXABLE_RULES = (
    "off-topic/bridge",
    "hygiene/missing-space",
    "hygiene/space-before-punctuation",
    "disclaimers/medical",
)

EOL = re.compile(r"\r\n|\r|\n")
# Sentence punctuation run into a capitalised word: "pain.Take" -> "pain. Take".
MISSING_SPACE = re.compile(r"(?<=[a-z0-9)\]\"'”’%][.!?])(?=[A-Z][a-z])|(?<=[a-z)\]][,;:])(?=[A-Za-z])")
# Space before punctuation that ends a clause: "pain , and" -> "pain, and". Not " ..." nor " .5".
SPACE_BEFORE = re.compile(r"(?<=[^\s(\[])[ \t\u00a0]+(?=[,.;:!?](?:[\s\"'”’)\]]|$))")
NO_TOUCH = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]*>|\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
HTML_BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "blockquote", "section", "aside", "figure", "table")


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
    return max(counts, key=counts.get) if counts else "\n"


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


def disclaimer_text(config, finding) -> str | None:
    fix = finding.data.get("fix") if isinstance(finding.data, dict) else None
    if isinstance(fix, dict):
        for key in ("text", "insert_text", "fix_text"):
            if isinstance(fix.get(key), str) and fix[key].strip():
                return fix[key].strip()
    if isinstance(finding.data, dict) and isinstance(finding.data.get("fix_text"), str):
        return finding.data["fix_text"].strip() or None
    try:
        section = config.get_policy().section("disclaimers")
    except Exception:  # noqa: BLE001 - a broken policy is reported elsewhere
        return None
    for table in (section.get("medical"), section.get("fix"), section):
        if not isinstance(table, dict):
            continue
        for key in ("fix_text", "fix-text", "text", "medical", "house-text", "house_text"):
            value = table.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>|[*_`]", "", text)).strip().lower()


def _safe_html_lines(lines: list[str]) -> bool:
    joined = "\n".join(lines).strip()
    if not (joined.startswith("<") and joined.endswith(">")):
        return False
    for tag in HTML_BLOCK_TAGS:
        if len(re.findall(rf"<{tag}\b", joined, re.I)) != len(re.findall(rf"</{tag}\s*>", joined, re.I)):
            return False
    return bool(re.match(r"<(?:%s)\b" % "|".join(HTML_BLOCK_TAGS), joined, re.I))


def _delete_edit(lines: list[Line], first: int, last: int, kind: str, rule: str) -> Edit | None:
    s, e = first - 1, last  # 0-based, end exclusive
    if s < 0 or e > len(lines) or s >= e:
        return None
    body = [line.text for line in lines[s:e]]
    if not body[0].strip() or not body[-1].strip():
        return None
    if kind == "html" and not _safe_html_lines(body):
        return None
    if e < len(lines) and not lines[e].text.strip():
        e += 1
    elif s > 0 and not lines[s - 1].text.strip():
        s -= 1
    return Edit(s, e, [], rule)


def _span_edits(line_text: str, finding, pattern: re.Pattern, replacement: str) -> list[tuple[int, int, str]]:
    """Matches of ``pattern`` on the finding's line, limited to its excerpt when that is on the line."""
    protected = [(m.start(), m.end()) for m in NO_TOUCH.finditer(line_text)]
    lo, hi = 0, len(line_text)
    if finding.start_column:
        lo = max(0, finding.start_column - 2)
        hi = min(len(line_text), (finding.end_column or finding.start_column) + 1)
    elif finding.excerpt and finding.excerpt.strip() and "\n" not in finding.excerpt.strip():
        at = line_text.find(finding.excerpt.strip())
        if at >= 0 and line_text.count(finding.excerpt.strip()) == 1:
            lo, hi = max(0, at - 1), at + len(finding.excerpt.strip()) + 1
    edits = []
    for match in pattern.finditer(line_text, lo, hi):
        if any(a <= match.start() < b for a, b in protected):
            continue
        edits.append((match.start(), match.end(), replacement))
    return edits


def _structured_edits(fix, lines: list[Line]) -> list[tuple[int, int, int, str]] | None:
    """``data["fix"]`` column edits as (line index, start, end, replacement), or None when absent."""
    items = fix if isinstance(fix, list) else [fix]
    out = []
    for item in items:
        if not isinstance(item, dict) or "line" not in item:
            return None
        index = int(item["line"]) - 1
        if not 0 <= index < len(lines):
            return None
        start = item.get("start_column", item.get("column"))
        if start is None:
            return None
        start = int(start) - 1
        replacement = item.get("replacement", item.get("insert", ""))
        end = int(item["end_column"]) - 1 if item.get("end_column") is not None else start
        text = lines[index].text
        if not 0 <= start <= end <= len(text):
            return None
        if "old" in item and text[start:end] != item["old"]:
            return None
        out.append((index, start, end, str(replacement)))
    return out


def plan(result, lines: list[Line], config) -> tuple[list[Edit], list[str]]:
    """The edits that fix the fixable findings of ``result``, and notes on those left alone."""
    edits: list[Edit] = []
    notes: list[str] = []
    line_edits: dict[int, list[tuple[int, int, str, str]]] = {}
    kind = result.kind or "text"
    for article in result.articles:
        for finding in article.findings:
            if finding.rule not in FIXABLE_RULES:
                continue
            fix = finding.data.get("fix") if isinstance(finding.data, dict) else None
            if finding.rule == "off-topic/bridge":
                first, last = finding.start_line, finding.end_line
                if isinstance(fix, dict) and isinstance(fix.get("delete_lines"), (list, tuple)) and len(fix["delete_lines"]) == 2:
                    first, last = int(fix["delete_lines"][0]), int(fix["delete_lines"][1])
                edit = _delete_edit(lines, first, last, kind, finding.rule)
                if edit is None:
                    notes.append(f"{result.path}:{finding.start_line}: {finding.rule} not fixed: "
                                 "the lines do not hold whole blocks")
                else:
                    edits.append(edit)
            elif finding.rule == "disclaimers/medical":
                text = disclaimer_text(config, finding)
                if not text:
                    notes.append(f"{result.path}: {finding.rule} not fixed: the policy gives no disclaimer "
                                 "text ([medical] fix_text in disclaimers.toml)")
                    continue
                first, last = max(article.start_line, 1), max(article.end_line + 2, article.start_line)
                scope = lines if kind != "text" or len(result.articles) == 1 else lines[first - 1:last]
                if _normal(text) in _normal("\n".join(l.text for l in scope)):
                    continue  # already there: never add it twice
                edit = _disclaimer_edit(lines, article, kind, text, finding.rule)
                if edit is not None:
                    edits.append(edit)
            else:
                structured = _structured_edits(fix, lines) if fix is not None else None
                if structured is not None:
                    for index, start, end, replacement in structured:
                        line_edits.setdefault(index, []).append((start, end, replacement, finding.rule))
                    continue
                index = finding.start_line - 1
                if not 0 <= index < len(lines):
                    continue
                if finding.rule == "hygiene/missing-space":
                    found = _span_edits(lines[index].text, finding, MISSING_SPACE, " ")
                else:
                    found = _span_edits(lines[index].text, finding, SPACE_BEFORE, "")
                for start, end, replacement in found:
                    line_edits.setdefault(index, []).append((start, end, replacement, finding.rule))
    for index, spans in line_edits.items():
        text = lines[index].text
        seen: set[tuple[int, int]] = set()
        last_start = len(text) + 1
        for start, end, replacement, rule in sorted(spans, key=lambda s: (-s[0], -s[1])):
            if (start, end) in seen or end > last_start:
                continue  # duplicate or overlapping: one edit per spot
            seen.add((start, end))
            text = text[:start] + replacement + text[end:]
            last_start = start
        if text != lines[index].text:
            edits.append(Edit(index, index + 1, [text], "hygiene"))
    return edits, notes


def _disclaimer_edit(lines: list[Line], article, kind: str, text: str, rule: str) -> Edit | None:
    if kind == "html":
        paragraph = f"<p>{_html_escape(text)}</p>"
        for tag in ("article", "main", "body"):
            for index in range(len(lines) - 1, -1, -1):
                at = lines[index].text.lower().rfind(f"</{tag}")
                if at < 0:
                    continue
                indent = re.match(r"[ \t]*", lines[index].text).group(0)
                if lines[index].text[:at].strip():  # closing tag after content on the same line
                    before, after = lines[index].text[:at], lines[index].text[at:]
                    return Edit(index, index + 1, [before + paragraph + after], rule)
                return Edit(index, index, [indent + "  " + paragraph if tag != "body" else paragraph], rule)
        last = len(lines)
        return Edit(last, last, [paragraph], rule, order=1)
    # Markdown and text: a paragraph after the article's last non-blank line.
    end = min(max(article.end_line, 1), len(lines))
    while end > 0 and not lines[end - 1].text.strip():
        end -= 1
    indent = re.match(r"[ \t]*", lines[end - 1].text).group(0) if kind == "text" and end > 0 else ""
    return Edit(end, end, ["", indent + text], rule, order=1)


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


def fix_file(result, config, data: bytes | None = None) -> FileFix | None:
    """The fixed bytes of one file (not written), or None when it has nothing fixable. ``data``: the
    file's bytes when they are already in memory (``healthlint serve``), else they are read."""
    if result.error or result.path.startswith("<") or not any(
        f.rule in FIXABLE_RULES for a in result.articles for f in a.findings
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
    edits, notes = plan(result, lines, config)
    fixed = apply(lines, edits)
    new_text = "".join(line.text + line.eol for line in fixed)
    try:
        new = new_text.encode(codec)
    except UnicodeEncodeError as exc:
        raise FixError(f"{result.path}: the fix needs characters {encoding} cannot hold: {exc}") from exc
    if encoding == "utf-8-sig" and not new.startswith(b"\xef\xbb\xbf"):
        new = b"\xef\xbb\xbf" + new
    return FileFix(result.path, data, new, codec, [e.rule for e in edits], notes)


def fix_results(results, config, write: bool) -> tuple[list[FileFix], list[str]]:
    """Plan (and with ``write``, make) the fixes of every result; return the changed files and notes."""
    changed: list[FileFix] = []
    notes: list[str] = []
    for result in results:
        try:
            outcome = fix_file(result, config)
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


def fix_and_relint(results, config, write: bool, rerun, passes: int = 3):
    """Fix (or, without ``write``, only plan) and re-lint the files changed, so that the findings
    reported are those of the fixed files. Returns (results, files changed, notes, diff text)."""
    notes: list[str] = []
    if not write:
        changed, notes = fix_results(results, config, write=False)
        return results, changed, notes, "".join(c.diff() for c in changed)
    all_changed: dict[str, FileFix] = {}
    for _ in range(passes):
        changed, more = fix_results(results, config, write=True)
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
