"""Synthetic articles for training and held-out evaluation of the off-topic detector.

Hosts are MedQuAD documents (NIH text); inserted content is real text of *other* documents, far from
the host in the topic space, wrapped by one of several wrapper families. The wrappers' words are
generic English written for this script; what the detector learns from them is a block's shape and
distance, never their wording (it reads no word lists). A few families carry out-of-domain content
(shopping, travel, school, finance...) written here, since the NIH text has none; they stand for plugs
and headlines of unrelated stories.

Hard negatives are inserted too: paragraphs of the same subject from another NIH collection, links
to same-subject pages, glossary links, citations, calls to action, disclaimers, headline lines about
the same subject.
"""
from __future__ import annotations

import html
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
BULLET = re.compile(r"\s+-\s+")


@dataclass
class Doc:
    id: str
    collection: str
    focus: str
    sections: list[tuple[str, list[str]]]  # (question, sentences)
    fragments: list[list[str]] = field(default_factory=list)  # bullet lists of the source, item by item

    @property
    def sentences(self) -> list[str]:
        return [s for _, ss in self.sections for s in ss]


@dataclass
class Piece:
    kind: str  # "p", "li", "h" (heading), "line" (a short line)
    text: str  # links as [[anchor|href]]
    label: int = 0
    family: str = ""


@dataclass
class Synthetic:
    name: str
    fmt: str
    text: str
    inserted_lines: list[set[int]]  # per inserted block
    negative_lines: set[int]
    families: list[str]
    host: Doc
    donors: list[str] = field(default_factory=list)


def clean_sentences(answer: str) -> list[str]:
    text = re.sub(r"\s+", " ", BULLET.sub(". ", answer)).strip()
    out = []
    for sentence in SENTENCE_SPLIT.split(text):
        sentence = sentence.strip(" -")
        words = sentence.split()
        if len(words) < 6 or len(words) > 60 or sentence[-1:] not in ".!?":
            continue
        if sentence.count("(") != sentence.count(")"):
            continue
        out.append(sentence)
    return out


def prepare(raw_docs: list[dict]) -> list[Doc]:
    """Documents as sections of clean sentences, without the boilerplate sentences a collection
    repeats in every document (a donor's boilerplate is no departure from a host of the same source)."""
    prefixes: Counter = Counter()
    for d in raw_docs:
        seen = set()
        for qa in d["qa"]:
            for sentence in clean_sentences(qa.get("answer") or ""):
                seen.add(" ".join(sentence.split()[:5]).lower())
        prefixes.update(seen)
    docs = []
    for d in raw_docs:
        sections = []
        for qa in d["qa"]:
            sentences = [x for x in clean_sentences(qa.get("answer") or "")
                         if prefixes[" ".join(x.split()[:5]).lower()] <= 12]
            if len(sentences) >= 2:
                question = re.sub(r"\s*\?\s*$", "?", re.sub(r"\s+", " ", qa["question"])).replace(" ?", "?")
                sections.append((question.replace("(are) ", ""), sentences))
        fragments = []
        for qa in d["qa"]:
            items = [re.sub(r"\s+", " ", x).strip(" .") for x in re.split(r"\n?\s+-\s+", qa.get("answer") or "")[1:]]
            items = [x for x in items if 1 <= len(x.split()) <= 12]
            if len(items) >= 3:
                fragments.append(items[:8])
        if sections and sum(len(s) for _, s in sections) >= 8:
            docs.append(Doc(d["id"], d["collection"], re.sub(r"\s+", " ", d["focus"]).strip(), sections, fragments))
    return docs


@dataclass
class HumanHost:
    """A clean article written by hand in a publisher's house style (``train/data/hosts/``): its own
    page furniture, lists, captions and related paragraphs, which MedQuAD's question-and-answer pages
    lack, kept as written."""
    doc: Doc
    title: str
    sections: list[tuple[str, list[Piece]]]


LINK_MARKUP = re.compile(r"\[\[([^\]|]+)\|[^\]]*\]\]")


def load_human_hosts(folder) -> list[HumanHost]:
    """``folder/WRITER/NAME.json`` articles; the collection names the writer, so that cross-validation
    by host collection holds out a whole writer."""
    hosts = []
    for path in sorted(folder.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        writer = path.parent.name
        sections, doc_sections = [], []
        for section in data["sections"]:
            pieces = [Piece(block["kind"] if block["kind"] in ("p", "li", "line") else "p", block["text"].strip())
                      for block in section.get("blocks", []) if block.get("text", "").strip()]
            if not pieces:
                continue
            heading = (section.get("heading") or "").strip()
            sections.append((heading, pieces))
            prose = " ".join(LINK_MARKUP.sub(r"\1", p.text) for p in pieces if p.kind == "p")
            sentences = clean_sentences(prose)
            if sentences:
                doc_sections.append((data["title"], sentences))  # a recirculated headline names the page
        if sum(len(s) for _, s in doc_sections) >= 4:
            doc = Doc(f"{writer}/{path.stem}", f"9_human-{writer}", data["subject"].strip(), doc_sections)
            hosts.append(HumanHost(doc, data["title"].strip(), sections))
    return hosts


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def link(anchor: str, rng: random.Random, site: str | None = None) -> str:
    site = site or rng.choice(["https://example.org", "https://www.healthsite.example", "/articles", "https://blog.example.com"])
    return f"[[{anchor}|{site}/{slugify(anchor)}]]"


# -- headline shapes ------------------------------------------------------------------------------

HEADLINE_SHAPES = [
    "{f}: what you need to know", "{n} facts about {f}", "Understanding {f}", "{f} explained",
    "Living with {f}", "A new look at {f}", "What causes {f}?", "How doctors treat {f}",
    "The early signs of {f}", "{f} and your family", "Is it {f}? How to tell", "{f} in older adults",
    "Why {f} is on the rise", "Everything about {f}", "Questions to ask about {f}",
]
OUT_OF_DOMAIN_HEADLINES = [
    "City council approves new bike lanes downtown", "Five budget airlines compared for summer travel",
    "How to choose a laptop for college", "Local bakery wins regional sourdough prize",
    "Stock markets slip as oil prices climb", "The best hiking trails within two hours of the city",
    "Mortgage rates hold steady for a third month", "Why your houseplants keep dying",
    "Team clinches playoff spot with late goal", "Ten gadgets that make moving house easier",
    "School board debates later start times", "Electric cars: is now the time to buy",
    "Celebrity chef opens third restaurant", "Weekend weather: storms expected on Saturday",
    "Smartphone makers race to fold their screens", "What renters should know about deposits",
    "Museum unveils restored medieval tapestry", "Concert tickets sell out in minutes",
    "A beginner's guide to index funds", "Police close highway after truck overturns",
]
OUT_OF_DOMAIN_PARAGRAPHS = [
    ["Choosing a good pair of running shoes starts with knowing your foot shape and your usual distance.",
     "Many stores now scan your stride on a treadmill and suggest a cushioned or a stable model.",
     "Our review team tested a dozen pairs over three months."],
    ["A well-organised kitchen saves time on busy weeknights.",
     "Clear containers, labelled shelves and a weekly menu keep the fridge from filling with leftovers.",
     "Our shop carries a full range of storage sets at reduced prices this month."],
    ["Students with several deadlines in one week often turn to professional writing help.",
     "A reliable writing service can draft, edit and format a paper overnight.",
     "Order early to get the best rate and a free plagiarism report."],
    ["Planning a trip abroad means comparing flights, hotels and travel insurance.",
     "Booking six to eight weeks ahead usually gets the lowest fares.",
     "Our travel partners offer exclusive discounts for readers."],
    ["Protecting your home network starts with a strong router password and regular updates.",
     "A virtual private network hides your browsing from other users of public wifi.",
     "Our top pick comes with a thirty-day money-back guarantee."],
    ["Car insurance premiums depend on your age, your driving record and where you park at night.",
     "Comparing quotes from several insurers each year can save hundreds of dollars.",
     "Use our free comparison tool to find a better deal in minutes."],
    ["Gardening in small spaces is easier with raised beds and vertical planters.",
     "Herbs such as basil and mint grow well on a sunny balcony.",
     "Browse our garden centre for starter kits and seeds."],
    ["Cryptocurrency prices swing widely from one week to the next.",
     "New investors should start small and use a regulated exchange.",
     "Sign up through our link to receive a welcome bonus."],
    ["A mattress that suits your sleeping position makes a difference to how rested you feel.",
     "Side sleepers often prefer a softer top layer, while back sleepers choose a firmer one.",
     "Read our full mattress buying guide and save with our partner code."],
    ["Shops selling hemp extracts have spread quickly in many towns.",
     "Gummies, oils and creams come in many strengths and flavours.",
     "Visit our online store for lab-tested products with free shipping."],
    ["Wedding planning can take a year or more, from the venue to the flowers.",
     "Couples often set a budget first and book the photographer early.",
     "Our planners can take the stress out of the big day."],
    ["Learning a new language as an adult takes about twenty minutes of practice a day.",
     "Apps with short daily lessons help many learners keep a streak going.",
     "Try our premium course free for the first week."],
]

# -- wording styles and insertion shapes --------------------------------------------------------
# An insertion has a shape (a bridge paragraph, a two-paragraph bridge, a headline line, a plug...)
# and a wording style: the words of its openers, referral cues, returns and labels. Held-out figures
# hold out whole styles, so they measure wordings the model never saw.

STYLES = {
    "plain": {
        "openers": ["", "", "Along the same lines, ", "At the same time, ", "Meanwhile, "],
        "cues": ["you can find out more in", "there is more in", "more detail is in"],
        "returns": ["", "Still, ", "For now, "],
        "tails": ["If {x} is also on your mind, {l} is worth a read.", "People who ask about this also read {l}."],
        "questions": ["Have you heard about {x}?", "What about {x}?"],
        "labels": ["", "MORE: ", "Read more: "],
        "widgets": ["You might be interested in", "More from our site"],
        "closing": ["Details are in", "We explain more in"],
        "embeds": ["Some people also look into {x} to feel better overall.",
                   "Other things, such as {x}, may also play a part in how you feel."],
    },
    "chatty": {
        "openers": ["", "Curiously, ", "Funny enough, ", "Here's a thought: ", "Oh, and "],
        "cues": ["have a look at", "we love", "don't miss", "go check"],
        "returns": ["", "Anyway, ", "But back to it: ", "OK, so "],
        "tails": ["Our editors also recommend {l}.", "Bookmark {l} while you're at it."],
        "questions": ["Ever wondered how {x} works?", "Quick question: what do you know about {x}?"],
        "labels": ["", "Don't miss: ", "Trending: ", "POPULAR: "],
        "widgets": ["Recommended for you", "Readers also liked"],
        "closing": ["Read the full story in", "It's all in"],
        "embeds": ["Lots of folks swear that {x} makes a difference too.",
                   "And hey, {x} might just help you unwind while you heal."],
    },
    "formal": {
        "openers": ["", "In a comparable manner, ", "It should also be noted that ", "Additionally, ", "Notably, "],
        "cues": ["further information is available in", "readers may consult", "refer to", "a useful resource is"],
        "returns": ["", "Nevertheless, ", "In summary, ", "Returning to the main point, "],
        "tails": ["For a different perspective, consult {l}.", "A related resource is {l}."],
        "questions": ["What is known about {x}?", "How does {x} develop?"],
        "labels": ["", "See: ", "Further reading: ", "RELATED STORY: "],
        "widgets": ["Editor's picks", "Further reading"],
        "closing": ["Further details appear in", "A full account is given in"],
        "embeds": ["Although many factors are involved, {x} may contribute to overall wellbeing.",
                   "Beyond conventional care, approaches such as {x} have been proposed to support general health."],
    },
    "salesy": {
        "openers": ["", "Good news: ", "Plus, ", "Better yet, ", "And here's the best part: "],
        "cues": ["grab our", "shop", "try", "order"],
        "returns": ["", "Either way, ", "Of course, ", "Remember, "],
        "tails": ["Thousands of readers swear by {l}.", "Limited time: {l}."],
        "questions": ["Looking for {x}?", "Need help with {x}?"],
        "labels": ["", "SPONSORED: ", "Top pick: ", "WATCH: "],
        "widgets": ["Top stories", "Deals of the day"],
        "closing": ["Get it today with", "Save now with"],
        "embeds": ["Pair your routine with {x} for even better results.",
                   "Many customers add {x} to their daily plan and love it."],
    },
}


def _restate(host: Doc, rng: random.Random) -> str:
    """A real sentence of the host: half the time one that names its subject (a bridge restating the
    topic), otherwise any (a bridge that leans on the paragraph before it)."""
    focus_words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", host.focus)}
    naming = [s for s in host.sentences if focus_words & {w.lower() for w in re.findall(r"[A-Za-z]{4,}", s)}]
    pool = naming if naming and rng.random() < 0.5 else host.sentences
    return rng.choice(pool)


def _donor_run(donor: Doc, rng: random.Random, k: int) -> list[str]:
    _, sentences = rng.choice(donor.sections)
    start = rng.randrange(0, max(1, len(sentences) - k + 1))
    return sentences[start:start + k]


def _donor_headline(donor: Doc, rng: random.Random) -> str:
    if rng.random() < 0.4:
        question = rng.choice(donor.sections)[0]
        return question.rstrip("?")
    return rng.choice(HEADLINE_SHAPES).format(f=donor.focus, n=rng.choice([3, 4, 5, 6, 7, 8, 10]))


def _anchor(donor: Doc, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _donor_headline(donor, rng).rstrip("?")
    return donor.focus.lower() if rng.random() < 0.5 else donor.focus


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text[:2].isupper() is False else text


def shape_bridge(host, donor, rng, fmt, style):
    opener = rng.choice(style["openers"])
    body = _donor_run(donor, rng, rng.choice([1, 1, 2]))
    first = opener + _lower_first(body[0]) if opener else body[0]
    sentences = ([_restate(host, rng)] if rng.random() < 0.5 else []) + [first] + body[1:]
    if rng.random() < 0.85:
        cue = rng.choice(style["cues"])
        sentences.append(f"{cue[0].upper() + cue[1:]} {link(_anchor(donor, rng), rng)}.")
    if rng.random() < 0.4:
        back = rng.choice(style["returns"])
        tail = _restate(host, rng)
        sentences.append(back + _lower_first(tail) if back else tail)
    return [Piece("p", " ".join(sentences), 1)]


def shape_digression(host, donor, rng, fmt, style):
    body = _donor_run(donor, rng, rng.choice([2, 3, 3, 4]))
    if rng.random() < 0.4:
        body[0] = rng.choice(style["questions"]).format(x=donor.focus.lower()) + " " + body[0]
    if rng.random() < 0.6:
        i = rng.randrange(len(body))
        body[i] = body[i].rstrip(".") + f" ({link(_anchor(donor, rng), rng)})."
    return [Piece("p", " ".join(body), 1)]


def shape_embedded_phrase(host, donor, rng, fmt, style):
    """One on-topic paragraph with a phrase of another subject set into a single sentence."""
    phrase = _anchor(donor, rng) if rng.random() < 0.5 else donor.focus.lower()
    if fmt != "txt" and rng.random() < 0.5:
        phrase = link(phrase, rng)
    if rng.random() < 0.5:
        middle = rng.choice(style["embeds"]).format(x=phrase)
    else:  # the phrase grafted onto a real sentence of the host
        base = _restate(host, rng).rstrip(".")
        middle = base + rng.choice([", and {x} may help as well.", "; {x} is another option some people try.",
                                    ", much as {x} can.", " - which is also true of {x}."]).format(x=phrase)
    sentences = [_restate(host, rng), middle]
    if rng.random() < 0.7:
        sentences.append(rng.choice(style["returns"]) + _lower_first(_restate(host, rng)))
    return [Piece("p", " ".join(s[0].upper() + s[1:] for s in sentences), 1)]


def shape_link_tail(host, donor, rng, fmt, style):
    lead = _restate(host, rng) if rng.random() < 0.6 else " ".join(_donor_run(donor, rng, 1))
    tail = rng.choice(style["tails"]).format(x=donor.focus.lower(), l=link(_anchor(donor, rng), rng))
    return [Piece("p", f"{lead} {tail}", 1)]


def shape_two_paragraphs(host, donor, rng, fmt, style):
    body = _donor_run(donor, rng, 3)
    opener = rng.choice(style["openers"])
    lead = f"{_restate(host, rng)} " if rng.random() < 0.5 else ""
    first = lead + (opener + _lower_first(body[0]) if opener else body[0])
    second = " ".join(body[1:]) + f" {rng.choice(style['closing'])} {link(_anchor(donor, rng), rng)}."
    return [Piece("p", first, 1), Piece("p", second.strip(), 1)]


def shape_headline(host, donor, rng, fmt, style, out_of_domain):
    headline = _donor_headline(donor, rng) if rng.random() < 0.7 else rng.choice(out_of_domain)
    roll = rng.random()
    if roll < 0.3:
        headline = headline.upper()
    elif roll < 0.7:
        headline = " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in headline.split())
    label = rng.choice(style["labels"])
    text = label + (link(headline, rng) if fmt != "txt" and rng.random() < 0.6 else headline)
    pieces = []
    if rng.random() < 0.2:
        pieces.append(Piece("line", rng.choice(style["widgets"]), 1))
    pieces.append(Piece("line", text, 1))
    return pieces


def shape_plug(host, donor, rng, fmt, style, out_of_domain):
    paragraph = list(rng.choice(out_of_domain))
    if rng.random() < 0.5:
        paragraph.insert(0, _restate(host, rng))
    if fmt != "txt" and rng.random() < 0.7:
        words = paragraph[-1].rstrip(".").split()
        k = rng.randrange(max(1, len(words) - 4))
        anchor = " ".join(words[k:k + 4])
        paragraph[-1] = paragraph[-1].replace(anchor, link(anchor, rng), 1)
    return [Piece("p", " ".join(paragraph), 1)]


ASIDES = Path(__file__).resolve().parent / "data" / "asides.json"


@lru_cache(maxsize=1)
def load_asides() -> tuple[list[str], list[str]]:
    """Single sentences of other walks of life (``off``) and everyday advice that serves any health
    article (``everyday``), over every voice of ``data/asides.json``, in a fixed order."""
    voices = json.loads(ASIDES.read_text(encoding="utf-8"))["voices"]
    off = [s for name in sorted(voices) for s in voices[name]["off"]]
    everyday = [s for name in sorted(voices) for s in voices[name]["everyday"]]
    return off, everyday


def asides_of(style_name: str, styles: list[str], kind: str = "off") -> list[str]:
    """The style's own share of the asides: holding out a style in cross-validation holds out the
    sentences grafted in its articles too."""
    off, everyday = load_asides()
    pool = off if kind == "off" else everyday
    k = styles.index(style_name) if style_name in styles else 0
    return pool[k::len(styles)] or pool


def graft(sections, sentence: str, rng: random.Random, label: int, family: str) -> bool:
    """Set one sentence inside a paragraph of the article (after its first sentence, most often
    before its last): an on-topic paragraph with one sentence of something else, the whole paragraph
    then labelled. False when no paragraph has two sentences."""
    paragraphs = [p for _, section in sections for p in section
                  if p.kind == "p" and not p.label and not p.family and "[[" not in p.text
                  and len(SENTENCE_SPLIT.split(p.text)) >= 2]
    if not paragraphs:
        return False
    piece = rng.choice(paragraphs)
    sentences = SENTENCE_SPLIT.split(piece.text)
    at = rng.randrange(1, len(sentences)) if rng.random() < 0.8 else len(sentences)
    sentences.insert(at, sentence)
    piece.text = " ".join(sentences)
    piece.label, piece.family = label, family
    return True


def grafted_paragraph(host, rng: random.Random, asides: list[str], family: str) -> Piece:
    """Where no paragraph of the host can take a graft: a run of the host's own sentences with one."""
    sentences = _donor_run(host, rng, rng.choice([2, 3]))
    sentences.insert(rng.randrange(1, len(sentences) + 1), rng.choice(asides))
    return Piece("p", " ".join(sentences), 1, family)


# A graft ("graft/STYLE" in an article's families, ``train/offtopic.py fit --grafts``) is no shape of
# its own: ``make_article`` sets the sentence inside a paragraph of the host (``graft``).
GRAFT = "graft"
SHAPES = {
    "bridge": shape_bridge,
    "embedded-phrase": shape_embedded_phrase,
    "digression": shape_digression,
    "link-tail": shape_link_tail,
    "two-paragraphs": shape_two_paragraphs,
    "headline": shape_headline,
    "plug": shape_plug,
}
OUT_OF_DOMAIN_SHAPES = {"headline", "plug"}


def insertion(shape: str, style_name: str, host, donor, rng, fmt) -> list[Piece]:
    style = STYLES[style_name]
    names = list(STYLES)
    k = names.index(style_name)
    if shape == "headline":
        pool = OUT_OF_DOMAIN_HEADLINES[k::len(names)]
        pieces = shape_headline(host, donor, rng, fmt, style, pool)
    elif shape == "plug":
        pool = OUT_OF_DOMAIN_PARAGRAPHS[k::len(names)]
        pieces = shape_plug(host, donor, rng, fmt, style, pool)
    else:
        pieces = SHAPES[shape](host, donor, rng, fmt, style)
    for piece in pieces:
        piece.family = f"{shape}/{style_name}"
    return pieces


# -- hard negatives ---------------------------------------------------------------------------------

CALLS_TO_ACTION = [
    "Need someone to talk to? Free, confidential helplines are open day and night.",
    "Stay informed: subscribe to our monthly email for new research and practical tips. We never share your address.",
    "Questions about your care? Our nurses answer calls on weekdays from 8am to 6pm.",
    "Support this work: a donation helps us keep this information free for everyone.",
    "Sign up for our weekly newsletter to get health tips delivered to your inbox.",
    "Share this page with a friend or family member who might find it useful.",
    "Was this page helpful? Let us know so we can improve it.",
    "Follow us on social media for the latest updates from our clinic.",
    "Call our office to book an appointment, or use the online form.",
    "Download a printable copy of this page to take to your next visit.",
]
DISCLAIMERS = [
    "This information is for general education and is not a substitute for professional medical advice.",
    "Always ask your doctor or another qualified health provider about any questions you have about a medical condition.",
    "The content of this page is reviewed by our medical team but does not replace a visit to your doctor.",
    "If you think you may have a medical emergency, call your doctor or emergency services right away.",
]
AGENCIES = ["National Institutes of Health", "Centers for Disease Control and Prevention", "MedlinePlus",
            "National Library of Medicine", "World Health Organization"]


def negative_same_subject(host, same, rng, fmt):
    if same is None:
        return []
    body = _donor_run(same, rng, rng.choice([2, 3]))
    return [Piece("p", " ".join(body), 0, "same-subject")]


def negative_see_also(host, same, rng, fmt):
    anchor = rng.choice(["{f} treatment options", "living with {f}", "{f} in children", "tests for {f}",
                         "{f} and diet", "questions about {f}"]).format(f=host.focus.lower())
    lead = rng.choice(["See also:", "Related:", "Learn more:", "For more on this, see", "Next:"])
    return [Piece(rng.choice(["p", "line"]), f"{lead} {link(anchor, rng)}", 0, "see-also")]


def negative_citation(host, same, rng, fmt):
    sentence = _restate(host, rng).rstrip(".")
    agency = rng.choice(AGENCIES)
    if rng.random() < 0.5:
        return [Piece("p", f"{sentence} (Source: {agency}).", 0, "citation")]
    return [Piece("p", f"{sentence}, according to the {link(agency, rng, 'https://www.nih.gov')}.", 0, "citation")]


def negative_references(host, same, rng, fmt):
    """A references list: author initials, a title about the subject, a journal, numbers."""
    pieces = [Piece("line", rng.choice(["References", "Sources", "Further reading"]), 0, "references")]
    for _ in range(rng.choice([2, 3, 4])):
        authors = ", ".join(f"{rng.choice(['Smith', 'Patel', 'Garcia', 'Chen', 'Okafor', 'Müller', 'Rossi'])} "
                            f"{rng.choice('ABCDEFGHJKLMNPRS')}{rng.choice(['', 'J', 'M', 'K'])}"
                            for _ in range(rng.choice([1, 2, 3])))
        title = _restate(host, rng).rstrip(".").split(",")[0]
        journal = rng.choice(["J Clin Med", "BMJ", "Lancet", "Am Fam Physician", "Cochrane Database Syst Rev"])
        year = rng.randrange(1995, 2024)
        pieces.append(Piece("li", f"{authors}{rng.choice([', et al', ''])}. {title}. {journal}. {year};"
                                  f"{rng.randrange(1, 90)}:{rng.randrange(1, 900)}-{rng.randrange(900, 999)}.",
                            0, "references"))
    return pieces


def negative_page_furniture(host, same, rng, fmt):
    """Attribution, credit and review lines that every publisher leaves around its articles."""
    slug = slugify(host.focus)
    line = rng.choice([f"Source: https://www.health.example.gov/topics/{slug}", "Photo: Getty Images",
                       "Image credit: iStock", f"Last reviewed: {rng.choice(['March', 'June', 'October'])} 2023",
                       "Medically reviewed by a board-certified physician", "Updated on 12 May 2024",
                       f"Adapted from the {rng.choice(AGENCIES)}", "Print this page", "Share on Facebook"])
    return [Piece("line", line, 0, "furniture")]


def negative_call_to_action(host, same, rng, fmt):
    text = " ".join(rng.sample(CALLS_TO_ACTION, rng.choice([1, 2])))
    if fmt != "txt" and rng.random() < 0.5:
        text += " " + rng.choice(["Sign up", "Subscribe here", "Find a helpline", "Contact us"]).join(["[[", "|/subscribe]]."])
    return [Piece("p", text, 0, "call-to-action")]


def negative_see_also_list(host, same, rng, fmt):
    anchors = ["{f} treatment options", "living with {f}", "{f} in children", "tests for {f}", "{f} and diet",
               "questions about {f}", "medicines for {f}", "{f}: when to see a doctor"]
    chosen = rng.sample(anchors, rng.choice([2, 3, 4]))
    pieces = [Piece("line", rng.choice(["See also", "Related pages", "More on this topic", "Further reading"]), 0,
                    "see-also")]
    pieces += [Piece("li", link(a.format(f=host.focus.lower()), rng), 0, "see-also") for a in chosen]
    return pieces


def negative_disclaimer(host, same, rng, fmt):
    return [Piece("p", " ".join(rng.sample(DISCLAIMERS, rng.choice([1, 2]))), 0, "disclaimer")]


def negative_same_headline(host, same, rng, fmt):
    headline = rng.choice(HEADLINE_SHAPES).format(f=host.focus, n=rng.choice([3, 5, 7]))
    label = rng.choice(["", "Related: ", "MORE: ", "Read more: "])
    return [Piece("line", label + (link(headline, rng) if fmt != "txt" and rng.random() < 0.5 else headline),
                  0, "same-headline")]


NEGATIVES = {
    "same-subject": negative_same_subject,
    "see-also": negative_see_also,
    "citation": negative_citation,
    "call-to-action": negative_call_to_action,
    "disclaimer": negative_disclaimer,
    "same-headline": negative_same_headline,
    "see-also-list": negative_see_also_list,
    "furniture": negative_page_furniture,
    "references": negative_references,
}


# -- articles ---------------------------------------------------------------------------------------


# Section headings of patient pages that do not name the subject (written for this script).
GENERIC_HEADINGS = [
    "Overview", "Symptoms", "Causes", "Diagnosis", "Treatment", "Outlook", "Prevention", "When to see a doctor",
    "When to get urgent help", "Living with the condition", "Tips for daily life", "Questions to ask your doctor",
    "Risk factors", "Complications", "Self-care at home", "Getting support", "What to expect", "Key points",
    "Medicines", "Tests you may need", "How common is it?", "Who is at risk?", "Recovery", "Next steps",
]


def _labelled_heading(heading: str, sentences: list[str], rng: random.Random) -> str:
    """A section heading in the "Label: phrase" shape that patient pages use ("Diet: what helps"),
    made of the section's own words: the same shape as a labelled headline of another story."""
    words = [w for w in re.findall(r"[A-Za-z]{4,}", sentences[0]) if w.lower() not in ("this", "that", "with", "from")]
    if len(words) < 3:
        return heading
    k = rng.randrange(len(words) - 2)
    phrase = " ".join(words[k:k + rng.choice([2, 3])]).lower()
    if rng.random() < 0.5:
        return f"{heading.rstrip('?')}: {phrase}"
    return f"{phrase[:1].upper() + phrase[1:]}: {rng.choice(GENERIC_HEADINGS).lower()}"


def host_pieces(host: Doc, rng: random.Random) -> list[tuple[str, list[Piece]]]:
    sections = []
    # Real pages run to their full length as often as not: a long page has more room for variety.
    chosen = host.sections[:rng.choice([3, 4, 5, 6, 8, 99])]
    generic = rng.random() < 0.5
    for question, sentences in chosen:
        if generic:
            question = rng.choice(GENERIC_HEADINGS)
        if rng.random() < 0.2:
            question = _labelled_heading(question, sentences, rng)
        pieces, i = [], 0
        sentences = sentences[:rng.choice([4, 6, 9, 12, 20])]
        while i < len(sentences):
            k = rng.choice([1, 2, 3, 3, 4])
            pieces.append(Piece("p", " ".join(sentences[i:i + k])))
            i += k
        if rng.random() < 0.1 and len(pieces) >= 2:
            items = SENTENCE_SPLIT.split(pieces[-1].text)
            pieces[-1:] = [Piece("li", s) for s in items]
        if host.fragments and rng.random() < 0.35:  # a bullet list of the source: short items
            items = rng.choice(host.fragments)
            at = rng.randrange(1, len(pieces) + 1)
            pieces[at:at] = [Piece("li", item) for item in items]
        if rng.random() < 0.3 and pieces:
            _glossary_link(pieces[rng.randrange(len(pieces))], rng)
        sections.append((question, pieces))
    return sections


GLOSSARY_PATHS = ("/glossary/", "/definitions/", "/terms/", "/medical-dictionary/", "/a-z/")


def _glossary_link(piece: Piece, rng: random.Random) -> None:
    """A glossary link on a term the paragraph uses: often its rarest word or a two-word term, which
    the rest of the article may never repeat (a hard negative for the link model)."""
    if "[[" in piece.text:
        return
    words = re.findall(r"[A-Za-z][a-z]{5,}(?: [a-z]{5,})?", piece.text)
    if not words:
        return
    words.sort(key=len, reverse=True)
    term = rng.choice(words[:3])
    path = rng.choice(GLOSSARY_PATHS) + slugify(term)
    piece.text = piece.text.replace(term, f"[[{term}|{path}]]", 1)


def insert(sections, pieces: list[Piece], rng: random.Random) -> None:
    s = rng.randrange(len(sections))
    _, section = sections[s]
    position = rng.randrange(0, len(section) + 1) if section else 0
    if any(p.label for p in pieces) and len(section) >= 2:
        position = rng.randrange(1, len(section))  # bridges sit between paragraphs
    section[position:position] = pieces


def render(title: str, sections, fmt: str, rng: random.Random, headings: bool) -> tuple[str, list[tuple[Piece, int, int]]]:
    lines: list[str] = []
    spans: list[tuple[Piece, int, int]] = []
    bare_lists = rng.random() < 0.5

    def add(text: str) -> int:
        lines.append(text)
        return len(lines)

    def inline(text: str) -> str:
        if fmt == "md":
            return re.sub(r"\[\[(.*?)\|(.*?)\]\]", r"[\1](\2)", text)
        if fmt == "html":
            parts = re.split(r"(\[\[.*?\|.*?\]\])", text)
            out = []
            for part in parts:
                m = re.match(r"\[\[(.*?)\|(.*?)\]\]", part)
                out.append(f'<a href="{html.escape(m.group(2))}">{html.escape(m.group(1))}</a>' if m else html.escape(part))
            return "".join(out)
        return re.sub(r"\[\[(.*?)\|(.*?)\]\]", r"\1", text)

    if fmt == "md":
        if rng.random() < 0.5:
            add("---")
            add(f"title: \"{title}\"")
            add("---")
            add("")
            if rng.random() < 0.5:
                add(f"# {title}")
                add("")
        else:
            add(f"# {title}")
            add("")
    elif fmt == "html":
        for line in ["<!DOCTYPE html>", "<html lang=\"en\">", f"<head><title>{html.escape(title)}</title></head>",
                     "<body>", "<nav><a href=\"/\">Home</a> <a href=\"/topics\">Health topics</a></nav>", "<main>",
                     f"<h1>{html.escape(title)}</h1>"]:
            add(line)
    else:
        add(title)
        add("")
    for question, pieces in sections:
        if headings and question:
            if fmt == "md":
                add(f"## {question}")
                add("")
            elif fmt == "html":
                add(f"<h2>{html.escape(question)}</h2>")
            else:
                add(question)
                add("")
        in_list = False
        for piece in pieces:
            text = inline(piece.text)
            if fmt == "html" and piece.kind == "li" and not in_list:
                add("<ul>")
                in_list = True
            if fmt == "html" and piece.kind != "li" and in_list:
                add("</ul>")
                in_list = False
            if fmt == "md":
                line = add(f"- {text}" if piece.kind == "li" else text)
                if piece.kind != "li":
                    add("")
            elif fmt == "html":
                tag = "li" if piece.kind == "li" else "p"
                line = add(f"<{tag}>{text}</{tag}>")
            else:
                # Scraped lists lose their bullets about as often as they keep them.
                bare = piece.kind == "li" and bare_lists
                line = add(text if bare or piece.kind != "li" else f"• {text}")
                if piece.kind != "li" or bare:
                    add("")
            spans.append((piece, line, line))
        if in_list:
            add("</ul>")
        if fmt in ("md", "txt") and lines and lines[-1] != "":
            add("")
    if fmt == "html":
        for line in ["</main>", "<footer><p>Copyright Health Example. All rights reserved.</p></footer>", "</body>", "</html>"]:
            add(line)
    return "\n".join(lines) + "\n", spans


def make_article(i: int, host: Doc, donors: list[Doc], same: Doc | None, families: list[str],
                 negatives: list[str], rng: random.Random, fmt: str, insertion_of=None,
                 negative_of=None, written: HumanHost | None = None, style_name: str = "",
                 styles: list[str] | None = None) -> Synthetic:
    """An article of the host with the insertions of ``families`` ("shape/style") and the hard
    negatives named; ``insertion_of`` and ``negative_of`` make those of hand-written voices
    (``wording.py``), this module's own templates otherwise. A ``written`` host keeps its own
    sections and title. ``style_name`` is the article's wording, one of ``styles`` (which share the
    asides between them)."""
    if written is not None:
        sections = [(heading, [Piece(p.kind, p.text) for p in pieces]) for heading, pieces in written.sections]
    else:
        sections = host_pieces(host, rng)
    for name, donor in zip(families, donors):
        shape, style = name.split("/")
        if shape == GRAFT:
            asides = asides_of(style, styles or [style])
            if not graft(sections, rng.choice(asides), rng, 1, name):
                insert(sections, [grafted_paragraph(host, rng, asides, name)], rng)
            continue
        make = insertion if style in STYLES or insertion_of is None else insertion_of
        insert(sections, make(shape, style, host, donor, rng, fmt), rng)
    for name in negatives:
        if name == "everyday-aside":  # everyday advice set inside a paragraph, in place (``graft``)
            graft(sections, rng.choice(asides_of(style_name, styles or [style_name], "everyday")), rng, 0, name)
            continue
        if name.startswith("wording/") and negative_of is not None:
            pieces = negative_of(name.split("/", 1)[1], host, rng, fmt)
        else:
            pieces = NEGATIVES[name](host, same, rng, fmt)
        if pieces:
            insert(sections, pieces, rng)
    if written is not None:
        title, headings = written.title, True
    else:
        title = host.focus if rng.random() < 0.6 else rng.choice(["About {f}", "{f}: an overview", "What to know about {f}",
                                                                  "{f} basics"]).format(f=host.focus)
        headings = rng.random() < 0.8
    text, spans = render(title, sections, fmt, rng, headings=headings)
    inserted: dict[int, set[int]] = {}
    negative_lines = set()
    block_id = 0
    previous_label = 0
    for piece, a, b in spans:
        if piece.label:
            if not previous_label:
                block_id += 1
            inserted.setdefault(block_id, set()).update(range(a, b + 1))
        elif piece.family:
            negative_lines.update(range(a, b + 1))
        previous_label = piece.label
    ext = {"md": "md", "html": "html", "txt": "txt"}[fmt]
    return Synthetic(f"synthetic-{i:05d}.{ext}", fmt, text, list(inserted.values()), negative_lines, families, host,
                     [d.id for d in donors])


def doc_terms(doc: Doc, terms_of) -> Counter:
    return Counter(terms_of(" ".join(doc.sentences[:40])))
