"""The medical disclaimer recognised by what a sentence says (checks/disclaimers.toml
[medical.concepts], healthlint/checks/disclaimers_meaning.py), on wordings written for these tests:
publishers' kinds of disclaimer, and sentences of health articles that come close without being one."""
from __future__ import annotations

import pytest

from healthlint.checks.disclaimers import medical_disclaimer_reason
from healthlint.checks.disclaimers_meaning import concept, words
from healthlint.core.config import Config


def policy():
    section = Config().get_policy().section("disclaimers")
    return section["medical"]["concepts"], Config().get_policy().thresholds("disclaimers")


POSITIVE = [
    # negated advice: (a) framing, (b) negation, (c) a professional's care
    "This article is not a substitute for professional medical advice, diagnosis, or treatment.",
    "The information on this website should not be construed as medical advice; consult a licensed physician.",
    "Nothing in this newsletter constitutes medical advice.",
    "Our content does not constitute medical advice and is not meant to replace your doctor's care.",
    "This page isn't intended to take the place of a visit to your health care provider.",
    "The material on this site is not intended to diagnose, treat, cure, or prevent any disease.",
    "This information is not intended as a substitute for the advice of a physician.",
    "The advice in this blog should never be relied upon in place of a consultation with a doctor.",
    "It is not the intention of this site to provide specific medical advice.",
    "These videos are not an alternative to care from a qualified health professional.",
    "Information here cannot replace an examination by your doctor.",
    "We can't give medical advice, and this guide doesn't replace a pharmacist's.",
    # scope: a limited purpose
    "For informational purposes only.",
    "All content on this page is provided for educational purposes.",
    "This leaflet is for information only.",
    # general information with a professional or a referral
    "We share general health information; your own doctor knows your case.",
    "This is general information, so please talk to your nurse or GP about your symptoms.",
    # referral said of every reader
    "Always seek the advice of your physician or another qualified health provider with any questions you have about a medical condition.",
    "Consult your doctor before starting any new diet or exercise program.",
    "Please speak with a licensed health care professional about your own situation.",
    "Always ask your doctor for advice before you act on this information.",
    # labelled
    "Medical disclaimer: talk to your doctor before you change your treatment.",
    "Disclaimer - this site does not give personal health advice.",
]

NEGATIVE = [
    "Consult the table below for the usual doses.",
    "This is not a substitute for sleep.",
    "Caffeine is no substitute for a good night's rest.",
    "See your doctor if the pain lasts more than a week.",
    "Always talk with your doctor before you change the way you take your medicines.",
    "Treatment depends on the cause of the pain.",
    "No information is available on the long-term effects of the treatment.",
    "Your doctor can give you more information about treatment options.",
    "Ask your doctor for advice about which treatment is right for you.",
    "Painkillers do not replace the need to rest the injured knee.",
    "A heating pad is not a substitute for medical care when the pain is severe.",
    "If you have any questions about this medicine, ask your pharmacist.",
    "General information about clinical trials is available from the National Cancer Institute.",
    "Only a doctor can tell whether a mole is melanoma.",
    "The information on this page was last updated in May.",
    "Talk to your doctor about how smoking affects your health.",
    "Do not replace your inhaler with an older one without asking your doctor.",
    "Eating more fibre is not a cure for constipation, but it helps many people.",
    "See the General Information section for the tests used to find and stage the cancer.",
    "Adults with heart disease should check with their doctor before starting any exercise program.",
]


@pytest.mark.parametrize("sentence", POSITIVE)
def test_disclaimer_wordings_recognised(sentence):
    concepts, thresholds = policy()
    assert medical_disclaimer_reason(sentence, concepts, "", thresholds) is not None


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_near_misses_are_not_disclaimers(sentence):
    concepts, thresholds = policy()
    assert medical_disclaimer_reason(sentence, concepts, "", thresholds) is None


def test_enough_wordings():
    assert len(POSITIVE) >= 15 and len(NEGATIVE) >= 10


def test_two_sentence_statements():
    concepts, thresholds = policy()
    # a label or general information whose second half is in the next sentence
    assert medical_disclaimer_reason("Medical disclaimer.", concepts, "Please see a doctor about your symptoms.",
                                     thresholds) == "label"
    assert medical_disclaimer_reason("Medical disclaimer.", concepts, "We update this page often.", thresholds) is None


def test_words_and_concepts():
    assert words("Isn't a doctor's job") == ("is", "not", "a", "doctor", "job")
    assert words("You can’t") == ("you", "cannot")
    matcher = concept(("substitut*", "take the place", "doctors"))
    assert matcher.spans(words("It should not take the place of a substitution for doctors")) == [(3, 6), (8, 9), (10, 11)]
    assert matcher.spans(()) == []


def test_matching_is_linear_on_a_long_run():
    import time

    concepts, thresholds = policy()
    text = "not " * 20000 + "information"
    started = time.perf_counter()
    medical_disclaimer_reason(text, concepts, "", thresholds)
    assert time.perf_counter() - started < 5


def test_matching_is_linear_on_repeated_pairs():
    import time

    concepts, thresholds = policy()
    text = "not substitute " * 10000 + "information"
    started = time.perf_counter()
    medical_disclaimer_reason(text, concepts, "", thresholds)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("sentence", [
    "Nothing in this leaflet is meant to stand in for a visit to your own GP.",
    "Remember that this is not medical advice.",
    "The information on this page is general in nature and may not suit you.",
])
def test_chains_and_direct_negations(sentence):
    concepts, thresholds = policy()
    assert medical_disclaimer_reason(sentence, concepts, "", thresholds) is not None
