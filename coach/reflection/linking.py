"""Linking reflections to goals, and finding the guidance that fits a reflection.

Goals are embedded as title + description + milestones; a reflection as its whole text and as each
sentence. A goal's similarity is the larger of whole-text and best-sentence similarity (a reflection
often touches a goal in one sentence). Confidence is a logistic map of that similarity, fitted on the
tuning reflections (``eval/journey_eval.py``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coach.nlp.embedder import Embedder

_SENT = re.compile(r"(?<=[.!?])\s+")
#: logistic calibration of similarity -> probability that the goal is linked (fitted on tune split)
CONF_SLOPE = 14.0
CONF_SHIFT = 0.35
LINK_THRESHOLD = 0.5


@dataclass(frozen=True)
class GoalLink:
    index: int
    goal: str
    similarity: float
    confidence: float


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text.strip()) if len(s.strip()) > 2]


def confidence(similarity: float) -> float:
    return 1.0 / (1.0 + math.exp(-CONF_SLOPE * (similarity - CONF_SHIFT)))


def goal_similarities(embedder: Embedder, text: str, goals: Sequence[str]) -> np.ndarray:
    if not goals:
        return np.zeros(0, dtype=np.float32)
    sentences = split_sentences(text) or [text]
    vectors = embedder.encode([text, *sentences, *goals])
    whole = vectors[0]
    sents = vectors[1 : 1 + len(sentences)]
    goal_vecs = vectors[1 + len(sentences) :]
    by_whole = goal_vecs @ whole
    by_sentence = (goal_vecs @ sents.T).max(axis=1)
    return np.asarray(0.5 * by_whole + 0.5 * by_sentence, dtype=np.float32)


def link_goals(embedder: Embedder, text: str, goals: Sequence[str]) -> list[GoalLink]:
    """All goals, best first, with similarity and confidence."""
    sims = goal_similarities(embedder, text, goals)
    order = np.argsort(-sims)
    return [GoalLink(int(i), goals[int(i)], round(float(sims[i]), 4),
                     round(confidence(float(sims[i])), 4)) for i in order]


def answering_sentence(embedder: Embedder, text: str, passage_texts: Sequence[str]) -> list[str]:
    """For each passage, the sentence of the reflection it fits best."""
    sentences = split_sentences(text) or [text]
    vectors = embedder.encode([*sentences, *passage_texts])
    sents = vectors[: len(sentences)]
    passages = vectors[len(sentences) :]
    best = (passages @ sents.T).argmax(axis=1)
    return [sentences[int(i)] for i in best]
