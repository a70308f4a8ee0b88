"""The GitHub Action and the pre-commit hook (issue 16): paths from the repository root, SARIF upload
that cannot fail a fork's job, a cap on notices, actions pinned by commit, serial pre-commit runs."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SHA = re.compile(r"^[^@]+@[0-9a-f]{40}$")


def _action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def _uses() -> list[str]:
    found = [step["uses"] for step in _action()["runs"]["steps"] if "uses" in step]
    for workflow in (REPO / ".github" / "workflows").glob("*.yml"):
        for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values():
            found += [step["uses"] for step in job["steps"] if "uses" in step]
    return found


def test_third_party_actions_are_pinned_by_commit():
    remote = [u for u in _uses() if not u.startswith("./")]
    assert remote and all(SHA.match(u.split()[0]) for u in remote), remote


def test_sarif_upload_cannot_fail_the_job_and_skips_forks():
    step = next(s for s in _action()["runs"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert step["continue-on-error"] is True
    assert "head.repo.full_name == github.repository" in step["if"]


def test_pre_commit_hook_runs_serially_with_findings_only():
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert hook["require_serial"] is True
    assert "--quiet" in hook["args"] and "--force-exclude" in hook["entry"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                            GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org"))


def test_action_step_reports_paths_from_the_repository_root(tmp_path):
    repo = tmp_path / "repo"
    site = repo / "site"
    shutil.copytree(REPO / "articles", site / "articles")
    (site / "README.md").write_text("# Our site\n\nHow to build it.\n", encoding="utf-8")
    _git(repo, "init", "-q")
    out, output, summary = tmp_path / "out", tmp_path / "github-output", tmp_path / "summary.md"
    env = dict(os.environ, GITHUB_WORKSPACE=str(repo), GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary),
               HL_PATHS=".", HL_FAIL_ON="error", HL_REF="", HL_ARGS="--no-cache -j 1", HL_MAX_NOTICES="0",
               HL_OUT=str(out), PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run(["bash", str(REPO / "action" / "lint.sh")], cwd=site, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    files = {re.search(r"file=([^,]+)", line).group(1) for line in annotations}
    assert files and all(f.startswith("site/articles/") for f in files), files  # never site/README.md
    # the samples have one info finding (there were more before the readability volume cut):
    # max-notices 0 leaves it out of the annotations and counts it in the summary
    assert sum(line.startswith("::notice ") for line in annotations) == 0
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    assert outputs["exit-code"] == "1"
    sarif = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in sarif["runs"][0]["results"] for loc in result["locations"]}
    assert uris and all(u.startswith("site/articles/") for u in uris), uris
    assert all((repo / u).is_file() for u in uris)
    text = summary.read_text(encoding="utf-8")
    assert "## healthlint" in text and "more info finding(s) are not annotated" in text
    assert not (site / "healthlint.sarif").exists()  # outputs stay out of the repository
