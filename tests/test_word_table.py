"""The shared word table (healthlint/language/wordtable.py): built once per document, and every check
that declares it (``needs`` "words") reads it instead of splitting or counting text again."""
from __future__ import annotations

import pytest

from healthlint.core.config import Config
from healthlint.core.registry import all_checks
from healthlint.language import textcounts, wordtable
from healthlint.language.nlp import analyse, load_pipeline
from healthlint.parsers import parse
from healthlint.core.reading import read_source
from healthlint.run.engine import enabled_checks, lint_file
from healthlint.language.vocabulary import load
from conftest import corpus_file

ARTICLES = [corpus_file("farm/tag-spinal-pain.txt"), corpus_file("medquad/cdc-0000364.html")]
WORD_CHECKS = [c for c in all_checks() if wordtable.NEED in c.needs]


def _count_calls(monkeypatch, module, name: str) -> list[int]:
    calls = [0]
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_readability_and_spelling_declare_the_table():
    assert {c.name for c in WORD_CHECKS} >= {"readability", "spelling"}


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_one_table_per_document_and_no_check_re_tokenises(monkeypatch, path):
    """A whole run: the table is built once per article, the text of a block is split into spelling
    words once (by the table) and no check recounts words from tokens (``textcounts``)."""
    config = Config()
    lint_file(str(path), config)  # the first file of a process warms up on three tiny articles
    builds = _count_calls(monkeypatch, wordtable, "build")
    splits = _count_calls(monkeypatch, wordtable, "spelling_words")

    def forbidden(*args, **kwargs):
        raise AssertionError("a check re-tokenised text instead of reading the word table")

    monkeypatch.setattr(textcounts, "block_sentences", forbidden)
    monkeypatch.setattr(textcounts, "sentence_words", forbidden)
    result = lint_file(str(path), config)
    assert not [f for f in result.all_findings if f.rule == "healthlint/internal-error"]
    assert any(a.figures.get("readability") and a.figures.get("spelling") for a in result.articles)
    assert builds[0] == len(result.articles)
    parsed = parse(read_source(str(path)))
    blocks = sum(1 for a in parsed.articles for b in a.blocks if (b.is_prose or b.kind == "heading") and b.text.strip())
    assert splits[0] == blocks


@pytest.mark.parametrize("check", WORD_CHECKS, ids=lambda c: c.name)
def test_each_word_check_reads_the_shared_table(monkeypatch, check):
    """Each check that declares "words", run on its own on an article whose table the engine built:
    it builds no table of its own, splits no text and recounts no words."""
    from healthlint.checks.context import CheckContext
    from healthlint.core.registry import all_rules

    source = read_source(str(ARTICLES[0]))
    analysed = analyse(parse(source).articles, load_pipeline("blank"), source.path)[0]
    wordtable.attach([analysed], load())
    table = analysed.words
    reads = []

    class Watched(type(table)):  # a table that records which of its parts are read
        __slots__ = ()

        def __getattribute__(self, name):
            reads.append(name)
            return super().__getattribute__(name)

    watched = Watched(**{name: getattr(table, name) for name in wordtable.WordTable.__slots__})
    analysed.words = watched

    def forbidden(*args, **kwargs):
        raise AssertionError(f"{check.name} re-tokenised text instead of reading the word table")

    for module, name in ((wordtable, "build"), (wordtable, "spelling_words"),
                         (textcounts, "block_sentences"), (textcounts, "sentence_words")):
        monkeypatch.setattr(module, name, forbidden)
    ctx = CheckContext(analysed, Config(), all_rules(), check.name)
    check.run(analysed, ctx)
    assert ctx.figures
    assert analysed.words is watched and reads


def test_table_words_are_textcounts_words():
    """The table's one pass gives readability exactly the words ``textcounts`` defines."""
    nlp = load_pipeline("blank")
    for path in ARTICLES:
        source = read_source(str(path))
        for analysed in analyse(parse(source).articles, nlp, source.path):
            table = wordtable.build(analysed, None)
            for index, doc in analysed.docs.items():
                assert table.sentences[index] == textcounts.block_sentences(doc)
            assert len(table.text) == sum(len(doc) for doc in analysed.docs.values())
            assert set(table.block) == set(analysed.docs)


def test_columns_hold_per_token_facts():
    nlp = load_pipeline("blank")
    text = "Take 5 mg of ibuprofen. Hypertension is common."
    from healthlint.core.model import Article, Block

    block = Block(kind="paragraph", text=text, start_line=1, end_line=1)
    analysed = analyse([Article(title="t", title_line=None, start_line=1, end_line=1, blocks=[block])], nlp)[0]
    table = wordtable.build(analysed, load())
    rows = {text: (lower, sentence, is_word, syllables, zipf, flags)
            for text, lower, _, _, sentence, is_word, syllables, zipf, flags in table.rows()}
    assert rows["Take"][:3] == ("take", 0, True)
    assert rows["Hypertension"][1] == 1 and rows["Hypertension"][3] == 4
    assert rows["."][2] is False and rows["."][3] == 0
    assert rows["mg"][3] == 3
    assert rows["Take"][4] >= 4 and rows["Take"][5] & 1  # a common dictionary word
    assert table.spelling[0][0] == ("Take", 0)
    assert "ibuprofen" in table.distinct


def test_no_table_when_no_enabled_check_needs_it(monkeypatch):
    builds = _count_calls(monkeypatch, wordtable, "build")
    config = Config(select=["hygiene", "disclaimers"])
    assert not any(wordtable.NEED in c.needs for c in enabled_checks(config))
    lint_file(str(ARTICLES[0]), config)
    lint_file(str(ARTICLES[1]), config)
    assert builds[0] == 0
