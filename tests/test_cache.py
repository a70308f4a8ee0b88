"""The result cache: hits skip analysis, keys cover config and policy, entries are atomic and
corrupt ones ignored, a cached result carries this run's path."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.run import engine
from healthlint.run.cache import LAYOUT, ResultCache, cache_dir, clear, run_fingerprint
from healthlint.core.config import Config, default_policy_dir
from healthlint.run.engine import run
from conftest import corpus_file



@pytest.fixture(autouse=True)
def steady_code(monkeypatch):
    """healthlint's own code is part of the key; hold it still while others edit the tree."""
    monkeypatch.setattr("healthlint.run.cache.code_fingerprint", lambda: "test")
SAMPLES = ["medquad/cdc-0000092.md", "medquad/cdc-0000014.html", "medquad/cdc-0000342.txt"]


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    paths = []
    for relative in SAMPLES:
        source = corpus_file(relative)
        target = folder / source.name
        shutil.copy(source, target)
        paths.append(str(target))
    return paths


@pytest.fixture
def config(tmp_path):
    return Config(cache_dir=str(tmp_path / "cache"))


def dicts(results):
    return [r.to_dict() for r in results]


def forbid_analysis(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("analysed an article that should have come from the cache")

    monkeypatch.setattr(engine, "lint_source", fail)


def test_second_run_comes_from_cache(articles, config, monkeypatch):
    first = dicts(run(articles, config, jobs=1, cache=True))
    entries = list((Path(config.cache_dir) / LAYOUT).rglob("*.json"))
    assert len(entries) == len(articles)
    forbid_analysis(monkeypatch)
    second = dicts(run(articles, config, jobs=1, cache=True))
    assert second == first


def test_no_cache_neither_reads_nor_writes(articles, config):
    dicts(run(articles, config, jobs=1, cache=False))
    assert not Path(config.cache_dir).exists()


def test_cached_result_has_this_runs_path(articles, config, tmp_path, monkeypatch):
    list(run(articles[:1], config, jobs=1, cache=True))
    moved = tmp_path / "elsewhere" / "renamed.md"
    moved.parent.mkdir()
    shutil.copy(articles[0], moved)
    forbid_analysis(monkeypatch)
    [result] = list(run([str(moved)], config, jobs=1, cache=True))
    assert result.path == str(moved)
    assert all(f.path == str(moved) for f in result.all_findings)


def test_same_text_as_another_kind_is_a_miss(articles, config, tmp_path):
    list(run(articles[:1], config, jobs=1, cache=True))
    as_text = tmp_path / "same.txt"
    shutil.copy(articles[0], as_text)
    key_md = ResultCache.for_config(config).key(engine.read_one(articles[0], config))
    key_txt = ResultCache.for_config(config).key(engine.read_one(str(as_text), config))
    assert key_md != key_txt


def test_edited_article_is_analysed_again(articles, config):
    list(run(articles[:1], config, jobs=1, cache=True))
    with open(articles[0], "a", encoding="utf-8") as handle:
        handle.write("\nA new closing paragraph about sleep.\n")
    cache = ResultCache.for_config(config)
    assert not cache.contains(cache.key(engine.read_one(articles[0], config)))


def test_key_covers_configuration_and_policy(tmp_path):
    base = Config()
    assert run_fingerprint(base) == run_fingerprint(Config())
    assert run_fingerprint(Config(ignore=["healthlint/parse-error"])) != run_fingerprint(base)
    assert run_fingerprint(Config(severity={"healthlint/parse-error": "error"})) != run_fingerprint(base)
    assert run_fingerprint(Config(max_file_size=1000)) != run_fingerprint(base)
    # jobs, cache-dir and fail-on do not change a result
    assert run_fingerprint(Config(jobs=3, cache_dir="x", fail_on="never")) == run_fingerprint(base)
    policy = tmp_path / "policy"
    shutil.copytree(default_policy_dir(), policy)
    assert run_fingerprint(Config(policy_dir=policy)) == run_fingerprint(base)  # same content
    (policy / "extra.txt").write_text("# a new word list\nwidget\n", encoding="utf-8")
    assert run_fingerprint(Config(policy_dir=policy)) != run_fingerprint(base)


def test_library_versions_are_read_once_per_set_of_installed_packages(tmp_path, monkeypatch):
    from healthlint.run import cache

    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "derived"))
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(cache.sys, "path", [str(tmp_path / "script"), str(site)])
    reads = []
    monkeypatch.setattr(cache, "_installed_versions",
                        lambda: reads.append(1) or [(name, f"1.{len(reads)}") for name in cache.RESULT_LIBRARIES])
    first = cache.library_versions()
    assert cache.library_versions() == first and len(reads) == 1  # the memo answers
    (site / "spacy-9.9.9.dist-info").mkdir()  # what an install or upgrade does to its folder
    os.utime(site, ns=(10**18, 10**18))  # a modification time surely unlike the first
    upgraded = cache.library_versions()
    assert len(reads) == 2 and upgraded != first
    (tmp_path / "derived" / cache.VERSIONS_FILE).write_bytes(b"not json")
    assert cache.library_versions() and len(reads) == 3  # a damaged memo is read again


def test_threshold_override_changes_key():
    base = Config()
    other = Config(overrides={"off-topic": {"bridge-confidence": 0.9}})
    assert run_fingerprint(other) != run_fingerprint(base)
    assert run_fingerprint(Config(overrides={"off-topic": {"bridge-confidence": 0.8}})) != run_fingerprint(other)


def test_corrupt_entries_are_ignored(articles, config):
    first = dicts(run(articles, config, jobs=1, cache=True))
    entries = sorted((Path(config.cache_dir) / LAYOUT).rglob("*.json"))
    entries[0].write_bytes(b"\x00not json")
    entries[1].write_text(json.dumps({"key": "someone else's", "result": {}}), encoding="utf-8")
    entries[2].write_text(json.dumps({"key": entries[2].stem, "result": {"nonsense": 1}}), encoding="utf-8")
    assert dicts(run(articles, config, jobs=1, cache=True)) == first
    # and the entries are good again
    cache = ResultCache.for_config(config)
    for path in articles:
        assert cache.load(cache.key(engine.read_one(path, config)), path) is not None


def test_writes_are_atomic_and_leave_no_temporary_files(articles, config):
    list(run(articles, config, jobs=1, cache=True))
    folder = Path(config.cache_dir)
    assert not [p for p in folder.rglob(".tmp-*")]
    assert (folder / ".gitignore").read_text().strip().endswith("*")
    assert (folder / "CACHEDIR.TAG").exists()


def test_unreadable_files_are_not_cached(tmp_path, config):
    empty = tmp_path / "empty.md"
    empty.write_text("")
    [result] = list(run([str(empty)], config, jobs=1, cache=True))
    assert result.error
    assert not list(Path(config.cache_dir).rglob("*.json")) if Path(config.cache_dir).exists() else True


def test_cache_dir_resolution(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HEALTHLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir(Config()) == tmp_path / "xdg" / "healthlint" / "results"  # never the working tree
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "env"))
    assert cache_dir(Config()) == tmp_path / "env" / "results"
    configured = Config(cache_dir="build/cache", source=str(tmp_path / "project" / "healthlint.toml"))
    assert cache_dir(configured) == (tmp_path / "project").resolve() / "build" / "cache"


def test_clear_refuses_a_folder_that_is_not_a_cache(tmp_path):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("keep me")
    with pytest.raises(ValueError):
        clear(tmp_path / "precious")
    assert clear(tmp_path / "missing") == 0


def test_cli_no_cache_and_cache_clear(articles, tmp_path, monkeypatch):
    from healthlint.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "user-cache"))
    runner = CliRunner()
    result = runner.invoke(main, ["check", articles[0], "--no-cache", "-j", "1", "--fail-on", "never", "-q"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "user-cache" / "results"
    assert not folder.exists()
    result = runner.invoke(main, ["check", articles[0], "-j", "1", "--fail-on", "never", "-q"])
    assert result.exit_code == 0, result.output
    assert list(folder.rglob("*.json"))
    result = runner.invoke(main, ["cache", "dir"])
    assert result.output.strip() == str(folder)
    result = runner.invoke(main, ["cache", "clear"])
    assert result.exit_code == 0 and "removed 1 cached result" in result.output
    assert not folder.exists()


def test_cache_build_writes_the_derived_dictionaries(tmp_path, monkeypatch):
    from healthlint.language import syllables, vocabulary
    from healthlint.cli import main

    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path))
    vocabulary.load.cache_clear()
    syllables.cmu_table.cache_clear()
    try:
        done = CliRunner().invoke(main, ["cache", "build"])
        assert done.exit_code == 0, done.output
        assert "vocabulary: ready" in done.output and "syllables: ready" in done.output
        assert list(tmp_path.glob("vocabulary-*.sqlite"))
    finally:  # later tests open the dictionaries of the session's cache folder again
        vocabulary.load.cache_clear()
        syllables.cmu_table.cache_clear()


def test_engine_prepares_derived_data_before_any_check(monkeypatch):
    from healthlint.core.registry import Check
    from healthlint.core.reading import SourceText

    prepared: list[str] = []
    seen_by_check: list[list[str]] = []

    class NeedsVocabulary(Check):
        name = "needy"
        needs = frozenset({"sentences", "vocabulary"})

        def run(self, analysed, ctx):
            seen_by_check.append(list(prepared))

    monkeypatch.setattr(engine, "DERIVED_DATA", {"vocabulary": lambda: prepared.append("vocabulary"),
                                                 "syllables": lambda: prepared.append("syllables")})
    monkeypatch.setattr(engine, "enabled_checks", lambda config: [NeedsVocabulary()])
    # budget=False: without the per-file time budget's warm-up, which would run the check on the
    # three warm-up articles first
    engine.lint_source(SourceText("a.md", "markdown", "utf-8", "# T\n\nText.\n"), Config(), budget=False)
    assert seen_by_check == [["vocabulary"]]  # built before the check ran; syllables not needed
