"""Query expansion for BM25 and the sentence-level ranking, with the fake embedder (prefix buckets:
words sharing their first six letters get the same vector)."""

from __future__ import annotations

import numpy as np
import pytest

from coach.guidance.expansion import QueryExpander, words_of
from coach.guidance.sentences import SentenceIndex, sentences_of


@pytest.mark.parametrize(("text", "expected"), [
    ("Can my mentor approve my holidays?", ["mentor", "approve", "holidays"]),
    ("the and of", []),
    ("Don't re-book it", ["don't", "re-book"]),
])
def test_words_of_drops_stop_words_and_short_words(text, expected):
    assert words_of(text) == expected


def test_expansion_adds_the_librarys_nearest_words(ctx, fake_embedder):
    library = ["Annual holiday is signed off by your line manager.", "Bring a laptop to sessions."]
    expander = QueryExpander(ctx.db, fake_embedder, library, threshold=0.99, per_word=3)
    assert "holiday" in expander.vocab and "the" not in expander.vocab
    assert expander.extra_words("holidays") == ["holiday"]       # a new word, encoded on the fly
    assert expander.expand("holidays").split() == ["holidays", "holiday"]
    assert expander.extra_words("holiday") == []                 # the word itself is not added
    assert expander.extra_words("zzzqqq xxyyzz") == []           # nothing close enough
    assert expander.extra_words("") == []


def test_expansion_on_an_empty_library(ctx, fake_embedder):
    expander = QueryExpander(ctx.db, fake_embedder, [], threshold=0.5, per_word=3)
    assert expander.expand("anything at all") == "anything at all"


def test_sentences_of_keeps_sentences_worth_scoring():
    assert sentences_of("Short. This one has enough words in it.\nAnd so does this line here.") == [
        "This one has enough words in it.", "And so does this line here."]
    assert sentences_of("Too short.") == ["Too short."]
    assert sentences_of("   ") == []


def test_a_passage_ranks_by_its_best_sentence(ctx, fake_embedder):
    long_text = ("Volunteers meet monthly in the library. Parking is free after six. " * 5
                 + "Mentors must never befriend mentees on social media.")
    texts = {1: long_text, 2: "Social events happen every spring for volunteers and their families.",
             3: "Expenses are paid within thirty days of a claim."}
    index = SentenceIndex(ctx.db, fake_embedder, texts)
    query = fake_embedder.encode(["befriend mentees on social media"])[0]
    hits = index.search(np.asarray(query), 3)
    assert hits[0][0] == 1
    assert next(i for i, _ in index.search(np.asarray(query), 3, allowed={2, 3})) == 2
    assert index.search(np.asarray(query), 0) == []
