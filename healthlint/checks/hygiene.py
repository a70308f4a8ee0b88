"""Hygiene: debris left by scraping, machine translation and templated writing.

Missing and misplaced spaces, broken emphasis markup and leftover HTML, keyword lines and
keyword-stuffed headings left by SEO templates, titles, headings and paragraphs repeated, and words
a machine translation left in another language.
"""
from __future__ import annotations

import html
from collections import Counter
import re
from typing import Any

from ..core.findings import Fix, Rule, replacement_edits
from ..core.model import HEADING, LIST_ITEM, TABLE
from ..language.vocabulary import is_foreign_leftover, load
from ..core.registry import Check
from .spelling import unaccented


def _doc(what: str, why: str, example: str, fix: str, options: str = "None.", refs: str = "") -> str:
    return (f"## What it finds\n{what}\n\n## Why it matters\n{why}\n\n## Example\n{example}\n\n## Fix\n{fix}\n\n"
            f"## Options\n{options}\n\n## References\n{refs or '- AMA Manual of Style, 11th ed., ch. 6 (Punctuation).'}\n")


MISSING_SPACE = Rule("hygiene/missing-space", "warning", "A sentence runs into the next with no space after its full stop.", _doc(
    "A full stop, question mark or exclamation mark with a lower-case word before it and a capitalised word "
    "glued after it: two sentences joined when a line break or a paragraph break was lost in scraping or "
    "editing. Abbreviations (\"e.g.\", \"U.S.\", \"Dr.\"), initials (\"J.R.R.\"), decimals (\"2.5\"), URLs, "
    "domain and file names are not flagged.",
    "A reader trips on \"interventions.Beyond\"; a screen reader reads it as one word, and search engines "
    "index it as one.",
    "> ... the effectiveness of interventions.Beyond the common culprits ...",
    "Insert the space (or the paragraph break that was lost). `--fix` inserts the space.",
    refs="- AMA Manual of Style, 11th ed., 6.1 (Period)."), fix=Fix(replacement_edits))

SPACE_BEFORE = Rule("hygiene/space-before-punctuation", "warning", "A space before a comma, full stop, colon, semicolon, question or exclamation mark.", _doc(
    "Whitespace between a word and the punctuation mark that follows it (\"headache , can\"). Left where a "
    "link or a footnote was cut out of a sentence, or by writing habits of other languages. Ellipses, "
    "decimals (\" .5\") and file extensions (\" .pdf\") are not flagged.",
    "It looks careless and can split a line before the comma.",
    "> ... in this guide on how to relieve a tension headache , can often ease ...",
    "Delete the space; if a link was removed, check the sentence still reads. `--fix` deletes the space."),
    fix=Fix(replacement_edits))

BROKEN_MARKUP = Rule("hygiene/broken-markup", "warning", "Emphasis markers, HTML tags or entities shown as text.", _doc(
    "Markup that the reader sees as characters: a lone `*` or `_` glued to a word (the other half of an "
    "emphasis pair was lost: \"theJournal of Bone and Mineral Research*\"), an unbalanced `**`, an HTML "
    "entity (`&amp;`, `&nbsp;`, `&#39;`) or an HTML tag (`<br>`, `</p>`) in the text.",
    "Stray markup shows that the text was pasted between systems without review, and a lost emphasis "
    "marker often takes a space with it.",
    "> a study published in theJournal of Bone and Mineral Research* demonstrated ...",
    "Restore the markup (\"in the *Journal of Bone and Mineral Research*\") or remove it."))

STRAY_KEYWORD_LINE = Rule("hygiene/stray-keyword-line", "warning", "A bare keyword line, image alt text or widget label left in the text.", _doc(
    "A line that is not prose but a leftover of the page around the article, recognised by its shape:\n"
    "- a short line with no closing punctuation right under a heading that repeats the article's keyword "
    "(the opening words of its title, or its `keywords` front matter): an SEO template's keyword slot or "
    "the alt text of a dropped image;\n"
    "- a widget label: a line that opens with an icon font's ligature name (`verified_user Medically "
    "Reviewed`, `arrow_forward`, `schedule 5 min read`: a lower-case name with an underscore), or that is "
    "made only of control words (\"previous arrow\", \"next arrow\", \"Slide 1 of 3\");\n"
    "- image alt text: a short paragraph (at most `alt-text-max-words`) that starts in lower case, has no "
    "closing punctuation and no verb that makes it a sentence (\"woman preparing food\"), after a "
    "sentence or a heading, or one that names an image (\"Image of ...\", \"... stock photo\").\n"
    "The scraper may have made it a heading or a paragraph.",
    "It reads as a stutter and marks the page as keyword-stuffed, to readers and to search engines.",
    "> Triggers at Home\n>\n> how to stop hay fever at night\n>\n> Dust mites live in bedding ...",
    "Delete the line, or restore the image it described.",
    "`[tool.healthlint.hygiene]`: `keyword-line-max-words`, `keyword-min-words`, `alt-text-max-words`; the "
    "`widget-words` and `finite-verbs` lists in `checks/hygiene.toml`.",
    "- Google Search Central, \"Irrelevant keywords\" (keyword stuffing) spam policy.\n"
    "- W3C WAI, Images Tutorial (alt text belongs in the `alt` attribute, not in the text).\n"
    "- Google Material Symbols: icons are written as ligature names (`verified_user`)."))

KEYWORD_HEADING = Rule("hygiene/keyword-stuffed-heading", "warning", "A heading with the article's keyword glued on after a comma or colon.", _doc(
    "A heading whose last part, after a comma or a colon, repeats the article's keyword (the opening words "
    "of the title): \"Treatment, How to stop hay fever at night\". A question heading that is one "
    "sentence (\"So, how long do bed bug bites last?\") and a heading opened by a discourse word "
    "(\"So,\", \"Finally:\") are normal headings.",
    "Headings are how readers and screen-reader users navigate; a keyword tacked onto each one adds nothing "
    "and reads as spam.",
    "> Other Remedies: How to Stop Hay Fever at Night",
    "Keep the heading's own words: \"Other Remedies\".",
    "`[tool.healthlint.hygiene]`: `keyword-min-words`.",
    "- Google Search Central, \"Irrelevant keywords\" (keyword stuffing) spam policy."))

REPEATED_TITLE = Rule("hygiene/repeated-title", "warning", "The title repeated as the first line of the body.", _doc(
    "An article whose first block (heading or paragraph) repeats its title word for word: the page title "
    "and the on-page heading both scraped, or a template printing the title twice.",
    "The reader sees the same line twice before the article starts.",
    "> • Knee Pain on Stairs Explained\n>\n> Knee Pain on Stairs Explained",
    "Delete the repeated line."))

REPEATED_HEADING = Rule("hygiene/repeated-heading", "warning", "The same heading twice in one article.", _doc(
    "A heading whose text (ignoring case and punctuation) already headed an earlier section at the same "
    "level under the same parent.",
    "Two sections with one name confuse navigation (tables of contents, screen-reader heading lists) and "
    "usually mean that templated sections were stitched together.",
    "> Diagnostic Procedures ... Diagnostic Procedures",
    "Merge the sections or give the second a name that says how it differs."))

DUPLICATE_PARAGRAPH = Rule("hygiene/duplicate-paragraph", "warning", "The same paragraph twice in one article.", _doc(
    "A paragraph of several words whose text (ignoring case, spacing and punctuation) already appeared "
    "earlier in the article. A list item, or a paragraph shorter than `duplicate-any-section-min-words`, "
    "is reported only when it repeats in its own section within three blocks of its first copy, or in a "
    "section pasted twice (its heading repeated): lists under different stages share items (each stage's "
    "treatment options, even where scraping lost the stages' headings) and a publisher's one-line note may "
    "stand under every stage. A run of repeated paragraphs (a passage pasted twice) is one finding.",
    "Repeated paragraphs come from copy-and-paste or templating slips; they waste the reader's time.",
    "> (the same paragraph under two headings)",
    "Delete the copy, or rewrite one of them for its section.",
    "`[tool.healthlint.hygiene]`: `duplicate-min-words`, `duplicate-any-section-min-words`."))

FOREIGN_WORD = Rule("hygiene/foreign-word", "warning", "A word of another language left by machine translation.", _doc(
    "A word that English does not have (no English dictionary or frequency list knows it) but that is "
    "common in German, Dutch, French, Spanish, Italian or Portuguese (wordfreq Zipf >= 3): a leftover of "
    "machine translation (\"The following table Artikels common diagnostic tests\").",
    "A foreign word in an English health text stops the reader and shows that nobody read the text.",
    "> The following table Artikels common diagnostic tests and their purposes:",
    "Replace it with the English word meant (\"outlines\").",
    "`[tool.healthlint.hygiene]`: `foreign-min-zipf`.",
    "- R. Speer, wordfreq (https://github.com/rspeer/wordfreq)."))

# A short paragraph's repeat is a slip within this many blocks of its first copy, in its section.
SHORT_REPEAT_DISTANCE = 3

# A lower-case word of two or more letters, a sentence end, and a capitalised word: no space between.
MISSING_SPACE_RE = re.compile(r"(?<![\w.@/])([A-Za-z]*[a-z][a-z]|[a-z]\)|%|\))([.!?])([A-Z][a-z]+)")
ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "st", "vs", "etc", "inc", "jr", "sr", "no", "fig", "vol", "ed", "al",
                 "approx", "dept", "univ", "co", "ltd", "corp", "prof", "gen", "gov", "mt", "ft", "ave"}
SPACE_BEFORE_RE = re.compile(r"(?<=[\w)\]”\"’])([ \t]+)([,;:!?]|\.(?!\.|\w))(?=\s|$|[\"”’)])")
ENTITY_RE = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
TAG_RE = re.compile(r"</?(?:a|b|i|u|em|strong|p|br|div|span|li|ul|ol|h[1-6]|sup|sub|table|tr|td|th|img|font|"
                    r"blockquote|small|hr)\b[^<>]{0,200}?/?>", re.I)
# A lone * or _ glued to a word on one side only: the other marker of the pair was lost.
STRAY_MARKER_RE = re.compile(r"(?<=[A-Za-z.,;:!?)])([*_]{1,2})(?=[\s,.;:!?)]|$)|(?:^|(?<=\s))([*_]{1,2})(?=[A-Za-z])")
TITLE_SPLIT = re.compile(r"\s*(?:[?:!|]|\s[-–—]\s)\s*")
WORD_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def _norm(text: str) -> str:
    return " ".join(_words(html.unescape(text)))


class HygieneCheck(Check):
    name = "hygiene"
    rules = (MISSING_SPACE, SPACE_BEFORE, BROKEN_MARKUP, STRAY_KEYWORD_LINE, KEYWORD_HEADING, REPEATED_TITLE,
             REPEATED_HEADING, DUPLICATE_PARAGRAPH, FOREIGN_WORD)
    needs = frozenset({"sentences", "vocabulary"})

    def run(self, analysed, ctx) -> None:
        t = ctx.thresholds
        article = analysed.article
        text_blocks = [b for b in article.blocks if b.kind != TABLE and b.text.strip()]
        footnotes = frozenset(m.group(1) for b in text_blocks
                              for m in [re.match(r"^(\*{1,3}|†|‡)\s?[A-Za-z]", b.text.strip())] if m)
        for block in text_blocks:
            self._spaces(block, ctx)
            self._markup(block, ctx, footnotes)
        keywords = _keywords(article)
        self._structure(article, text_blocks, keywords, ctx, t)
        if ctx.enabled(FOREIGN_WORD.id):
            self._foreign(analysed, text_blocks, ctx, float(t["foreign-min-zipf"]))
        ctx.figures["blocks_checked"] = len(text_blocks)
        ctx.figures["by_rule"] = dict(sorted(Counter(f.rule.split("/", 1)[1] for f in ctx.findings).items()))

    # --- characters ------------------------------------------------------------------------------
    def _spaces(self, block, ctx) -> None:
        text = block.text
        for m in MISSING_SPACE_RE.finditer(text):
            before, mark, after = m.group(1), m.group(2), m.group(3)
            if before.lower() in ABBREVIATIONS or _in_url(text, m.start(2)):
                continue
            if mark == "." and after.lower() in {"com", "org", "net", "gov", "edu", "js", "net"}:
                continue
            at = m.end(2)
            ctx.report(MISSING_SPACE.id, f"No space after '{mark}': '{before}{mark}{after}'", block=block,
                       span=(m.start(1), m.end(3)), suggestion=f"{before}{mark} {after}",
                       data={"fix": {"replace": [at, at, " "]}})
        for m in SPACE_BEFORE_RE.finditer(text):
            if _in_url(text, m.start(2)):
                continue
            mark = m.group(2)
            if mark == ":" and text[m.end(2):m.end(2) + 1] == ")":
                continue  # an emoticon
            word_start = max(text.rfind(" ", 0, m.start(1)) + 1, 0)
            ctx.report(SPACE_BEFORE.id, f"Space before '{mark}'", block=block, span=(word_start, m.end(2)),
                       suggestion=text[word_start:m.start(1)] + mark,
                       data={"fix": {"replace": [m.start(1), m.end(1), ""]}})

    def _markup(self, block, ctx, footnote_markers=frozenset()) -> None:
        text = block.text
        for m in ENTITY_RE.finditer(text):
            if html.unescape(m.group()) != m.group():
                ctx.report(BROKEN_MARKUP.id, f"HTML entity '{m.group()}' shown as text", block=block, span=m.span(),
                           suggestion=html.unescape(m.group()).replace("\xa0", " "))
        for m in TAG_RE.finditer(text):
            ctx.report(BROKEN_MARKUP.id, f"HTML tag '{m.group()[:40]}' shown as text", block=block, span=m.span())
        if block.kind != HEADING and _is_list_marker_only(text):
            return
        markers = [m for m in STRAY_MARKER_RE.finditer(text) if not _in_url(text, m.start())]
        for marker in ("*", "**", "_", "__"):
            if marker in footnote_markers:
                continue  # "Gestational*" with a note "*See ..." below it: a footnote, not emphasis
            stray, opened = [], []
            for m in markers:
                if (m.group(1) or m.group(2)) != marker:
                    continue
                if m.group(2):
                    opened.append(m)
                elif opened:
                    opened.pop()  # "*word*": a pair
                else:
                    stray.append(m)
            if stray and opened and stray[0].start() < opened[-1].start():
                # "Rye* ... *People should only ...": a reference mark, then its note in the same
                # paragraph: a footnote, not a lost half of an emphasis pair.
                note = opened.pop()
                stray = [m for m in stray if m.start() > note.start()]
            for m in stray + opened:
                start, end = m.span()
                word_start = text.rfind(" ", 0, start) + 1 if m.group(1) else start
                next_space = text.find(" ", end)
                word_end = end if m.group(1) else (next_space if next_space != -1 else len(text))
                ctx.report(BROKEN_MARKUP.id, f"Stray emphasis marker '{marker}': the other half of the pair is missing",
                           block=block, span=(word_start, word_end))

    # --- structure -------------------------------------------------------------------------------
    def _structure(self, article, blocks, keywords, ctx, t) -> None:
        title_norm = _norm(article.title)
        body = [b for b in blocks if b.start_line != article.title_line]
        min_words = int(t["keyword-min-words"])
        max_line_words = int(t["keyword-line-max-words"])
        # repeated-title: the first block of the body is the title again.
        if body and title_norm and _norm(body[0].text) == title_norm and body[0].start_line != article.start_line:
            ctx.report(REPEATED_TITLE.id, "The title is repeated as the first line of the body", block=body[0],
                       suggestion="delete the repeated line")
        previous: Any = None  # the block before, once there is one
        seen_headings: dict[tuple[str, float, str], int] = {}
        parents: list[tuple[float, str]] = []
        # text -> first line, its heading, its position, its place under the heading
        seen_paragraphs: dict[tuple[str, str], tuple[int, str, int, int]] = {}
        heading = ""  # the current section's heading, as text: a section pasted twice is one section
        heading_texts: set[str] = set()
        heading_again, heading_position = False, -1
        repeats: list[tuple[int, Any, int, bool]] = []  # (position, block, first copy's line, reported alone)
        min_dup = int(t["duplicate-min-words"])
        section_dup = int(t["duplicate-any-section-min-words"])
        shapes = _LineShapes(t, ctx.policy.section("hygiene").get("lists", {}))
        for i, block in enumerate(body):
            norm = _norm(block.text)
            words = norm.split()
            after_heading = previous is not None and previous.kind == HEADING
            is_title_again = norm == title_norm and i == 0
            leftover = shapes.leftover(block, previous)
            if leftover:
                ctx.report(STRAY_KEYWORD_LINE.id, f"Stray {leftover} '{block.text.strip()[:80]}': not part of the "
                           "article's text", block=block, suggestion="delete the line",
                           data={"shape": leftover})
                previous = block
                continue
            # stray-keyword-line
            if (after_heading and not is_title_again and 0 < len(words) <= max_line_words
                    and not block.text.rstrip().endswith((".", "!", "?", ":", ";", ","))
                    and _is_keyword(words, keywords, min_words) and norm != _norm(previous.text)):
                ctx.report(STRAY_KEYWORD_LINE.id, f"Stray keyword line '{block.text.strip()}' under the heading "
                           f"'{previous.text.strip()}'", block=block, suggestion="delete the line")
                previous = block
                continue
            if block.kind == HEADING:
                heading_again = norm in heading_texts  # the section pasted twice, heading and all
                heading, heading_position = norm, i
                heading_texts.add(norm)
                self._stuffed(block, keywords, min_words, ctx)
                if not is_title_again:
                    # A question heading ("What causes ...?") governs the statement headings after it
                    # at the same level: "Pituitary Adenomas" may head a part of two questions.
                    level = (block.level or 2) - (0.5 if block.text.rstrip().endswith("?") else 0)
                    while parents and parents[-1][0] >= level:
                        parents.pop()
                    parent = parents[-1][1] if parents else ""
                    key = (norm, level, parent)
                    if norm and key in seen_headings:
                        ctx.report(REPEATED_HEADING.id, f"Heading '{block.text.strip()}' already used at line "
                                   f"{seen_headings[key]}", block=block)
                    else:
                        seen_headings[key] = block.start_line
                    parents.append((level, norm))
            elif len(words) >= min_dup:
                # A list item may repeat in another list (each stage's treatment options, even where
                # scraping lost the stages' headings), and so may a short paragraph: a publisher's
                # one-line note under every stage ("Ask your care team whether a research study is
                # right for you."). Either pasted twice by mistake lands near its first copy, in its
                # section, or comes back with its section's heading; a longer paragraph repeats
                # nowhere.
                short = block.kind == LIST_ITEM or len(words) < section_dup
                # A list item and a paragraph of the same words are a summary and its text (a
                # section's summary bullets, each then a paragraph), not a copy.
                text_key = ("item", norm) if block.kind == LIST_ITEM else ("paragraph", norm)
                seen = seen_paragraphs.get(text_key)
                if seen is None:
                    seen_paragraphs[text_key] = (block.start_line, heading, i, i - heading_position)
                else:
                    first, first_heading, first_position, first_offset = seen
                    pasted_section = heading_again and i - heading_position == first_offset
                    near = first_heading == heading and (
                        pasted_section or i - first_position <= SHORT_REPEAT_DISTANCE)
                    repeats.append((i, block, first, not short or near))
            previous = block
        self._report_repeated_runs(repeats, ctx)

    @staticmethod
    def _report_repeated_runs(repeats, ctx) -> None:
        """One finding per run of consecutive repeated paragraphs: a passage pasted twice is one
        problem, not one per paragraph. A run only of short notes (each may stand under every
        stage) is not reported."""
        runs: list[list] = []
        for entry in repeats:
            if runs and entry[0] == runs[-1][-1][0] + 1:
                runs[-1].append(entry)
            else:
                runs.append([entry])
        for run in runs:
            if not any(reported for *_, reported in run):
                continue
            _, block, first, _ = run[0]
            if len(run) == 1:
                message = f"Paragraph repeats the one at line {first}"
            else:
                message = (f"{len(run)} paragraphs in a row (lines {block.start_line}-"
                           f"{run[-1][1].start_line}) repeat text from line {first}")
            ctx.report(DUPLICATE_PARAGRAPH.id, message, block=block,
                       data={"repeats_line": first, "paragraphs": len(run)})

    def _stuffed(self, block, keywords, min_words, ctx) -> None:
        text = block.text.strip()
        for m in re.finditer(r"[,:]\s+", text):
            head, tail = text[: m.start()], text[m.end():]
            if _words(head) and _words(head)[0] in DISCOURSE_WORDS and len(_words(head)) <= 2:
                continue  # "So, how long do bites last?": a discourse word, not a heading of its own
            if text.endswith("?") and tail[:1].islower():
                continue  # one question sentence, not a heading with a keyword glued on
            tail_words = _words(tail)
            if _words(head) and _is_keyword(tail_words, keywords, min_words):
                ctx.report(KEYWORD_HEADING.id, f"Heading ends with the article's keyword '{tail}'", block=block,
                           span=(m.start(), len(block.text.rstrip())), suggestion=head.strip())
                return

    def _foreign(self, analysed, blocks, ctx, min_zipf: float) -> None:
        vocab = load()
        for block in blocks:
            for m in re.finditer(r"(?<![\w'’@/.-])[A-Za-zÀ-ÿ]{4,}(?![\w'’@/-])", block.text):
                word = m.group()
                if word[1:] != word[1:].lower():
                    continue
                if not word.isascii() and vocab.in_dictionary(unaccented(word.lower())):
                    continue  # "Sauté", "purée": English words written with their accents
                if is_foreign_leftover(vocab, word, min_zipf) and not _joined_english(vocab, word.lower()):
                    foreign = vocab.foreign_zipf(word)
                    if foreign is None:
                        continue
                    lang, zipf = foreign
                    ctx.report(FOREIGN_WORD.id, f"'{word}' is not English (a common {LANGUAGES.get(lang, lang)} "
                               "word): a machine-translation leftover?", block=block, span=m.span(),
                               data={"language": lang, "zipf": zipf})


# Words that open a sentence without heading anything ("So, ...", "Finally: ..."): general English.
DISCOURSE_WORDS = frozenset({"so", "well", "now", "okay", "ok", "yes", "no", "but", "and", "or", "then", "first",
                             "second", "also", "finally", "still", "plus", "anyway", "basically", "ultimately",
                             "in", "bottom", "overall", "remember", "note", "tip", "fact"})
ICON_NAME = re.compile(r"^[a-z]+(?:_[a-z]+)+(?=\s|$)")
IMAGE_NAMED = re.compile(r"^(?:an?\s+)?(?:image|photo|picture|illustration|graphic)\s+(?:of|showing)\b|"
                         r"\b(?:stock\s+photo|stock\s+image|getty\s+images|shutterstock|istock)\b", re.I)


class _LineShapes:
    """Lines that are leftovers of the page around the article, by their shape."""

    def __init__(self, thresholds: dict, lists: dict):
        self.max_words = int(thresholds["alt-text-max-words"])
        self.widget_words = frozenset(w.lower() for w in lists.get("widget-words", []))
        self.finite_verbs = frozenset(w.lower() for w in lists.get("finite-verbs", []))

    def leftover(self, block, previous) -> str | None:
        if block.kind in (HEADING, TABLE, LIST_ITEM):
            return None
        text = block.text.strip()
        if not text or "\n" in text:
            return None
        if ICON_NAME.match(text):
            return "widget label"
        words = _words(text)
        if len(words) >= 2 and all(w in self.widget_words or w.isdigit() for w in words) \
                and not re.search(r"[.!?]$", text):
            return "widget label"
        if re.search(r"[.!?:;,]$", text):
            return None
        if len(words) <= 2 * self.max_words and IMAGE_NAMED.search(text):
            return "image caption or alt text"
        if len(words) > self.max_words:
            return None
        after_sentence = previous is None or previous.kind == HEADING or \
            bool(re.search(r"[.!?:)\"”]$", previous.text.strip()))
        if (len(words) >= 2 and text[0].islower() and after_sentence
                and not any(w in self.finite_verbs or w.endswith("n't") for w in words)):
            return "image alt text"
        return None


LANGUAGES = {"de": "German", "nl": "Dutch", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese"}


def _keywords(article) -> list[list[str]]:
    """The article's keyword candidates: its title, the title's clauses, and front-matter keywords."""
    found = []
    title_words = _words(article.title)
    if title_words:
        found.append(title_words)
    # The title's first clause ("How to Stop Hay Fever at Night" of "How to Stop Hay Fever at Night?
    # A Practical Guide"); later clauses are subtitles, not the keyword.
    first = _words(TITLE_SPLIT.split(article.title.strip())[0])
    if first and first != title_words:
        found.append(first)
    meta = article.metadata or {}
    for key in ("keyword", "keywords", "focus_keyword", "focus-keyword"):
        value = meta.get(key)
        values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        for v in values:
            for part in str(v).split(","):
                if _words(part):
                    found.append(_words(part))
    return found


def _is_keyword(words: list[str], keywords: list[list[str]], min_words: int) -> bool:
    """Whether ``words`` is a keyword: a whole keyword, or the opening words of the title (an SEO
    keyword is the head of the title: "Knee pain on stairs" of "Knee Pain on Stairs Explained ...")."""
    if len(words) < min_words:
        return False
    for keyword in keywords:
        if words == keyword or (len(words) >= max(min_words, 3) and words == keyword[: len(words)]):
            return True
    return False


def _joined_english(vocab, lower: str) -> bool:
    """"neurologista" is Portuguese, but here it is "neurologist a" run together (spelling reports it)."""
    return any(lower.endswith(tail) and vocab.in_dictionary(lower[: -len(tail)])
               for tail in ("a", "an", "the", "is", "in", "on", "of", "or", "and", "to", "as"))


def _in_url(text: str, offset: int) -> bool:
    start = text.rfind(" ", 0, offset) + 1
    end = text.find(" ", offset)
    chunk = text[start: end if end != -1 else len(text)]
    return "://" in chunk or chunk.lower().startswith("www.") or "@" in chunk or bool(
        re.search(r"\.(com|org|gov|edu|net|io|uk|html?|pdf|php|aspx?)\b", chunk, re.I))


def _is_list_marker_only(text: str) -> bool:
    return text.strip() in {"*", "-", "_", "**"}


CHECK = HygieneCheck()
