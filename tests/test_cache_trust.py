"""The result cache is data the run does not trust: entries are authenticated with this user's secret
key, only bounded regular files are read, and a cache folder committed to a pull request's checkout
cannot change the result."""
from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from healthlint.run import cache as cache_module
from healthlint.run.cache import LAYOUT, MAC_PREFIX, ResultCache, cache_dir, entry_mac, key_path, secret_key
from healthlint.cli import main
from healthlint.core.config import Config
from healthlint.run.engine import read_one, run

# An article that fails: no medical disclaimer (an error).
ARTICLE = """# Knee pain

Knee pain has many causes. Rest, ice and gentle movement help most people feel better in a few weeks.
"""


@pytest.fixture(autouse=True)
def user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setattr("healthlint.run.cache.code_fingerprint", lambda: "test")
    return tmp_path / "user-cache"


@pytest.fixture
def article(tmp_path) -> str:
    path = tmp_path / "knee.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return str(path)


def entry_of(config: Config, path: str) -> tuple[ResultCache, str, Path]:
    cache = ResultCache.for_config(config)
    key = cache.key(read_one(path, config))
    return cache, key, cache.entry_path(key)


def test_secret_key_is_private_and_outside_the_working_tree(user_cache, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    key = secret_key()
    assert key is not None and len(key) == 32
    info = os.stat(key_path())
    assert key_path().parent == user_cache and stat.S_IMODE(info.st_mode) == 0o600
    assert cache_dir(Config()) == user_cache / "results"


def test_key_file_that_others_can_read_turns_the_cache_off(user_cache):
    user_cache.mkdir(parents=True)
    key_path().write_bytes(b"k" * 32)
    key_path().chmod(0o644)
    assert secret_key() is None


def test_tampered_entry_is_ignored_and_recomputed(article):
    """The issue's case: one edited entry turned exit 1 into exit 0."""
    config = Config()
    [first] = run([article], config, jobs=1, cache=True)
    assert first.fails("error")
    cache, key, path = entry_of(config, article)
    data = path.read_bytes()
    mac, _, payload = data[len(MAC_PREFIX):].partition(b"\n")
    entry = orjson.loads(payload)
    for article_result in entry["result"]["articles"]:
        article_result["findings"] = []
    path.write_bytes(MAC_PREFIX + mac + b"\n" + orjson.dumps(entry))  # edited, old MAC
    assert cache.load(key, article) is None
    [second] = run([article], config, jobs=1, cache=True)
    assert second.fails("error") and second.to_dict() == first.to_dict()


def test_entry_forged_with_another_key_is_ignored(article):
    config = Config()
    cache, key, path = entry_of(config, article)
    payload = orjson.dumps({"key": key, "result": {"path": article, "articles": [], "findings": []}})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(MAC_PREFIX + entry_mac(b"x" * 32, key, payload) + b"\n" + payload)
    assert cache.load(key, article) is None
    path.write_bytes(payload)  # no MAC at all (a v1 entry)
    assert cache.load(key, article) is None
    [result] = run([article], config, jobs=1, cache=True)
    assert result.fails("error")


def test_fifo_entry_does_not_hang(article):
    config = Config()
    cache, key, path = entry_of(config, article)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    started = time.monotonic()
    assert cache.load(key, article) is None
    [result] = run([article], config, jobs=1, cache=True)
    assert result.fails("error") and time.monotonic() - started < 30


def test_entry_linked_to_dev_zero_is_not_read(article):
    config = Config()
    cache, key, path = entry_of(config, article)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/dev/zero")
    assert cache.load(key, article) is None
    [result] = run([article], config, jobs=1, cache=True)
    assert result.fails("error")


def test_entry_over_the_size_bound_is_not_read(article, monkeypatch):
    config = Config()
    list(run([article], config, jobs=1, cache=True))
    cache, key, path = entry_of(config, article)
    assert cache.load(key, article) is not None
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", path.stat().st_size - 1)
    assert cache.load(key, article) is None


def committed_cache(checkout: Path, article: str) -> None:
    """What a pull request can commit: a cache folder of entries that clear the failing article,
    under the old default name and under a configured cache-dir, with keys computed as healthlint
    computes them (the key is no secret) but without the user's secret MAC key."""
    for folder in (".healthlint_cache", "committed-cache"):
        config = Config(cache_dir=str(checkout / folder))
        real = ResultCache.for_config(config)
        key = real.key(read_one(article, config))
        clean = {"path": article, "kind": "markdown", "encoding": "utf-8", "articles": [], "findings": []}
        payload = orjson.dumps({"key": key, "result": clean})
        for layout in ("v1", LAYOUT):
            entry = checkout / folder / layout / key[:2] / f"{key}.json"
            entry.parent.mkdir(parents=True, exist_ok=True)
            entry.write_bytes(payload if layout == "v1" else
                              MAC_PREFIX + entry_mac(os.urandom(32), key, payload) + b"\n" + payload)


@pytest.mark.parametrize("configured", [False, True])
def test_cache_committed_in_a_pull_request_cannot_change_the_result(tmp_path, monkeypatch, configured):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "knee.md").write_text(ARTICLE, encoding="utf-8")
    if configured:
        (checkout / "healthlint.toml").write_text('cache-dir = "committed-cache"\n', encoding="utf-8")
    monkeypatch.chdir(checkout)
    committed_cache(checkout, "knee.md")
    runner = CliRunner()
    base = ["check", "knee.md", "-j", "1", "-q", "--format", "github"]
    assert runner.invoke(main, base + ["--no-cache"]).exit_code == 1
    assert runner.invoke(main, base).exit_code == 1  # the committed entries are not trusted
    assert runner.invoke(main, base).exit_code == 1  # nor the entries this run wrote in their place
    if configured:  # the forgery hits the right entry: only the MAC stands in its way
        committed_cache(checkout, "knee.md")
        monkeypatch.setattr(cache_module.hmac, "compare_digest", lambda a, b: True)
        assert runner.invoke(main, base).exit_code == 0


def test_changed_since_run_does_not_use_a_cache_dir_inside_the_checkout(tmp_path, monkeypatch):
    from healthlint import cli

    monkeypatch.chdir(tmp_path)
    inside = Config(cache_dir="committed-cache", source=str(tmp_path / "healthlint.toml"))
    cli._untrusted_cache_dir_off(inside, quiet=True)
    assert inside.cache_dir is None
    outside = Config(cache_dir=str(tmp_path.parent / "elsewhere-cache"))
    cli._untrusted_cache_dir_off(outside, quiet=True)
    assert outside.cache_dir == str(tmp_path.parent / "elsewhere-cache")


def test_action_keeps_its_cache_outside_the_checkout():
    import yaml

    action = yaml.safe_load((Path(__file__).resolve().parents[1] / "action.yml").read_text(encoding="utf-8"))
    [lint] = [step for step in action["runs"]["steps"] if step.get("id") == "lint"]
    assert lint["env"]["HEALTHLINT_CACHE_DIR"].startswith("${{ runner.temp }}")
    # the step runs action/lint.sh, which checks what the pull request changed
    assert "action/lint.sh" in lint["run"]
    script = (Path(__file__).resolve().parents[1] / "action" / "lint.sh").read_text(encoding="utf-8")
    assert "--changed-since" in script
