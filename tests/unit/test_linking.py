"""Goal linking: evidence features, BM25 over goal text, the ranker's calibrated softmax, asking
when the top two are close, per-mentee learning, and the guidance query."""

from __future__ import annotations

import numpy as np
import pytest

from coach.reflection.analyze import ReflectionAnalysis, guidance_query
from coach.reflection.link_features import (
    FEATURES,
    RAW,
    GoalDoc,
    ReflectionParts,
    bm25_scores,
    link_evidence,
    words,
)
from coach.reflection.link_ranker import LinkRanker, default_ranker
from coach.reflection.linking import LINK_THRESHOLD, link_goals
from coach.reflection.reflections import SUGGESTED, auto_links
from tests.fakes import FakeEmbedder

TALK = GoalDoc("Give a talk on the billing dashboard at the summit", "share our numbers",
               ("dry run with my team", "final slides"), ("public speaking",))
REPORT = GoalDoc("Write the quarterly report on the billing dashboard", "leadership asked",
                 ("collect usage numbers", "send draft to Priya"), ("writing",))
RETRO = GoalDoc("Lead two sprint retrospectives", "practise facilitation", ("shadow Tom's retro",),
                ("facilitation",))


def only(feature: str, weight: float = 1.0, *, ask_margin: float = 0.0) -> LinkRanker:
    """A ranker that looks at one feature (to test each piece of evidence on its own)."""
    coef = np.zeros(len(FEATURES), dtype=np.float32)
    coef[FEATURES.index(feature)] = weight
    return LinkRanker(FEATURES, np.zeros(len(FEATURES), np.float32), np.ones(len(FEATURES), np.float32),
                      coef, 1.0, ask_margin)


def test_bm25_weighs_words_that_tell_goals_apart():
    docs = [words(TALK.text), words(REPORT.text), words(RETRO.text)]
    shared = bm25_scores(words("billing dashboard"), docs)
    distinct = bm25_scores(words("the report draft for Priya"), docs)
    assert shared[0] == pytest.approx(shared[1]) and shared[2] == 0
    assert int(np.argmax(distinct)) == 1 and distinct[1] > shared[1]
    assert bm25_scores(["x"], []).shape == (0,)


@pytest.mark.parametrize("parts, feature, expected", [
    (ReflectionParts("We did the dry run with my team today."), "milestone_words", 0),
    (ReflectionParts("Today was about numbers.", "", "Next I send the draft to Priya."),
     "milestone_words", 1),
    (ReflectionParts("I watched how Tom ran the retro."), "bm25", 2),
    (ReflectionParts("Report, report, report: the quarterly report."), "cos_whole_title", 1),
])
def test_each_piece_of_evidence_points_to_its_goal(parts, feature, expected):
    links = link_goals(FakeEmbedder(), parts, [TALK, REPORT, RETRO], ranker=only(feature))
    assert links[0].index == expected


def test_links_are_calibrated_probabilities_with_the_matching_sentence_as_evidence():
    parts = ReflectionParts("Slept badly.", "I was nervous before the dry run with my team.",
                            "Rehearse the talk again on Friday.")
    links = link_goals(FakeEmbedder(), parts, [TALK, REPORT, RETRO], ranker=default_ranker())
    assert sorted(link.index for link in links) == [0, 1, 2]
    assert sum(link.confidence for link in links) == pytest.approx(1.0, abs=1e-3)
    assert [link.confidence for link in links] == sorted((link.confidence for link in links), reverse=True)
    assert links[0].index == 0
    assert links[0].evidence in parts.text and links[0].matched in TALK.pieces()
    assert link_goals(FakeEmbedder(), "anything", []) == []


def test_margins_compare_each_goal_with_the_best_other_goal():
    ev = link_evidence(FakeEmbedder(), ReflectionParts("Collect usage numbers for the report."),
                       [TALK, REPORT])
    raw, margin = ev.matrix[:, : len(RAW)], ev.matrix[:, len(RAW):]
    np.testing.assert_allclose(margin[0], raw[0] - raw[1], atol=1e-6)
    np.testing.assert_allclose(margin[1], raw[1] - raw[0], atol=1e-6)


def test_two_goals_too_close_to_call_ask_the_mentee():
    twin = GoalDoc(TALK.title, TALK.why, TALK.milestones, TALK.skills)
    links = link_goals(FakeEmbedder(), "The dry run went fine.", [TALK, twin, RETRO],
                       ranker=only("cos_whole_doc", 5.0, ask_margin=0.1))
    assert [link.ask for link in links] == [True, True, False]
    analysis = ReflectionAnalysis(cues=[], goals=links, guidance=[])
    assert "Which goal" in analysis.question and TALK.title in analysis.question
    assert [source for source, _ in auto_links(links)] == [SUGGESTED, SUGGESTED]
    assert auto_links(links, user_linked=True) == [
        ("auto", link) for link in links if link.confidence >= LINK_THRESHOLD]
    clear = link_goals(FakeEmbedder(), "The dry run went fine.", [TALK, RETRO],
                       ranker=only("cos_whole_doc", 5.0, ask_margin=0.0))
    assert not any(link.ask for link in clear) and ReflectionAnalysis([], clear, []).question == ""


def test_confirmed_reflections_teach_the_linker_about_this_mentee():
    note = "Sat with Amina on the ward screens; she mixed up dosages."
    plain = [TALK, REPORT]
    learned = [TALK, GoalDoc(REPORT.title, REPORT.why, REPORT.milestones, REPORT.skills,
                             confirmed=("Amina and I went through the ward screens and dosages.",))]
    ranker = only("confirmed")
    before = link_goals(FakeEmbedder(), note, plain, ranker=ranker)
    after = link_goals(FakeEmbedder(), note, learned, ranker=ranker)
    assert before[0].confidence == pytest.approx(0.5)
    assert after[0].index == 1 and after[0].confidence > 0.5


@pytest.mark.parametrize("parts, goal, expected", [
    (None, "", "whole text"),
    (ReflectionParts("what only"), "Goal", "whole text"),
    (ReflectionParts("what", "I rush when nervous.", "Rehearse with a timer."), "Give the talk",
     "I rush when nervous. Rehearse with a timer. Give the talk"),
    (ReflectionParts("what", "", "Rehearse."), "", "Rehearse."),
])
def test_guidance_query_is_so_what_now_what_and_the_goal(parts, goal, expected):
    assert guidance_query("whole text", parts, goal) == expected


def test_vector_cache_gives_the_same_vectors_and_encodes_each_text_once():
    from coach.reflection.vector_cache import clear, encode_cached

    clear()
    emb = FakeEmbedder()
    texts = ["the dry run", "final slides", "the dry run"]
    first = encode_cached(emb, texts)
    np.testing.assert_allclose(first, emb.encode(texts), atol=1e-6)
    seen = emb.texts_seen
    np.testing.assert_allclose(encode_cached(emb, texts[:2]), first[:2])
    assert emb.texts_seen == seen


@pytest.mark.parametrize("confidence, similarity, source", [
    (1.0, 0.45, "auto"),        # the mentee's only goal, and the reflection is about it
    (1.0, 0.10, SUGGESTED),     # the only goal, but the reflection is about something else
    (0.10, 0.60, SUGGESTED),    # close in words, but another goal is far more likely
])
def test_a_goal_is_linked_automatically_only_when_it_is_also_close(confidence, similarity, source):
    from coach.reflection.linking import GoalLink

    link = GoalLink(0, TALK.title, similarity=similarity, confidence=confidence)
    assert [s for s, _ in auto_links([link])] == [source]
