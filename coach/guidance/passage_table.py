"""What the passage re-ranker knows about every indexed passage, kept in memory next to the index.

Unit vectors of each passage (title + text, as indexed), of its title (heading path) and of its
document's title, the document's centroid (mean of its passage vectors), each passage's neighbours
in reading order, and its stemmed title and text words. Vectors come from the embedding cache, so
only titles never seen before are encoded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np

from coach.guidance.backends import Bm25Index
from coach.guidance.expansion import words_of
from coach.nlp.cache import cached_encode
from coach.nlp.embedder import Embedder
from coach.store.db import Database


def _stemmer():  # type: ignore[no-untyped-def]
    try:
        import Stemmer

        return Stemmer.Stemmer("english")
    except ImportError:  # pragma: no cover - PyStemmer is a pinned dependency
        return None


_STEMMER = _stemmer()


def stems(text: str) -> set[str]:
    """Stemmed content words of ``text`` (as the keyword index stems them)."""
    words = words_of(text)
    return set(_STEMMER.stemWords(words) if _STEMMER is not None else words)


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if not len(matrix):
        return matrix
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


class PassageTable:
    """Per-passage arrays, addressed by passage id through :meth:`rows`."""

    def __init__(self, db: Database, embedder: Embedder, *, ids: Sequence[int],
                 indexed_texts: Sequence[str], titles: Sequence[str], texts: Sequence[str],
                 document_ids: Sequence[int], ordinals: Sequence[int],
                 document_titles: Mapping[int, str]) -> None:
        n = len(ids)
        self.ids = np.asarray(ids, dtype=np.int64)
        self._row = {int(i): r for r, i in enumerate(self.ids)}
        dim = embedder.dim
        self.vectors = unit_rows(cached_encode(db, embedder, list(indexed_texts))) if n else \
            np.zeros((0, dim), dtype=np.float32)
        self.title_vectors = unit_rows(cached_encode(db, embedder, [t or " " for t in titles])) \
            if n else np.zeros((0, dim), dtype=np.float32)
        docs = sorted(set(int(d) for d in document_ids))
        self.doc_of = np.asarray([docs.index(int(d)) for d in document_ids], dtype=np.int64) \
            if n else np.zeros(0, dtype=np.int64)
        doc_titles = [document_titles.get(d, "") or " " for d in docs]
        self.doc_title_vectors = unit_rows(cached_encode(db, embedder, doc_titles)) if docs else \
            np.zeros((0, dim), dtype=np.float32)
        centroids = np.zeros((len(docs), dim), dtype=np.float32)
        np.add.at(centroids, self.doc_of, self.vectors)
        self.doc_centroids = unit_rows(centroids)
        order = sorted(range(n), key=lambda r: (int(self.doc_of[r]), int(ordinals[r]), r))
        self.prev = np.full(n, -1, dtype=np.int64)
        self.next = np.full(n, -1, dtype=np.int64)
        for a, b in pairwise(order):
            if self.doc_of[a] == self.doc_of[b]:
                self.next[a], self.prev[b] = b, a
        self.title_stems = [stems(t) for t in titles]
        self.text_stems = [stems(t) for t in texts]
        self.lengths = np.asarray([len(t) for t in texts], dtype=np.float32)
        #: keyword index over whole documents (title + all passages): which document a question's
        #: words point to ("rota", "apprentice", "young person"), whatever passage they sit in
        self.documents = Bm25Index()
        joined = [[doc_titles[d]] for d in range(len(docs))]
        for r in order:
            joined[int(self.doc_of[r])].append(f"{titles[r]}\n{texts[r]}")
        try:
            self.documents.build(list(range(len(docs))), ["\n".join(parts) for parts in joined])
        except ValueError:  # bm25s on documents with no indexable word at all
            self.documents = Bm25Index()

    def document_scores(self, query: str) -> np.ndarray:
        """BM25 of ``query`` against every whole document, by document row (0 = no match)."""
        scores = np.zeros(len(self.doc_title_vectors), dtype=np.float32)
        for doc, score in self.documents.search(query, len(scores)):
            scores[doc] = score
        return scores

    def rows(self, passage_ids: Sequence[int]) -> np.ndarray:
        return np.asarray([self._row[int(i)] for i in passage_ids], dtype=np.int64)

    def __contains__(self, passage_id: object) -> bool:
        return passage_id in self._row
