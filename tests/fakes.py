"""Test doubles that subclass the real interfaces."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from coach.nlp.embedder import Embedder


class FakeEmbedder(Embedder):
    """Hashed bag of lower-cased words: fast, deterministic, similar texts get similar vectors."""

    model_id = "fake-bow-64"
    dim = 64

    def __init__(self) -> None:
        self.calls = 0
        self.texts_seen = 0

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts_seen += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]{3,}", text.lower()):
                bucket = int(hashlib.md5(word[:6].encode()).hexdigest(), 16) % self.dim
                out[row, bucket] += 1.0
            if not out[row].any():
                out[row, 0] = 1.0
        return out

    def window_chunks(self, text: str) -> list[str]:
        words = text.split()
        if len(words) <= 50:
            return [text]
        return [" ".join(words[i : i + 50]) for i in range(0, len(words), 40)]
