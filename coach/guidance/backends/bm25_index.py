"""BM25 with ``bm25s`` (English stop words, Snowball stemming when PyStemmer is installed)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from coach.guidance.backends.base import KeywordIndex

logging.getLogger("bm25s").setLevel(logging.WARNING)


def _stemmer() -> Any:
    try:
        import Stemmer

        return Stemmer.Stemmer("english")
    except ImportError:  # pragma: no cover - PyStemmer is a pinned dependency
        return None


class Bm25Index(KeywordIndex):
    name = "bm25"

    def __init__(self, *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.stemmer = _stemmer()
        self.model: bm25s.BM25 | None = None
        self.doc_ids = np.zeros(0, dtype=np.int64)

    def _tokenize(self, texts: Sequence[str]) -> Any:
        return bm25s.tokenize(list(texts), stopwords="en", stemmer=self.stemmer, show_progress=False)

    def build(self, ids: Sequence[int], texts: Sequence[str]) -> None:
        self.doc_ids = np.asarray(ids, dtype=np.int64)
        if not len(ids):
            self.model = None
            return
        model = bm25s.BM25(k1=self.k1, b=self.b)
        model.index(self._tokenize(texts), show_progress=False)
        self.model = model

    def search(self, query: str, k: int, *,
               allowed: Collection[int] | None = None) -> list[tuple[int, float]]:
        if self.model is None or k <= 0:
            return []
        tokens = self._tokenize([query])
        if not tokens.ids or not tokens.ids[0]:
            return []
        mask = None
        if allowed is not None:
            mask = np.isin(self.doc_ids, np.asarray(list(allowed), dtype=np.int64)).astype(np.float32)
            if not mask.any():
                return []
        n = min(k, len(self.doc_ids))
        docs, scores = self.model.retrieve(tokens, k=n, show_progress=False, weight_mask=mask)
        return [(int(self.doc_ids[d]), float(s)) for d, s in zip(docs[0], scores[0], strict=True)
                if s > 0]

    def save(self, path: Path) -> None:
        """Write to a temporary folder, then swap it in, so readers never see half a save."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=path.name + "."))
        try:
            if self.model is not None:
                self.model.save(str(tmp / "model"))
            np.save(tmp / "ids.npy", self.doc_ids)
            (tmp / "params.json").write_text(json.dumps({"k1": self.k1, "b": self.b}))
            old = path.with_name(path.name + ".old")
            if path.exists():
                os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, path: Path) -> Bm25Index:
        params = json.loads((path / "params.json").read_text())
        index = cls(k1=params["k1"], b=params["b"])
        index.doc_ids = np.load(path / "ids.npy")
        if (path / "model").exists():
            index.model = bm25s.BM25.load(str(path / "model"))
        elif len(index.doc_ids):
            raise ValueError(f"{path} has ids but no model")
        return index
