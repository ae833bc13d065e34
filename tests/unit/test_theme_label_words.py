"""A theme's readable label from its ranked keywords (hand-built keyword lists)."""

from __future__ import annotations

import pytest

from coach.themes.labels import make_label


@pytest.mark.parametrize("keywords, label", [
    (["hours", "calls", "slot", "evenings"], "Hours & calls"),
    (["time zone", "scheduling", "calls", "zone"], "Time zone & scheduling"),
    # a lower-ranked phrase made of the top words reads better than the two words apart
    (["language", "second", "sentence", "question", "writes", "second language"],
     "Second language & sentence"),
    # ... but not a phrase that brings in a word from outside the top four
    (["language", "second", "sentence", "question", "native language"], "Language & second"),
    (["feedback"], "Feedback"),
    ([], "Theme 3"),
])
def test_label(keywords: list[str], label: str) -> None:
    assert make_label(keywords, 2) == label
