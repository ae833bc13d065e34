"""Guidance that fits a reflection, matched in the mentee's own voice.

Passages are advice in the second person; reflections are first-person stories ("I froze", "it
finally worked"). For each passage of the shipped library, ``data/guidance_situations.json`` holds
a few sentences a mentee who needs it might write. A reflection's sentences are matched against
them (best sentence against best situation). Since session 5 that score is one feature of the
learned re-ranker (``guidance_ranker``); ``fuse`` / ``situation_order`` (reciprocal rank fusion
with the library's hybrid search) are the previous ranking, kept for the evaluation's comparison.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from coach.nlp.cache import cached_encode
from coach.nlp.embedder import Embedder
from coach.reflection import vector_cache
from coach.reflection.link_features import split_sentences
from coach.reflection.vector_cache import encode_cached
from coach.store.db import Database

SITUATIONS_FILE = Path(__file__).resolve().parent / "data" / "guidance_situations.json"
#: reciprocal-rank-fusion constant and weights (search, situations); chosen on our training
#: reflections only (eval/journey_eval.py --split tune and eval/data/journey_train), see eval/README
RRF_K = 10.0
WEIGHTS = (1.0, 1.0)


@lru_cache(maxsize=1)
def situations() -> dict[str, tuple[str, ...]]:
    data = json.loads(SITUATIONS_FILE.read_text(encoding="utf-8"))
    return {k: tuple(v) for k, v in data.items() if not k.startswith("_")}


def prime_situations(db: Database, embedder: Embedder) -> None:
    """Load every situation's vector into the in-process vector cache from the database's embeddings
    cache (encoding and storing them the first time), so a new process, e.g. one ``coach reflect``,
    does not encode the ~1,500 sentences again."""
    texts = [s for ss in situations().values() for s in ss]
    vector_cache.prime(embedder, texts, cached_encode(db, embedder, texts))


def situation_scores(embedder: Embedder, text: str, passage_ids: Sequence[str]) -> dict[str, float]:
    """For each passage with situations: the best cosine between a reflection sentence and one of
    its situations."""
    table = situations()
    ids = [p for p in dict.fromkeys(passage_ids) if p in table]
    if not ids:
        return {}
    sentences = split_sentences(text) or [text]
    texts = [s for p in ids for s in table[p]]
    vecs = encode_cached(embedder, [*sentences, *texts])
    sims = vecs[: len(sentences)] @ vecs[len(sentences):].T  # sentences x situations
    best = sims.max(axis=0)
    out: dict[str, float] = {}
    at = 0
    for p in ids:
        n = len(table[p])
        out[p] = float(best[at: at + n].max())
        at += n
    return out


def fuse(search_ids: Sequence[str], scores: dict[str, float]) -> list[str]:
    """Search order fused with the situation order (RRF); ids not in the search list are dropped."""
    fused = {p: WEIGHTS[0] / (RRF_K + rank + 1) for rank, p in enumerate(search_ids)}
    ranked = sorted((p for p in scores if p in fused), key=lambda p: (-scores[p], p))
    for rank, p in enumerate(ranked):
        fused[p] += WEIGHTS[1] / (RRF_K + rank + 1)
    order = {p: i for i, p in enumerate(search_ids)}
    return sorted(fused, key=lambda p: (-fused[p], order[p]))


def situation_order(embedder: Embedder, text: str, passage_ids: Sequence[str]) -> list[str]:
    """The passage ids fused with how well the reflection matches each passage's situations."""
    return fuse(passage_ids, situation_scores(embedder, text, passage_ids))


__all__ = ["SITUATIONS_FILE", "fuse", "prime_situations", "situation_order", "situation_scores", "situations"]
