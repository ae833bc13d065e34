"""Second stage of the guidance search: a learned re-ranker over the hybrid search's top passages.

The first stage (RRF of passage vectors, expanded BM25 and best sentences) finds the right passage
for most questions but often ranks a near neighbour above it: another document on the same topic,
or the section next to the answer. This model re-orders the first stage's top ``depth`` passages by
a linear score over cheap evidence (:data:`FEATURES`): the query against the passage, its best
sentence, its title (heading path), its neighbours and its whole document, keyword scores with and
without query expansion, and word overlap with the title. Weights were learned listwise (softmax
over each question's candidates) by ``eval/train_passage_ranker.py``; see models/passage_ranker.md.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from coach.errors import ModelMissingError
from coach.guidance.passage_table import PassageTable, stems
from coach.nlp.linear import LinearModel

RANKER_FILE = Path(__file__).resolve().parent.parent.parent / "models" / "passage_ranker.json"

FEATURES = (
    "fused_rr", "fused_logrank", "dense", "sentence", "title", "neighbour", "doc_title",
    "doc_centroid", "doc_dense_max", "bm25", "bm25_plain", "doc_bm25", "title_overlap",
    "text_overlap", "log_length", "doc_share", "doc_keywords", "dense_rr", "sentence_rr", "bm25_rr",
    "first_in_doc", "doc_rr", "doc_keywords_rr",
)


#: features are computed over the first stage's top this many passages (in training too): the
#: in-list features (ranks, scaled scores, document shares) depend on the list
FEATURE_POOL = 50


@dataclass(frozen=True)
class FirstStage:
    """What the hybrid search found for one query (scores by passage id)."""

    fused: Sequence[tuple[int, float]]
    sparse: Mapping[int, float]
    plain_sparse: Mapping[int, float]
    sentence: Mapping[int, float]


def _reciprocal_rank(values: np.ndarray) -> np.ndarray:
    """1 / (1 + rank) of each value among ``values``, highest first; equal values (to 1e-6) share
    the better rank, so two passages with the same text get the same evidence."""
    v = np.round(np.asarray(values, dtype=np.float64), 6)
    ranks = (v[None, :] > v[:, None]).sum(axis=1).astype(np.float32)
    return 1.0 / (1.0 + ranks)


def _doc_reciprocal_rank(docs: np.ndarray, values: np.ndarray) -> np.ndarray:
    """1 / (1 + rank) of each candidate's document, documents ordered by their best value."""
    best: dict[int, float] = {}
    for d, v in zip(docs.tolist(), values.tolist(), strict=True):
        best[d] = max(best.get(d, -np.inf), v)
    order = sorted(best, key=lambda d: (-best[d], d))
    position = {d: i for i, d in enumerate(order)}
    return np.asarray([1.0 / (1.0 + position[d]) for d in docs.tolist()], dtype=np.float32)


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else values


def features(query: str, query_vector: np.ndarray, stage: FirstStage,
             table: PassageTable) -> np.ndarray:
    """One row of :data:`FEATURES` per fused candidate, in the first stage's order."""
    ids = [pid for pid, _ in stage.fused]
    n = len(ids)
    if not n:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    q = np.asarray(query_vector, dtype=np.float32)
    q = q / (float(np.linalg.norm(q)) or 1.0)
    rows = table.rows(ids)
    rank = np.arange(n, dtype=np.float32)
    dense = table.vectors[rows] @ q
    sentence = np.asarray([stage.sentence.get(i, d) for i, d in zip(ids, dense, strict=True)],
                          dtype=np.float32)
    all_dense = table.vectors @ q if len(table.vectors) < 50_000 else None
    neighbour = np.empty(n, dtype=np.float32)
    for j, r in enumerate(rows):
        near = [int(x) for x in (table.prev[r], table.next[r]) if x >= 0]
        if not near:
            neighbour[j] = dense[j]
        elif all_dense is not None:
            neighbour[j] = max(float(all_dense[x]) for x in near)
        else:
            neighbour[j] = max(float(table.vectors[x] @ q) for x in near)
    docs = table.doc_of[rows]
    doc_title = table.doc_title_vectors[docs] @ q
    centroid = table.doc_centroids[docs] @ q
    bm25 = _scaled(np.asarray([stage.sparse.get(i, 0.0) for i in ids], dtype=np.float32))
    plain = _scaled(np.asarray([stage.plain_sparse.get(i, 0.0) for i in ids], dtype=np.float32))
    doc_dense_max = np.empty(n, dtype=np.float32)
    doc_bm25 = np.empty(n, dtype=np.float32)
    doc_share = np.empty(n, dtype=np.float32)
    for j in range(n):
        same = docs == docs[j]
        doc_dense_max[j] = dense[same].max()
        doc_bm25[j] = bm25[same].sum()
        doc_share[j] = same.mean()
    doc_bm25 = _scaled(doc_bm25)
    words = stems(query)
    size = max(len(words), 1)
    title_overlap = np.asarray([len(words & table.title_stems[r]) / size for r in rows],
                               dtype=np.float32)
    text_overlap = np.asarray([len(words & table.text_stems[r]) / size for r in rows],
                              dtype=np.float32)
    doc_keywords = _scaled(table.document_scores(query)[docs])
    first_in_doc = np.zeros(n, dtype=np.float32)
    seen: set[int] = set()
    for j, d in enumerate(docs.tolist()):
        if d not in seen:
            first_in_doc[j] = 1.0
            seen.add(d)
    columns = [1.0 / (1.0 + rank), np.log1p(rank), dense, sentence, table.title_vectors[rows] @ q,
               neighbour, doc_title, centroid, doc_dense_max, bm25, plain, doc_bm25, title_overlap,
               text_overlap, np.log1p(table.lengths[rows]), doc_share,
               doc_keywords, _reciprocal_rank(dense), _reciprocal_rank(sentence),
               _reciprocal_rank(bm25), first_in_doc, _doc_reciprocal_rank(docs, -rank),
               _doc_reciprocal_rank(docs, doc_keywords)]
    return np.stack([np.asarray(c, dtype=np.float32) for c in columns], axis=1)


@dataclass(frozen=True)
class PassageRanker(LinearModel):
    depth: int = 30
    name: str = "passage-ranker"

    @property
    def weights(self) -> np.ndarray:
        """The model file's name for ``coef``."""
        return self.coef

    def scores(self, matrix: np.ndarray) -> np.ndarray:
        cols = [FEATURES.index(f) for f in self.features]
        return self.linear(np.asarray(matrix, dtype=np.float64)[:, cols])

    def rerank(self, matrix: np.ndarray, fused: Sequence[tuple[int, float]]) -> list[tuple[int, float]]:
        """The top ``depth`` of ``fused`` re-ordered by the model, each scored by its softmax share;
        the rest keep their order below them (scores under the lowest re-ranked one)."""
        head = list(fused[: self.depth])
        if len(head) < 2:
            return list(fused)
        logits = self.scores(matrix[: len(head)])
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        order = sorted(range(len(head)), key=lambda j: (-probs[j], j))
        out = [(head[j][0], float(probs[j])) for j in order]
        tail = list(fused[self.depth:])
        if tail:
            floor = float(probs.min()) / 2.0
            top = max(float(tail[0][1]), 1e-12)
            out += [(pid, floor * float(score) / top) for pid, score in tail]
        return out

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, **self.linear_dict(coef_key="weights", digits=None), "depth": self.depth}


def ranker_from_dict(data: Mapping[str, object]) -> PassageRanker:
    names = tuple(str(f) for f in data["features"])  # type: ignore[attr-defined]
    unknown = [f for f in names if f not in FEATURES]
    if unknown:
        raise ModelMissingError(f"{RANKER_FILE}: unknown features {unknown}; retrain it with "
                                "`python eval/train_passage_ranker.py`.")
    vectors = [np.asarray(data[key], dtype=np.float64) for key in ("mean", "scale", "weights")]
    if any(v.shape != (len(names),) for v in vectors) or not all(
            math.isfinite(float(x)) for v in vectors for x in v):
        raise ModelMissingError(f"{RANKER_FILE}: weights do not match its feature list; retrain it "
                                "with `python eval/train_passage_ranker.py`.")
    return PassageRanker(names, vectors[0], np.where(vectors[1] == 0, 1.0, vectors[1]), vectors[2],
                         depth=int(data.get("depth", 30)),  # type: ignore[call-overload]
                         name=str(data.get("name", "passage-ranker")))


@lru_cache(maxsize=1)
def default_passage_ranker() -> PassageRanker:
    if not RANKER_FILE.exists():
        raise ModelMissingError(f"The passage re-ranker {RANKER_FILE} is missing. Train it with "
                                "`python eval/train_passage_ranker.py`, or set rerank off.")
    return ranker_from_dict(json.loads(RANKER_FILE.read_text(encoding="utf-8")))
