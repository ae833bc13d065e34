"""Goal-quality rules on issue 12's definitions, and reasons/suggestions that quote what is missing."""

from __future__ import annotations

import re

import pytest

from coach.nlp import get_nlp
from coach.reflection.goal_quality import (
    EVENT,
    EVENT_DEADLINE,
    HABIT,
    RATED,
    RULE_FEATURES,
    VAGUE_VERB,
    goal_features,
    missing_prompt,
    missing_reason,
    quoted_phrase,
    suggest,
)


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


@pytest.mark.parametrize("text, deadline", [
    ("finish the audit before the board meeting", True),
    ("ship it until the contract ends", True),
    ("prepare notes before every meeting", False),  # a habit's timing, not a deadline
    ("draft the plan during this planning cycle", True),
    ("write the report in H2", True),
    ("give the talk on the 4th of June", True),
    ("give the talk at the meetup", False),
])
def test_event_deadlines(text, deadline):
    assert bool(EVENT_DEADLINE.search(text)) is deadline


@pytest.mark.parametrize("text, habit", [
    ("practise scales 20 minutes a day", True),
    ("send a summary after every client call", True),
    ("no email on weekends for 6 weeks in a row", True),
    ("get better at scales", False),
])
def test_habits_with_a_frequency(text, habit):
    assert bool(HABIT.search(text)) is habit


@pytest.mark.slow
@pytest.mark.parametrize("text, feature, value", [
    ("improve the rota on Ward 3", "count", 0.0),            # a number in a name is not a count
    ("learn terraform this half", "count", 0.0),             # part of a time expression
    ("interview 5 customers about onboarding", "count", 1.0),
    ("become a better listener", "comparative", 1.0),
    ("become a team lead", "comparative", 0.0),
    ("grow signups from 40 to 90", "from_to", 1.0),
])
def test_parse_features(text, feature, value):
    feats = goal_features(text, get_nlp())
    assert feats[RULE_FEATURES.index(feature)] == value


@pytest.mark.parametrize("label, text, quoted", [
    ("measurable", "Get better at SQL window functions by March", "'Get better at SQL window functions'"),
    ("measurable", "build my network", "'build my network'"),
    ("time_bound", "Publish one blog post soon", "'soon'"),
    ("specific", "Be more proactive this year", "'Be more proactive'"),
    ("measurable", "be more confident when delegating to my team",
     "'be more confident when delegating to my team'"),  # a short rest of the goal is quoted whole
])
def test_reason_and_prompt_quote_the_words_that_fall_short(label, text, quoted):
    assert quoted in missing_reason(label, text)
    prompt = missing_prompt(label, text)
    assert prompt.startswith("[Instead of " + quoted) and prompt.endswith("]")


@pytest.mark.parametrize(("label", "text"), [
    ("measurable", "get better at running the weekly stand-up for the whole platform team"),
    ("specific", "Be more visible to the leadership of the company in the Berlin office"),
    ("measurable", "be more confident with the clients and the partners of the firm"),
])
def test_a_long_goal_is_quoted_in_part_and_never_ends_on_a_function_word(label, text):
    q = quoted_phrase(label, text)
    assert q and text.startswith(q) and len(q.split()) <= 8 and q != text
    assert q.split()[-1].lower() not in {"to", "of", "the", "for", "with", "my", "and", "a"}, q


def test_without_a_phrase_to_quote_the_reason_says_what_is_missing():
    assert missing_reason("time_bound", "Publish one blog post") == \
        "there is no date, time frame or event deadline"
    assert "no number, deliverable, event" in missing_reason("measurable", "Publish a blog post")
    assert missing_prompt("time_bound", "Publish one blog post").startswith("[By when?")


@pytest.mark.parametrize("text, missing", [
    ("get better at public speaking", ["specific", "measurable", "time_bound"]),
    ("Publish one blog post soon", ["time_bound"]),
    ("understand our billing system", ["measurable", "time_bound"]),
])
def test_suggestion_keeps_the_goal_and_adds_only_questions(text, missing):
    out = suggest(text, missing)
    assert out.startswith(text.rstrip(". "))
    slots = re.findall(r"\[([^\]]*)\]", out)
    assert len(slots) == len(missing)
    for slot in slots:  # no invented facts: no digits, no examples; quotes only the goal's own words
        assert not re.search(r"\d|e\.g\.", slot)
        for q in re.findall(r"'([^']*)'", slot):
            assert q in text
    assert out.count("Instead of") == len({quoted_phrase(k, text) for k in missing} - {""})
