"""Every bad configuration, policy file or results file exits 2 with a message naming the file, the
line and the key, never a traceback (which exited 1, the code for "findings"); exit codes as ruff's."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint import cli
from healthlint.cli import EXIT_INTERNAL, main
from healthlint.core.config import ConfigError, Policy, bundled_policy_data, default_policy_dir
from healthlint.core.reading import parse_size
from healthlint.core.validation import REGEX_KEYS, key_line, pattern_problem

ARTICLE = "# Knee pain\n\nKnee pain has many causes. Rest and gentle movement help most people.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "user-cache"))
    (tmp_path / "knee.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def policy_copy(project: Path) -> Path:
    folder = project / "policy"
    shutil.copytree(default_policy_dir(), folder)
    (project / "healthlint.toml").write_text('policy = "policy"\n', encoding="utf-8")
    return folder


def check(*args):
    return CliRunner().invoke(main, ["check", "knee.md", "-j", "1", "--no-cache", "-q", *args])


def assert_usage_error(result, *parts):
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    for part in parts:
        assert part in result.output, result.output


# -- configuration files --------------------------------------------------------------------------

def test_binary_config_file(project):
    (project / "healthlint.toml").write_bytes(b"policy = \x00\x01\x02")
    assert_usage_error(check(), "healthlint.toml:1", "binary file")


def test_non_utf8_config_file(project):
    (project / "healthlint.toml").write_bytes(b'fail-on = "error"\n# r\xe9sum\xe9\n')
    assert_usage_error(check(), "healthlint.toml:2", "UTF-8", "0xE9")


def test_tool_healthlint_not_a_table(project):
    (project / "pyproject.toml").write_text("[tool]\nhealthlint = 5\n", encoding="utf-8")
    assert_usage_error(check(), "pyproject.toml:2", "tool.healthlint: expected a table")


def test_broken_pyproject_table_gives_the_line(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.healthlint\nfail-on = "error"\n',
                                            encoding="utf-8")
    assert_usage_error(check(), "pyproject.toml", "not valid TOML", "line 4")


@pytest.mark.parametrize("value", ['"1e400MB"', "-1", "0", '"-5KB"', '"nanMB"', "true"])
def test_bad_max_file_size(project, value):
    (project / "healthlint.toml").write_text(f"max-file-size = {value}\n", encoding="utf-8")
    assert_usage_error(check(), "healthlint.toml:1", "max-file-size")


def test_max_file_size_option_overflow(project):
    assert_usage_error(check("--max-file-size", "1e400MB"), "--max-file-size")


def test_parse_size_bounds():
    assert parse_size("10MB") == 10 * 1024 * 1024 and parse_size(2048) == 2048
    for bad in ("1e400MB", -1, 0, "inf", True):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_unknown_key_with_line(project):
    (project / "healthlint.toml").write_text('fail-on = "error"\n\nexlude = ["drafts/**"]\n', encoding="utf-8")
    assert_usage_error(check(), "healthlint.toml:3", "exlude: unknown key")


def test_wrong_type_threshold_override(project):
    (project / "pyproject.toml").write_text('[tool.healthlint.readability]\ntarget-grade = "eight"\n',
                                            encoding="utf-8")
    assert_usage_error(check(), "readability.target-grade", "expected")


def test_missing_optional_model(project, monkeypatch):
    monkeypatch.setattr("healthlint.core.validation.model_installed", lambda model: False)
    (project / "healthlint.toml").write_text('[nlp]\nmodel = "en_core_web_sm"\n', encoding="utf-8")
    assert_usage_error(check(), "healthlint.toml:2", "nlp.model", "not installed")


def test_cache_dir_must_be_a_path(project):
    (project / "healthlint.toml").write_text("cache-dir = 5\n", encoding="utf-8")
    assert_usage_error(check(), "cache-dir: expected a folder path")


# -- policy folders -------------------------------------------------------------------------------

def test_folder_named_toml_in_the_policy_folder(project):
    folder = policy_copy(project)
    (folder / "extra.toml").mkdir()
    assert_usage_error(check(), "extra.toml", "is a folder")


def test_wrong_type_threshold_in_a_policy_file(project):
    folder = policy_copy(project)
    text = (folder / "readability.toml").read_text(encoding="utf-8")
    (folder / "readability.toml").write_text(text.replace("target-grade = 8", 'target-grade = "8"'),
                                             encoding="utf-8")
    line = key_line((folder / "readability.toml").read_text(encoding="utf-8"), ["thresholds"], "target-grade")
    assert_usage_error(check(), f"readability.toml:{line}", "thresholds.target-grade", "expected a number")


def test_invalid_regex_in_a_policy_file(project):
    folder = policy_copy(project)
    (folder / "claims.toml").write_text("[claims]\npatterns = ['(unclosed']\ncitations = []\n", encoding="utf-8")
    assert_usage_error(check(), "claims.toml:2", "claims.patterns", "not a valid regular expression")


def test_patterns_not_a_list(project):
    folder = policy_copy(project)
    (folder / "claims.toml").write_text("[claims]\npatterns = 5\n", encoding="utf-8")
    assert_usage_error(check(), "claims.toml:2", "claims.patterns", "expected a list")


def test_catastrophic_pattern_is_refused_quickly(project):
    """The issue's case: `(a+)+$` in claims.toml hung the run on 40 characters."""
    folder = policy_copy(project)
    (folder / "claims.toml").write_text("[claims]\npatterns = ['(a+)+$']\n", encoding="utf-8")
    (project / "knee.md").write_text("# A\n\n" + "a" * 40 + "!\n", encoding="utf-8")
    started = time.monotonic()
    assert_usage_error(check(), "claims.toml:2", "backtrack catastrophically")
    assert time.monotonic() - started < 20


def test_misspelled_policy_key(project):
    folder = policy_copy(project)
    text = (folder / "claims.toml").read_text(encoding="utf-8")
    (folder / "claims.toml").write_text(text.replace("patterns = [", "paterns = ["), encoding="utf-8")
    assert_usage_error(check(), "claims.toml:", "claims.paterns: unknown key")


def test_policy_folder_without_toml_files(project):
    (project / "empty-policy").mkdir()
    (project / "empty-policy" / "README.md").write_text("nothing here\n", encoding="utf-8")
    (project / "healthlint.toml").write_text('policy = "empty-policy"\n', encoding="utf-8")
    assert_usage_error(check(), "holds no .toml policy files")


def test_latin1_house_word_list(project):
    folder = policy_copy(project)
    (folder / "vocabulary" / "house.txt").write_bytes(b"# house words\ncaf\xe9\n")
    assert_usage_error(check(), "house.txt:2", "UTF-8", "0xE9")


def test_unknown_policy_file(project):
    folder = policy_copy(project)
    (folder / "claim.toml").write_text("[claims]\npatterns = []\n", encoding="utf-8")
    assert_usage_error(check(), "claim.toml: unknown policy file")


def test_a_valid_copy_of_the_policy_is_accepted(project):
    policy_copy(project)
    result = check("--fail-on", "never")
    assert result.exit_code == 0, result.output


def test_bundled_policy_passes_its_own_checks():
    """The bundled policy is not re-validated on every run (it is the schema); this test does it."""
    from healthlint.core.validation import validate_policy

    data = bundled_policy_data()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in default_policy_dir().glob("*.toml")}
    validate_policy(default_policy_dir(), data, texts, data)
    for stem, table, key in REGEX_KEYS:  # the list of pattern keys is in step with the policy
        assert isinstance(data[stem][table][key], list), (stem, table, key)


def test_policy_load_error_is_a_config_error(tmp_path):
    (tmp_path / "claims.toml").write_text("[claims]\npatterns = ['a{']\n[[broken", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Policy.load(tmp_path)


@pytest.mark.parametrize("pattern, bad", [
    (r"(a+)+$", True), (r"(a*)*", True), (r"(\w+\s?)*$", True), (r"(a+){0,12}$", True),
    (r"(?:a+|b)*c", True), (r"(?:\d+|\w)+x", True), (r"(?:\S+\s+){0,3}?study", False), (r"\b(?:a|b)+\b", False),
    (r"\(\s*\d+(?:\s*[,-]\s*\d+)*\s*\)", False), (r"((a+)b)+", False),
])
def test_pattern_guard(pattern, bad):
    assert bool(pattern_problem(pattern)) is bad


# -- exit codes -----------------------------------------------------------------------------------

def test_exit_codes(project):
    assert check("--fail-on", "never").exit_code == 0
    assert check().exit_code == 1  # no medical disclaimer: an error
    assert check("--fail-on", "bogus").exit_code == 2


def test_unexpected_exception_exits_3(project, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("healthlint.run.engine.run", crash)
    result = check()
    assert result.exit_code == EXIT_INTERNAL and "internal error" in result.output


def test_internal_error_finding_exits_3():
    from healthlint.core.findings import Finding
    from healthlint.core.results import FileResult

    crashed = FileResult("a.md", findings=[Finding(cli.INTERNAL_ERROR_RULE, "error", "check crashed", "a.md", 1, 1)])
    clean = FileResult("b.md")
    assert cli.exit_code([clean, crashed], "error") == EXIT_INTERNAL
    assert cli.exit_code([clean], "error") == 0


# -- healthlint report on malformed results -------------------------------------------------------

@pytest.mark.parametrize("document, place", [
    ([], "the top level"),
    ({"schema_version": "1.0", "files": [{"path": "a.md", "findings": [
        {"rule": "x/y", "severity": "fatal", "message": "m", "path": "a.md", "start_line": 1, "end_line": 1}]}]},
     "files[0].findings[0].severity"),
    ({"schema_version": "1.0", "files": [{"path": "a.md", "articles": [
        {"title": "T", "start_line": "1", "end_line": 2, "findings": []}]}]},
     "files[0].articles[0].start_line"),
    ({"schema_version": "1.0", "files": [{"path": "a.md", "articles": [
        {"title": "T", "start_line": 1, "end_line": 2, "findings": [
            {"rule": "x/y", "severity": "error", "message": "m", "path": "a.md", "start_line": "3",
             "end_line": 3}]}]}]},
     "files[0].articles[0].findings[0].start_line"),
])
def test_report_on_malformed_json(project, document, place):
    (project / "results.json").write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "results.json", "--output", str(project / "out")])
    assert_usage_error(result, "results.json", place)


def test_slow_pattern_is_refused_by_the_time_bound(project):
    """No nested repeat, but polynomial backtracking (n^5): the static guard lets it through, the
    timed probe in a child process does not."""
    assert pattern_problem(r"a*a*a*a*a*b") is None
    folder = policy_copy(project)
    (folder / "claims.toml").write_text("[claims]\npatterns = ['\\bstudy\\b', 'a*a*a*a*a*b']\n", encoding="utf-8")
    assert_usage_error(check(), "claims.toml:2", "pattern 2", "takes over")


def test_pipeline_unavailable_at_run_time_exits_2(project, monkeypatch):
    from healthlint.language.nlp import PipelineUnavailable

    def missing(*args, **kwargs):
        raise PipelineUnavailable("spaCy pipeline 'en_core_web_sm' is not installed")

    monkeypatch.setattr("healthlint.run.engine.run", missing)
    assert_usage_error(check(), "en_core_web_sm", "not installed")
