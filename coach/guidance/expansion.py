"""Query expansion for the keyword index: each query word brings the library's words nearest to it
in the embedding space ("holiday" -> "leave", "instagram" -> "social", "media").

BM25 only matches the words a document uses; people ask in their own words. The vocabulary is every
word of the library's passages; its vectors come from the embedding cache, so only new words are
encoded. Measured on the tuning documents of ``eval/retrieval_docs_eval.py`` (see eval/README.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from coach.nlp.cache import cached_encode
from coach.nlp.embedder import Embedder
from coach.store.db import Database

WORD = re.compile(r"[a-z][a-z'-]{2,}")
#: the most frequent library words kept as expansion candidates (bounds memory on large libraries)
MAX_VOCABULARY = 30_000


def words_of(text: str) -> list[str]:
    """Lower-case content words of ``text`` (three letters or more, no stop words)."""
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]


class QueryExpander:
    """Nearest library words for each query word, above a cosine ``threshold``."""

    def __init__(self, db: Database, embedder: Embedder, texts: Iterable[str], *,
                 threshold: float, per_word: int) -> None:
        self.embedder, self.threshold, self.per_word = embedder, threshold, per_word
        self.db = db
        counts = Counter(w for text in texts for w in set(words_of(text)))
        self.vocab = sorted(w for w, _ in counts.most_common(MAX_VOCABULARY))
        self._index = {w: i for i, w in enumerate(self.vocab)}
        vectors = cached_encode(db, embedder, self.vocab) if self.vocab else np.zeros((0, embedder.dim))
        self.vectors = _unit(np.asarray(vectors, dtype=np.float32))

    def extra_words(self, query: str) -> list[str]:
        words = list(dict.fromkeys(words_of(query)))
        if not words or not self.vocab:
            return []
        known = [self._index.get(w) for w in words]
        fresh = [w for w, i in zip(words, known, strict=True) if i is None]
        fresh_vectors = iter(_unit(np.asarray(self.embedder.encode(fresh), dtype=np.float32))
                             if fresh else [])
        queries = np.stack([self.vectors[i] if i is not None else next(fresh_vectors) for i in known])
        sims = queries @ self.vectors.T
        extra: list[str] = []
        for row, word in zip(sims, words, strict=True):
            order = np.argsort(-row)[: self.per_word + 1]
            near = [self.vocab[j] for j in order if row[j] >= self.threshold and self.vocab[j] != word]
            extra += near[: self.per_word]
        return [w for w in dict.fromkeys(extra) if w not in words]

    def expand(self, query: str) -> str:
        extra = self.extra_words(query)
        return f"{query} {' '.join(extra)}" if extra else query


def _unit(matrix: np.ndarray) -> np.ndarray:
    if not len(matrix):
        return matrix
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
