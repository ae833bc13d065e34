"""Train the feedback heads (one command, reproducible): `python eval/train_feedback.py`.

Logistic regression on [all-MiniLM-L6-v2 embedding, standardized rule features], one head per
label. C and the decision threshold are chosen by 5-fold cross-validation on train+dev; the test
split is never read here. Writes models/feedback_heads.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from coach.feedback.checker import FeedbackChecker
from coach.feedback.classifier import HEADS_FILE
from coach.feedback.features import FEATURE_NAMES
from coach.nlp import get_embedder, get_nlp
from eval.feedback_data import LABELS, featurize_with_sentences, gold, load_rows

RULE_JUDGMENTAL = ("trait-label", "motive-guess", "absolute", "insult", "mockery",
                   "condescension", "biased-remark")
C_GRID = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    best = (0.5, -1.0)
    for t in np.arange(0.2, 0.81, 0.025):
        pred = p >= t
        tp = float(np.sum(pred & y))
        f1 = 2 * tp / (np.sum(pred) + np.sum(y)) if (np.sum(pred) + np.sum(y)) else 0.0
        if f1 > best[1] + 1e-9:
            best = (float(t), f1)
    return best


def _oof_with_sentences(x, y, feats, mean, scale, sent_embs, c, folds):  # type: ignore[no-untyped-def]
    """Out-of-fold document scores and max sentence scores (sentence embedding + doc features)."""
    p_doc = np.zeros(len(y))
    p_sent = np.zeros(len(y))
    scaled = (feats - mean) / scale
    for train_idx, val_idx in folds.split(x, y):
        model = LogisticRegression(C=c, max_iter=4000, class_weight="balanced")
        model.fit(x[train_idx], y[train_idx])
        p_doc[val_idx] = model.predict_proba(x[val_idx])[:, 1]
        for i in val_idx:
            if sent_embs[i] is not None:
                xs = np.hstack([sent_embs[i], np.repeat(scaled[i : i + 1], len(sent_embs[i]), axis=0)])
                p_sent[i] = model.predict_proba(xs)[:, 1].max()
    return p_doc, p_sent


def main() -> None:
    rows = load_rows("train") + load_rows("dev")
    checker = FeedbackChecker(get_nlp, get_embedder)
    emb, feats, sent_embs = featurize_with_sentences(checker, rows)
    mean = feats.mean(axis=0)
    scale = feats.std(axis=0)
    scale[scale == 0] = 1.0
    x = np.hstack([emb, (feats - mean) / scale])
    heads = {}
    report = {}
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    for label in LABELS:
        y = np.array([gold(r, label) for r in rows])
        best = None
        for c in C_GRID:
            model = LogisticRegression(C=c, max_iter=4000, class_weight="balanced")
            p = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
            t, f1 = best_threshold(y, p)
            if best is None or f1 > best[2]:
                best = (c, t, f1)
        c, t, f1 = best
        rule_or = False
        if label == "judgmental":  # do the precise rules add recall on top of the head?
            model = LogisticRegression(C=c, max_iter=4000, class_weight="balanced")
            p = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
            ruled = feats[:, [FEATURE_NAMES.index(f"flag:{cat}") for cat in RULE_JUDGMENTAL]].sum(1) > 0
            for t2 in np.arange(0.2, 0.81, 0.025):
                pred = (p >= t2) | ruled
                f1_or = 2 * np.sum(pred & y) / (np.sum(pred) + np.sum(y))
                if f1_or > f1 + 1e-9:
                    t, f1, rule_or = float(t2), float(f1_or), True
        sentence_threshold = None
        if label == "judgmental":  # does the most judgmental sentence add recall?
            p_doc, p_sent = _oof_with_sentences(x, y, feats, mean, scale, sent_embs, c, folds)
            ruled = feats[:, [FEATURE_NAMES.index(f"flag:{cat}") for cat in RULE_JUDGMENTAL]].sum(1) > 0
            for t_doc in np.arange(0.3, 0.81, 0.025):
                for t_s in np.arange(0.5, 0.99, 0.025):
                    pred = (p_doc >= t_doc) | (p_sent >= t_s) | (ruled if rule_or else False)
                    f1_s = 2 * np.sum(pred & y) / (np.sum(pred) + np.sum(y))
                    if f1_s > f1 + 1e-9:
                        t, f1, sentence_threshold = float(t_doc), float(f1_s), float(t_s)
        model = LogisticRegression(C=c, max_iter=4000, class_weight="balanced").fit(x, y)
        heads[label] = {"coef": model.coef_[0].round(6).tolist(), "rule_or": rule_or,
                        "sentence_threshold": None if sentence_threshold is None
                        else round(sentence_threshold, 3),
                        "intercept": float(model.intercept_[0]), "threshold": round(t, 3), "C": c}
        report[label] = {"C": c, "threshold": round(t, 3), "cv_f1": round(float(f1), 3),
                         "rule_or": rule_or, "sentence_threshold": heads[label]["sentence_threshold"]}
        print(label, report[label], flush=True)
    data = {"version": "feedback-heads-1", "embedding_model": get_embedder().model_id,
            "feature_names": list(FEATURE_NAMES), "feature_mean": mean.round(6).tolist(),
            "feature_scale": scale.round(6).tolist(), "heads": heads,
            "trained_on": {"rows": len(rows), "splits": ["train", "dev"]}, "cv": report}
    HEADS_FILE.parent.mkdir(parents=True, exist_ok=True)
    HEADS_FILE.write_text(json.dumps(data))
    print(f"wrote {HEADS_FILE}")


if __name__ == "__main__":
    main()
