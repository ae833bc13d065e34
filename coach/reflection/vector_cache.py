"""A small in-process cache of sentence vectors for the reflection path.

Saving a reflection embeds the same goal texts and guidance passages again and again (a mentee's
goals change rarely; the three passages shown come from one library). Caching them, and the
reflection's own sentences between goal linking and guidance, keeps a warm save to the few new
texts it really has. Bounded (least recently used out first); keyed by the embedder object.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from coach.nlp.embedder import Embedder

MAX_ENTRIES = 8192
_lock = threading.Lock()
_cache: OrderedDict[tuple[int, str, str], np.ndarray] = OrderedDict()


def encode_cached(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """The same vectors as ``embedder.encode(texts)``, encoding only texts not seen recently."""
    if not texts:
        return embedder.encode([])
    keys = [(id(embedder), embedder.model_id, t) for t in texts]
    with _lock:
        todo = list(dict.fromkeys(k[2] for k in keys if k not in _cache))
    if todo:
        fresh = embedder.encode(todo)
        with _lock:
            for text, vec in zip(todo, fresh, strict=True):
                _cache[(id(embedder), embedder.model_id, text)] = vec
            while len(_cache) > MAX_ENTRIES:
                _cache.popitem(last=False)
    with _lock:
        out = []
        for k in keys:
            vec = _cache.get(k)
            if vec is None:  # evicted meanwhile by another thread: encode it again
                vec = embedder.encode([k[2]])[0]
            else:
                _cache.move_to_end(k)
            out.append(vec)
    return np.vstack(out).astype(np.float32)


def prime(embedder: Embedder, texts: Sequence[str], vectors: np.ndarray) -> None:
    """Put vectors computed elsewhere (e.g. read from the database's embeddings cache) in the cache."""
    with _lock:
        for text, vec in zip(texts, vectors, strict=True):
            _cache[(id(embedder), embedder.model_id, text)] = np.asarray(vec, dtype=np.float32)
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)


def clear() -> None:
    with _lock:
        _cache.clear()
