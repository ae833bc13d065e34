"""Train the goal-quality heads: `python eval/train_goals.py` (tune split only; test untouched).

Writes models/goal_heads.json. C and thresholds by 5-fold cross-validation on the tune split (best accuracy).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from coach.nlp import get_embedder, get_nlp
from coach.reflection.goal_quality import GOAL_HEADS_FILE, LABELS, RULE_FEATURES, goal_features
from eval.common import DATA, read_jsonl

C_GRID = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The threshold with the best out-of-fold accuracy (the target is accuracy per label)."""
    best = (0.5, -1.0)
    for t in np.arange(0.2, 0.81, 0.025):
        acc = float(np.mean((p >= t) == y))
        if acc > best[1] + 1e-9:
            best = (float(t), acc)
    return best


def main() -> None:
    rows = [r for r in read_jsonl(DATA / "goals.jsonl") if r["split"] == "tune"]
    nlp, emb = get_nlp(), get_embedder()
    feats = np.vstack([goal_features(r["text"], nlp) for r in rows])
    mean, scale = feats.mean(0), feats.std(0)
    scale[scale == 0] = 1.0
    x = np.hstack([emb.encode([r["text"] for r in rows]), (feats - mean) / scale])
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    heads, report = {}, {}
    for label in LABELS:
        y = np.array([bool(r[label]) for r in rows])
        best = None
        for c in C_GRID:
            p = cross_val_predict(LogisticRegression(C=c, max_iter=4000, class_weight="balanced"),
                                  x, y, cv=folds, method="predict_proba")[:, 1]
            t, f1 = best_threshold(y, p)
            if best is None or f1 > best[2]:
                best = (c, t, f1)
        c, t, f1 = best
        model = LogisticRegression(C=c, max_iter=4000, class_weight="balanced").fit(x, y)
        heads[label] = {"coef": model.coef_[0].round(6).tolist(), "intercept": float(model.intercept_[0]),
                        "threshold": round(t, 3), "C": c}
        report[label] = {"C": c, "threshold": round(t, 3), "cv_accuracy": round(float(f1), 3)}
        print(label, report[label], flush=True)
    GOAL_HEADS_FILE.write_text(json.dumps({
        "version": "goal-heads-1", "embedding_model": emb.model_id, "feature_names": list(RULE_FEATURES),
        "feature_mean": mean.round(6).tolist(), "feature_scale": scale.round(6).tolist(),
        "heads": heads, "trained_on": {"rows": len(rows), "split": "tune"}, "cv": report}))
    print(f"wrote {GOAL_HEADS_FILE}")


if __name__ == "__main__":
    main()
