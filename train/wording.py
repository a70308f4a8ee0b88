"""Insertions and hard negatives in hand-written voices (``train/data/voices/*.json``).

Each voice file holds the wrappers one kind of writer puts around an insertion (a bridge paragraph, a
two-paragraph bridge, a referral tail, a digression, a phrase grafted onto an on-topic sentence, a
commercial plug), the labels and widget titles of recirculated headlines, headlines and plugs of
unrelated subjects, and the things such a writer adds that are *not* off-topic (same-subject links,
calls to action, newsletter boxes, disclaimers, citations, same-subject headlines). The text a
wrapper carries is real: sentences of the host and of another NIH document (``{restate}``,
``{back}``, ``{donor}``), or a plug of the voice's own file.

The voices were written for healthlint by writers who never saw the test sets (see
``train/data/README.md``). Cross-validation holds out whole voices, so the held-out figures are for
wordings the model never saw.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import synth
from synth import Doc, Piece

VOICES = Path(__file__).resolve().parent / "data" / "voices"
SLOT = re.compile(r"\{(restate|back|donor|subject|link|host|plug|plug_link)\}")
SAME_SUBJECT_ANCHOR = re.compile(r"\[\[([^\]|]+)\]\]")
# A voice's own out-of-domain paragraph stands in for the donor this often (per shape): a bridge to
# shopping or travel, as well as to another health subject.
OUTSIDE_DONOR = {"plug": 1.0, "headline": 0.0}
OUTSIDE_DONOR_DEFAULT = 0.4
SHAPE_KEYS = {"bridge": "bridge", "two-paragraphs": "two-paragraphs", "link-tail": "link-tail",
              "digression": "digression", "embedded-phrase": "embedded", "plug": "plug"}
FOREIGN_SLOTS = {"donor", "subject", "link", "plug", "plug_link"}
NEGATIVE_KINDS = ("see-also", "call-to-action", "newsletter", "disclaimer", "citation", "same-headline")


@dataclass(frozen=True)
class Voice:
    name: str
    wrappers: dict[str, list[str]]
    headline_labels: list[str]
    widget_titles: list[str]
    headlines: list[str]
    plugs: list[dict]
    negatives: dict[str, list[str]]


@lru_cache(maxsize=1)
def load_voices() -> dict[str, Voice]:
    voices = {}
    for path in sorted(VOICES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        voices[data["voice"]] = Voice(data["voice"], data["wrappers"], data["headline_labels"],
                                      data["widget_titles"], data["headlines"], data["plugs"], data["negatives"])
    return voices


def _sentence_start(before: str) -> bool:
    stripped = before.rstrip(" \"'“‘(")
    return not stripped or stripped.endswith((".", "!", "?", ":", "\n", "—", "…")) and not stripped.endswith("...:")


def _capital(text: str) -> str:
    at = 2 if text.startswith("[[") else 0  # a link's anchor
    return text[:at] + text[at:at + 1].upper() + text[at + 1:]


def fill(template: str, slots: dict[str, str]) -> list[tuple[str, set[str]]]:
    """The template's paragraphs with their slots filled, each slot capitalised as its place needs,
    and the slots each paragraph used."""
    paragraphs = []
    for part in template.split("\n\n"):
        out, cursor, used = [], 0, set()
        for match in SLOT.finditer(part):
            out.append(part[cursor:match.start()])
            name = match.group(1)
            value = slots[name]
            before = "".join(out)
            if name in ("restate", "back", "donor", "plug"):
                value = _capital(value) if _sentence_start(before) else synth._lower_first(value)
            elif _sentence_start(before):
                value = _capital(value)
            out.append(value)
            used.add(name)
            cursor = match.end()
        out.append(part[cursor:])
        text = re.sub(r"\s+", " ", "".join(out)).strip()
        if text:
            paragraphs.append((text, used))
    return paragraphs


def _outside(voice: Voice, rng: random.Random) -> dict:
    return voice.plugs[rng.randrange(len(voice.plugs))]


def insertion(shape: str, voice_name: str, host: Doc, donor: Doc, rng: random.Random, fmt: str) -> list[Piece]:
    voice = load_voices()[voice_name]
    family = f"{shape}/{voice_name}"
    if shape == "headline":
        pieces = _headline(voice, donor, rng, fmt)
    else:
        key = SHAPE_KEYS[shape]
        template = rng.choice(voice.wrappers[key])
        plug = _outside(voice, rng)
        outside = rng.random() < OUTSIDE_DONOR.get(shape, OUTSIDE_DONOR_DEFAULT)
        if outside:
            donor_text, subject, anchor = plug["text"], plug["subject"].lower(), plug["anchor"]
        else:
            donor_text = " ".join(synth._donor_run(donor, rng, rng.choice([1, 2, 2, 3])))
            subject, anchor = donor.focus.lower(), synth._anchor(donor, rng)
        slots = {
            "restate": synth._restate(host, rng), "back": synth._restate(host, rng), "donor": donor_text,
            "subject": subject, "host": host.focus.lower(), "plug": plug["text"],
            "link": _link(anchor, rng, fmt), "plug_link": _link(plug["anchor"], rng, fmt),
        }
        # A paragraph of the wrapper that carries nothing but the host's own sentences is not off-topic.
        pieces = [Piece("p", text, int(bool(used & FOREIGN_SLOTS))) for text, used in fill(template, slots)]
    for piece in pieces:
        piece.family = family
    return pieces


def _link(anchor: str, rng: random.Random, fmt: str) -> str:
    # Scraped text keeps a link's words, not its address.
    return synth.link(anchor, rng) if fmt != "txt" or rng.random() < 0.5 else anchor


def _headline(voice: Voice, donor: Doc, rng: random.Random, fmt: str) -> list[Piece]:
    headline = rng.choice(voice.headlines) if rng.random() < 0.6 else synth._donor_headline(donor, rng)
    if rng.random() < 0.2:
        headline = headline.upper()
    label = rng.choice(voice.headline_labels)
    text = label + (synth.link(headline, rng) if fmt != "txt" and rng.random() < 0.6 else headline)
    pieces = []
    if rng.random() < 0.25:
        pieces.append(Piece("line", rng.choice(voice.widget_titles), 1))
        for extra in rng.sample(voice.headlines, rng.choice([0, 1, 2])):
            pieces.append(Piece("li", synth.link(extra, rng) if fmt != "txt" else extra, 1))
    pieces.append(Piece("line", text, 1))
    return pieces


def negative(kind: str, voice_name: str, host: Doc, rng: random.Random, fmt: str) -> list[Piece]:
    """A block of the voice that is not off-topic: its words are about the host, or about no subject."""
    voice = load_voices()[voice_name]
    template = rng.choice(voice.negatives[kind])
    subject = host.focus.lower()
    slug = synth.slugify(subject)

    def same_subject(match: re.Match) -> str:
        anchor = match.group(1).replace("{host}", subject)
        if fmt == "txt" and rng.random() < 0.5:
            return anchor
        site = rng.choice([f"/conditions/{slug}", f"/health/{slug}", "/articles", "https://www.health.example.gov"])
        return synth.link(anchor, rng, site)

    text = SAME_SUBJECT_ANCHOR.sub(same_subject, template)
    paragraphs = fill(text, {"host": subject, "restate": synth._restate(host, rng)})
    shape = "line" if kind == "same-headline" or (kind == "see-also" and len(text) < 90) else "p"
    return [Piece(shape, p, 0, f"wording/{kind}") for p, _ in paragraphs]
