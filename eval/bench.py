"""Benchmarks (`make bench`): embedding throughput, search latency at 1k/10k/100k passages, memory.

    python eval/bench.py [--sizes 1000 10000 100000] [--out eval/results/bench.json]

Search is timed through the whole service path (query embedding, FAISS, BM25, fusion, database
lookup of the hits). To reach 100k passages without embedding 100k texts, the passages are sentences
of our library recombined, and their vectors are written to the embeddings cache as random unit
vectors: exact FAISS search costs the same for any vectors of that size.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from coach.config import Settings
from coach.context import Context
from coach.guidance.index import REVISION, field_text
from coach.nlp.cache import text_hash
from coach.store.models import EmbeddingCache, GuidanceDocument, GuidancePassage
from eval.common import DATA, read_jsonl, scratch_home
from eval.feedback_bench import bench_feedback


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def bench_embedding(ctx: Context, texts: list[str]) -> dict[str, float]:
    emb = ctx.embedder
    model = emb._model  # type: ignore[attr-defined]
    model.encode(texts[:64], batch_size=64)  # warm up
    emb.encode(texts[:64])
    t = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    bare = len(texts) / (time.perf_counter() - t)
    t = time.perf_counter()
    emb.encode(texts, batch_size=64)
    ours = len(texts) / (time.perf_counter() - t)
    return {"texts": len(texts), "bare_per_s": round(bare, 1), "ours_per_s": round(ours, 1),
            "ratio": round(ours / bare, 3)}


def synthetic_library(ctx: Context, n: int, sentences: list[str], rng: random.Random) -> None:
    dim = ctx.embedder.dim
    model_id = ctx.embedder.model_id
    cfg = ctx.guidance.index.config
    with ctx.db.session() as session:
        doc = GuidanceDocument(source=f"bench:{n}", title="bench", content_hash=str(n))
        session.add(doc)
        session.flush()
        passages = []
        for i in range(n):
            text = " ".join(rng.sample(sentences, 4))
            passages.append(GuidancePassage(document_id=doc.id, key=f"bench-{i}", ordinal=i,
                                            title=f"Passage {i}", tags=["bench"], text=text))
        session.add_all(passages)
        session.flush()
        seen = set()
        vectors = np.random.default_rng(0).standard_normal((n, dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        for p, v in zip(passages, vectors, strict=True):
            h = text_hash(field_text(p, cfg.dense_fields))
            if h not in seen:
                seen.add(h)
                session.add(EmbeddingCache(text_hash=h, model_id=model_id, vector=v.tobytes()))
        ctx.db.bump_revision(session, REVISION)


def bench_search(n: int, queries: list[str], sentences: list[str]) -> dict[str, float]:
    ctx = Context(Settings(home=scratch_home("coach-bench-")))
    ctx.guidance.ensure_default_library()
    if n > 54:
        synthetic_library(ctx, n - 54, sentences, random.Random(n))
    t = time.perf_counter()
    status = ctx.guidance.ensure_index()
    build = time.perf_counter() - t
    for q in queries[:5]:
        ctx.guidance.search(q, k=5)
    times = []
    for q in queries:
        t = time.perf_counter()
        ctx.guidance.search(q, k=5)
        times.append((time.perf_counter() - t) * 1000)
    return {"passages": status.passages, "index_build_s": round(build, 2),
            "p50_ms": round(statistics.median(times), 2), "p95_ms": round(pct(times, 95), 2),
            "queries": len(times), "peak_rss_mb": round(peak_mb(), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=Path("eval/results/bench.json"))
    parser.add_argument("--only", choices=["embedding", "search", "feedback"], nargs="*")
    args = parser.parse_args()
    only = set(args.only or ["embedding", "search", "feedback"])
    results: dict[str, object] = {}
    questions = [q["question"] for q in read_jsonl(DATA / "retrieval_questions.jsonl")]
    ctx = Context(Settings(home=scratch_home("coach-bench-")))
    sentences = [s.strip() + "." for p in ctx.guidance.passages() for s in p.text.split(".")
                 if len(s.strip()) > 30]
    if "feedback" in only:  # first: before FAISS has started its OpenMP threads
        results["feedback"] = bench_feedback()
        print("feedback", results["feedback"], flush=True)
    if "embedding" in only:
        texts = [" ".join(random.Random(i).sample(sentences, 3)) for i in range(1024)]
        results["embedding"] = bench_embedding(ctx, texts)
        print("embedding", results["embedding"], flush=True)
    if "search" in only:
        for n in args.sizes:
            results[f"search_{n}"] = bench_search(n, questions, sentences)
            print(f"search {n}", results[f"search_{n}"], flush=True)
    results["peak_rss_mb"] = round(peak_mb(), 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
