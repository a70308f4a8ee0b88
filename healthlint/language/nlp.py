"""The one NLP pass every check shares.

Default pipeline: spaCy's blank English with its rule-based tokenizer and the ``sentencizer``. The
English tokenizer already knows abbreviations ("e.g.", "Dr.", "U.S."), decimals ("2.5") and initials
("J.R.R."), so they do not end sentences, and it splits "interventions.Beyond" at the missing space.
No default check needs part-of-speech tags, and the trained pipeline costs 5 to 10 times as much per
word, so it is loaded only when the configuration asks for it (``[tool.healthlint.nlp] model =
"en_core_web_sm"``, installed with ``pip install healthlint[tagger]``) or an enabled check declares
that it needs tags. Parser and named-entity recogniser are never loaded: nothing uses them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from ..core.model import HEADING, Article, Block
from .topic import stemmed_words

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BATCH_SIZE = 256


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence of a Doc: token range, character range and text (what checks read of a Span)."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str


def doc_text(doc: "Doc") -> str:
    """The text a Doc was made from (``Doc.text`` rebuilds it token by token on every read)."""
    text = doc.user_data.get("healthlint_text")
    if text is None:
        text = doc.user_data["healthlint_text"] = doc.text
    return text


def token_table(doc: "Doc") -> list[tuple[str, int, bool]]:
    """Every token of a Doc as (text, character offset, followed by a space), read in one call from
    spaCy's arrays and kept: building Token objects one by one costs more than any check's work."""
    cached = doc.user_data.get("healthlint_tokens")
    if cached is None:
        from spacy.attrs import IDX, LENGTH, SENT_START, SPACY

        text = doc_text(doc)
        if not len(doc):
            cached, starts = [], []
        else:
            # column by column: converting the whole array to Python lists costs more than the rest
            columns = doc.to_array([IDX, LENGTH, SPACY, SENT_START])
            offsets = columns[:, 0]
            begins = offsets.tolist()
            ends = (offsets + columns[:, 1]).tolist()
            cached = list(zip([text[i:j] for i, j in zip(begins, ends)], begins, (columns[:, 2] != 0).tolist()))
            starts = (columns[:, 3] == 1).nonzero()[0].tolist()
            if not starts or starts[0] != 0:
                starts.insert(0, 0)
        doc.user_data["healthlint_tokens"] = cached
        doc.user_data["healthlint_starts"] = starts
    return cached


def sentences(doc: "Doc") -> list[SentenceSpan]:
    """The sentences of a Doc, computed once (spaCy walks every token each time ``doc.sents`` is
    read, and every check reads them)."""
    cached = doc.user_data.get("healthlint_sents")
    if cached is None:
        tokens = token_table(doc)
        starts = doc.user_data["healthlint_starts"]
        text = doc_text(doc)
        cached = []
        for start, end in zip(starts, starts[1:] + [len(tokens)]):
            first, last = tokens[start], tokens[end - 1]
            start_char, end_char = first[1], last[1] + len(last[0])
            cached.append(SentenceSpan(start, end, start_char, end_char, text[start_char:end_char]))
        doc.user_data["healthlint_sents"] = cached
    return cached


class PipelineUnavailable(Exception):
    pass


def _defer_spacy_cli() -> None:
    """``import spacy`` also imports its command line (``spacy.cli``: typer, weasel and every
    subcommand), a third of the import time, which a lint never uses. Put a stand-in in its place
    that imports the real ``spacy.cli`` the first time anything asks it for an attribute."""
    import importlib
    import importlib.util
    import sys
    import types

    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return
    names = ("spacy.cli", "spacy.cli.info")

    def real():
        for name in names:
            if isinstance(sys.modules.get(name), _Deferred):
                del sys.modules[name]
        return importlib.import_module("spacy.cli")

    class _Deferred(types.ModuleType):
        def __getattr__(self, attribute):
            if attribute.startswith("__"):
                raise AttributeError(attribute)  # the import system probing, not a use
            module = real()
            if self.__name__ == "spacy.cli.info":
                module = importlib.import_module("spacy.cli.info")
            return getattr(module, attribute)

    package = _Deferred("spacy.cli")
    package.__path__ = [str(__import__("pathlib").Path(spec.submodule_search_locations[0]) / "cli")]
    info = _Deferred("spacy.cli.info")
    setattr(info, "info", lambda *args, **kwargs: real().info(*args, **kwargs))
    sys.modules.update({"spacy.cli": package, "spacy.cli.info": info})


@lru_cache(maxsize=4)
def load_pipeline(model: str = "blank") -> "Language":
    _defer_spacy_cli()
    import spacy

    if model == "blank":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp
    try:
        nlp = spacy.load(model, exclude=["parser", "ner"])
    except OSError as exc:
        raise PipelineUnavailable(
            f"spaCy pipeline {model!r} is not installed; install it with `pip install healthlint[tagger]`"
        ) from exc
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    elif "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp


@dataclass
class AnalysedArticle:
    """An article and the spaCy Doc of each of its text blocks (headings, paragraphs, list items)."""

    article: Article
    docs: dict[int, "Doc"] = field(default_factory=dict)
    path: str = ""
    kind: str = ""
    # The word table (``healthlint.language.wordtable.WordTable``), built once when a check needs
    # "words"; typed loosely here because wordtable imports this module.
    words: Any = None
    # Each block's content words and stems (``topic.stemmed_words``), found on first use and read by
    # both off-topic detectors.
    topic_words: dict[int, list] = field(default_factory=dict)

    def block_words(self, block: Block) -> list[tuple[str, int, int, str]]:
        words = self.topic_words.get(block.index)
        if words is None:
            words = self.topic_words[block.index] = stemmed_words(block.text)
        return words

    def doc(self, block: Block) -> "Doc | None":
        return self.docs.get(block.index)

    def sentences(self, block: Block):
        doc = self.docs.get(block.index)
        return sentences(doc) if doc is not None else []

    def prose(self) -> Iterable[tuple[Block, "Doc"]]:
        for block in self.article.blocks:
            if block.is_prose and block.index in self.docs:
                yield block, self.docs[block.index]


def analysable(block: Block) -> bool:
    return (block.is_prose or block.kind == HEADING) and bool(block.text.strip())


# Limits that keep one pass over any file bounded in time and memory (see "Limits and failure
# handling" in the README). spaCy's tokenizer strips affixes from a token one character at a time,
# which is quadratic in the token's length: a run of 40,000 asterisks takes minutes.
MAX_TOKEN_CHARS = 256  # longer runs without a space are given to spaCy as one plain word
MAX_BLOCK_CHARS = 200_000  # a longer paragraph is not analysed (spaCy refuses 1,000,000)
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_TOKEN_CHARS + 1))


@dataclass
class AnalysisLimits:
    """What a file's analysis left out because of the limits above, to be reported."""

    long_blocks: list[Block] = field(default_factory=list)


def spacy_text(text: str) -> str:
    """``text`` with every run of over MAX_TOKEN_CHARS non-space characters replaced by as many
    letters: the same length, so offsets (and the text checks read, which is the block's own)
    are unchanged, and the run is one token, found in linear time."""
    if len(text) <= MAX_TOKEN_CHARS:
        return text
    return _LONG_RUN.sub(lambda m: "x" * len(m.group()), text)


def analyse(articles: list[Article], nlp: "Language", path: str = "", kind: str = "",
            limits: AnalysisLimits | None = None) -> list[AnalysedArticle]:
    """Run the pipeline once over every text block of the given articles, batched, within the
    limits above (what they leave out is recorded in ``limits``)."""
    limits = limits if limits is not None else AnalysisLimits()
    results = [AnalysedArticle(a, {}, path, kind) for a in articles]
    jobs = []
    for result in results:
        for block in result.article.blocks:
            if not analysable(block):
                continue
            if len(block.text) > MAX_BLOCK_CHARS:
                limits.long_blocks.append(block)
            else:
                jobs.append((result, block))
    texts = (spacy_text(block.text) for _, block in jobs)
    for (result, block), doc in zip(jobs, nlp.pipe(texts, batch_size=BATCH_SIZE)):
        doc.user_data["healthlint_text"] = block.text
        result.docs[block.index] = doc
    return results
