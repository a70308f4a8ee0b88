"""The word table: one per document, built once after the shared spaCy pass, read by every check
that declares ``needs = {"words"}`` (readability, spelling) instead of splitting or counting text
again.

Built in one loop over each block's tokens (``nlp.token_table``):

- token columns, one row a spaCy token of every analysed block, in document order: ``text``,
  ``lower``, ``start`` (character offset in its block), ``block`` (the block's index), ``sentence``
  (the sentence's index in the document), ``is_word`` (holds a letter or digit), and, filled from
  the distinct words, ``syllables``, ``zipf_class`` (wordfreq Zipf, whole units) and ``dictionary``
  (vocabulary flags: 1 curated dictionary, 2 medical; -1 when no vocabulary was given);
- readability's words (``textcounts.Word``, hyphen and contraction groups, see that module) by
  block and sentence: ``sentences[block_index]``;
- the spelling check's words, ``spelling[block_index]`` as (word, offset): its splitter
  (``spelling_words``) lives here.

Per-distinct-word work is done once per document over the set of distinct words: syllables and
the readability features of each distinct (word, proper) pair, and the vocabulary rows of each
distinct lower form, fetched in one query (``Vocabulary.prefetch``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from .nlp import AnalysedArticle, sentences, token_table
from .syllables import word_syllables
from .textcounts import (
    ALNUM,
    Sentence,
    Word,
    _joins,
    _word_features,
    word_pieces,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .vocabulary import Vocabulary

NEED = "words"  # what a check names in ``Check.needs`` to get the table


@dataclass(slots=True)
class WordTable:
    """A document's tokens as columns, and the words the checks read (see the module docstring)."""

    text: list[str] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    block: list[int] = field(default_factory=list)
    sentence: list[int] = field(default_factory=list)
    is_word: list[bool] = field(default_factory=list)
    syllables: list[int] = field(default_factory=list)
    zipf_class: list[int] = field(default_factory=list)
    dictionary: list[int] = field(default_factory=list)
    # block index -> its sentences with readability's words; its spelling words with offsets
    sentences: dict[int, list[Sentence]] = field(default_factory=dict)
    spelling: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    # block index -> the character offsets at which its sentences start
    sentence_starts: dict[int, set[int]] = field(default_factory=dict)
    distinct: frozenset[str] = frozenset()  # distinct lower forms of the word tokens

    def __len__(self) -> int:
        return len(self.text)

    def rows(self) -> Iterator[tuple]:
        """Each token as one tuple (the columns zipped), for reading rather than for speed."""
        return zip(self.text, self.lower, self.start, self.block, self.sentence, self.is_word,
                   self.syllables, self.zipf_class, self.dictionary)


# How many tables were built (a test reads it: one per document, never one per check).
builds = 0


def build(analysed: AnalysedArticle, vocab: "Vocabulary | None" = None) -> WordTable:
    """The word table of one analysed article (one loop over its tokens, then the distinct words)."""
    global builds
    builds += 1
    table = WordTable()
    texts, starts, blocks, sents = table.text, table.start, table.block, table.sentence
    sentence_index = 0
    for block in analysed.article.blocks:
        doc = analysed.docs.get(block.index)
        if doc is None:
            continue
        tokens = token_table(doc)
        text = block.text
        spans = sentences(doc)
        table.sentence_starts[block.index] = {s.start_char for s in spans}
        texts.extend([t[0] for t in tokens])
        starts.extend([t[1] for t in tokens])
        blocks.extend([block.index] * len(tokens))
        block_sentences = []
        for span in spans:
            sents.extend([sentence_index] * (span.end - span.start))
            block_sentences.append(Sentence(span.start_char, span.end_char,
                                            _sentence_words(tokens, span.start, span.end, text)))
            sentence_index += 1
        table.sentences[block.index] = block_sentences
        table.spelling[block.index] = spelling_words(text)
    # Per distinct token: its lower form, whether it is a word, its syllables, and (from one query
    # for the document's distinct words) its frequency class and dictionary flags; then every
    # column is read off those facts in one pass over the tokens.
    facts: dict[str, tuple[str, bool, int, int, int]] = {}
    for t in set(texts):
        word = bool(ALNUM.search(t))
        facts[t] = (t.lower(), word, word_syllables(t) if word else 0, 0, 0 if vocab is not None else -1)
    table.distinct = frozenset(lower for lower, word, _, _, _ in facts.values() if word)
    if vocab is not None:
        spelled = {w.lower() for words in table.spelling.values() for w, _ in words}
        vocab.prefetch(table.distinct | spelled)
        for t, (lower, word, syllables, _, _) in facts.items():
            if word:
                en, flags, _, _ = vocab.row(lower)
                facts[t] = (lower, word, syllables, en // 100, flags)
    if texts:
        columns = zip(*[facts[t] for t in texts])
        table.lower, table.is_word, table.syllables, table.zipf_class, table.dictionary = map(list, columns)
    return table


def word_table(analysed: AnalysedArticle, vocab: "Vocabulary | None" = None) -> WordTable:
    """The article's table: the one the engine built, else built now and kept (a check run outside
    the engine, as in the tests, gets it the same way)."""
    table = analysed.words
    if table is None:
        if vocab is None:
            from .vocabulary import load

            vocab = load()
        table = analysed.words = build(analysed, vocab)
    return table


def attach(articles: list[AnalysedArticle], vocab: "Vocabulary | None") -> None:
    """Build the table of each analysed article (the engine calls this when a check needs it)."""
    for analysed in articles:
        analysed.words = build(analysed, vocab)


# --- readability's words (the rules are textcounts.sentence_words'; this is one pass) ----------

def _sentence_words(tokens: list[tuple[str, int, bool]], first: int, last: int, text: str) -> list[Word]:
    """The words of tokens[first:last] exactly as ``textcounts.sentence_words`` makes them, in one
    pass (a lone token of letters, the common case, becomes its word here)."""
    words: list[Word] = []
    if first >= last:
        return words
    new, features, joins = tuple.__new__, _word_features, _joins
    group = first  # the first token of the group being read (tokens joined without a space)
    previous, _, previous_space = tokens[first]
    for k in range(first + 1, last + 1):
        if k < last:
            token_text, _, space = tokens[k]
            if not previous_space and joins(previous, False, token_text):
                previous, previous_space = token_text, space
                continue
        word_text, start, _ = tokens[group]
        if k - group == 1 and word_text.isalpha():
            proper = bool(words) and word_text[0].isupper()  # not first in the sentence, capitalised
            syllables, letters, characters, hyphenated, difficult = features(word_text, proper)
            words.append(new(Word, (word_text, start, start + len(word_text), syllables, letters, characters,
                                    hyphenated, proper, difficult)))
        else:
            _group_words(tokens[group:k], text, words)
        if k < last:
            group, previous, previous_space = k, token_text, space
    return words


def _group_words(group: list[tuple[str, int, bool]], text: str, words: list[Word]) -> None:
    for piece, at in word_pieces(group, text):
        words.append(_word(piece, at, not words))


def _word(text: str, start: int, first: bool) -> Word:
    proper = not first and text[:1].isupper()
    syllables, letters, characters, hyphenated, difficult = _word_features(text, proper)
    return Word(text, start, start + len(text), syllables, letters, characters, hyphenated, proper, difficult)


# --- the spelling check's words ----------------------------------------------------------------

# Latin letters, accented ones included, so that "Sauté" stays one word (× and ÷ are not letters).
LETTER = "A-Za-zÀ-ÖØ-öø-ÿ"
WORD_IN_CHUNK = re.compile(rf"[{LETTER}](?:[{LETTER}]|['’](?=[{LETTER}]))*")
# a whitespace-separated chunk, as group 1 when it is letters only
CHUNK_OR_PLAIN = re.compile(rf"(?<!\S)([{LETTER}]+)(?!\S)|\S+")


def unaccented(word: str) -> str:
    """The word without its accents: "sauté" -> "saute"."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def spelling_words(text: str) -> list[tuple[str, int]]:
    """The words of a text worth spelling, with their offsets: whitespace-separated chunks that are not
    URLs, e-mail addresses, file names or pronunciation guides, cut at hyphens, slashes and other
    punctuation; words touching a digit ("5mg", "COVID19") and possessive endings are left out."""
    words: list[tuple[str, int]] = []
    add = words.append
    for chunk in CHUNK_OR_PLAIN.finditer(text):
        plain = chunk.group(1)
        if plain is not None:  # the common case: a chunk of letters only is one word
            add((plain, chunk.start()))
            continue
        value = chunk.group()
        if _skipped_chunk(value):
            continue
        base = chunk.start()
        for match in WORD_IN_CHUNK.finditer(value):
            before = value[match.start() - 1] if match.start() > 0 else ""
            after = value[match.end()] if match.end() < len(value) else ""
            if before.isdigit() or after.isdigit() or before == "_" or after == "_":
                continue
            word = match.group().replace("’", "'")
            if word.lower().endswith("'s"):
                word = word[:-2]
            add((word, base + match.start()))
    return words


DOMAIN = re.compile(r"[a-z]\.[a-z]{2,4}(/|$)")
# Hyphens as typeset: minus sign, Unicode hyphen, non-breaking hyphen.
TYPESET_HYPHENS = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2011": "-"})
GENE_LIKE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
PRONUNCIATION = re.compile(r"^[a-zA-Z]+(-[a-zA-Z]+)+$")


def _skipped_chunk(chunk: str) -> bool:
    """A URL, an e-mail address, a file name, a gene name or a pronunciation guide ("KAP-ih-lare-ees")."""
    bracketed = chunk[:1] in "([" or chunk.rstrip(",;:.!?")[-1:] in ")]"
    chunk = chunk.strip("()[]{}\"'“”‘’,;:.!?").translate(TYPESET_HYPHENS)
    if "." not in chunk and "@" not in chunk and "-" not in chunk and "/" not in chunk:
        return False  # the common case: a plain word
    if "://" in chunk or chunk.lower().startswith("www.") or "@" in chunk:
        return True
    if DOMAIN.search(chunk):  # nih.gov, example.org/page
        return True
    if "/" in chunk and any(GENE_LIKE.search(part) for part in chunk.split("/")):
        return True  # a gene or receptor name: "HER2/neu", "BRCA1/2"
    if PRONUNCIATION.match(chunk) and bracketed and chunk.count("-") >= 2:
        return True  # "[staff-u-lu-kaw-kus aw-ree-us]": a pronunciation guide in brackets
    if PRONUNCIATION.match(chunk):
        syllables = chunk.split("-")
        # "KAP-ih-lare-ees", "sco-le-O-sis", "HEBerr-denz": a stressed syllable in capitals beside plain ones
        stressed = any(p.isupper() or any(c.isupper() for c in p[1:]) for p in syllables)
        return stressed and any(p.islower() for p in syllables)
    return False


def is_title_case(doc: "Doc") -> bool:
    """A short block whose words of four letters or more are all capitalised (a title)."""
    if len(doc) > 20:
        return False
    words = [text for text, _, _ in token_table(doc) if text.isalpha() and len(text) > 3]
    return len(words) >= 2 and all(w[0].isupper() for w in words)
