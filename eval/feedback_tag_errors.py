"""Where the judgmental decision errs, by tag, out of fold: the analysis that led to writer w13.

    python eval/feedback_tag_errors.py --writers w1,w2,w3,w4 --out eval/results/feedback_tag_errors.json

Pool: s1 plus the given independent writers (one LOWO fold each; never a held-out writer). The
decision is the token head + LR head mix of eval/train_feedback.py (weight and threshold chosen on
the same out-of-fold scores, no rule forces). Per tag: recall on judgmental items and the share of
non-judgmental items flagged.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

import eval.train_feedback as tf
from coach.feedback.checker import FeedbackChecker
from coach.nlp import get_embedder, get_nlp
from eval import token_head
from eval.feedback_data import featurize_all, gold, load_pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", default="w1,w2,w3,w4")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    folds = tuple(w for w in args.writers.split(",") if w)
    rows = [r for r in load_pool(folds) if r["writer"] in {"s1", *folds}]
    groups = np.array([r["writer"] for r in rows])
    y = np.array([gold(r, "judgmental") for r in rows])
    tf.FOLDS = folds
    lowo = tf.Lowo(featurize_all(FeedbackChecker(get_nlp, get_embedder), rows), groups)
    p_doc, p_sent = lowo.oof(y, tf.C_GRID[0], rules=True, sentences=True)
    p_tok = token_head.oof(token_head.token_states(get_embedder(), [r["text"] for r in rows]),
                           y.astype(float), groups, folds)
    cv = np.isin(groups, folds)
    best = (0.5, 0.5, -1.0)
    for weight in tf.ENSEMBLE_WEIGHTS:
        mix = weight * p_tok + (1 - weight) * np.maximum(p_doc, p_sent)
        t, _, score = tf.choose(y[cv], mix[cv], None, None)
        if score > best[2] + 1e-9:
            best = (weight, t, score)
    weight, threshold, f1 = best
    pred = weight * p_tok + (1 - weight) * np.maximum(p_doc, p_sent) >= threshold
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for i in np.where(cv)[0]:
        for tag in rows[i]["tags"] or ["none"]:
            c = counts[tag]
            c[0 if y[i] else 2] += 1
            c[1 if y[i] else 3] += int(pred[i])
    out = {"command": "python " + " ".join(["eval/feedback_tag_errors.py", *sys.argv[1:]]),
           "folds": list(folds), "weight": weight, "threshold": threshold, "lowo_f1": round(f1, 3),
           "tags": {tag: {"judgmental": c[0], "recall": round(c[1] / c[0], 3) if c[0] else None,
                          "not_judgmental": c[2],
                          "false_flag_rate": round(c[3] / c[2], 3) if c[2] else None}
                    for tag, c in sorted(counts.items(), key=lambda kv: -(kv[1][0] + kv[1][2]))}}
    text = json.dumps(out, indent=1)
    if args.out:
        args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
