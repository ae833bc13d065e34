"""Train the goal-quality heads: `python eval/train_goals.py` -> models/goal_heads.json.

Training data from two writers, never a test set: writer A = eval/data/goals.jsonl (tune split only;
its test split stays untouched) and writer B = eval/data/journey_train/goals.jsonl (written by the
journey engineer to cover issue 12's definition of measurable, plus goals_more.jsonl, written in
session 4 so that a number or a deadline does not stand in for "specific"). C and each threshold are chosen on
leave-one-writer-out predictions (train on one writer, predict the other; best accuracy), so the
choice rewards what carries over to someone else's words; the heads are then fitted on both.
The input set is chosen the same way per label: embedding + rule features, or rule features alone
(the embedding's columns then get zero weights, so the file keeps one shape).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

from coach.nlp import get_embedder, get_nlp
from coach.reflection.goal_quality import GOAL_HEADS_FILE, LABELS, RULE_FEATURES, goal_features
from eval.common import DATA, read_jsonl

C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
INPUTS = ("embedding+rules", "rules")
#: class-balanced training makes 0.5 the neutral point; ``--threshold lowo`` (None) chooses each
#: label's threshold on the cross-writer predictions instead. On the dev set (former held-out) the
#: fixed 0.5 did as well or better (specific 0.933 both, measurable 0.950 vs 0.943, time-bound
#: 0.977 vs 0.970): a threshold fitted to the shift between two writers does not carry to a third.
FIXED_THRESHOLD: float | None = 0.5


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The threshold with the best out-of-fold accuracy (the target is accuracy per label); with
    ``FIXED_THRESHOLD`` (class-balanced training makes 0.5 the neutral point) only that one."""
    if FIXED_THRESHOLD is not None:
        return FIXED_THRESHOLD, float(np.mean((p >= FIXED_THRESHOLD) == y))
    best = (0.5, -1.0)
    for t in np.arange(0.2, 0.81, 0.025):
        acc = float(np.mean((p >= t) == y))
        if acc > best[1] + 1e-9:
            best = (float(t), acc)
    return best


def main() -> None:
    global FIXED_THRESHOLD
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threshold", choices=["0.5", "lowo"], default="0.5")
    FIXED_THRESHOLD = None if parser.parse_args().threshold == "lowo" else 0.5
    writer_a = [r for r in read_jsonl(DATA / "goals.jsonl") if r["split"] == "tune"]
    writer_b = read_jsonl(DATA / "journey_train" / "goals.jsonl") + \
        read_jsonl(DATA / "journey_train" / "goals_more.jsonl")
    rows = writer_a + writer_b
    writer = np.array([0] * len(writer_a) + [1] * len(writer_b))
    nlp, emb = get_nlp(), get_embedder()
    feats = np.vstack([goal_features(r["text"], nlp) for r in rows])
    mean, scale = feats.mean(0), feats.std(0)
    scale[scale == 0] = 1.0
    x = np.hstack([emb.encode([r["text"] for r in rows]), (feats - mean) / scale])
    folds = [(np.flatnonzero(writer != w), np.flatnonzero(writer == w)) for w in (0, 1)]
    heads, report = {}, {}
    dim = x.shape[1] - feats.shape[1]
    columns = {"embedding+rules": np.arange(x.shape[1]), "rules": np.arange(dim, x.shape[1])}
    for label in LABELS:
        y = np.array([bool(r[label]) for r in rows])
        best = None
        for inputs in INPUTS:
            cols = columns[inputs]
            for c in C_GRID:
                p = cross_val_predict(LogisticRegression(C=c, max_iter=4000, class_weight="balanced"),
                                      x[:, cols], y, cv=folds, method="predict_proba")[:, 1]
                t, acc = best_threshold(y, p)
                if best is None or acc > best[3] + 1e-9:
                    best = (inputs, c, t, acc)
        inputs, c, t, acc = best
        cols = columns[inputs]
        model = LogisticRegression(C=c, max_iter=4000, class_weight="balanced").fit(x[:, cols], y)
        coef = np.zeros(x.shape[1])
        coef[cols] = model.coef_[0]
        heads[label] = {"coef": coef.round(6).tolist(), "intercept": float(model.intercept_[0]),
                        "threshold": round(t, 3), "C": c, "inputs": inputs}
        report[label] = {"inputs": inputs, "C": c, "threshold": round(t, 3),
                         "cross_writer_accuracy": round(float(acc), 3)}
        print(label, report[label], flush=True)
    GOAL_HEADS_FILE.write_text(json.dumps({
        "version": "goal-heads-3", "embedding_model": emb.model_id, "feature_names": list(RULE_FEATURES),
        "feature_mean": mean.round(6).tolist(), "feature_scale": scale.round(6).tolist(),
        "heads": heads, "trained_on": {"eval/data/goals.jsonl (tune)": len(writer_a),
                                       "eval/data/journey_train/goals.jsonl + goals_more.jsonl":
                                       len(writer_b)},
        "selection": "leave-one-writer-out (inputs, C" + (", threshold)" if FIXED_THRESHOLD is None
                                                          else "; threshold 0.5)"), "cv": report}))
    print(f"wrote {GOAL_HEADS_FILE}")


if __name__ == "__main__":
    main()
