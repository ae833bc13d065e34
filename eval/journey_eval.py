"""Mentee-journey evaluation: goal linking, guidance fit, goal-quality check.

    python eval/journey_eval.py                    # test split (figures in eval/README.md)
    python eval/journey_eval.py --split tune       # the split used while developing

- Goal linking: accuracy of the top linked goal (gold `goal`), and top-1 in {goal} + also_goals.
- Guidance fit: hit@3 of the three passages shown for a reflection against the gold passages.
- Goal quality: precision/recall/F1 for specific, measurable, time_bound on eval/data/goals.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from coach.config import Settings
from coach.context import Context
from coach.reflection.analyze import fit_guidance
from coach.reflection.goal_quality import LABELS, GoalChecker
from coach.reflection.linking import goal_similarities, link_goals
from eval.common import DATA, hit_at, prf, read_jsonl, scratch_home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="test", choices=["tune", "test"])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    ctx = Context(Settings(home=scratch_home()))
    emb = ctx.embedder
    rows = [r for r in read_jsonl(DATA / "reflections.jsonl") if r["split"] == args.split]
    top1 = top1_any = hits = 0
    sims_pos, sims_neg = [], []
    for r in rows:
        links = link_goals(emb, r["text"], r["goals"])
        top1 += links[0].index == r["goal"]
        top1_any += links[0].index in {r["goal"], *r.get("also_goals", [])}
        sims = goal_similarities(emb, r["text"], r["goals"])
        for i, s in enumerate(sims):
            (sims_pos if i in {r["goal"], *r.get("also_goals", [])} else sims_neg).append(float(s))
        shown = [f.passage_id for f in fit_guidance(r["text"], ctx.guidance, emb, k=3)]
        hits += hit_at(shown, r["guidance"], 3)
    n = len(rows)
    results: dict[str, object] = {
        "split": args.split, "reflections": n,
        "goal_top1_accuracy": round(top1 / n, 3), "goal_top1_in_any_linked": round(top1_any / n, 3),
        "guidance_hit@3": round(hits / n, 3),
        "similarity_linked_mean": round(float(np.mean(sims_pos)), 3),
        "similarity_unlinked_mean": round(float(np.mean(sims_neg)), 3),
    }
    goals = [r for r in read_jsonl(DATA / "goals.jsonl") if r["split"] == args.split]
    checker = GoalChecker(lambda: ctx.nlp, lambda: ctx.embedder)
    checks = [checker.check(r["text"]) for r in goals]
    results["goal_quality"] = {label: prf([bool(r[label]) for r in goals],
                                          [getattr(c, label) for c in checks]) for label in LABELS}
    results["goal_quality_n"] = len(goals)
    print(json.dumps(results, indent=1))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
