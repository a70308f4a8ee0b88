"""Start-up stays light: --help, rules and explain never import spaCy, nor does a run served wholly
from the cache."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import healthlint
from conftest import corpus_file

# the subprocesses import the healthlint under test, wherever the working folder is
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join(
    [str(Path(healthlint.__file__).resolve().parents[1]), *filter(None, [os.environ.get("PYTHONPATH")])]))

PROBE = """
import sys
from healthlint.cli import main
try:
    main({args!r})
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("spacy", "thinc", "numpy", "torch") if m in sys.modules)
print("HEAVY=" + ",".join(heavy))
sys.exit(0)
"""


def heavy_modules(args: list[str], cwd: Path | None = None, env: dict | None = None) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120, env=env or ENV)
    assert done.returncode == 0, done.stderr[-2000:]
    line = [out for out in done.stdout.splitlines() if out.startswith("HEAVY=")][-1]
    return [m for m in line[len("HEAVY="):].split(",") if m]


@pytest.mark.parametrize("args", [["--help"], ["rules"], ["explain", "healthlint/unreadable"],
                                  ["check", "--help"], ["cache", "dir"]])
def test_light_commands_do_not_import_spacy(args):
    assert heavy_modules(args) == []


def test_importtime_of_help_has_no_spacy():
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "healthlint", "--help"],
                          capture_output=True, text=True, timeout=120, env=ENV)
    assert done.returncode == 0
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")}
    assert "spacy" not in imported


def test_cached_run_does_not_import_spacy(tmp_path):
    source = corpus_file("medquad/cdc-0000092.md")
    article = tmp_path / "article.md"
    shutil.copy(source, article)
    args = ["check", str(article), "--fail-on", "never", "-q", "-j", "1"]
    # a cache of its own: an earlier run of the same text elsewhere must not make the first run a hit
    env = dict(ENV, HEALTHLINT_CACHE_DIR=str(tmp_path / "cache"))
    assert "spacy" in heavy_modules(args, cwd=tmp_path, env=env)  # first run analyses
    # second run is served from the cache (retried: healthlint's own code is part of the key, and
    # the tree may be edited between two runs)
    assert any(heavy_modules(args, cwd=tmp_path, env=env) == [] for _ in range(3))
