"""Nothing is downloaded at run time: a full check runs with the network cut off."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from healthlint.core.config import Config
from healthlint.run.engine import run

from conftest import corpus_file

SAMPLES = ["medquad/cdc-0000092.md", "medquad/cdc-0000014.html", "medquad/cdc-0000342.txt",
           "nci/common-cancers.md"]

BLOCK_NETWORK = """
import socket

class NetworkBlocked(OSError):
    pass

def refuse(*args, **kwargs):
    raise NetworkBlocked("network access during a healthlint run")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
try:
    import nltk, nltk.downloader
    nltk.download = nltk.downloader.download = refuse
    nltk.downloader.Downloader.download = refuse
except ImportError:
    pass
"""


def samples() -> list[str]:
    return [str(corpus_file(s)) for s in SAMPLES]


@pytest.fixture
def offline(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during a healthlint run")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    try:
        import nltk
        import nltk.downloader

        monkeypatch.setattr(nltk, "download", refuse)
        monkeypatch.setattr(nltk.downloader, "download", refuse)
        monkeypatch.setattr(nltk.downloader.Downloader, "download", refuse)
    except ImportError:
        pass
    return attempts


def test_full_check_in_process_offline(offline):
    paths = samples()
    results = list(run(paths, Config(), jobs=1, cache=False))
    assert [r.path for r in results] == paths
    assert all(r.error is None and r.articles for r in results)
    assert offline == []


def test_full_check_in_a_subprocess_offline(tmp_path):
    """Fresh interpreter (nothing preloaded), command line, worker processes, cache on."""
    paths = samples()
    out = tmp_path / "results.json"
    code = BLOCK_NETWORK + (
        "import sys\nfrom healthlint.cli import main\n"
        f"sys.argv = ['healthlint', 'check', *{paths!r}, '--format', 'json', '-o', {str(out)!r}, "
        "'--fail-on', 'never', '-j', '2']\nmain()\n"
    )
    import os

    import healthlint

    env = dict(os.environ, PYTHONPATH=str(Path(healthlint.__file__).resolve().parents[1]))
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "network access" not in done.stderr
    import json

    files = json.loads(out.read_text())["files"]
    assert [f["path"] for f in files] == paths
    assert all(f["articles"] for f in files)
