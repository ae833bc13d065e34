"""Feedback checker speed: warm single-check latency and batch throughput (part of `make bench`).

    python eval/feedback_bench.py --out eval/results/feedback_bench.json

With --out it instead times the previous (session-1) heads, the session-2 and session-3 heads
(feedback-heads-2, -3) and the shipped model in one process, alternating text by text, so the
latency ratios are measured under the same machine load (the load average is recorded next to them).
"""

from __future__ import annotations

import argparse
import json
import os
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


def compare_latency(n: int = 300) -> dict[str, object]:
    """p50 of one warm check with the previous heads and with the shipped heads, interleaved."""
    from eval.feedback_eval import BASELINE_COMMIT, SESSION2_COMMIT, SESSION3_COMMIT, baseline_heads

    base, session2 = baseline_heads(), baseline_heads(SESSION2_COMMIT)
    session3 = baseline_heads(SESSION3_COMMIT)
    if base is None or session2 is None or session3 is None:
        return {"error": "previous heads not available (needs the git history)"}
    checkers = {"previous": FeedbackChecker(get_nlp, get_embedder, heads=base),
                "session2": FeedbackChecker(get_nlp, get_embedder, heads=session2),
                "session3": FeedbackChecker(get_nlp, get_embedder, heads=session3),
                "shipped": FeedbackChecker(get_nlp, get_embedder)}
    load_before = os.getloadavg()
    texts = [r["text"] for r in load_rows()]
    for checker in checkers.values():
        for text in texts[:20]:
            checker.check(text)
    times: dict[str, list[float]] = {k: [] for k in checkers}
    for text in texts[:n]:
        for name, checker in checkers.items():
            start = time.perf_counter()
            checker.check(text, examples=1)
            times[name].append((time.perf_counter() - start) * 1000)
    p50 = {k: round(statistics.median(v), 2) for k, v in times.items()}
    return {"texts": n, "previous_commit": BASELINE_COMMIT, "session2_commit": SESSION2_COMMIT,
            "p50_ms": p50,
            "p95_ms": {k: round(float(np.percentile(v, 95)), 2) for k, v in times.items()},
            "ratio_p50": round(p50["shipped"] / p50["previous"], 3),
            "ratio_p50_vs_session2": round(p50["shipped"] / p50["session2"], 3),
            "session3_commit": SESSION3_COMMIT,
            "ratio_p50_vs_session3": round(p50["shipped"] / p50["session3"], 3),
            "load_avg": [round(x, 2) for x in (*load_before, *os.getloadavg())],
            "load_avg_note": "1/5/15-minute load averages before, then after the run"}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--texts", type=int, default=200)
    args = parser.parse_args()
    if args.out:  # the A/B latency ratio (`eval/bench.py` records the absolute figures)
        result: dict[str, object] = {"latency_vs_previous": compare_latency(args.texts)}
        args.out.write_text(json.dumps(result, indent=2))
    else:
        result = {"bench": bench_feedback()}
    print(result)
