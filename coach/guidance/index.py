"""The guidance search index: dense (FAISS) + keyword (BM25), kept in step with the database.

The database is the source of truth. Index files live in ``COACH_HOME/index`` with a manifest
(database revision, model id). A missing, corrupt or stale index is rebuilt or synced from the
database on first use, never trusted blindly.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy import select

from coach.guidance.backends import Bm25Index, FaissIndex
from coach.guidance.expansion import QueryExpander
from coach.guidance.fusion import reciprocal_rank_fusion
from coach.guidance.sentences import SentenceIndex
from coach.nlp.cache import cached_encode
from coach.nlp.embedder import Embedder
from coach.store.db import Database
from coach.store.models import GuidancePassage

log = logging.getLogger(__name__)
REVISION = "guidance"
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RetrievalConfig:
    """How search works; the defaults are the best configuration measured in ``eval/``."""

    mode: str = "hybrid"  # hybrid | dense | bm25
    rrf_k: float = 10.0
    dense_weight: float = 1.5
    sparse_weight: float = 0.5
    depth: int = 50
    #: weight of the sentence-level dense ranking in hybrid mode (0 turns it off)
    sentence_weight: float = 0.0
    #: query expansion for BM25 in hybrid mode: library words this close to a query word (None: off)
    expand_threshold: float | None = None
    expand_per_word: int = 3
    dense_fields: tuple[str, ...] = ("title", "text")
    sparse_fields: tuple[str, ...] = ("title", "tags", "text")


#: What search uses unless told otherwise: weighted RRF of passage vectors and BM25 with query
#: expansion, plus the sentence-level ranking; chosen on the tuning documents of
#: ``eval/retrieval_docs_eval.py --tune-fusion`` (figures in eval/README.md).
SHIPPED = RetrievalConfig(sentence_weight=1.0, expand_threshold=0.55)


def field_text(passage: GuidancePassage, fields: tuple[str, ...]) -> str:
    parts: list[str] = []
    for name in fields:
        if name == "title":
            parts.append(passage.title)
        elif name == "tags":
            parts.append(" ".join(passage.tags or []))
        elif name == "text":
            parts.append(passage.text)
    return "\n".join(p for p in parts if p)


@dataclass
class IndexStatus:
    passages: int = 0
    rebuilt: list[str] = field(default_factory=list)


class GuidanceIndex:
    def __init__(self, db: Database, embedder_factory: Callable[[], Embedder], folder: Path,
                 config: RetrievalConfig | None = None) -> None:
        self.db = db
        self._embedder_factory = embedder_factory
        self.folder = folder
        self.config = config or SHIPPED
        self._lock = threading.RLock()
        self._dense: FaissIndex | None = None
        self._sparse: Bm25Index | None = None
        self._sentences: SentenceIndex | None = None
        self._expander: QueryExpander | None = None
        self._revision = -1
        self.status = IndexStatus()

    @property
    def embedder(self) -> Embedder:
        return self._embedder_factory()

    # -- files ---------------------------------------------------------------------------
    @property
    def _dense_path(self) -> Path:
        return self.folder / "guidance.faiss"

    @property
    def _sparse_path(self) -> Path:
        return self.folder / "guidance.bm25"

    @property
    def _manifest_path(self) -> Path:
        return self.folder / "guidance.manifest.json"

    def _read_manifest(self) -> dict[str, object]:
        try:
            data = json.loads(self._manifest_path.read_text())
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_manifest(self, revision: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = {"revision": revision, "model_id": self.embedder.model_id,
                   "config": {"dense_fields": list(self.config.dense_fields),
                              "sparse_fields": list(self.config.sparse_fields)}}
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w") as handle:
            json.dump(payload, handle)
        os.replace(tmp, self._manifest_path)

    # -- keeping in step -----------------------------------------------------------------
    def ensure(self, progress: Progress | None = None) -> IndexStatus:
        """Load the indexes, syncing or rebuilding them if they do not match the database."""
        with self._lock:
            revision = self.db.revision(REVISION)
            if self._dense is not None and self._sparse is not None and revision == self._revision:
                return self.status
            self.status = IndexStatus()
            self._sentences = self._expander = None  # rebuilt from the cache on the next search
            manifest = self._read_manifest()
            same_setup = (manifest.get("model_id") == self.embedder.model_id and manifest.get(
                "config", {}) == {"dense_fields": list(self.config.dense_fields),
                                  "sparse_fields": list(self.config.sparse_fields)})
            fresh = same_setup and manifest.get("revision") == revision
            self._dense = self._load_dense() if same_setup else None
            self._sparse = self._load_sparse() if fresh else None
            passages = self._passages()
            changed = self._sync_dense(passages, progress)
            if self._sparse is None or set(self._sparse.doc_ids.tolist()) != set(passages):
                self._rebuild_sparse(passages)
            assert self._dense is not None
            if changed or not self._dense_path.exists():
                self._dense.save(self._dense_path)
            self._write_manifest(revision)
            self._revision = revision
            self.status.passages = len(passages)
            return self.status

    def _passages(self) -> dict[int, GuidancePassage]:
        with self.db.session() as session:
            rows = session.scalars(select(GuidancePassage).order_by(GuidancePassage.id)).all()
            return {row.id: row for row in rows}

    def _load_dense(self) -> FaissIndex | None:
        if not self._dense_path.exists():
            return None
        try:
            index = FaissIndex.load(self._dense_path)
        except Exception as exc:
            log.warning("guidance index %s unreadable (%s); rebuilding", self._dense_path, exc)
            self.status.rebuilt.append("dense")
            return None
        if index.dim != self.embedder.dim:
            self.status.rebuilt.append("dense")
            return None
        return index

    def _load_sparse(self) -> Bm25Index | None:
        if not self._sparse_path.exists():
            return None
        try:
            return Bm25Index.load(self._sparse_path)
        except Exception as exc:
            log.warning("keyword index %s unreadable (%s); rebuilding", self._sparse_path, exc)
            self.status.rebuilt.append("keyword")
            return None

    def _sync_dense(self, passages: dict[int, GuidancePassage], progress: Progress | None) -> bool:
        """Add missing and remove stale vectors; True when the index changed."""
        if self._dense is None:
            if self._dense_path.exists() and "dense" not in self.status.rebuilt:
                self.status.rebuilt.append("dense")
            self._dense = FaissIndex(self.embedder.dim)
        have = self._dense.ids()
        stale = sorted(have - set(passages))
        self._dense.remove(stale)
        missing = sorted(set(passages) - have)
        texts = [field_text(passages[i], self.config.dense_fields) for i in missing]
        vectors = cached_encode(self.db, self.embedder, texts, progress=progress)
        self._dense.add(missing, vectors)
        return bool(stale or missing)

    def _rebuild_sparse(self, passages: dict[int, GuidancePassage]) -> None:
        index = Bm25Index()
        ids = list(passages)
        index.build(ids, [field_text(passages[i], self.config.sparse_fields) for i in ids])
        index.save(self._sparse_path)
        self._sparse = index

    def reset_files(self) -> None:
        with self._lock:
            for path in (self._dense_path, self._manifest_path):
                path.unlink(missing_ok=True)
            shutil.rmtree(self._sparse_path, ignore_errors=True)
            self._dense = self._sparse = None
            self._sentences = self._expander = None
            self._revision = -1

    # -- search --------------------------------------------------------------------------
    def search(self, query: str, k: int, *, allowed: Collection[int] | None = None,
               mode: str | None = None, fusion: RetrievalConfig | None = None) -> list[tuple[int, float]]:
        """Best ``k`` (passage id, score). ``fusion`` overrides the fusion weights (not the fields)."""
        self.ensure()
        cfg = fusion or self.config
        mode = mode or cfg.mode
        depth = max(cfg.depth, k)
        assert self._dense is not None and self._sparse is not None
        dense: list[tuple[int, float]] = []
        sparse: list[tuple[int, float]] = []
        if mode in ("hybrid", "dense"):
            vector = self.embedder.encode([query])[0]
            dense = self._dense.search(np.asarray(vector), depth, allowed=allowed)
        if mode == "bm25":
            return self._sparse.search(query, k, allowed=allowed)
        if mode == "dense":
            return dense[:k]
        keyword_query = self._expansion(cfg).expand(query) if cfg.expand_threshold is not None else query
        sparse = self._sparse.search(keyword_query, depth, allowed=allowed)
        rankings = [[i for i, _ in dense], [i for i, _ in sparse]]
        weights = [cfg.dense_weight, cfg.sparse_weight]
        if cfg.sentence_weight > 0:
            rankings.append([i for i, _ in self._sentence_index().search(
                np.asarray(vector), depth, allowed=allowed)])
            weights.append(cfg.sentence_weight)
        return reciprocal_rank_fusion(rankings, k=cfg.rrf_k, weights=weights)[:k]

    def _sentence_index(self) -> SentenceIndex:
        with self._lock:
            if self._sentences is None:
                texts = {i: p.text for i, p in self._passages().items()}
                self._sentences = SentenceIndex(self.db, self.embedder, texts)
            return self._sentences

    def _expansion(self, cfg: RetrievalConfig) -> QueryExpander:
        with self._lock:
            wanted = (cfg.expand_threshold, cfg.expand_per_word)
            if self._expander is None or (self._expander.threshold, self._expander.per_word) != wanted:
                texts = [p.text for p in self._passages().values()]
                self._expander = QueryExpander(self.db, self.embedder, texts,
                                               threshold=float(cfg.expand_threshold or 1.0),
                                               per_word=cfg.expand_per_word)
            return self._expander
