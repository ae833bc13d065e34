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
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from sqlalchemy import select

from coach.guidance.backends import Bm25Index, FaissIndex
from coach.guidance.expansion import QueryExpander
from coach.guidance.fusion import reciprocal_rank_fusion
from coach.guidance.passage_ranker import (
    FEATURE_POOL,
    FirstStage,
    PassageRanker,
    default_passage_ranker,
    features,
)
from coach.guidance.passage_table import PassageTable
from coach.guidance.sentences import SentenceIndex
from coach.nlp.cache import cached_encode
from coach.nlp.embedder import Embedder
from coach.store.db import Database
from coach.store.models import GuidanceDocument, GuidancePassage

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
    #: re-order the hybrid top passages with the learned passage ranker (hybrid mode only)
    rerank: bool = False


#: What search uses unless told otherwise: weighted RRF of passage vectors and BM25 with query
#: expansion, plus the sentence-level ranking (chosen on the tuning documents of
#: ``eval/retrieval_docs_eval.py --tune-fusion``), its top passages re-ordered by the learned
#: passage ranker (``passage_ranker.py``; figures in eval/README.md). A ``fusion`` override passed
#: to search (e.g. the reflection path's) re-ranks only if it says ``rerank=True``.
SHIPPED = RetrievalConfig(sentence_weight=1.0, expand_threshold=0.55, rerank=True)
#: The same first stage without the re-ranker (``coach guidance search --no-rerank``).
FIRST_STAGE = replace(SHIPPED, rerank=False)


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
        self._table: PassageTable | None = None
        self._ranker: PassageRanker | None = None
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
            self._table = None
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
            self._table = None
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
        if mode == "bm25":
            return self._sparse.search(query, k, allowed=allowed)
        vector = np.asarray(self.embedder.encode([query])[0])
        if mode == "dense":
            return self._dense.search(vector, depth, allowed=allowed)[:k]
        if not cfg.rerank:
            return list(self._fused(query, vector, cfg, depth, allowed)[0].fused[:k])
        stage, vector = self.first_stage(query, cfg, depth=depth, allowed=allowed, vector=vector)
        pool = replace(stage, fused=stage.fused[:FEATURE_POOL])
        matrix = features(query, vector, pool, self.passage_table())
        return self.ranker().rerank(matrix, stage.fused)[:k]

    def _fused(self, query: str, vector: np.ndarray, cfg: RetrievalConfig, depth: int,
               allowed: Collection[int] | None) -> tuple[FirstStage, list[tuple[int, float]]]:
        assert self._dense is not None and self._sparse is not None
        dense = self._dense.search(vector, depth, allowed=allowed)
        keyword_query = self._expansion(cfg).expand(query) if cfg.expand_threshold is not None else query
        sparse = self._sparse.search(keyword_query, depth, allowed=allowed)
        rankings = [[i for i, _ in dense], [i for i, _ in sparse]]
        weights = [cfg.dense_weight, cfg.sparse_weight]
        sentences: list[tuple[int, float]] = []
        if cfg.sentence_weight > 0:
            sentences = self._sentence_index().search(vector, depth, allowed=allowed)
            rankings.append([i for i, _ in sentences])
            weights.append(cfg.sentence_weight)
        fused = reciprocal_rank_fusion(rankings, k=cfg.rrf_k, weights=weights)
        stage = FirstStage(fused=fused, sparse=dict(sparse), plain_sparse={}, sentence=dict(sentences))
        return stage, sparse

    def first_stage(self, query: str, cfg: RetrievalConfig | None = None, *, depth: int = 50,
                    allowed: Collection[int] | None = None,
                    vector: np.ndarray | None = None) -> tuple[FirstStage, np.ndarray]:
        """The hybrid search's evidence for the re-ranker (also used to train it)."""
        self.ensure()
        cfg = cfg or self.config
        assert self._sparse is not None
        if vector is None:
            vector = np.asarray(self.embedder.encode([query])[0])
        stage, sparse = self._fused(query, vector, cfg, depth, allowed)
        plain = sparse if cfg.expand_threshold is None else self._sparse.search(query, depth,
                                                                                allowed=allowed)
        head = [i for i, _ in stage.fused[:FEATURE_POOL]]
        sentence = dict(self._sentence_index().search(vector, len(head), allowed=head)) if head else {}
        return FirstStage(fused=stage.fused, sparse=stage.sparse, plain_sparse=dict(plain),
                          sentence=sentence), vector

    def ranker(self) -> PassageRanker:
        if self._ranker is None:
            self._ranker = default_passage_ranker()
        return self._ranker

    def passage_table(self) -> PassageTable:
        with self._lock:
            if self._table is None:
                passages = self._passages()
                with self.db.session() as session:
                    titles = dict(session.execute(select(GuidanceDocument.id,
                                                         GuidanceDocument.title)).all())
                ids = list(passages)
                rows = [passages[i] for i in ids]
                self._table = PassageTable(
                    self.db, self.embedder, ids=ids,
                    indexed_texts=[field_text(p, self.config.dense_fields) for p in rows],
                    titles=[p.title for p in rows], texts=[p.text for p in rows],
                    document_ids=[p.document_id for p in rows], ordinals=[p.ordinal for p in rows],
                    document_titles=titles)
            return self._table

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
