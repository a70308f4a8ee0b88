"""What `healthlint check .` takes in (issue 16): articles only, as ruff and markdownlint users expect."""
from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from healthlint.cli import main
from healthlint.core.config import load_config
from healthlint.run.discovery import discover, matches

ARTICLE = "# Back pain\n\nMost back pain gets better within a few weeks. Keep moving.\n"


def write(path, text=ARTICLE):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A repository of articles as a newsroom keeps it."""
    root = tmp_path / "site"
    for name in ("articles/back-pain.md", "articles/sleep.txt", "articles/heartburn.html",
                 "articles/nested/knee.markdown", "articles/old/legacy.htm"):
        write(root / name)
    for name in ("README.md", "LICENSE.txt", "CHANGELOG.md", "CONTRIBUTING.md", "docs/README.md",
                 "healthlint-summary.md", "node_modules/pkg/README.md", "node_modules/pkg/guide.md",
                 ".github/PULL_REQUEST_TEMPLATE.md", ".venv/lib/notes.md", "venv/lib/site-packages/x/a.md",
                 "articles/drafts/wip.md", "articles/ignored.md", "scripts/build.py", "articles/photo.jpg",
                 "requirements.txt", "reports/index.html", "reports/articles/a.html", "articles/notes.rst"):
        write(root / name)
    write(root / "reports" / ".healthlint-report", "marker\n")
    write(root / ".gitignore", "articles/ignored.md\n")
    monkeypatch.chdir(root)
    return root


def test_check_dot_takes_articles_only(site):
    assert sorted(discover(["."], load_config())) == [
        "articles/back-pain.md", "articles/drafts/wip.md", "articles/heartburn.html",
        "articles/nested/knee.markdown", "articles/old/legacy.htm", "articles/sleep.txt",
    ]


def test_exclude_and_extend_exclude(site):
    write(site / "healthlint.toml", 'exclude = ["articles/drafts/**"]\nextend-exclude = ["old", "*.txt"]\n')
    assert sorted(discover(["."], load_config())) == [
        "articles/back-pain.md", "articles/heartburn.html", "articles/nested/knee.markdown"]


def test_gitignore_can_be_switched_off(site):
    write(site / "healthlint.toml", "respect-gitignore = false\n")
    assert "articles/ignored.md" in discover(["."], load_config())


def test_gitignore_of_a_parent_folder_applies_inside_a_repository(site):
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    write(site / ".gitignore", "articles/nested/\n")
    found = discover(["articles"], load_config())
    assert "articles/nested/knee.markdown" not in found and "articles/back-pain.md" in found


def test_git_info_exclude_and_the_users_excludes_file(site, tmp_path, monkeypatch):
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    write(site / ".git" / "info" / "exclude", "articles/sleep.txt\n")
    excludes = write(tmp_path / "global-ignore", "*.htm\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(write(tmp_path / "gitconfig", f"[core]\n\texcludesFile = {excludes}\n")))
    found = discover(["."], load_config())
    assert "articles/sleep.txt" not in found and "articles/old/legacy.htm" not in found
    assert "articles/back-pain.md" in found


def test_named_files_are_checked_whatever_their_name(site):
    assert discover(["README.md", "articles/notes.rst", "node_modules/pkg/guide.md"], load_config()) == [
        "README.md", "articles/notes.rst", "node_modules/pkg/guide.md"]
    # pre-commit names every staged file: --force-exclude applies the skips to them too
    assert discover(["README.md", "articles/back-pain.md", "node_modules/pkg/guide.md"], load_config(),
                    force_exclude=True) == ["articles/back-pain.md"]


def test_globs_skip_vendored_folders(site):
    assert discover(["**/*.md"], load_config()) == ["articles/back-pain.md", "articles/drafts/wip.md"]


def test_patterns():
    assert matches("articles/drafts/a.md", "articles/drafts/**")
    assert matches("articles/drafts/a.md", "drafts")
    assert matches("x/y/a.draft.md", "*.draft.md")
    assert not matches("articles/a.md", "drafts")
    # a bare name never matches a folder above the project root
    assert not matches("/srv/tmp/site/articles/a.md", "tmp", root="/srv/tmp/site")
    assert matches("/srv/tmp/site/tmp/a.md", "tmp", root="/srv/tmp/site")


def test_cli_check_dot_in_a_repository(site):
    result = CliRunner().invoke(main, ["check", ".", "--format", "json", "--no-cache", "-j", "1",
                                       "--fail-on", "never", "--select", "hygiene"])
    assert result.exit_code == 0, result.output
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert "README.md" not in paths and not any(p.startswith(("node_modules", "reports")) for p in paths)
    assert "articles/back-pain.md" in paths


def test_fix_leaves_repository_files_alone(site):
    before = (site / "README.md").read_text(encoding="utf-8")
    diff = CliRunner().invoke(main, ["check", ".", "--diff", "--no-cache", "-j", "1",
                                     "--select", "disclaimers/medical"])
    assert "articles/back-pain.md" in diff.stdout
    assert "README.md" not in diff.stdout and "LICENSE.txt" not in diff.stdout
    result = CliRunner().invoke(main, ["check", ".", "--fix", "--no-cache", "-j", "1", "--fail-on", "never",
                                       "--select", "disclaimers/medical"])
    assert result.exit_code == 0, result.output
    assert (site / "README.md").read_text(encoding="utf-8") == before
    assert (site / "LICENSE.txt").read_text(encoding="utf-8") == ARTICLE
    assert "not a substitute" in (site / "articles/back-pain.md").read_text(encoding="utf-8").lower()


def test_html_report_folder_is_marked_and_skipped(site, tmp_path):
    out = site / "out"
    result = CliRunner().invoke(main, ["check", "articles/back-pain.md", "--no-cache", "-j", "1",
                                       "--fail-on", "never", "--format", f"html={out}"])
    assert result.exit_code == 0, result.output
    assert (out / ".healthlint-report").is_file()
    assert not any(p.startswith("out") for p in discover(["."], load_config()))


def test_a_folder_can_have_its_own_configuration(site):
    """Like ruff: the nearest healthlint.toml above a file is its configuration."""
    write(site / "healthlint.toml", 'select = ["disclaimers/medical"]\n')
    write(site / "articles" / "old" / "healthlint.toml", 'select = ["disclaimers/medical"]\nignore = ["disclaimers"]\n')
    result = CliRunner().invoke(main, ["check", "articles", "-q", "--no-cache", "-j", "1"])
    flagged = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    assert "articles/back-pain.md" in flagged and "articles/old/legacy.htm" not in flagged
    assert result.exit_code == 1
    broken = write(site / "articles" / "old" / "healthlint.toml", 'select = ["nonsense"]\n')
    assert CliRunner().invoke(main, ["check", "articles", "--no-cache", "-j", "1"]).exit_code == 2
    broken.unlink()
