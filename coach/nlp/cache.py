"""Embeddings cached in the database by (text hash, model id), computed in batches."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
from sqlalchemy import select

from coach.nlp.embedder import Embedder
from coach.store.db import Database
from coach.store.models import EmbeddingCache

Progress = Callable[[int, int, str], None]
#: new vectors are written (one transaction) and progress reported every this many texts
WRITE_EVERY = 512


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_encode(db: Database, embedder: Embedder, texts: Sequence[str], *,
                  batch_size: int = 64, progress: Progress | None = None) -> np.ndarray:
    """Vectors for ``texts``: from the cache where present, else computed and stored."""
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    if not texts:
        return out
    hashes = [text_hash(t) for t in texts]
    found: dict[str, np.ndarray] = {}
    with db.session() as session:
        unique = sorted(set(hashes))
        for start in range(0, len(unique), 500):
            rows = session.execute(
                select(EmbeddingCache.text_hash, EmbeddingCache.vector).where(
                    EmbeddingCache.model_id == embedder.model_id,
                    EmbeddingCache.text_hash.in_(unique[start : start + 500]),
                )
            ).all()
            found.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
    # Longest first, as one encode would order them: each write-chunk then holds texts of similar
    # length, so its batches need little padding and take about as long as each other (the
    # encoding workers finish a chunk together instead of one waiting for the other).
    # A text given twice is encoded once.
    first = {h: i for i, h in reversed(list(enumerate(hashes))) if h not in found}
    todo = sorted(first.values(), key=lambda i: (-len(texts[i]), i))
    done = len(texts) - len(todo)
    if progress:
        progress(done, len(texts), "embedding")
    step = max(batch_size, WRITE_EVERY)
    for start in range(0, len(todo), step):
        chunk = todo[start : start + step]
        vectors = embedder.encode([texts[i] for i in chunk], batch_size=batch_size)
        with db.session() as session:
            fresh: dict[str, bytes] = {}
            for i, vector in zip(chunk, vectors, strict=True):
                found[hashes[i]] = vector
                fresh[hashes[i]] = vector.astype(np.float32).tobytes()
            existing = set(session.scalars(select(EmbeddingCache.text_hash).where(
                EmbeddingCache.model_id == embedder.model_id,
                EmbeddingCache.text_hash.in_(list(fresh)))).all())
            session.add_all(EmbeddingCache(text_hash=h, model_id=embedder.model_id, vector=v)
                            for h, v in fresh.items() if h not in existing)
        done += len(chunk)
        if progress:
            progress(done, len(texts), "embedding")
    for i, h in enumerate(hashes):
        out[i] = found[h]
    return out
