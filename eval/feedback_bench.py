"""Feedback checker speed: warm single-check latency and batch throughput (part of `make bench`)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from coach.feedback.checker import FeedbackChecker
from coach.nlp import get_embedder, get_nlp
from eval.feedback_data import load_rows


def bench_feedback() -> dict[str, float]:
    checker = FeedbackChecker(get_nlp, get_embedder)
    texts = [r["text"] for r in load_rows()]
    for text in texts[:20]:  # warm up: models, lexicon matchers, examples
        checker.check(text)
    times = []
    for text in texts[:300]:
        start = time.perf_counter()
        checker.check(text, examples=1)
        times.append((time.perf_counter() - start) * 1000)
    batch = [(str(i), t) for i, t in enumerate(texts)]
    start = time.perf_counter()
    checker.check_many(batch, examples=0)
    elapsed = time.perf_counter() - start
    return {"single_p50_ms": round(statistics.median(times), 2),
            "single_p95_ms": round(float(np.percentile(times, 95)), 2),
            "batch_texts": len(batch), "batch_per_s": round(len(batch) / elapsed, 1)}


if __name__ == "__main__":
    print(bench_feedback())
