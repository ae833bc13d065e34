"""Linking reflections to goals, and finding the sentence of a reflection a passage answers.

Each goal is scored on evidence from everything the mentee wrote for it (``link_features``); a
small learned ranker combines the evidence and gives calibrated confidences that sum to one over
the mentee's goals (``link_ranker``). The sentence that matched the goal best is kept as the
reason shown to the mentee; when the top two goals are close the mentee is asked instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coach.nlp.embedder import Embedder
from coach.reflection.link_features import (
    RAW,
    GoalDoc,
    ReflectionParts,
    as_goal_doc,
    link_evidence,
    split_sentences,
)
from coach.reflection.link_ranker import LinkRanker, default_ranker
from coach.reflection.vector_cache import encode_cached

#: The one goal-link threshold: from this calibrated confidence on a goal is linked automatically;
#: below it the best goal is only a suggestion the mentee confirms. Chosen by eval/link_threshold.py
#: (figures in eval/results/link_threshold.json, which a unit test keeps equal to this value);
#: re-run it whenever the ranker or its features change.
LINK_THRESHOLD = 0.177
#: Confidences are relative (they sum to one over the mentee's goals), so a mentee with one goal
#: would get every reflection linked to it at confidence 1. A goal is therefore linked
#: automatically only when the reflection is also close to it in absolute terms (cosine of the
#: whole reflection to everything written for the goal); below this it is a suggestion. Chosen on
#: the training writers (W3, W4, builders), one goal per reflection: at 0.20 the right goal stays
#: automatic for 0.933 of reflections, and another mentee's goal offered alone is kept from
#: linking automatically for 0.667 (dev set W1: 0.975 / 0.635); eval/min_auto_similarity.py.
MIN_AUTO_SIMILARITY = 0.2

__all__ = ["LINK_THRESHOLD", "MIN_AUTO_SIMILARITY", "GoalDoc", "GoalLink", "ReflectionParts",
           "answering_sentence", "link_goals", "links_automatically", "split_sentences"]


@dataclass(frozen=True)
class GoalLink:
    index: int
    goal: str
    similarity: float
    confidence: float
    #: the reflection's sentence that matched this goal best, and the goal text it matched
    evidence: str = ""
    matched: str = ""
    #: the top two goals are too close to call: ask the mentee which one it is
    ask: bool = False


def link_goals(embedder: Embedder, text: str | ReflectionParts, goals: Sequence[str | GoalDoc], *,
               ranker: LinkRanker | None = None) -> list[GoalLink]:
    """All goals, best first, with calibrated confidence and the sentence that is the evidence."""
    docs = [as_goal_doc(g) for g in goals]
    if not docs:
        return []
    parts = text if isinstance(text, ReflectionParts) else ReflectionParts(what=text)
    ranker = ranker or default_ranker()
    evidence = link_evidence(embedder, parts, docs)
    probs = ranker.probabilities(evidence.matrix)
    order = np.argsort(-probs, kind="stable")
    close = len(order) > 1 and float(probs[order[0]] - probs[order[1]]) < ranker.ask_margin
    sim_col = RAW.index("cos_whole_doc")
    return [GoalLink(int(i), docs[int(i)].title, round(float(evidence.matrix[i, sim_col]), 4),
                     round(float(probs[i]), 4), evidence.sentences[int(i)], evidence.matched[int(i)],
                     ask=bool(close and rank < 2))
            for rank, i in enumerate(order)]


def links_automatically(link: GoalLink) -> bool:
    """The coach is sure enough to link this goal without asking: calibrated confidence at or above
    ``LINK_THRESHOLD`` and the reflection close to the goal in absolute terms."""
    return link.confidence >= LINK_THRESHOLD and link.similarity >= MIN_AUTO_SIMILARITY


def answering_sentence(embedder: Embedder, text: str, passage_texts: Sequence[str]) -> list[str]:
    """For each passage, the sentence of the reflection it fits best."""
    sentences = split_sentences(text) or [text]
    vectors = encode_cached(embedder, [*sentences, *passage_texts])
    sents = vectors[: len(sentences)]
    passages = vectors[len(sentences) :]
    best = (passages @ sents.T).argmax(axis=1)
    return [sentences[int(i)] for i in best]
