"""A learned judgment flag sits on the judgmental clause the token head found, not the whole text."""

from __future__ import annotations

import pytest

from coach.feedback.checker import FeedbackChecker

pytestmark = pytest.mark.slow


def test_learned_flag_covers_the_judgmental_clause_only():
    from coach.nlp import get_embedder, get_nlp

    checker = FeedbackChecker(get_nlp, get_embedder)
    if checker.token_head is None:
        pytest.skip("the shipped model uses no token head")
    text = ("During the site visit you walked past the spill twice, which tells me you just do not "
            "care about safety.")
    report = checker.check(text, examples=0)
    assert report.judgmental
    learned = [f for f in report.flags if f.detector == "learned" and f.category == "judgmental-tone"]
    assert [f.text for f in learned] == ["which tells me you just do not care about safety."]
    assert text[learned[0].start : learned[0].end] == learned[0].text
    assert report.sbi.behavior is not None and "walked past the spill" in str(report.sbi.behavior)


def test_token_offsets_match_the_token_states():
    from coach.nlp import get_embedder

    embedder = get_embedder()
    texts = ("Thanks, Ana \u2014 \u201cgreat\u201d call!", "Caf\u00e9 na\u00efve r\u00e9sum\u00e9",
             "x" * 30)
    for text in texts:
        _, states = embedder.encode_with_tokens([text])
        offsets = embedder.token_offsets(text)
        assert offsets is not None and len(offsets) == len(states[0])
    assert embedder.token_offsets("word " * 400) is None  # more than one window
