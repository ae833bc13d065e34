"""Sentence embeddings: the :class:`Embedder` interface and the real sentence-transformers one.

Vectors are L2-normalized float32, so inner product is cosine similarity. Texts longer than the
model's window are split into overlapping word windows whose vectors are averaged.
"""

from __future__ import annotations

import json
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from coach.errors import ModelMissingError


class Embedder(ABC):
    """Turns texts into normalized vectors. Tests subclass this with a fast fake."""

    #: identifies the model in the embeddings cache and the index manifests
    model_id: str = "embedder"
    dim: int = 0

    @abstractmethod
    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        """Encode texts that fit the model window; return an (n, dim) float32 array."""
        raise NotImplementedError

    def window_chunks(self, text: str) -> list[str]:
        """Split ``text`` into pieces that fit the model window (default: no split)."""
        return [text]

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Normalized vectors for ``texts``, chunking those longer than the window."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        pieces, owner = self._pieces(texts)
        out = np.zeros((len(pieces), self.dim), dtype=np.float32)
        groups = _length_batches(pieces, batch_size)
        for idx, vectors in zip(groups, self._encode_batches([[pieces[i] for i in g] for g in groups]),
                                strict=True):
            out[idx] = vectors
        return self._merge(_normalize(out), owner, len(texts))

    def _pieces(self, texts: Sequence[str]) -> tuple[list[str], list[int]]:
        """The window-sized pieces of ``texts`` and, for each piece, the index of its text."""
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            chunks = self.window_chunks(text)
            pieces.extend(chunks)
            owner.extend([i] * len(chunks))
        return pieces, owner

    @staticmethod
    def _merge(vectors: np.ndarray, owner: list[int], n: int) -> np.ndarray:
        """One normalized vector per text: the mean of its pieces' normalized vectors."""
        if len(vectors) == n:
            return vectors
        merged = np.zeros((n, vectors.shape[1]), dtype=np.float32)
        np.add.at(merged, np.asarray(owner), vectors)
        return _normalize(merged)

    def _encode_batches(self, batches: list[list[str]]) -> list[np.ndarray]:
        """Encode several batches (default: one after the other)."""
        return [self._encode_batch(batch) for batch in batches]

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def warm(self) -> None:
        """Load whatever the first encode would load (for a background warm-up); default: nothing."""
        return None


@runtime_checkable
class TokenEncoder(Protocol):
    """An embedder that also returns each text's token states from the same pass."""

    def encode_with_tokens(self, texts: Sequence[str], *,
                           batch_size: int = 64) -> tuple[np.ndarray, list[np.ndarray]]: ...


def _length_batches(pieces: list[str], batch_size: int) -> list[list[int]]:
    """Indices of ``pieces`` in batches of similar length (less padding, as sentence-transformers)."""
    order = sorted(range(len(pieces)), key=lambda i: -len(pieces[i]))
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def _normalize(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32, copy=False)


#: encoding workers for large jobs (at most one per core)
PARALLEL_WORKERS = 2


class SentenceTransformerEmbedder(Embedder):
    """all-MiniLM-L6-v2 (or another local sentence-transformers model), on CPU.

    The model itself (torch and the weights, several seconds) loads on the first encode: the model
    id, the vector size and the window come from the folder's small JSON files, so a caller whose
    vectors are all in the embeddings cache never pays for the load."""

    def __init__(self, path: Path, *, model_id: str, overlap_words: int = 32) -> None:
        self._path = path
        self._loaded: Any = None
        self._lock = threading.Lock()
        self.model_id = model_id
        self.overlap_words = overlap_words
        config = _folder_config(path)
        self.max_tokens = int(config.get("max_seq_length") or 256)
        if config.get("dim"):
            self.dim = int(config["dim"])
        else:  # an unusual layout (e.g. a Dense layer after pooling): ask the model
            self.dim = int(self._dimension())

    @property
    def _model(self) -> Any:
        """The sentence-transformers model, loaded on first use (once, thread-safe)."""
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = _load_sentence_transformer(self._path)
        return self._loaded

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def warm(self) -> None:
        _ = self._model

    @property
    def _tokenizer(self) -> Any:
        return self._model.tokenizer

    def _dimension(self) -> int:
        getter = (getattr(self._model, "get_embedding_dimension", None)
                  or self._model.get_sentence_embedding_dimension)
        return int(getter() or 0)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        model = self._model
        with self._lock:
            vectors = model.encode(
                texts, batch_size=len(texts), normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def _encode_batches(self, batches: list[list[str]]) -> list[np.ndarray]:
        """Many batches: data-parallel, one worker per core, each running torch on one thread.

        torch's own (intra-op) threads split every matrix product of a batch; on short texts those
        products are small and two threads gain little over one, and on a busy machine they wait
        for each other at every step. Two workers that each take whole batches keep both cores
        busy instead (OpenMP's thread count is per thread: the caller's setting is untouched)."""
        workers = min(PARALLEL_WORKERS, os.cpu_count() or 1)
        if workers < 2 or len(batches) < 2 * workers:
            return super()._encode_batches(batches)
        import torch

        model = self._model
        prepare = getattr(model, "preprocess", None) or model.tokenize  # renamed in sentence-transformers 5
        caller_threads = torch.get_num_threads()

        def run(texts: list[str]) -> np.ndarray:
            torch.set_num_threads(1)
            with self._lock:  # the fast tokenizer is not safe to call from two threads at once
                features = prepare(texts)
            with torch.inference_mode():
                vectors = model.forward(features)["sentence_embedding"]
            return np.asarray(torch.nn.functional.normalize(vectors, p=2, dim=1).numpy(), dtype=np.float32)

        try:
            with ThreadPoolExecutor(workers, thread_name_prefix="coach-encode") as pool:
                return list(pool.map(run, batches))
        finally:
            torch.set_num_threads(caller_threads)

    def encode_with_tokens(self, texts: Sequence[str], *,
                           batch_size: int = 64) -> tuple[np.ndarray, list[np.ndarray]]:
        """Normalized vectors and, from the same encoder pass, each text's contextual token states
        (without [CLS] and [SEP]; a text longer than the window gets its windows' states in order)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32), []
        import torch

        model = self._model
        prepare = getattr(model, "preprocess", None) or model.tokenize
        pieces, owner = self._pieces(texts)
        vectors = np.zeros((len(pieces), self.dim), dtype=np.float32)
        states: list[np.ndarray] = [np.zeros((0, self.dim), np.float32)] * len(pieces)
        for idx in _length_batches(pieces, batch_size):
            with self._lock, torch.inference_mode():
                out = model.forward(prepare([pieces[i] for i in idx]))
            emb = torch.nn.functional.normalize(out["sentence_embedding"], p=2, dim=1).numpy()
            lengths = out["attention_mask"].sum(dim=1).tolist()
            tokens = out["token_embeddings"]
            for j, i in enumerate(idx):
                vectors[i] = emb[j]
                states[i] = np.asarray(tokens[j, 1 : int(lengths[j]) - 1].numpy(), dtype=np.float32)
        grouped: list[list[np.ndarray]] = [[] for _ in texts]
        for k, i in enumerate(owner):
            grouped[i].append(states[k])
        return self._merge(vectors, owner, len(texts)), [np.vstack(g) for g in grouped]

    def token_offsets(self, text: str) -> list[tuple[int, int]] | None:
        """Character spans of the tokens ``encode_with_tokens`` gives ``text`` (None when the text
        needs more than one window)."""
        if len(self.window_chunks(text)) > 1:
            return None
        with self._lock:
            encoded = self._tokenizer(text, add_special_tokens=False, return_offsets_mapping=True,
                                      truncation=True, max_length=max(self.max_tokens - 2, 1))
        return [(int(a), int(b)) for a, b in encoded["offset_mapping"]]

    def window_chunks(self, text: str) -> list[str]:
        # Cheap pre-check: a word is rarely more than 2 word-pieces, so short texts fit.
        words = text.split()
        budget = self.max_tokens - 2
        if len(words) * 2 <= budget:
            return [text]
        tokenizer = self._tokenizer  # (loads the model first: that takes the lock itself)
        with self._lock:  # the tokenizer's padding settings are shared with encode(): one caller at a time
            n_tokens = len(tokenizer(text, add_special_tokens=False)["input_ids"])
        if n_tokens <= budget:
            return [text]
        # Word windows sized by the observed tokens-per-word ratio, with some overlap.
        per_word = n_tokens / max(len(words), 1)
        size = max(16, int(budget / per_word * 0.95))
        step = max(8, size - self.overlap_words)
        return [" ".join(words[i : i + size]) for i in range(0, len(words), step)
                if words[i : i + size]]


def _folder_config(path: Path) -> dict[str, Any]:
    """Window and vector size read from a sentence-transformers folder, without loading it.

    ``dim`` is given only for the plain Transformer -> Pooling (-> Normalize) layout, where it is
    the pooling size; any other module in ``modules.json`` leaves it to the model."""
    out: dict[str, Any] = {}
    try:
        bert_config = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))
        out["max_seq_length"] = bert_config.get("max_seq_length")
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
        pooling = next((m for m in modules if str(m.get("type", "")).endswith(".Pooling")), None)
        if pooling is not None and set(kinds) <= {"Transformer", "Pooling", "Normalize"}:
            pool = json.loads((path / pooling["path"] / "config.json").read_text(encoding="utf-8"))
            out["dim"] = pool.get("word_embedding_dimension")
    except (OSError, ValueError, KeyError, TypeError):
        return out
    return out


def _load_sentence_transformer(path: Path) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise ModelMissingError(
            "sentence-transformers is not installed: run `make run` or "
            "`pip install -e .` to install the pinned dependencies."
        ) from exc
    return SentenceTransformer(str(path), device="cpu")
