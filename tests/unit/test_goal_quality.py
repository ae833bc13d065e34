"""Goal-quality rules on issue 12's definitions, and reasons/suggestions that quote what is missing."""

from __future__ import annotations

import pytest

from coach.reflection.goal_quality import EVENT, RATED, VAGUE_VERB, missing_prompt, missing_reason


@pytest.mark.parametrize("text, event, rated, vague", [
    ("lead the retro twice this quarter", True, False, False),
    ("give the talk at the all-hands", True, False, False),
    ("get a 4.5 rating from workshop participants", False, True, False),
    ("my manager confirms I run standups alone", False, True, False),
    ("get better at SQL window functions", False, False, True),
    ("be more confident in meetings", False, False, True),
    ("understand the billing system", False, False, True),
])
def test_measurable_signals(text, event, rated, vague):
    assert bool(EVENT.search(text)) is event
    assert bool(RATED.search(text)) is rated
    assert bool(VAGUE_VERB.search(text)) is vague


@pytest.mark.parametrize("label, text, quoted", [
    ("measurable", "Get better at SQL window functions by March", "'Get better at'"),
    ("time_bound", "Publish one blog post soon", "'soon'"),
    ("specific", "Be more proactive this year", "'Be more proactive'"),
])
def test_reason_and_prompt_quote_the_words_that_fall_short(label, text, quoted):
    assert quoted in missing_reason(label, text)
    prompt = missing_prompt(label, text)
    assert prompt.startswith("[Instead of " + quoted) and prompt.endswith("]")


def test_without_a_phrase_to_quote_the_plain_reason_and_prompt_stay():
    assert missing_reason("time_bound", "Publish one blog post") == \
        "there is no deadline ('soon' is not one)"
    assert missing_prompt("time_bound", "Publish one blog post").startswith("[By when?")
