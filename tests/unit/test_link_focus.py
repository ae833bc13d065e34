"""Which clauses a reflection marks as its point, and which it sets aside (link features)."""

from __future__ import annotations

import pytest

from coach.reflection.focus import reflection_focus


@pytest.mark.parametrize("text, point, aside", [
    ("The meeting was about the migration but the lesson is about how I coach.",
     ["the lesson is about how I coach"], ["The meeting was about the migration"]),
    ("The poster was the excuse, the conversation was the real value.",
     ["the conversation was the real value"], ["The poster was the excuse"]),
    ("It looks like a rollout problem, however it is the relationship with him.",
     ["it is the relationship with him"], ["It looks like a rollout problem"]),
    ("Did the dry run today. I talked too fast.", [], []),
])
def test_point_and_aside(text, point, aside):
    f = reflection_focus(text)
    assert list(f.point) == point and list(f.aside) == aside


def test_one_word_clauses_are_ignored():
    assert reflection_focus("Fine, but tired.").point == ()
