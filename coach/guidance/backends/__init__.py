"""Index backends by name: an explicit registry (more engines, e.g. Qdrant, register here)."""

from __future__ import annotations

from collections.abc import Callable

from coach.guidance.backends.base import KeywordIndex, VectorIndex
from coach.guidance.backends.bm25_index import Bm25Index
from coach.guidance.backends.faiss_index import FaissIndex

VECTOR_BACKENDS: dict[str, Callable[[int], VectorIndex]] = {"faiss": FaissIndex}
KEYWORD_BACKENDS: dict[str, Callable[[], KeywordIndex]] = {"bm25": Bm25Index}

__all__ = [
           "KEYWORD_BACKENDS",
           "VECTOR_BACKENDS",
           "Bm25Index",
           "FaissIndex",
           "KeywordIndex",
           "VectorIndex",
]
