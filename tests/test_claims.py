"""Tests of the claims check."""
from __future__ import annotations


import pytest

from healthlint.core.config import Config
from healthlint.run.engine import lint_file
from conftest import CORPUS



def findings(path):
    return [f for f in lint_file(str(path), Config(select=["claims"])).all_findings if f.rule == "claims/unsupported"]


def test_seed_study_sentence_flagged():
    found = findings(CORPUS / "farm/tag-spinal-pain.txt")
    assert 97 in [f.start_line for f in found]


@pytest.mark.parametrize("text, flagged", [
    ("Research shows that walking helps.", True),
    ("A 2019 study published in the BMJ found that yoga eased pain.", True),
    ("Studies have shown that rest helps.", True),
    ("Research shows that walking helps [3].", False),
    ("A study by Smith et al. found that rest helps.", False),
    ("[Research](https://example.org/study) shows that walking helps.", False),
    ("Walking helps many people.", False),
    ("When clinical trials show that a new treatment is better, it may become the standard treatment.", False),
    ("However, no firm evidence shows that hoodia works.", False),
    ("One study found a link with kidney function in adults younger than 60 years of age.1 More work is needed.", False),
    ("According to the National Health and Nutrition Examination Survey, the survey also shows a rise.", False),
])
def test_unsupported(tmp_path, text, flagged):
    path = tmp_path / "a.md"
    path.write_text(f"# T\n\n{text}\n", encoding="utf-8")
    assert bool(findings(path)) is flagged
