"""Where a learned judgment flag goes: the clause around the words the token head found."""

from __future__ import annotations

import pytest

from coach.feedback.clauses import clause_around


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("In Tuesday's review you skipped the load test, which shows you can't handle pressure.",
     "handle", "which shows you can't handle pressure."),
    ("Americans are always so loud \u2014 tone it down", "loud", "Americans are always so loud"),
    ("Honestly, that was pathetic", "pathetic", "that was pathetic"),
    ("Well, lazy, again.", "lazy", "Well, lazy, again."),  # clause under three words: the sentence
    ("You are impossible to work with", "impossible", "You are impossible to work with"),
    ("On the call (the one with Acme) you rolled your eyes at the client twice; frankly childish "
     "behaviour from a lead", "childish", "frankly childish behaviour from a lead"),
    ("Took you all week to write two paragraphs. Impressive.", "week",
     "Took you all week to write two paragraphs."),
])
def test_clause_around_a_word(text, word, expected):
    sentence_end = text.find(". ") + 1 if ". " in text else len(text)
    at = text.index(word)
    start, end = clause_around(text, at, 0, sentence_end)
    assert text[start:end] == expected


def test_position_outside_the_sentence_is_clamped():
    text = "You never listen, ever."
    assert clause_around(text, 500, 0, len(text)) == (0, len(text))


def test_empty_sentence():
    assert clause_around("", 0, 0, 0) == (0, 0)
