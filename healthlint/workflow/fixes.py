"""``healthlint check --fix`` (and ``--diff``, which shows the fixes without writing).

Each rule owns its fix (``Rule.fix``, see ``healthlint/core/findings.py``): a function from a finding and
the file's lines to edits, with an applicability. This module knows no rule: it asks each finding's
rule for its edits, keeps the safe ones (and the unsafe ones with ``--unsafe-fixes``; never the
display-only ones), applies them without overlaps, and re-checks the fixed text before anything is
written: a file whose fixes would add a finding of any rule is left as it is, with a note.

The file is edited as raw lines with their own line endings, so nothing outside the fixed spans
changes; it is written back in its own encoding (a BOM stays, and a byte not valid in the encoding is
carried through as a lone surrogate and written back unchanged).

Writing (``write_fixed``, ``fix_results``): each file is fixed once however many paths lead to it
(device and inode), through symlinks to the real file, only if it still holds the bytes the findings
were computed on (``FileResult.source_digest``, checked again just before the rename), keeping mode,
owner and group (or refusing), never when the user could not write it; through a temporary file
beside it and ``os.replace``, or in place behind a journal for a hard-linked file. Temporary files
are named so that the next run removes those a killed run left. A file that cannot be fixed safely
is left untouched and gets a ``FIX_FAILED`` finding (``core/builtin.py``); the others go on.
"""
from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..core.registry import all_rules
from ..core.builtin import FIX_FAILED
from ..core.findings import SAFE, UNSAFE, FixSource, LinesEdit, NotFixable, Rule, SpanEdit
from ..core.reading import digest_of
from ..core.userdirs import discard_temporary

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
        old = self.old.decode(self.encoding, errors="replace").splitlines(keepends=True)
        new = self.new.decode(self.encoding, errors="replace").splitlines(keepends=True)
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


# -- writing safely ---------------------------------------------------------------------------------
#
# Every temporary file healthlint makes beside an article is named ``.<name>.healthlint-fix-<pid>-<random>.tmp``
# so that a later run can recognise the ones a killed run left (their process is gone) and remove them,
# or, for a journal of an in-place write, finish the recovery. Nothing else in the folder is touched.

TEMP_TAG = "healthlint-fix"
TEMP_NAME = re.compile(r"^\.(?P<name>.+)\." + TEMP_TAG + r"-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")
# What ``tempfile.mkstemp(prefix=".<name>.", suffix=".tmp")`` made in healthlint before 0.x: removed
# when they are old enough that no run can still be writing them.
LEGACY_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
LEGACY_TEMP_AGE = 600.0  # seconds
STALE_TEMP_AGE = 3600.0  # a temporary file this old is stale even if its process id was reused
JOURNAL_MAGIC = b"HEALTHLINT-FIX-JOURNAL 1\n"


def _temp_prefix(name: str) -> str:
    return f".{name}.{TEMP_TAG}-{os.getpid()}-"


def file_identity(path: str | Path) -> tuple[int, int]:
    """(device, inode) of the file a path leads to, through symlinks: two paths, one file."""
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _mode_text(mode: int) -> str:
    return f"{stat.S_IMODE(mode):04o}"


def check_writable(real: str, st: os.stat_result) -> None:
    """Refuse what the user could not (or did not mean to) write: not a regular file, a read-only
    file (no write bit for anyone, which even root's ``os.access`` ignores), a file the user may not
    write, or a folder where the temporary file cannot be made."""
    if not stat.S_ISREG(st.st_mode):
        raise FixError(f"{real}: not a regular file; not fixed")
    if not st.st_mode & 0o222:
        raise FixError(f"{real}: read-only file (mode {_mode_text(st.st_mode)}); not fixed "
                       "(make it writable to let --fix change it)")
    if not os.access(real, os.W_OK):
        raise FixError(f"{real}: you may not write this file (mode {_mode_text(st.st_mode)}, owner "
                       f"{st.st_uid}:{st.st_gid}); not fixed")
    folder = os.path.dirname(real) or "."
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FixError(f"{real}: its folder {folder} is not writable (--fix writes a temporary file "
                       "beside the article and renames it); not fixed")


def _read_exact(real: str) -> bytes:
    with open(real, "rb") as handle:
        return handle.read()


def _write_all(fd: int, data: bytes, offset: int | None = None) -> None:
    view = memoryview(data)
    written = 0
    while written < len(view):
        if offset is None:
            written += os.write(fd, view[written:])
        else:
            written += os.pwrite(fd, view[written:], offset + written)


def _keep_owner_and_mode(fd: int, st: os.stat_result, real: str) -> None:
    """Give the new file the old one's owner, group and mode, or refuse (a file that silently
    changes owner when root fixes it, or loses its group, is a file the fix broke)."""
    if not hasattr(os, "fchown"):  # Windows: no owners or modes to keep
        return
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) != (st.st_uid, st.st_gid):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except (PermissionError, OSError) as exc:
            raise FixError(f"{real}: cannot keep its owner and group ({st.st_uid}:{st.st_gid}) in a "
                           f"rewritten copy: {exc.strerror or exc}; not fixed") from exc
    os.fchmod(fd, stat.S_IMODE(st.st_mode))  # after chown, which clears set-id bits


def _replace_file(real: str, st: os.stat_result, expected: bytes, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``real`` and rename it over ``real``, after checking
    (last thing before the rename) that ``real`` still holds ``expected``."""
    folder = os.path.dirname(real) or "."
    fd, temp = tempfile.mkstemp(prefix=_temp_prefix(os.path.basename(real)), suffix=".tmp", dir=folder)
    try:
        try:
            _write_all(fd, data)
            _keep_owner_and_mode(fd, st, real)
            os.fsync(fd)
        finally:
            os.close(fd)
        if _read_exact(real) != expected:
            raise FixError(f"{real}: changed while it was being fixed; not fixed (run again)")
        os.replace(temp, real)
    except BaseException:
        discard_temporary(temp)
        raise


def _journal_bytes(name: str, old: bytes, new: bytes) -> bytes:
    return (JOURNAL_MAGIC + name.encode("utf-8", "surrogateescape").hex().encode() + b"\n"
            + f"{len(old)} {len(new)}\n".encode() + old + new)


def _parse_journal(data: bytes) -> tuple[str, bytes, bytes] | None:
    if not data.startswith(JOURNAL_MAGIC):
        return None
    try:
        rest = data[len(JOURNAL_MAGIC):]
        name_hex, rest = rest.split(b"\n", 1)
        sizes, rest = rest.split(b"\n", 1)
        old_size, new_size = (int(n) for n in sizes.split())
        if len(rest) != old_size + new_size:
            return None
        return bytes.fromhex(name_hex.decode()).decode("utf-8", "surrogateescape"), rest[:old_size], rest[old_size:]
    except ValueError:
        return None


def _write_in_place(real: str, st: os.stat_result, expected: bytes, data: bytes) -> None:
    """Rewrite a hard-linked file in place, so every link sees the fix (a rename would split them).
    A journal holding the old and new bytes is written (and synced) first: if the run is killed
    between the write and the truncation, the next run finds the journal and puts the old bytes back."""
    folder = os.path.dirname(real) or "."
    name = os.path.basename(real)
    fd, journal = tempfile.mkstemp(prefix=_temp_prefix(name), suffix=".tmp", dir=folder)
    try:
        try:
            _write_all(fd, _journal_bytes(name, expected, data))
            os.fsync(fd)
        finally:
            os.close(fd)
        target = os.open(real, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
        try:
            now = os.fstat(target)
            if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino) or os.pread(target, len(expected) + 1, 0) != expected:
                raise FixError(f"{real}: changed while it was being fixed; not fixed (run again)")
            _write_all(target, data, 0)
            os.ftruncate(target, len(data))
            os.fsync(target)
        finally:
            os.close(target)
        os.unlink(journal)
    except FixError:
        os.unlink(journal)
        raise


def _is_partial_write(current: bytes, old: bytes, new: bytes) -> bool:
    """Whether ``current`` is what an interrupted in-place write of ``new`` over ``old`` leaves:
    a prefix of ``new`` followed by the rest of ``old``."""
    if len(current) == len(old):
        same_tail = 0
        while same_tail < len(old) and current[len(old) - 1 - same_tail] == old[len(old) - 1 - same_tail]:
            same_tail += 1
        return current[: len(old) - same_tail] == new[: len(old) - same_tail]
    return len(current) >= len(old) and new.startswith(current)


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temps(folder: str | Path) -> list[str]:
    """Remove the temporary files that an earlier, killed run of --fix left in ``folder``, and put
    back the original bytes of a file whose in-place rewrite it interrupted. Returns notes."""
    import time

    notes: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return notes
    now = time.time()
    for entry in entries:
        match = TEMP_NAME.match(entry.name)
        legacy = LEGACY_TEMP_NAME.match(entry.name) if match is None else None
        if match is None and legacy is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        age = now - info.st_mtime
        if match is not None:
            if _process_alive(int(match["pid"])) and age < STALE_TEMP_AGE:
                continue  # another run is writing it now
        elif legacy is None or age < LEGACY_TEMP_AGE or not os.path.exists(os.path.join(folder, legacy["name"])):
            continue
        try:
            with open(entry.path, "rb") as handle:
                journal = _parse_journal(handle.read()) if match is not None else None
            if journal is not None:
                note = _recover(os.path.join(folder, journal[0]), *journal[1:], entry.path)
                if note:
                    notes.append(note)
                    if "kept in" in note:
                        continue
            os.unlink(entry.path)
        except OSError as exc:
            notes.append(f"{entry.path}: stale temporary file not removed: {exc.strerror or exc}")
    return notes


def _recover(target: str, old: bytes, new: bytes, journal: str) -> str | None:
    try:
        current = _read_exact(target)
    except FileNotFoundError:
        return None
    if current in (old, new):
        return None
    if _is_partial_write(current, old, new):
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            _write_all(fd, old, 0)
            os.ftruncate(fd, len(old))
            os.fsync(fd)
        finally:
            os.close(fd)
        return f"{target}: an earlier --fix was interrupted while writing it; its original bytes are back"
    return (f"{target}: an earlier --fix was interrupted and the file changed since; its original "
            f"bytes are kept in {journal}")


def write_fixed(path: str | Path, expected: bytes, data: bytes) -> str:
    """Write the fixed bytes ``data`` to the file at ``path`` (through symlinks, to the real file),
    provided it still holds ``expected``, the bytes the edits were planned on. Keeps mode, owner,
    group and hard links. Raises FixError (file left untouched) when it cannot do so safely.
    Returns the real path written."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError as exc:
        raise FixError(f"{path}: cannot fix: {exc.strerror or exc}") from exc
    check_writable(real, st)
    try:
        if _read_exact(real) != expected:
            raise FixError(f"{path}: changed since it was checked; not fixed (run again)")
        if st.st_nlink > 1:
            if not hasattr(os, "pwrite"):
                raise FixError(f"{path}: has {st.st_nlink} hard links, which a rewrite would split; not fixed")
            _write_in_place(real, st, expected, data)
        else:
            _replace_file(real, st, expected, data)
    except OSError as exc:  # permission denied halfway, disk full, ...: the file is left as it was
        raise FixError(f"{path}: cannot write: {exc.strerror or exc}; not fixed") from exc
    return real


def atomic_write(path: Path, data: bytes) -> None:
    """Write a file healthlint owns (a baseline, a report) through a temporary file and a rename,
    keeping the mode of the file it replaces."""
    path = Path(path)
    mode = None
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        pass
    fd, temp = tempfile.mkstemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        discard_temporary(temp)
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
LONE_SURROGATE = re.compile("[\udc80-\udcff]")  # a byte the encoding does not hold, carried through


def fix_file(result, config, unsafe: bool = False, recheck: Recheck | None = None, *,
             data: bytes | None = None) -> FileFix | None:
    """The fixed bytes of one file (not written), or None when it has nothing fixable. The edits are
    planned from the result's line numbers, so the file must still hold the bytes it was checked on.
    With ``recheck``, fixes that would add a finding are dropped (the file is left as it is).
    ``data``: the file's bytes when they are already in memory (``healthlint serve``), else they are
    read."""
    rules = all_rules()
    if result.error or result.path.startswith("<") or not any(
        fixable(rules.get(f.rule), f, unsafe) for a in result.articles for f in a.findings
    ):
        return None
    if data is None:
        try:
            data = Path(result.path).read_bytes()
        except OSError as exc:
            raise FixError(f"{result.path}: cannot read: {exc.strerror or exc}; not fixed") from exc
    checked = getattr(result, "source_digest", None)
    if checked and digest_of(data) != checked:
        raise FixError(f"{result.path}: changed since it was checked; not fixed (run again)")
    encoding = result.encoding or "utf-8"
    # Decoded with the byte-order mark kept as U+FEFF (so it is written back as it was) and any byte
    # not valid in the encoding kept as a lone surrogate (so it is written back unchanged too).
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    try:
        text = data.decode(codec, errors="surrogateescape")
    except (UnicodeDecodeError, LookupError) as exc:
        raise FixError(f"{result.path}: cannot decode as {encoding}: {exc}; not fixed") from exc
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = split_lines(text[len(bom):])
    edits, notes = plan(result, lines, config, unsafe)
    fixed = apply(lines, edits)
    body = "".join(line.text + line.eol for line in fixed)
    new_text = bom + body
    if recheck is not None and edits and new_text != text:
        # linted as reading would give it: no byte-order mark, undecodable bytes as U+FFFD
        after = recheck(result.path, result.kind or "text", encoding, LONE_SURROGATE.sub("\ufffd", body))
        added = added_findings(result, after)
        if added:
            notes.append(f"{result.path}: not fixed: the fixes would add {', '.join(added)} findings")
            return FileFix(result.path, data, data, codec, [], notes)
    try:
        new = new_text.encode(codec, errors="surrogateescape")
    except UnicodeEncodeError as exc:
        raise FixError(f"{result.path}: the fix needs characters {encoding} cannot hold: {exc}; not fixed") from exc
    if new_text == text:
        new = data  # nothing to fix: the bytes stay exactly as they were
    return FileFix(result.path, data, new, codec, [e.rule for e in edits], notes)


def _identity_or_none(path: str) -> tuple[int, int] | None:
    try:
        return file_identity(path)
    except (OSError, ValueError):
        return None


def fix_results(results, config, write: bool, unsafe: bool = False, recheck: Recheck | None = None,
                failures: dict[str, str] | None = None) -> tuple[list[FileFix], list[str]]:
    """Plan (and with ``write``, make) the fixes of every result; return the changed files and notes.

    Each file is fixed once however many paths lead to it (the same file named twice, a symlink and
    its target, hard links): the first path in the run's order stands for the others. A file that
    cannot be fixed safely is left untouched, gets a note (and an entry in ``failures``, path ->
    reason) and the others go on. With ``write``, stale temporary files of an earlier killed run are
    cleaned from every folder touched first."""
    changed: list[FileFix] = []
    notes: list[str] = []
    seen: set[tuple[int, int]] = set()
    cleaned: set[str] = set()
    results = [r for r in results if not (r.error or r.path.startswith("<"))]
    # Identities are taken before anything is written: a rename gives the fixed file a new inode.
    identities = [_identity_or_none(r.path) for r in results]
    for result, identity in zip(results, identities):
        if identity is not None:
            if identity in seen:
                continue  # another path to a file already fixed in this pass
            seen.add(identity)
        if write:
            folder = os.path.dirname(os.path.realpath(result.path)) or "."
            if folder not in cleaned:
                cleaned.add(folder)
                notes.extend(clean_stale_temps(folder))
        try:
            outcome = fix_file(result, config, unsafe, recheck)
            if outcome is None:
                continue
            notes.extend(outcome.skipped)
            if not outcome.changed:
                continue
            if write:
                write_fixed(outcome.path, outcome.old, outcome.new)
        except FixError as exc:
            notes.append(str(exc))
            if failures is not None:
                failures[result.path] = str(exc)
            continue
        changed.append(outcome)
    return changed, notes


FIX_RULES = (FIX_FAILED,)


def _attach_failures(results, failures: dict[str, str], config) -> list:
    from ..core.findings import Finding

    if not failures or not config.rule_enabled(FIX_FAILED.id):
        return results
    for result in results:
        reason = failures.get(result.path)
        if reason is not None:
            result.findings.append(Finding(FIX_FAILED.id, config.severity_of(FIX_FAILED.id, FIX_FAILED.severity),
                                           reason, result.path, 1, 1))
    return results


def fix_and_relint(results, config, write: bool, rerun, passes: int = 3, *, unsafe: bool = False,
                   recheck: Recheck | None = None):
    """Fix (or, without ``write``, only plan) and re-lint the files changed, so that the findings
    reported are those of the fixed files. Returns (results, files changed, notes, diff text).
    Every path that leads to a changed file (its aliases too) is re-linted."""
    notes: list[str] = []
    failures: dict[str, str] = {}
    if not write:
        changed, notes = fix_results(results, config, write=False, unsafe=unsafe, recheck=recheck, failures=failures)
        return _attach_failures(results, failures, config), changed, notes, "".join(c.diff() for c in changed)
    all_changed: dict[str, FileFix] = {}
    for _ in range(passes):
        changed, more = fix_results(results, config, write=True, unsafe=unsafe, recheck=recheck, failures=failures)
        notes.extend(n for n in more if n not in notes)
        if not changed:
            break
        for item in changed:
            if item.path in all_changed:
                item = FileFix(item.path, all_changed[item.path].old, item.new, item.encoding,
                               all_changed[item.path].fixed + item.fixed)
            all_changed[item.path] = item
        touched = {_identity_or_none(c.path) for c in changed} - {None}
        again = [r.path for r in results if r.path in {c.path for c in changed}
                 or _identity_or_none(r.path) in touched]
        fresh = {r.path: r for r in rerun(list(dict.fromkeys(again)))}
        results = [fresh.get(r.path, r) for r in results]
    return _attach_failures(results, failures, config), list(all_changed.values()), notes, ""
