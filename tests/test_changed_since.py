"""check --changed-since REF, in a temporary git repository."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from healthlint.cli import main
from healthlint.workflow.gitfiles import GitError, changed_paths, select_changed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(cwd), "PATH": _path()})


def _path():
    import os

    return os.environ.get("PATH", "")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    (root / "articles").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for name in ("old.md", "edited.md", "deleted.md", "renamed.md"):
        (root / "articles" / name).write_text(f"# {name}\n\nSome text.\n", encoding="utf-8")
    (root / "README.md").write_text("# readme\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "articles" / "edited.md").write_text("# edited\n\nChanged text.\n", encoding="utf-8")
    (root / "articles" / "added.md").write_text("# added\n\nNew.\n", encoding="utf-8")
    (root / "articles" / "deleted.md").unlink()
    git(root, "mv", "articles/renamed.md", "articles/moved.md")
    (root / "README.md").write_text("# readme\n\nchanged\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feature")
    # not committed: one staged, one modified, one untracked
    (root / "articles" / "old.md").write_text("# old\n\nEdited, not committed.\n", encoding="utf-8")
    (root / "articles" / "draft.md").write_text("# draft\n\nUntracked.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_changed_paths(repo):
    import os

    names = sorted(os.path.relpath(p, os.path.realpath(repo)) for p in changed_paths("main"))
    assert names == ["README.md", "articles/added.md", "articles/edited.md", "articles/moved.md",
                     "articles/old.md"]
    # an untracked file (a scratch copy, a download) counts only when asked
    with_untracked = sorted(os.path.relpath(p, os.path.realpath(repo))
                            for p in changed_paths("main", include_untracked=True))
    assert with_untracked == sorted(names + ["articles/draft.md"])


def test_select_changed_intersects_given_paths(repo):
    files = ["articles/added.md", "articles/edited.md", "articles/moved.md", "articles/old.md"]
    assert select_changed(files + ["README.md"], "main") == files + ["README.md"]
    assert select_changed(["articles/edited.md"], "main") == ["articles/edited.md"]


def test_cli_changed_since(repo):
    result = CliRunner().invoke(main, ["check", "articles", "--changed-since", "main", "--jobs", "1",
                                       "--no-cache", "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    paths = sorted(f["path"] for f in json.loads(result.stdout)["files"])
    assert paths == ["articles/added.md", "articles/edited.md", "articles/moved.md", "articles/old.md"]


def test_cli_changed_since_leaves_untracked_files_unless_asked(repo):
    args = ["check", "articles", "--changed-since", "main", "--jobs", "1", "--no-cache", "--format", "json",
            "--fail-on", "never"]
    without = CliRunner().invoke(main, args)
    assert "articles/draft.md" not in {f["path"] for f in json.loads(without.stdout)["files"]}
    asked = CliRunner().invoke(main, args + ["--include-untracked"])
    assert "articles/draft.md" in {f["path"] for f in json.loads(asked.stdout)["files"]}


def test_cli_nothing_changed_is_not_an_error(repo):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "all")
    result = CliRunner().invoke(main, ["check", "articles", "--changed-since", "HEAD", "--jobs", "1",
                                       "--no-cache", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"] == []


def test_unknown_ref_is_a_usage_error(repo):
    result = CliRunner().invoke(main, ["check", "articles", "--changed-since", "nonesuch", "--jobs", "1"])
    assert result.exit_code == 2 and "unknown git revision" in result.output


def test_not_a_repository_is_a_usage_error(tmp_path, monkeypatch):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.md").write_text("# a\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = CliRunner().invoke(main, ["check", "a.md", "--changed-since", "main", "--jobs", "1"])
    assert result.exit_code == 2 and "not inside a git repository" in result.output
    with pytest.raises(GitError):
        changed_paths("main", str(folder))
