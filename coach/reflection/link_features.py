"""Evidence for linking one reflection to each of a mentee's goals: the features the ranker combines.

A goal is everything the mentee wrote for it (:class:`GoalDoc`: title, why, milestones, skills and
earlier reflections the mentee confirmed for it); a reflection is its parts and sentences. Features:
dense similarity (whole text, each part, best sentence against each goal piece, the sentence that
matched is kept as the reason), BM25 over the mentee's goal texts, milestone mentions (dense and
word overlap), shared dates, similarity to the goal's confirmed reflections, and how well the
clauses the writer marks as the point, or sets aside, match the goal (``focus``). Each raw feature
also appears as its margin over the best *other* goal, so the ranker sees what sets a goal apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coach.nlp.embedder import Embedder
from coach.reflection.focus import reflection_focus
from coach.reflection.vector_cache import encode_cached

_SENT = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[a-z0-9]+")
_DATE = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|"
                   r"december|q[1-4]|20\d\d|spring|summer|autumn|fall|winter)\b", re.I)
STOP = frozenset(
    "a an the and or but if of to in on at for with by from as is are was were be been am i me my we our "
    "you your it its this that these those so do did does have has had not no can will would should "
    "could just about into over than then too very also more most some any all what when how who which "
    "there here out up down one get got next time today week really".split())
RAW = ("cos_whole_title", "cos_whole_doc", "cos_what", "cos_so_what", "cos_now_what", "sent_best",
       "sent_title", "milestone_dense", "milestone_words", "bm25", "date", "confirmed", "focus_point",
       "focus_aside")
FEATURES = RAW + tuple(f"{name}_margin" for name in RAW)


@dataclass(frozen=True)
class GoalDoc:
    title: str
    why: str = ""
    milestones: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    #: texts of the mentee's own earlier reflections confirmed (or corrected) to this goal
    confirmed: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        parts = [self.title, self.why, *self.milestones, ", ".join(self.skills)]
        return ". ".join(p.strip() for p in parts if p and p.strip())

    def pieces(self) -> list[str]:
        out = [self.title, self.why, *self.milestones, ", ".join(self.skills)]
        return [p.strip() for p in out if p and p.strip()]


@dataclass(frozen=True)
class ReflectionParts:
    what: str = ""
    so_what: str = ""
    now_what: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(p.strip() for p in (self.what, self.so_what, self.now_what) if p.strip())


@dataclass
class LinkEvidence:
    """Features per goal (rows follow the goals) and, per goal, the sentence that matched best."""

    matrix: np.ndarray
    sentences: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)


def as_goal_doc(goal: str | GoalDoc) -> GoalDoc:
    return goal if isinstance(goal, GoalDoc) else GoalDoc(title=goal)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text.strip()) if len(s.strip()) > 2]


def words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in STOP and len(w) > 1]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def bm25_scores(query: Sequence[str], docs: Sequence[Sequence[str]], *, k1: float = 1.2,
                b: float = 0.75) -> np.ndarray:
    """Okapi BM25 of one query against a mentee's few goal texts (IDF over those goals, so words
    every goal shares count little: what tells two overlapping goals apart weighs most)."""
    n = len(docs)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    avg = max(sum(len(d) for d in docs) / n, 1.0)
    df = Counter(t for d in docs for t in set(d))
    out = np.zeros(n, dtype=np.float32)
    terms = Counter(query)
    for i, doc in enumerate(docs):
        tf = Counter(doc)
        for term in terms:
            if term not in tf:
                continue
            idf = math.log(1.0 + (n - df[term] + 0.5) / (df[term] + 0.5))
            f = tf[term]
            out[i] += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * len(doc) / avg))
    return out


def link_evidence(embedder: Embedder, parts: ReflectionParts, goals: Sequence[GoalDoc]) -> LinkEvidence:
    n = len(goals)
    if n == 0:
        return LinkEvidence(np.zeros((0, len(FEATURES)), dtype=np.float32))
    text = parts.text
    sentences = split_sentences(text) or [text]
    part_texts = [p.strip() or text for p in (parts.what, parts.so_what, parts.now_what)]
    pieces = [g.pieces() for g in goals]
    confirmed = [list(g.confirmed[-5:]) for g in goals]
    focus = reflection_focus(text)
    batch = [text, *part_texts, *sentences, *focus.point, *focus.aside]
    for g, ps, conf in zip(goals, pieces, confirmed, strict=True):
        batch.extend([g.text, *ps, *conf])
    vecs = encode_cached(embedder, batch)
    whole, part_vecs = vecs[0], vecs[1:4]
    sent_vecs = vecs[4 : 4 + len(sentences)]
    at = 4 + len(sentences)
    point_vecs = vecs[at : at + len(focus.point)]
    aside_vecs = vecs[at + len(focus.point) : at + len(focus.point) + len(focus.aside)]
    at += len(focus.point) + len(focus.aside)
    ref_words = words(text)
    ref_set = set(ref_words)
    ref_dates = {m.lower() for m in _DATE.findall(text)}
    raw = np.zeros((n, len(RAW)), dtype=np.float32)
    best_sentence: list[str] = []
    best_piece: list[str] = []
    for i, (g, ps, conf) in enumerate(zip(goals, pieces, confirmed, strict=True)):
        doc_vec = vecs[at]
        piece_vecs = vecs[at + 1 : at + 1 + len(ps)]
        conf_vecs = vecs[at + 1 + len(ps) : at + 1 + len(ps) + len(conf)]
        at += 1 + len(ps) + len(conf)
        sims = sent_vecs @ piece_vecs.T  # sentences x pieces
        s_idx, p_idx = np.unravel_index(int(np.argmax(sims)), sims.shape)
        best_sentence.append(sentences[int(s_idx)])
        best_piece.append(ps[int(p_idx)])
        m_lo = 1 + (1 if g.why.strip() else 0)
        m_vecs = piece_vecs[m_lo : m_lo + len([m for m in g.milestones if m.strip()])]
        milestone_dense = float((sent_vecs @ m_vecs.T).max()) if len(m_vecs) else 0.0
        milestone_words = max((len(set(words(m)) & ref_set) / max(len(set(words(m))), 1)
                               for m in g.milestones if m.strip()), default=0.0)
        goal_dates = {m.lower() for m in _DATE.findall(g.text)}
        raw[i] = [float(whole @ piece_vecs[0]), float(whole @ doc_vec),
                  float(part_vecs[0] @ doc_vec), float(part_vecs[1] @ doc_vec),
                  float(part_vecs[2] @ doc_vec), float(sims.max()), float(sims[:, 0].max()),
                  milestone_dense, milestone_words, 0.0, float(bool(goal_dates & ref_dates)),
                  float((conf_vecs @ whole).max()) if len(conf_vecs) else 0.0,
                  float((point_vecs @ piece_vecs.T).max()) if len(point_vecs) else 0.0,
                  float((aside_vecs @ piece_vecs.T).max()) if len(aside_vecs) else 0.0]
    bm = bm25_scores(ref_words, [words(g.text) for g in goals])
    raw[:, RAW.index("bm25")] = bm / bm.max() if bm.max() > 0 else 0.0
    if n == 1:
        margin = np.zeros_like(raw)
    else:
        margin = np.zeros_like(raw)
        for i in range(n):
            others = np.delete(raw, i, axis=0)
            margin[i] = raw[i] - others.max(axis=0)
    return LinkEvidence(np.hstack([raw, margin]).astype(np.float32), best_sentence, best_piece)
