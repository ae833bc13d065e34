"""Reflection cues: a filled-in "So what" / "Now what" part counts, whatever its wording."""

from __future__ import annotations

import pytest
import spacy

from coach.reflection.cues import reflection_cues
from coach.reflection.link_features import ReflectionParts

NLP = spacy.blank("en")
WHAT = "Our sprint review ran long and the client left before the demo."
SO = "The demo is the part the client cares about most, and we buried it at the end."
NOW = "Put the demo first in the next review and cap updates at ten minutes."


def ok(text: str, parts: ReflectionParts | None) -> dict[str, bool]:
    return {c.kind: c.ok for c in reflection_cues(text, NLP, parts=parts)
            if c.kind in ("insight", "next-action")}


@pytest.mark.parametrize(("parts", "insight", "action"), [
    (None, False, False),                                  # one text, no cue words
    (ReflectionParts(WHAT, SO, NOW), True, True),          # the parts say it, in their own words
    (ReflectionParts(WHAT, SO, ""), True, False),
    (ReflectionParts(WHAT, "", NOW), False, True),
    (ReflectionParts(WHAT, "ok", "tbd"), False, False),    # a word or two is not an insight or a step
])
def test_filled_parts_count_as_insight_and_next_step(parts, insight, action):
    text = " ".join(p for p in (WHAT, parts.so_what if parts else SO, parts.now_what if parts else NOW) if p)
    assert ok(text, parts) == {"insight": insight, "next-action": action}


def test_cue_words_still_count_without_parts():
    text = f"{WHAT} I realised the demo matters most. Next time I will open with it."
    assert ok(text, None) == {"insight": True, "next-action": True}
