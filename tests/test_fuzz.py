"""Property: no input, however hostile, makes healthlint fail on a file or run over its time budget.

Hypothesis builds files from hostile fragments (front matter with aliases, deep nesting and bad
dates, storms of nested or unclosed Markdown and HTML, long words and lines, tables, control
characters, arbitrary Unicode and bytes) and checks each through ``lint_path``, the per-file path
every run takes. Derandomized with a fixed number of examples, so the test is the same on every
run and takes about a minute at most; ``bench/fuzz.py`` runs thousands more through the CLI.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.core.config import Config
from healthlint.run.engine import STEPS
from healthlint.run.parallel import lint_path

CONFIG = Config()
FOLDER = Path(tempfile.mkdtemp(prefix="healthlint-fuzz-test-"))

FRONT_MATTER = [
    "---\ntitle: Back pain\nreviewed: 2024-02-31\n---\n",
    "---\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ntitle: *d\n---\n",
    "---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n",
    "---\n- a\n- b\n---\n",
    "---\n? [a, b]\n: c\n---\n",
    "---\ntitle: !!python/object/apply:os.system ['true']\n---\n",
    "---\nhealthlint: {ignore: 7}\nsize: " + "9" * 6000 + "\n---\n",
    "---\ntitle: 'unterminated\n---\n",
    "---\nhealthlint:\n  ignore: [[1], {x: y}]\n---\n",
]
STORMS = [">", "- ", "* ", "1. ", "[", "](", "![", "`", "*", "_", "**", "<div>", "<span>", "</div>", "<!--",
          "-->", "|", "| a ", "#", "\\", "&amp;", "&#", "<b><i>", "<td colspan=99999>", "<table><tr>", "\n",
          "\n\n", "    ", "\t", "non", "x-", "'", "(", "a(", "e.g. ", "Dr. ", "..."]
WORDS = ["pain", "Rest", "helps", "infecctoin", "medicaitons", "COVID-19", "5mg", "the", "table", "Studies",
         "show", "vitamin", "supplement", "doctor", "emergency", "call", "911", "https://x.org/a", "«»", "é",
         "\u200b", "\ufeff", "\x0c", "\r", "ǅ", "İ", "ß", "ﬁ", "😀", "\U000e0001"]


def _repeated(piece: str, count: int) -> str:
    return piece * count


fragment = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=80),
    st.builds(_repeated, st.sampled_from(STORMS), st.integers(1, 3000)),
    st.builds(_repeated, st.sampled_from("abcxyz9-'"), st.integers(50, 12000)),
    st.builds(lambda n, m: "\n".join("| " + " | ".join(["cell"] * m) + " |" for _ in range(n)),
              st.integers(1, 300), st.integers(1, 60)),
)


@st.composite
def files(draw):
    suffix = draw(st.sampled_from([".md", ".html", ".txt"]))
    if draw(st.integers(0, 9)) == 0:
        return suffix, draw(st.binary(max_size=3000))
    head = draw(st.sampled_from(["", "# Title\n\n", "<html><body><h1>T</h1>"] + FRONT_MATTER))
    body = "".join(draw(st.lists(fragment, max_size=10)))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"]))
    return suffix, (head + body).encode(encoding, errors="replace")


@settings(max_examples=150, deadline=None, derandomize=True, database=None, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(files())
def test_no_file_fails_or_overruns(example):
    suffix, data = example
    path = FOLDER / f"fuzz{suffix}"
    path.write_bytes(data)
    started = time.monotonic()
    result = lint_path(STEPS, str(path), CONFIG, None)
    elapsed = time.monotonic() - started
    rules = {f.rule for f in result.all_findings}
    assert result.path == str(path)
    assert "healthlint/internal-error" not in rules, [f.message for f in result.all_findings
                                                       if f.rule == "healthlint/internal-error"]
    assert "healthlint/time-limit" not in rules
    assert elapsed < 10
    result.to_dict()  # what every output format serialises
