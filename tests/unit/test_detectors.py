"""Detectors, table-driven, on real spaCy parses built from hand-written sentences."""

from __future__ import annotations

import pytest

from coach.feedback.analysis import Analysis
from coach.feedback.detectors import REGISTRY, default_detectors


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from coach.nlp import get_nlp

    return get_nlp()


def categories(nlp, text: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    a = Analysis.of(text, nlp)
    found: dict[str, list[str]] = {}
    for det in default_detectors():
        for flag in det.detect(a):
            assert text[flag.start : flag.end] == flag.text  # exact spans
            found.setdefault(flag.category, []).append(flag.text)
    return found


@pytest.mark.parametrize(("text", "category", "span"), [
    ("You're lazy.", "trait-label", "lazy"),
    ("Honestly, you are so unprofessional with clients.", "trait-label", "unprofessional"),
    ("You have a terrible attitude.", "trait-label", "a terrible attitude"),
    ("You don't care about this team.", "motive-guess", "You don't care"),
    ("You seemed disengaged in the demo.", "motive-guess", None),
    ("You always interrupt people.", "absolute", None),
    ("What an idiot move, you idiot.", "insult", "idiot"),
    ("Not bad for a beginner.", "condescension", "Not bad for a beginner"),
    ("She is too bossy with the volunteers.", "biased-remark", "bossy"),
    ("Great job!", "vague-praise", "Great job"),
    ("Be more proactive.", "vague-directive", "Be more proactive"),
    ("Some people feel the deck was long.", "weasel", "Some people"),
    ("You really hit it out of the park.", "idiom", None),
    ("You're a natural leader.", "vague-praise", None),
    ("Great, another late PR, thanks.", "mockery", None),
    # the problem inside the mock-admiring clause itself
    ("Wonderful job on the demo, you must be so proud of rambling for 20 minutes.", "mockery",
     "you must be so proud of rambling for 20 minutes"),
])
def test_detects(nlp, text, category, span):
    found = categories(nlp, text)
    assert category in found, found
    if span:
        assert span in found[category]


@pytest.mark.parametrize(("text", "category"), [
    ("You were not rude at all in the call.", "trait-label"),          # negation
    ("Nobody thinks you're lazy.", "trait-label"),                      # negated from outside
    ("The customer called our product 'lazy'.", "trait-label"),         # quotation
    ("I was unclear in my email, sorry.", "trait-label"),               # self-reference
    ("The report had three calculation errors.", "trait-label"),        # about the work
    ("The report was sloppy in two places.", "trait-label"),            # work, not person
    ("You translated the CEO's joke into Tagalog.", "insult"),          # a thing, not a person
    ("You covered features they never asked about.", "absolute"),       # not about the person
    ("Your piece in the showcase was lovely.", "biased-remark"),        # about the work
    ("You shipped two weeks early, you must be so proud.", "mockery"),  # sincere
])
def test_does_not_flag(nlp, text, category):
    assert category not in categories(nlp, text)


def test_registry_names_are_unique_and_complete():
    assert len(REGISTRY) == len(default_detectors())
    assert {"trait-label", "motive-guess", "absolute", "insult", "mockery", "condescension",
            "biased-remark", "vague-praise", "vague-directive", "hedge", "weasel", "idiom"} <= set(REGISTRY)
