"""Index backends: a dense vector index and a sparse keyword index behind small interfaces."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from pathlib import Path

import numpy as np


class VectorIndex(ABC):
    """Inner-product search over normalized vectors, keyed by stable integer ids."""

    name = "vector"

    @abstractmethod
    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        raise NotImplementedError

    @abstractmethod
    def remove(self, ids: Sequence[int]) -> None:
        raise NotImplementedError

    @abstractmethod
    def ids(self) -> set[int]:
        raise NotImplementedError

    @abstractmethod
    def search(self, vector: np.ndarray, k: int, *,
               allowed: Collection[int] | None = None) -> list[tuple[int, float]]:
        """Best ``k`` (id, score) pairs, best first, optionally only among ``allowed`` ids."""
        raise NotImplementedError

    @abstractmethod
    def save(self, path: Path) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.ids())


class KeywordIndex(ABC):
    """Keyword (BM25) search, rebuilt as a whole from (id, text) pairs."""

    name = "keyword"

    @abstractmethod
    def build(self, ids: Sequence[int], texts: Sequence[str]) -> None:
        raise NotImplementedError

    @abstractmethod
    def search(self, query: str, k: int, *,
               allowed: Collection[int] | None = None) -> list[tuple[int, float]]:
        raise NotImplementedError

    @abstractmethod
    def save(self, path: Path) -> None:
        raise NotImplementedError
