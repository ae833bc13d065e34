"""The parse patterns of verdicts on a person (rule features fed to the judgmental head)."""

from __future__ import annotations

import pytest

from coach.feedback.features import FEATURE_NAMES, VERDICT_FEATURES, verdict_features
from coach.nlp import get_nlp


@pytest.mark.parametrize(("text", "expected"), [
    ("your reports are sloppy", "you_be_adj"),
    ("you are impossible to work with", "you_be_adj"),
    ("that's just obsessive", "that_be_adj"),
    ("honestly, that was pathetic", "that_be_adj"),
    ("which shows you can't handle pressure", "you_cannot"),
    ("you clearly don't care about the team", "stance_adverb"),
    ("On Monday you sent the report after the deadline, so the client waited.", None),
    ("Thanks for covering the night shift on Sunday; the ward was fully staffed.", None),
    ("The client said the demo was confusing.", None),
])
def test_verdict_features(text, expected):
    values = dict(zip(VERDICT_FEATURES, verdict_features(get_nlp()(text)), strict=True))
    if expected is None:
        assert not any(values.values()), values
    else:
        assert values[expected] >= 1, values


def test_verdict_features_are_the_last_feature_names():
    # heads trained before these features existed read the leading features only
    assert FEATURE_NAMES[-len(VERDICT_FEATURES):] == VERDICT_FEATURES
