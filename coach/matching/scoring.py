"""Pair scores for a whole cohort: phrase-level semantic fit, working-hours overlap, preferences.

Every phrase is embedded once (in batches, through the caller's cached encoder). The fit of mentee i
and mentor j is the weighted mean over i's phrases of their best similarity to any of j's phrases,
blended with the single best phrase pair; computed in chunks so a 10k x 2k cohort stays in memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from coach.matching.options import Weights
from coach.matching.phrases import split_phrases
from coach.matching.profiles import Mentee, Mentor, Problem
from coach.matching.timezones import overlap_table

Encode = Callable[[list[str]], np.ndarray]
Progress = Callable[[float, str], None]

#: how much each kind of mentee phrase counts in the mean (goals are what the mentee asked for)
SOURCE_WEIGHT = {"goal": 1.0, "background": 0.5, "reflection": 0.5, "expertise": 1.0, "bio": 1.0}
MEAN_SHARE = 0.7  # fit = 0.7 * weighted mean of best matches + 0.3 * best single phrase pair
#: fit used when one side has no text at all (about what unrelated phrases score with MiniLM)
NEUTRAL_FIT = 0.2
FULL_DAY_HOURS = 8.0
SENIORITY_GAP = 5.0
CHUNK_CELLS = 32_000_000  # phrase-similarity cells per chunk (128 MB of float32)


@dataclass
class Phrases:
    """Phrases of one side, grouped by owner: rows ``starts[i]:starts[i+1]`` belong to person i."""

    texts: list[str]
    sources: list[str]
    starts: np.ndarray
    vectors: np.ndarray

    def of(self, i: int) -> slice:
        return slice(int(self.starts[i]), int(self.starts[i + 1]))

    def count(self, i: int) -> int:
        return int(self.starts[i + 1] - self.starts[i])


@dataclass
class Scores:
    fit: np.ndarray  # (mentees, mentors) semantic fit in [0, 1]; NEUTRAL_FIT where a side has no text
    hours: np.ndarray  # overlap hours per day
    total: np.ndarray  # weighted score in [0, 1]
    feasible: np.ndarray  # bool: shared language, not excluded, not the same person
    shared_language: np.ndarray  # bool
    mentee_phrases: Phrases
    mentor_phrases: Phrases
    mentor_centroids: np.ndarray  # (mentors, dim) mean of phrase vectors, for board complementarity
    embedding_s: float = 0.0  # time spent splitting and embedding phrases


def _collect(parts: Sequence[Sequence[tuple[str, str]]]) -> tuple[list[str], list[str], np.ndarray]:
    texts: list[str] = []
    sources: list[str] = []
    starts = [0]
    for person in parts:
        for source, text in person:
            for phrase in split_phrases(text):
                texts.append(phrase)
                sources.append(source)
        starts.append(len(texts))
    return texts, sources, np.asarray(starts, dtype=np.int64)


def mentee_parts(m: Mentee) -> list[tuple[str, str]]:
    return [("goal", m.goals), ("background", m.background), *(("reflection", r) for r in m.reflections)]


def mentor_parts(m: Mentor) -> list[tuple[str, str]]:
    return [("expertise", m.expertise), ("bio", m.bio)]


def embed_phrases(problem: Problem, encode: Encode) -> tuple[Phrases, Phrases]:
    """Split both sides into phrases and embed every distinct phrase once, in one call."""
    e_texts, e_src, e_starts = _collect([mentee_parts(m) for m in problem.mentees])
    m_texts, m_src, m_starts = _collect([mentor_parts(m) for m in problem.mentors])
    # sorted by length: every batch the encoder sees holds phrases of similar length (less padding)
    unique = sorted(dict.fromkeys(e_texts + m_texts), key=len)
    vectors = encode(unique) if unique else np.zeros((0, 1), dtype=np.float32)
    where = {t: i for i, t in enumerate(unique)}
    dim = vectors.shape[1] if len(unique) else 1

    def take(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        return np.ascontiguousarray(vectors[[where[t] for t in texts]], dtype=np.float32)

    return (Phrases(e_texts, e_src, e_starts, take(e_texts)),
            Phrases(m_texts, m_src, m_starts, take(m_texts)))


@dataclass
class SlotGroup:
    """People with the same number of phrases c: ``vectors[k]`` holds each one's k-th phrase vector."""

    members: np.ndarray
    vectors: list[np.ndarray]
    weights: list[np.ndarray]


def phrase_slots(phrases: Phrases, *, transpose: bool = False) -> list[SlotGroup]:
    """People grouped by phrase count, one dense matrix per phrase slot.

    The best similarity of a mentee phrase to a mentor is then an element-wise maximum of dense BLAS
    products, and a mentee's mean and maximum are element-wise too: no Python loop over people or
    pairs, and no reduction over ragged segments."""
    counts = np.diff(phrases.starts)
    weights = np.asarray([SOURCE_WEIGHT.get(s, 1.0) for s in phrases.sources], dtype=np.float32)
    groups = []
    for c in np.unique(counts[counts > 0]).tolist():
        members = np.flatnonzero(counts == c)
        first = phrases.starts[members]
        vectors = [phrases.vectors[first + k] for k in range(c)]
        groups.append(SlotGroup(members, [np.ascontiguousarray(v.T if transpose else v) for v in vectors],
                                [weights[first + k] for k in range(c)]))
    return groups


def semantic_fit(mentee: Phrases, mentor: Phrases, n_mentees: int, n_mentors: int, *,
                 progress: Progress | None = None) -> np.ndarray:
    """(mentees, mentors) fit in [0, 1], NEUTRAL_FIT where either side has no phrase.

    Exact for every pair. Mentees and mentors are grouped by phrase count; for each block of mentees
    and each mentor group, one BLAS product per (mentee phrase slot, mentor phrase slot) with running
    element-wise maxima and a weighted sum. Memory stays near 3 x CHUNK_CELLS floats."""
    fit = np.full((n_mentees, n_mentors), NEUTRAL_FIT, dtype=np.float32)
    e_groups, m_groups = phrase_slots(mentee), phrase_slots(mentor, transpose=True)
    if not e_groups or not m_groups:
        return fit
    widest = max(len(g.members) for g in m_groups)
    block = max(1, CHUNK_CELLS // widest)
    total, done = sum(len(g.members) for g in e_groups), 0
    for eg in e_groups:
        w_sum = np.add.reduce(eg.weights)[:, None]
        for lo in range(0, len(eg.members), block):
            rows = slice(lo, lo + block)
            people = eg.members[rows]
            for mg in m_groups:
                shape = (len(people), len(mg.members))
                mean = np.zeros(shape, dtype=np.float32)
                top = np.full(shape, -np.inf, dtype=np.float32)
                best = np.empty(shape, dtype=np.float32)
                tmp = np.empty(shape, dtype=np.float32)
                for vectors, w in zip(eg.vectors, eg.weights, strict=True):
                    part = vectors[rows]
                    np.matmul(part, mg.vectors[0], out=best)
                    for slot in mg.vectors[1:]:
                        np.maximum(best, np.matmul(part, slot, out=tmp), out=best)
                    np.maximum(top, best, out=top)
                    best *= w[rows, None]
                    mean += best
                mean /= w_sum[rows]
                mean *= MEAN_SHARE
                top *= 1 - MEAN_SHARE
                mean += top
                fit[np.ix_(people, mg.members)] = np.clip(mean, 0.0, 1.0)
            done += len(people)
            if progress:
                progress(done / total, "scoring")
    return fit


def _windows(people: Sequence[Mentee | Mentor]) -> tuple[list[tuple[float, int, int]], np.ndarray]:
    keys = [(p.offset, p.hours[0], p.hours[1]) for p in people]
    distinct = list(dict.fromkeys(keys))
    index = {k: i for i, k in enumerate(distinct)}
    return distinct, np.asarray([index[k] for k in keys], dtype=np.int64)


def hours_overlap(problem: Problem) -> np.ndarray:
    left, li = _windows(problem.mentees)
    right, ri = _windows(problem.mentors)
    if not left or not right:
        return np.zeros((len(problem.mentees), len(problem.mentors)), dtype=np.float32)
    return overlap_table(left, right)[li[:, None], ri[None, :]]


def language_mask(problem: Problem) -> np.ndarray:
    codes = sorted({c for e in problem.mentees for c in e.languages}
                   | {c for m in problem.mentors for c in m.languages})
    col = {c: i for i, c in enumerate(codes)}
    a = np.zeros((len(problem.mentees), len(codes)), dtype=np.float32)
    b = np.zeros((len(problem.mentors), len(codes)), dtype=np.float32)
    for i, e in enumerate(problem.mentees):
        a[i, [col[c] for c in e.languages]] = 1
    for j, m in enumerate(problem.mentors):
        b[j, [col[c] for c in m.languages]] = 1
    return (a @ b.T) > 0


def _attribute(problem: Problem, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a column for both sides (-1 where missing), compared case-insensitively."""
    values: dict[str, int] = {}

    def codes(people: Sequence[Mentee | Mentor]) -> np.ndarray:
        out = []
        for p in people:
            raw = p.attributes.get(column, "").strip().lower()
            out.append(values.setdefault(raw, len(values)) if raw else -1)
        return np.asarray(out, dtype=np.int64)

    return codes(problem.mentees), codes(problem.mentors)


def preference_terms(problem: Problem, weights: Weights) -> list[tuple[float, np.ndarray]]:
    """(weight, term in [0, 1]) for each preference with a weight above 0."""
    terms: list[tuple[float, np.ndarray]] = []
    if weights.cross_cultural > 0:
        column = next((c for c in ("country", "culture", "region")
                       if any(c in p.attributes for p in problem.mentees)), "country")
        a, b = _attribute(problem, column)
        differ = (a[:, None] != b[None, :]) & (a[:, None] >= 0) & (b[None, :] >= 0)
        terms.append((weights.cross_cultural, differ.astype(np.float32)))
    if weights.seniority > 0:
        def years(people: Sequence[Mentee | Mentor]) -> np.ndarray:
            out = []
            for p in people:
                try:
                    out.append(float(p.attributes.get("seniority", "nan")))
                except ValueError:
                    out.append(float("nan"))
            return np.asarray(out, dtype=np.float32)

        gap = years(problem.mentors)[None, :] - years(problem.mentees)[:, None]
        term = np.nan_to_num(np.clip(gap / SENIORITY_GAP, 0, 1)).astype(np.float32)
        terms.append((weights.seniority, term))
    for rule in weights.rules:
        if rule.weight <= 0:
            continue
        a, b = _attribute(problem, rule.column)
        known = (a[:, None] >= 0) & (b[None, :] >= 0)
        same = a[:, None] == b[None, :]
        terms.append((rule.weight, ((same if rule.mode == "same" else ~same) & known).astype(np.float32)))
    return terms


def feasibility(problem: Problem, shared: np.ndarray) -> np.ndarray:
    feasible = shared.copy()
    e_index = {m.id: i for i, m in enumerate(problem.mentees)}
    m_index = {m.id: j for j, m in enumerate(problem.mentors)}
    for ex in problem.exclusions:
        if ex.mentee_id in e_index and ex.mentor_id in m_index:
            feasible[e_index[ex.mentee_id], m_index[ex.mentor_id]] = False
    by_person = {m.person_id: j for j, m in enumerate(problem.mentors) if m.person_id is not None}
    for i, m in enumerate(problem.mentees):
        if m.id in m_index:
            feasible[i, m_index[m.id]] = False
        if m.person_id is not None and m.person_id in by_person:
            feasible[i, by_person[m.person_id]] = False
    return feasible


def score_cohort(problem: Problem, weights: Weights, encode: Encode, *,
                 progress: Progress | None = None) -> Scores:
    if progress:
        progress(0.0, "embedding")
    started = time.perf_counter()
    e_phr, m_phr = embed_phrases(problem, encode)
    embedding_s = time.perf_counter() - started
    if progress:
        progress(1.0, "embedding")
    n, m = len(problem.mentees), len(problem.mentors)
    fit = semantic_fit(e_phr, m_phr, n, m, progress=progress)
    hours = hours_overlap(problem)
    total = weights.fit * fit
    total += weights.hours * np.minimum(hours / FULL_DAY_HOURS, 1.0)
    weight_sum = weights.fit + weights.hours
    for w, term in preference_terms(problem, weights):
        total += w * term
        weight_sum += w
    total /= max(weight_sum, 1e-9)
    shared = language_mask(problem)
    dim = m_phr.vectors.shape[1] if m_phr.vectors.size else 1
    centroids = np.zeros((m, dim), dtype=np.float32)
    for j in range(m):
        if m_phr.count(j):
            c = m_phr.vectors[m_phr.of(j)].mean(axis=0)
            centroids[j] = c / (np.linalg.norm(c) or 1.0)
    return Scores(fit=fit, hours=hours, total=total.astype(np.float32), feasible=feasibility(problem, shared),
                  shared_language=shared, mentee_phrases=e_phr, mentor_phrases=m_phr,
                  mentor_centroids=centroids, embedding_s=round(embedding_s, 3))
