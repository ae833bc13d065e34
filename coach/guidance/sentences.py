"""Sentence-level dense ranking: a passage scores by its best-matching sentence.

A long passage's single vector blurs the one sentence that answers a question; ranking passages by
their closest sentence finds it. Sentence vectors come from the embedding cache (only new sentences
are encoded) and are kept in memory next to the passage index.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import numpy as np

from coach.nlp.cache import cached_encode
from coach.nlp.embedder import Embedder
from coach.store.db import Database

SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
MIN_WORDS = 4


def sentences_of(text: str) -> list[str]:
    """The sentences worth scoring (four words or more); the whole text when none is."""
    found = [s.strip() for s in SPLIT.split(text) if len(s.split()) >= MIN_WORDS]
    return found or ([text.strip()] if text.strip() else [])


class SentenceIndex:
    def __init__(self, db: Database, embedder: Embedder, texts: Mapping[int, str]) -> None:
        owners: list[int] = []
        sentences: list[str] = []
        for passage_id, text in texts.items():
            for sentence in sentences_of(text):
                owners.append(passage_id)
                sentences.append(sentence)
        self.owners = np.asarray(owners, dtype=np.int64)
        self._passage_ids, self._slot = np.unique(self.owners, return_inverse=True)
        vectors = cached_encode(db, embedder, sentences) if sentences else np.zeros((0, embedder.dim))
        vectors = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True) if len(vectors) else vectors
        self.vectors = vectors / np.where(norms == 0, 1.0, norms) if len(vectors) else vectors

    def search(self, query_vector: np.ndarray, k: int, *,
               allowed: Collection[int] | None = None) -> list[tuple[int, float]]:
        """Best ``k`` passages by their best sentence's cosine with the query."""
        if not len(self.owners) or k <= 0:
            return []
        q = np.asarray(query_vector, dtype=np.float32)
        q = q / (np.linalg.norm(q) or 1.0)
        scores = self.vectors @ q
        slots = self._slot
        if allowed is not None:
            keep = np.isin(self.owners, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
            scores, slots = scores[keep], slots[keep]
        best = np.full(len(self._passage_ids), -np.inf, dtype=np.float32)
        np.maximum.at(best, slots, scores)
        found = np.flatnonzero(np.isfinite(best))
        order = found[np.lexsort((self._passage_ids[found], -best[found]))][:k]
        return [(int(self._passage_ids[i]), float(best[i])) for i in order]
