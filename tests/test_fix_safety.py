"""--fix as a tool people trust with their files: each file fixed once whatever the paths that lead to
it, symlinks and hard links kept, mode and owner kept (or the fix refused), read-only files and
folders refused with a clear per-file result, nothing written over a file that changed, temporary files
of a killed run cleaned up by the next one, and the run going on after a file that failed."""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.workflow import fixes
from healthlint.cli import main
from healthlint.workflow.fixes import FixError, clean_stale_temps, fix_and_relint, fix_results, write_fixed

import test_fix
from test_fix import DISCLAIMER, MD, MD_FIXED, lint

# test_fix.py's fake fixable check and its policy folder, as fixtures of this module too
fake = test_fix.fake
config = test_fix.config

REPO = Path(__file__).resolve().parents[1]


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def cli_project(tmp_path: Path) -> None:
    policy = tmp_path / "policy"
    policy.mkdir(exist_ok=True)
    (policy / "disclaimers.toml").write_text(f'[medical]\nhouse-text = "{DISCLAIMER}"\n', encoding="utf-8")
    (tmp_path / "healthlint.toml").write_text('policy = "policy"\n', encoding="utf-8")


def run_cli(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["check", *args, "--jobs", "1", "--no-cache", "-q", "--fail-on", "never",
                                     "--format", "json=out.json"])


# -- one file, several paths ---------------------------------------------------------------------

def test_same_file_named_twice_is_fixed_once(tmp_path, fake, monkeypatch):
    """The issue's case: `check arts/farm.txt "$PWD/arts/farm.txt" --fix` applied the edits twice."""
    cli_project(tmp_path)
    (tmp_path / "arts").mkdir()
    path = tmp_path / "arts" / "a.md"
    path.write_bytes(MD.encode("utf-8"))
    result = run_cli(["arts/a.md", str(path), "--fix"], tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == MD_FIXED.encode("utf-8")
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(report["files"]) == 2  # both paths are reported, on the fixed file
    assert all(not f["findings"] and not any(a["findings"] for a in f["articles"]) for f in report["files"])


def test_symlink_beside_its_target_fixes_the_target_once_and_stays_a_link(tmp_path, fake, monkeypatch):
    cli_project(tmp_path)
    target = tmp_path / "real.md"
    target.write_bytes(MD.encode("utf-8"))
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    result = run_cli(["link.md", "real.md", "--fix"], tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert target.read_bytes() == MD_FIXED.encode("utf-8")


def test_symlink_alone_writes_through_to_the_real_file(tmp_path, fake, config):
    (tmp_path / "store").mkdir()
    target = tmp_path / "store" / "real.md"
    target.write_bytes(MD.encode("utf-8"))
    link = tmp_path / "link.md"
    link.symlink_to(target)
    changed, notes = fix_results(lint(link, config), config, write=True)
    assert len(changed) == 1 and notes == []
    assert link.is_symlink() and target.read_bytes() == MD_FIXED.encode("utf-8")
    assert temps(tmp_path) == [] and temps(tmp_path / "store") == []


def test_hard_links_stay_one_file(tmp_path, fake, config):
    first = tmp_path / "a.md"
    first.write_bytes(MD.encode("utf-8"))
    second = tmp_path / "b.md"
    os.link(first, second)
    results = lint(first, config) + lint(second, config)
    changed, _ = fix_results(results, config, write=True)
    assert len(changed) == 1
    assert first.read_bytes() == second.read_bytes() == MD_FIXED.encode("utf-8")
    assert os.stat(first).st_ino == os.stat(second).st_ino and os.stat(first).st_nlink == 2
    assert temps(tmp_path) == []


# -- permissions ---------------------------------------------------------------------------------

def test_read_only_file_is_refused_with_a_result_and_the_run_goes_on(tmp_path, fake, monkeypatch):
    cli_project(tmp_path)
    locked = tmp_path / "locked.md"
    locked.write_bytes(MD.encode("utf-8"))
    locked.chmod(0o444)
    other = tmp_path / "other.md"
    other.write_bytes(MD.encode("utf-8"))
    result = run_cli(["locked.md", "other.md", "--fix"], tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "locked.md: read-only file (mode 0444); not fixed" in result.output
    assert locked.read_bytes() == MD.encode("utf-8") and stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert other.read_bytes() == MD_FIXED.encode("utf-8")
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    by_path = {f["path"]: f for f in report["files"]}
    assert [f["rule"] for f in by_path["locked.md"]["findings"]] == ["healthlint/fix-failed"]
    assert "read-only" in by_path["locked.md"]["findings"][0]["message"]
    assert not by_path["other.md"]["findings"]


def test_read_only_folder_is_refused_and_the_run_goes_on(tmp_path, fake, config, monkeypatch):
    """A folder the user cannot write (checked with os.access, which root passes: the check is
    made to say no here, as it does for an ordinary user)."""
    (tmp_path / "ro").mkdir()
    locked = tmp_path / "ro" / "a.md"
    locked.write_bytes(MD.encode("utf-8"))
    other = tmp_path / "b.md"
    other.write_bytes(MD.encode("utf-8"))
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(tmp_path / "ro") else real_access(p, mode))
    failures: dict[str, str] = {}
    changed, notes = fix_results(lint(locked, config) + lint(other, config), config, write=True, failures=failures)
    assert [c.path for c in changed] == [str(other)]
    assert "folder" in failures[str(locked)] and "not writable" in failures[str(locked)]
    assert locked.read_bytes() == MD.encode("utf-8") and other.read_bytes() == MD_FIXED.encode("utf-8")


def test_permission_error_halfway_is_a_per_file_result(tmp_path, fake, config, monkeypatch):
    """The rename failing (as it does in a read-only folder) leaves the file and no temporary file."""
    first = tmp_path / "a.md"
    first.write_bytes(MD.encode("utf-8"))
    second = tmp_path / "b.md"
    second.write_bytes(MD.encode("utf-8"))
    real_replace = os.replace

    def deny(source, target):
        if str(target).endswith("a.md"):
            raise PermissionError(13, "Permission denied")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", deny)
    failures: dict[str, str] = {}
    changed, _ = fix_results(lint(first, config) + lint(second, config), config, write=True, failures=failures)
    assert "Permission denied" in failures[str(first)]
    assert first.read_bytes() == MD.encode("utf-8") and second.read_bytes() == MD_FIXED.encode("utf-8")
    assert temps(tmp_path) == []


def test_mode_owner_and_group_are_kept(tmp_path, fake, config):
    path = tmp_path / "a.md"
    path.write_bytes(MD.encode("utf-8"))
    path.chmod(0o640)
    if os.geteuid() == 0:  # the case: root fixing a nobody:nogroup 0640 file
        os.chown(path, 65534, 65534)
    before = path.stat()
    fix_results(lint(path, config), config, write=True)
    after = path.stat()
    assert path.read_bytes() == MD_FIXED.encode("utf-8")
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (
        before.st_uid, before.st_gid, stat.S_IMODE(before.st_mode))


def test_owner_that_cannot_be_kept_refuses_the_fix(tmp_path, monkeypatch):
    path = tmp_path / "a.md"
    path.write_bytes(b"old\n")
    st = path.stat()
    fake_stat = os.stat_result((st.st_mode, st.st_ino, st.st_dev, 1, st.st_uid + 1, st.st_gid + 1,
                                st.st_size, 0, 0, 0))

    def refuse(fd, uid, gid):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)
    with pytest.raises(FixError, match="cannot keep its owner and group"):
        fixes._replace_file(str(path), fake_stat, b"old\n", b"new\n")
    assert path.read_bytes() == b"old\n" and temps(tmp_path) == []


# -- the bytes the edits were planned on ----------------------------------------------------------

def test_file_changed_since_it_was_checked_is_not_written(tmp_path, fake, config):
    path = tmp_path / "a.md"
    path.write_bytes(MD.encode("utf-8"))
    results = lint(path, config)
    edited = "# Back pain\n\nAn editor rewrote this meanwhile.Keep it.\n" + MD
    path.write_bytes(edited.encode("utf-8"))
    failures: dict[str, str] = {}
    changed, notes = fix_results(results, config, write=True, failures=failures)
    assert changed == [] and "changed since it was checked" in failures[str(path)]
    assert path.read_bytes() == edited.encode("utf-8")


def test_file_changed_between_planning_and_writing_is_not_written(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"now\n")
    with pytest.raises(FixError, match="changed since it was checked"):
        write_fixed(path, b"planned on\n", b"fixed\n")
    assert path.read_bytes() == b"now\n"


def test_fix_and_relint_reports_the_fixed_file_on_every_path(tmp_path, fake, config):
    path = tmp_path / "a.md"
    path.write_bytes(MD.encode("utf-8"))
    results = lint(path, config) + lint(tmp_path / "." / "a.md", config)
    rerun = lambda paths: [r for p in paths for r in lint(p, config)]  # noqa: E731
    fresh, changed, notes, _ = fix_and_relint(results, config, write=True, rerun=rerun)
    assert path.read_bytes() == MD_FIXED.encode("utf-8") and len(changed) == 1
    assert [f for r in fresh for f in r.all_findings] == []


# -- killed runs ---------------------------------------------------------------------------------

KILLED_WRITER = textwrap.dedent("""
    import os, signal, sys
    from healthlint.workflow import fixes
    path, where = sys.argv[1], sys.argv[2]
    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    if where == "before-rename":
        os.replace = die
    else:  # in-place write of a hard-linked file, killed before the truncation
        os.ftruncate = die
    old = open(path, "rb").read()
    fixes.write_fixed(path, old, old.replace(b"common.Most", b"common. Most").replace(b"BRIDGE", b""))
""")


def kill_mid_fix(path: Path, where: str) -> int:
    return subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path), where], cwd=REPO).returncode


def test_killed_before_the_rename_leaves_the_file_whole_and_the_next_run_cleans_up(tmp_path, fake, config):
    path = tmp_path / "a.md"
    path.write_bytes(MD.encode("utf-8"))
    assert kill_mid_fix(path, "before-rename") == -signal.SIGKILL
    assert path.read_bytes() == MD.encode("utf-8")  # not a byte lost
    assert len(temps(tmp_path)) == 1 and fixes.TEMP_TAG in temps(tmp_path)[0].name
    fix_results(lint(path, config), config, write=True)
    assert temps(tmp_path) == []
    assert path.read_bytes() == MD_FIXED.encode("utf-8")


def test_killed_during_an_in_place_write_is_recovered_by_the_next_run(tmp_path, fake, config):
    path = tmp_path / "a.md"
    path.write_bytes(MD.encode("utf-8"))
    os.link(path, tmp_path / "b.md")
    assert kill_mid_fix(path, "in-place") == -signal.SIGKILL
    assert path.read_bytes() != MD.encode("utf-8")  # new bytes over the old ones, not truncated
    assert len(temps(tmp_path)) == 1  # the journal
    notes = clean_stale_temps(tmp_path)
    assert any("original bytes are back" in n for n in notes)
    assert path.read_bytes() == MD.encode("utf-8") and temps(tmp_path) == []
    fix_results(lint(path, config), config, write=True)
    assert path.read_bytes() == (tmp_path / "b.md").read_bytes() == MD_FIXED.encode("utf-8")


def test_a_temporary_file_of_a_running_process_is_left_alone(tmp_path):
    mine = tmp_path / f".a.md.{fixes.TEMP_TAG}-{os.getpid()}-abc123.tmp"
    mine.write_bytes(b"in flight")
    unrelated = tmp_path / ".notes.tmp"
    unrelated.write_bytes(b"not ours")
    clean_stale_temps(tmp_path)
    assert mine.exists() and unrelated.exists()
