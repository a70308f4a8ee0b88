"""``check --changed-since REF``: the article files git says changed.

Changed means: added, copied, modified or renamed between the merge base of REF and HEAD
(``git diff --name-only --diff-filter=ACMR REF...HEAD``), plus what is not committed yet (staged and
unstaged changes to tracked files). Untracked files (scratch copies, downloads) count only when asked
(``--include-untracked``); files git ignores never do. Deleted files are not checked.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not a repository, or the ref is unknown."""


def _git(args: list[str], cwd: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise GitError("--changed-since needs git, which was not found on PATH") from exc
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} failed with status {done.returncode}")
    return done.stdout


def repo_root(cwd: str | None = None) -> Path:
    cwd = cwd or os.getcwd()
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except GitError as exc:
        raise GitError(f"--changed-since: {cwd} is not inside a git repository ({exc})") from exc


def changed_paths(ref: str, cwd: str | None = None, include_untracked: bool = False) -> set[str]:
    """Real paths of the files changed since ``ref`` (committed or not) that still exist."""
    cwd = cwd or os.getcwd()
    root = repo_root(cwd)
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    except GitError as exc:
        raise GitError(f"--changed-since: unknown git revision {ref!r} (fetch it first?)") from exc
    names: set[str] = set()
    outputs = [
        _git(["-c", "core.quotepath=off", "diff", "--name-only", "-z", "--diff-filter=ACMR", f"{ref}...HEAD"], cwd),
        _git(["-c", "core.quotepath=off", "diff", "--name-only", "-z", "--diff-filter=ACMR", "HEAD"], cwd),
    ]
    if include_untracked:
        outputs.append(_git(["ls-files", "-z", "--others", "--exclude-standard"], str(root)))
    for output in outputs:
        names.update(n for n in output.split("\0") if n)
    found = set()
    for name in names:
        candidate = root / name  # every listing above is relative to the top level
        if candidate.is_file():
            found.add(os.path.realpath(candidate))
    return found


def select_changed(files: list[str], ref: str, cwd: str | None = None,
                   include_untracked: bool = False) -> list[str]:
    """The files of ``files`` (as discovered from the given paths) that changed since ``ref``."""
    changed = changed_paths(ref, cwd, include_untracked)
    return [f for f in files if f != "-" and os.path.realpath(f) in changed]
