"""Guidance library: documents, passages, hybrid retrieval (FAISS + BM25 fused by RRF)."""

from coach.guidance.documents import AddResult, DocumentInfo
from coach.guidance.index import GuidanceIndex, RetrievalConfig
from coach.guidance.service import GuidanceService, SearchHit

__all__ = [
           "AddResult",
           "DocumentInfo",
           "GuidanceIndex",
           "GuidanceService",
           "RetrievalConfig",
           "SearchHit",
]
