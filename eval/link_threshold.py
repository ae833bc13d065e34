"""Calibrate the goal-link threshold: below it, a linked goal is only a suggestion the mentee confirms.

    python eval/link_threshold.py --out eval/results/link_threshold.json

The threshold is chosen on the **tune** split of eval/data/reflections.jsonl only (each reflection
with its candidate goals; gold = `goal` plus `also_goals`): the lowest confidence at which auto
links reach a precision of at least ``--min-precision`` (default 0.9), so an automatic link is right
at least 9 times in 10. The test split is then measured once at that threshold, never used to choose.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.config import Settings
from coach.context import Context
from coach.reflection.linking import link_goals
from eval.common import DATA, read_jsonl, scratch_home

COMMAND = "python eval/link_threshold.py --out eval/results/link_threshold.json"


def pairs(emb, rows: list[dict]) -> list[tuple[float, bool, bool]]:  # type: ignore[no-untyped-def]
    """(confidence, is a gold link, is the top-ranked goal) for every reflection-goal pair."""
    out = []
    for r in rows:
        gold = {r["goal"], *r.get("also_goals", [])}
        for rank, link in enumerate(link_goals(emb, r["text"], r["goals"])):
            out.append((link.confidence, link.index in gold, rank == 0))
    return out


def at(threshold: float, scored: list[tuple[float, bool, bool]], n_reflections: int) -> dict:
    auto = [(c, g) for c, g, _ in scored if c >= threshold]
    tp = sum(g for _, g in auto)
    positives = sum(g for _, g, _ in scored)
    top = [(c, g) for c, g, first in scored if first]
    return {"threshold": round(threshold, 3), "auto_links": len(auto),
            "precision": round(tp / len(auto), 3) if auto else None,
            "recall": round(tp / positives, 3) if positives else None,
            "reflections_with_auto_link": round(sum(c >= threshold for c, _ in top) / n_reflections, 3),
            "suggestions_right": round(sum(g for c, g in top if c < threshold) /
                                       max(1, sum(c < threshold for c, _ in top)), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-precision", type=float, default=0.9)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    emb = Context(Settings(home=scratch_home())).embedder
    rows = read_jsonl(DATA / "reflections.jsonl")
    tune = [r for r in rows if r["split"] == "tune"]
    test = [r for r in rows if r["split"] == "test"]
    scored = pairs(emb, tune)
    grid = sorted({round(c, 3) for c, _, _ in scored})
    chosen = next((t for t in grid if (at(t, scored, len(tune))["precision"] or 0) >= args.min_precision),
                  1.0)
    results = {"command": COMMAND, "min_precision": args.min_precision, "threshold": chosen,
               "tune": {"reflections": len(tune), **at(chosen, scored, len(tune))},
               "test": {"reflections": len(test), **at(chosen, pairs(emb, test), len(test))},
               "previous_threshold": {"threshold": 0.5, "tune": at(0.5, scored, len(tune))}}
    print(json.dumps(results, indent=1))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
