"""Parallel runs give the same results, in the same order, as a serial run; shards split a run."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from healthlint.core.config import Config
from healthlint.run.engine import run
from healthlint.run.parallel import parse_shard, select_shard
from conftest import CORPUS



@pytest.fixture(autouse=True)
def steady_code(monkeypatch):
    """healthlint's own code is part of the key; hold it still while others edit the tree."""
    monkeypatch.setattr("healthlint.run.cache.code_fingerprint", lambda: "test")


@pytest.fixture
def files(tmp_path):
    names = sorted((CORPUS / "medquad").glob("*"))[:5] + sorted((CORPUS / "nci").glob("*.md"))[:2]
    paths = []
    for source in names:
        shutil.copy(source, tmp_path / source.name)
        paths.append(str(tmp_path / source.name))
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02 not text")
    # unreadable files in the middle: read errors stay per file and in place
    return paths[:3] + [str(tmp_path / "empty.md")] + paths[3:] + [str(tmp_path / "binary.html")]


def FAST(**kwargs) -> Config:
    """Parsing and the spaCy pass only: what parallel runs change, without the checks' cost."""
    return Config(select=["healthlint"], **kwargs)


def dicts(results):
    return [r.to_dict() for r in results]


@pytest.mark.parametrize("per_task", [1, 3])
def test_jobs_2_matches_jobs_1_in_order(files, monkeypatch, per_task):
    monkeypatch.setattr("healthlint.run.parallel.files_per_task", lambda files, workers: per_task)
    config = FAST()
    serial = dicts(run(files, config, jobs=1))
    parallel = dicts(run(files, config, jobs=2))
    assert [r["path"] for r in parallel] == files
    assert parallel == serial
    assert serial[3]["error"] and serial[-1]["error"]


def test_parallel_with_a_partly_warm_cache(files, tmp_path):
    config = FAST(cache_dir=str(tmp_path / "cache"))
    expected = dicts(run(files, config, jobs=1, cache=False))
    list(run(files[::2], config, jobs=1, cache=True))  # every other file cached
    assert dicts(run(files, config, jobs=2, cache=True)) == expected
    assert dicts(run(files, config, jobs=2, cache=True)) == expected  # all cached now


def test_duplicates_and_order_kept(files):
    config = FAST()
    doubled = files[:4] + files[:4]
    results = dicts(run(doubled, config, jobs=2))
    assert [r["path"] for r in results] == doubled
    assert results[:4] == results[4:]


def test_keep_blocks_false_drops_blocks_only(files):
    config = FAST()
    full = dicts(run(files[:2], config, jobs=1))
    slim = dicts(run(files[:2], config, jobs=1, keep_blocks=False))
    assert any(a["blocks"] for r in full for a in r["articles"])
    assert all(not a["blocks"] for r in slim for a in r["articles"])
    for f, s in zip(full, slim):
        assert [a["findings"] for a in f["articles"]] == [a["findings"] for a in s["articles"]]


def test_run_is_lazy_generator(files):
    results = run(files[:3], FAST(), jobs=1)
    assert iter(results) is results
    assert next(results).path == files[0]


def test_select_shard_partitions_deterministically():
    files = [f"articles/{name}.md" for name in "qwertyuiopasdfghjklzxcvbnm"]
    shards = [select_shard(files, k, 4) for k in range(1, 5)]
    assert sorted(p for shard in shards for p in shard) == sorted(files)
    assert max(map(len, shards)) - min(map(len, shards)) <= 1
    for shard in shards:
        assert shard == [p for p in files if p in shard]  # input order kept
    assert select_shard(list(reversed(files)), 2, 4) == list(reversed(shards[1]))  # same members
    assert select_shard(files, 1, 1) == files
    assert select_shard(files[:2], 4, 4) == []


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", "-1/2"])
def test_parse_shard_rejects(text):
    with pytest.raises(ValueError):
        parse_shard(text)


def test_cli_shards_cover_the_run(files, tmp_path, monkeypatch):
    from healthlint.cli import main

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    seen = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}.json"
        result = runner.invoke(main, ["check", *files, "--shard", f"{k}/3", "--select", "healthlint", "--format", "json", "-o", str(out),
                                      "--fail-on", "never", "--no-cache", "-j", "2"])
        assert result.exit_code == 0, result.output
        seen += [f["path"] for f in json.loads(out.read_text())["files"]]
    assert sorted(seen) == sorted(files)
    result = runner.invoke(main, ["check", files[0], "--shard", "4/3"])
    assert result.exit_code == 2
