"""Retrieval evaluation: hit@5 and MRR@10 for BM25, dense and fused rankings.

    python eval/retrieval_eval.py            # default configuration, both splits
    python eval/retrieval_eval.py --tune     # grid search on the tuning split only

The default configuration in ``coach/guidance/index.py`` is the best one measured with --tune.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import asdict, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.config import Settings
from coach.context import Context
from coach.guidance.index import RetrievalConfig
from eval.common import DATA, hit_at, mrr_at, read_jsonl, scratch_home


def evaluate(ctx: Context, questions: list[dict], mode: str) -> dict[str, float]:
    hits, mrrs = [], []
    for q in questions:
        ranked = [h.passage_id for h in ctx.guidance.search(q["question"], k=10, mode=mode)]
        hits.append(hit_at(ranked, q["relevant"], 5))
        mrrs.append(mrr_at(ranked, q["relevant"], 10))
    n = len(questions)
    return {"hit@5": round(sum(hits) / n, 3), "mrr@10": round(sum(mrrs) / n, 3), "n": n}


def context_for(config: RetrievalConfig) -> Context:
    return Context(Settings(home=scratch_home()), retrieval=config)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true", help="grid search on the tuning split")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    questions = read_jsonl(DATA / "retrieval_questions.jsonl")
    tune = [q for q in questions if q["split"] == "tune"]
    held = [q for q in questions if q["split"] == "heldout"]
    results: dict[str, object] = {}
    if args.tune:
        grid = []
        fields = [(("title", "text"), ("title", "tags", "text")), (("text",), ("text",)),
                  (("title", "tags", "text"), ("title", "tags", "text"))]
        for dense_f, sparse_f in fields:
            base = RetrievalConfig(dense_fields=dense_f, sparse_fields=sparse_f)
            ctx = context_for(base)
            for rrf_k, dw, sw in itertools.product((10, 30, 60), (1.0, 1.5, 2.0), (0.5, 1.0)):
                ctx.guidance.index.config = replace(base, rrf_k=rrf_k, dense_weight=dw,
                                                    sparse_weight=sw)
                score = evaluate(ctx, tune, "hybrid")
                grid.append({"config": asdict(ctx.guidance.index.config), **score})
                print(json.dumps(grid[-1]), flush=True)
        grid.sort(key=lambda r: (-r["mrr@10"], -r["hit@5"]))
        results["best_on_tune"] = grid[0]
        print("best on tune:", json.dumps(grid[0]))
    else:
        ctx = context_for(RetrievalConfig())
        for split, rows in (("tune", tune), ("heldout", held)):
            for mode in ("bm25", "dense", "hybrid"):
                results[f"{split}/{mode}"] = evaluate(ctx, rows, mode)
                print(split, mode, results[f"{split}/{mode}"], flush=True)
        results["config"] = asdict(RetrievalConfig())
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
