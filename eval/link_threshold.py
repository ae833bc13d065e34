"""Calibrate the one goal-link threshold (``LINK_THRESHOLD`` in coach/reflection/linking.py).

    python eval/link_threshold.py --out eval/results/link_threshold.json

From this confidence on a goal is linked automatically; below it the best goal is only a suggestion
the mentee confirms. It is chosen where the ranker has not seen the text: on the leave-one-writer-out
predictions of the training writers (eval/train_linker.py's training writers; the shipped ranker's
feature set, C and temperature, refitted on one writer and applied to the other), as the lowest
confidence at which automatic links are right at least ``--min-precision`` of the time (default
0.9; gold = `goal` plus `also_goals`). Writer A's test split is then measured once at that
threshold with the shipped ranker, never used to choose. The held-out set is not read here.
Copy the printed threshold into ``LINK_THRESHOLD``; a unit test keeps the two equal.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from coach.nlp import get_embedder
from coach.reflection.link_features import FEATURES
from coach.reflection.link_ranker import LINK_RANKER_FILE, default_ranker
from coach.reflection.linking import LINK_THRESHOLD, link_goals
from eval.common import DATA, read_jsonl
from eval.train_linker import (
    FEATURE_SETS,
    featurize,
    fit,
    full_ranker,
    journey_rows,
    training_writers,
    with_history,
)

COMMAND = "python eval/link_threshold.py --out eval/results/link_threshold.json"

Scored = list[tuple[float, bool, bool]]  # (confidence, is a gold link, is the top-ranked goal)


def scored_from(probs: list[np.ndarray], rows: list[dict]) -> Scored:
    out = []
    for p, r in zip(probs, rows, strict=True):
        gold = {r["goal"], *r["also"]}
        top = int(np.argmax(p))
        out += [(float(c), i in gold, i == top) for i, c in enumerate(p)]
    return out


def at(threshold: float, scored: Scored, n_reflections: int) -> dict:
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
    emb = get_embedder()
    shipped = json.loads(LINK_RANKER_FILE.read_text())
    cols = [FEATURES.index(f) for f in FEATURE_SETS[shipped["chosen"]["features"]]]
    ranker = default_ranker()
    writers = training_writers()
    mats = {w: featurize(emb, rows, learn=True) for w, rows in writers.items()}
    scored: Scored = []
    n = 0
    for held in writers:
        train = [w for w in writers if w != held]
        mean, scale, coef = fit([m for w in train for m in mats[w]],
                                [r["goal"] for w in train for r in writers[w]], cols,
                                float(shipped["chosen"]["C"]))
        oof = full_ranker(cols, mean, scale, coef, ranker.temperature)
        scored += scored_from([oof.probabilities(m) for m in mats[held]], writers[held])
        n += len(writers[held])
    grid = sorted({round(c, 3) for c, _, _ in scored})
    chosen = next((t for t in grid if (at(t, scored, n)["precision"] or 0) >= args.min_precision), 1.0)
    test = journey_rows(r for r in read_jsonl(DATA / "reflections.jsonl") if r["split"] == "test")
    test_probs = []
    for r, goals in zip(test, with_history(test, learn=True), strict=True):
        links = link_goals(emb, r["parts"], goals)
        p = np.zeros(len(goals))
        for link in links:
            p[link.index] = link.confidence
        test_probs.append(p)
    test_scored = scored_from(test_probs, test)
    results = {"command": COMMAND, "min_precision": args.min_precision, "threshold": chosen,
               "chosen_on": "leave-one-writer-out predictions of the training writers ("
                            + ", ".join(writers) + ")",
               "cross_writer": {"reflections": n, **at(chosen, scored, n)},
               "test": {"reflections": len(test), **at(chosen, test_scored, len(test))},
               "shipped_before": {"threshold": LINK_THRESHOLD, "cross_writer": at(LINK_THRESHOLD, scored, n)},
               "ranker": shipped.get("version")}
    print(json.dumps(results, indent=1))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
