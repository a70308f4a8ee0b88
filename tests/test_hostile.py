"""Hostile input never crashes, hangs or blows up a run; a failure stays with its file (issue #17).

Each crash the issue names is reproduced here on a file written by the test."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main
from healthlint.core.config import Config
from healthlint.run.engine import lint_file, run

ALL = Config()


def rules_of(result) -> set[str]:
    return {f.rule for f in result.all_findings}


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


ARTICLE = "# Back pain\n\nRest helps back pain. Walk a little every day.\n"


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ",".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * width) + "]")
    lines.append(f"tags: *a{levels - 1}")
    lines.append(f"title: *a{levels - 2}")
    return "---\n" + "\n".join(lines) + "\n---\n" + ARTICLE


# -- the crashes of the issue -----------------------------------------------------------------------

def test_deeply_nested_front_matter_is_a_parse_error_not_a_recursion_error(tmp_path):
    path = write(tmp_path, "deep.md", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n" + ARTICLE)
    result = lint_file(path, ALL)
    assert not result.error
    problems = [f for f in result.findings if f.rule == "healthlint/parse-error"]
    assert problems and "deeper than" in problems[0].message
    assert result.articles[0].title == "Back pain"


def test_impossible_front_matter_date_does_not_crash(tmp_path):
    path = write(tmp_path, "date.md", "---\ntitle: Back pain\nreviewed: 2024-02-31\nreviewer: Dr. A\n---\n" + ARTICLE)
    result = lint_file(path, ALL)
    assert not result.error and "healthlint/internal-error" not in rules_of(result)
    from healthlint.parsers import parse
    from healthlint.core.reading import read_source

    assert parse(read_source(path)).metadata["reviewed"] == "2024-02-31"  # kept as written


def test_bom_then_latin1_is_read_and_the_run_goes_on(tmp_path):
    bad = write(tmp_path, "a-bom.md", b"\xef\xbb\xbf# Caf\xe9\n\nRest helps na\xefve back pain.\n")
    good = write(tmp_path, "b-good.md", ARTICLE)
    results = list(run([bad, good], ALL, jobs=1))
    assert [r.path for r in results] == [bad, good]
    assert "healthlint/internal-error" not in rules_of(results[0])
    assert results[0].articles and results[0].articles[0].title == "Café"
    assert results[1].articles and not results[1].error


def test_alias_bomb_is_refused_quickly_and_in_little_memory(tmp_path):
    import resource

    path = write(tmp_path, "lol.md", alias_bomb())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    result = lint_file(path, ALL)
    assert time.monotonic() - started < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KB: under 200 MB more
    messages = [f.message for f in result.findings if f.rule == "healthlint/parse-error"]
    assert messages and "aliases" in messages[0]


@pytest.mark.parametrize("yaml_text", ["t: !!timestamp nope", "n: !!int abc", "f: !!float x", "b: !!binary '@@'",
                                       "x: !!python/name:os.system", "? [a, b]\n: c", "size: " + "9" * 6000])
def test_front_matter_values_that_cannot_be_built_are_parse_errors(yaml_text):
    from healthlint.parsers.front_matter import load_front_matter

    data, _, problem = load_front_matter(yaml_text)
    assert isinstance(data, dict)
    assert problem is None or problem.startswith("front matter")


def test_small_aliases_are_still_read():
    from healthlint.parsers.front_matter import load_front_matter

    data, _, problem = load_front_matter("base: &b {reviewer: Dr. A}\ncopy: *b\n")
    assert problem is None and data["copy"] == {"reviewer": "Dr. A"}


def test_a_twenty_thousand_letter_word_is_bounded(tmp_path):
    import resource

    word = "".join("abcdefghij"[(i * 7) % 10] for i in range(20000))
    path = write(tmp_path, "word.md", f"# Long\n\nBefore {word} after. non{'non' * 3000}smoker.\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    result = lint_file(path, ALL)
    assert time.monotonic() - started < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300 * 1024
    long_words = [f for f in result.all_findings if f.rule == "spelling/unknown-word" and f.data.get("length")]
    assert long_words and long_words[0].data["length"] == 20000
    assert len(long_words[0].message) < 200


@pytest.mark.parametrize("storm", [
    "*" * 20000 + "word" + "_" * 20000,  # spaCy's affix loop is quadratic in a token's length
    ">" * 5000 + " deep quote",
    "<div>" * 5000 + "text",
    "[" * 10000 + "link" + "](" * 5000,
    "-".join(["pain"] * 4000),  # a hyphenated run scanned from every letter by a regex
])
def test_markdown_storms_finish_quickly(tmp_path, storm):
    path = write(tmp_path, "storm.md", "# Storm\n\n" + storm + "\n\nRest helps.\n")
    started = time.monotonic()
    result = lint_file(path, ALL)
    assert time.monotonic() - started < 10
    assert not result.error and "healthlint/internal-error" not in rules_of(result)


def test_unclosed_comment_storm_is_linear(tmp_path):
    path = write(tmp_path, "comments.md", "# Storm\n\n" + "<!--" * 50000 + "\n" + "# Heading\n" * 2000)
    started = time.monotonic()
    result = lint_file(path, ALL)
    assert time.monotonic() - started < 10
    assert "healthlint/time-limit" not in rules_of(result)


def test_superscript_digits_do_not_break_syllable_counts(tmp_path):
    result = lint_file(write(tmp_path, "sup.md", "# Units\n\nThe dose is 5 mg per m²æ of skin, or x²y.\n"), ALL)
    assert "healthlint/internal-error" not in rules_of(result)


def test_deep_html_is_bounded_and_reported(tmp_path):
    path = write(tmp_path, "deep.html", "<html><body>" + "<div>" * 3000 + "Rest helps back pain.</body></html>")
    result = lint_file(path, ALL)
    assert any(f.rule == "healthlint/over-limit" and "nests" in f.message for f in result.findings)


def test_huge_colspan_does_not_allocate_millions_of_cells(tmp_path):
    cells = "".join(f"<td colspan='999999'>x{i}</td>" for i in range(50))
    path = write(tmp_path, "span.html", f"<html><body><h1>T</h1><table>{'<tr>' + cells + '</tr>' * 40}</table></body></html>")
    started = time.monotonic()
    result = lint_file(path, ALL)
    assert time.monotonic() - started < 10
    assert any(f.rule == "healthlint/over-limit" for f in result.findings)


def test_many_lines_are_cut_and_reported(tmp_path):
    lines = "\n".join(f"- Rest helps back pain {i}." for i in range(30000))
    path = write(tmp_path, "lines.md", "# Lines\n\n" + lines + "\n")
    started = time.monotonic()
    result = lint_file(path, ALL)
    assert time.monotonic() - started < 15
    assert any(f.rule == "healthlint/over-limit" for f in result.findings)


def test_a_very_long_paragraph_is_reported_not_given_to_spacy(tmp_path):
    path = write(tmp_path, "long.txt", "Long page\n\n" + "Rest helps back pain. " * 60000 + "\n")
    result = lint_file(path, ALL)
    assert not result.error
    assert any(f.rule == "healthlint/over-limit" for f in result.findings)


# -- isolation --------------------------------------------------------------------------------------

def test_a_failing_check_costs_only_its_own_findings(tmp_path, monkeypatch):
    from healthlint.checks.spelling import SpellingCheck

    def broken(self, analysed, ctx):
        raise IndexError("list index out of range")

    monkeypatch.setattr(SpellingCheck, "run", broken)
    result = lint_file(write(tmp_path, "a.md", ARTICLE + "\nTake your medicaitons.\n"), ALL)
    failures = [f for f in result.all_findings if f.rule == "healthlint/internal-error"]
    assert len(failures) == 1
    assert failures[0].message == "healthlint failed while checking (spelling): IndexError: list index out of range"
    assert failures[0].data["stage"] == "checking (spelling)"
    assert "Traceback" in failures[0].data["traceback"]
    assert any(f.rule.startswith("disclaimers/") for f in result.all_findings)  # other checks ran


def test_a_failing_parser_is_that_files_internal_error_and_the_run_goes_on(tmp_path, monkeypatch):
    import healthlint.parsers.markdown as markdown

    real = markdown.parse_markdown

    def sometimes(path, text, encoding="utf-8"):
        if "boom" in path:
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, text, encoding)

    monkeypatch.setattr(markdown, "parse_markdown", sometimes)
    paths = [write(tmp_path, "a.md", ARTICLE), write(tmp_path, "boom.md", ARTICLE), write(tmp_path, "c.md", ARTICLE)]
    results = list(run(paths, ALL, jobs=1))
    assert [r.path for r in results] == paths
    assert results[1].error == "internal error while parsing: RecursionError: maximum recursion depth exceeded"
    assert [f.rule for f in results[1].findings] == ["healthlint/internal-error"]
    assert results[0].articles and results[2].articles


def test_cli_internal_error_exit_code_and_verbose_traceback(tmp_path, monkeypatch):
    from healthlint.checks.spelling import SpellingCheck

    def broken(self, analysed, ctx):
        raise ValueError("bad thing")

    monkeypatch.setattr(SpellingCheck, "run", broken)
    path = write(tmp_path, "a.md", ARTICLE)
    quiet = CliRunner().invoke(main, ["check", path, "--no-cache", "-j", "1", "--format", "json"])
    assert quiet.exit_code == 3
    assert "Traceback" not in quiet.output
    loud = CliRunner().invoke(main, ["check", path, "--no-cache", "-j", "1", "--format", "json", "--verbose"])
    assert loud.exit_code == 3
    assert "Traceback" in loud.stderr and "ValueError: bad thing" in loud.stderr


def test_time_budget_gives_a_time_limit_result_that_is_not_cached(tmp_path, monkeypatch):
    from healthlint.run.cache import ResultCache
    from healthlint.checks.spelling import SpellingCheck

    def slow(self, analysed, ctx):
        while True:
            sum(range(1000))

    path = write(tmp_path, "slow.md", ARTICLE)
    lint_file(path, ALL)  # resources loaded before the budget matters
    monkeypatch.setattr(SpellingCheck, "run", slow)
    monkeypatch.setenv("HEALTHLINT_TIME_BUDGET", "0.5")
    cache = ResultCache(tmp_path / "cache", "test")
    started = time.monotonic()
    result = next(run([path], ALL, jobs=1, cache=cache))
    assert time.monotonic() - started < 5
    assert [f.rule for f in result.findings] == ["healthlint/time-limit"]
    assert not list((tmp_path / "cache").rglob("*.json"))


# -- workers ----------------------------------------------------------------------------------------

def _workers_cannot_open_the_vocabulary(monkeypatch):
    """What the issue saw: the vocabulary file deleted under a run, so that every new worker failed
    in its initializer and the pool started replacements forever."""
    import sqlite3

    import healthlint.language.vocabulary as vocabulary

    vocabulary.load()  # loaded here, so each forked worker reopens it

    def cannot(self):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(vocabulary.Vocabulary, "after_fork", cannot)


def test_a_worker_that_cannot_start_stops_the_run(tmp_path, monkeypatch):
    _workers_cannot_open_the_vocabulary(monkeypatch)
    paths = [write(tmp_path, f"{i}.md", ARTICLE) for i in range(4)]
    started = time.monotonic()
    with pytest.raises(Exception, match="unable to open database file") as caught:
        list(run(paths, Config(select=["spelling"]), jobs=2))
    assert type(caught.value).__name__ == "WorkerError"
    assert time.monotonic() - started < 60


def test_cli_reports_worker_start_failure_with_exit_code_3(tmp_path, monkeypatch):
    _workers_cannot_open_the_vocabulary(monkeypatch)
    for i in range(3):
        write(tmp_path, f"{i}.md", ARTICLE)
    outcome = CliRunner().invoke(main, ["check", str(tmp_path), "--no-cache", "-j", "2", "--select", "spelling",
                                        "--format", "json"])
    assert outcome.exit_code == 3
    assert "worker process could not start" in outcome.stderr and "unable to open database file" in outcome.stderr


@pytest.mark.parametrize("per_task", [1, 3])
def test_a_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch, per_task):
    import healthlint.parsers.markdown as markdown
    import healthlint.run.parallel as parallel

    monkeypatch.setattr(parallel, "files_per_task", lambda files, workers: per_task)

    real = markdown.parse_markdown

    def deadly(path, text, encoding="utf-8"):
        if "deadly" in path:
            os._exit(9)  # as if killed, out of memory or crashed in C
        return real(path, text, encoding)

    monkeypatch.setattr(markdown, "parse_markdown", deadly)
    paths = [write(tmp_path, f"{i}.md", ARTICLE) for i in range(5)]
    paths.insert(2, write(tmp_path, "deadly.md", ARTICLE))
    results = list(run(paths, Config(select=["healthlint"]), jobs=2))
    assert [r.path for r in results] == paths
    assert results[2].findings[0].rule == "healthlint/internal-error"
    assert "worker process died" in results[2].findings[0].message
    assert all(not r.error for i, r in enumerate(results) if i != 2)


# -- the derived vocabulary cache -----------------------------------------------------------------

def test_vocabulary_name_depends_on_content_not_modification_time(tmp_path):
    from healthlint.language.vocabulary import _source_key

    dic = tmp_path / "en_med_glut.dic"
    dic.write_text("2\nfooectomy\nbarosis\n")
    key = _source_key([str(dic)])
    os.utime(dic, (1, 1))
    assert _source_key([str(dic)]) == key
    dic.write_text("2\nfooectomy\nbazosis\n")
    assert _source_key([str(dic)]) != key


def test_vocabulary_is_rebuilt_when_corrupt_and_never_deletes_other_files(tmp_path, monkeypatch):
    import healthlint.language.vocabulary as vocabulary

    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(vocabulary, "hunspell_files", lambda: ([], [], None))
    built = []

    def tiny_build(medical, english, aff):
        built.append(1)
        return {"rows": {"the": [700, 1, "", 0], "pain": [450, 1, "", 0]}, "sources": []}

    monkeypatch.setattr(vocabulary, "_build", tiny_build)
    other = tmp_path / "vocabulary-0123456789abcdef0123.sqlite"  # another process's sources
    other.write_bytes(b"in use elsewhere")
    key = vocabulary._source_key([])
    target = tmp_path / f"vocabulary-{key}.sqlite"
    target.write_bytes(b"not a database at all")
    first = vocabulary._open_or_build()
    assert built == [1] and first.zipf("pain") == 4.5
    assert other.read_bytes() == b"in use elsewhere"
    again = vocabulary._open_or_build()  # now valid: opened, not rebuilt
    assert built == [1] and again.in_dictionary("the")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- determinism ------------------------------------------------------------------------------------

def test_spelling_suggestion_does_not_depend_on_what_ran_before(tmp_path):
    import healthlint.checks.spelling as spelling

    # Two words with no neighbour one edit away come first: under a per-article budget of
    # two-edit searches they used it up, and the suggestion for the third depended on the memo.
    target = write(tmp_path, "target.md", "# Care\n\nSome qzxwvord and bxqzlomp, then an infecctoin.\n")
    before = write(tmp_path, "before.md", "# Care\n\nWatch for an infecctoin after surgery.\n")

    def suggestions():
        found = [f for f in lint_file(target, ALL).all_findings if f.rule == "spelling/unknown-word"]
        return {f.data["word"]: f.suggestion for f in found}

    spelling._SPELLERS.clear()
    alone = suggestions()
    spelling._SPELLERS.clear()
    lint_file(before, ALL)
    after = suggestions()
    assert alone == after
    assert alone["infecctoin"] == "infection"


def test_renamed_text_article_gets_its_new_title_from_the_cache(tmp_path):
    from healthlint.run.cache import ResultCache

    body = ("This scraped page starts with a long line that is not a title because it runs on for far "
            "more than twenty words in one line of text.\n\nRest the knee.\n")
    cache = ResultCache(tmp_path / "cache", "test")
    first = next(run([write(tmp_path, "knee-pain.txt", body)], ALL, jobs=1, cache=cache))
    second = next(run([write(tmp_path, "hip-pain.txt", body)], ALL, jobs=1, cache=cache))
    assert first.articles[0].title == "Knee pain"
    assert second.articles[0].title == "Hip pain"


FIXTURES = Path(__file__).parent / "fixtures" / "determinism"


def _json_lines(args: list[str], env: dict[str, str]) -> list[str]:
    outcome = CliRunner().invoke(main, ["check", *args, "--format", "json", "--fail-on", "never", "-q"], env=env)
    assert outcome.exit_code == 0, outcome.output
    return outcome.stdout.splitlines()


def test_json_identical_across_jobs_cache_and_order(tmp_path, monkeypatch):
    monkeypatch.setattr("healthlint.run.cache.code_fingerprint", lambda: "test")
    files = sorted(str(p) for p in FIXTURES.iterdir())
    env = {"HEALTHLINT_CACHE_DIR": str(tmp_path / "derived")}
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "derived"))  # the vocabulary, built once
    serial = _json_lines([*files, "--no-cache", "-j", "1"], env)
    assert _json_lines([*files, "--no-cache", "-j", "2"], env) == serial
    cold = _json_lines([*files, "-j", "2"], env)
    warm = _json_lines([*files, "-j", "1"], env)
    assert cold == serial and warm == serial
    # Another order: the same line for every file (results come in the order given), same summary.
    reverse = _json_lines([*reversed(files), "--no-cache", "-j", "2"], env)
    entries = lambda lines: sorted(line.rstrip(",") for line in lines if line.startswith('{"path"'))  # noqa: E731
    assert entries(reverse) == entries(serial) and len(entries(serial)) == len(files)
    assert reverse[-2:] == serial[-2:]
    assert json.loads("\n".join(serial))["summary"]
