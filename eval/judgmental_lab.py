"""Judgmental decision: candidate token-head designs, each scored leave-one-writer-out on the pool
and on the validation writers (w5, w9, w10), with its ensemble weight and threshold chosen on the
pool's out-of-fold scores only.

    python eval/judgmental_lab.py --variants base,k4,k8 --out eval/results/judgmental_lab.json

The fresh test writers (w11, w12, w16) are never read here: a design chosen from this table is
trained by eval/train_feedback.py and measured on them once by eval/feedback_eval.py.
Variants:
- ``base``: the shipped token head (eval/token_head.py CONFIG);
- ``kN``: N channels (each a window scorer pooled by its own smooth maximum) combined by a linear
  layer, so a verdict can rest on two phrases together (surface praise AND a described failure);
- ``pairs``: ``base`` trained with extra bags made by joining two pool texts of one writer (label =
  either text's label), so a specific part next to a verdict does not cancel it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression

import eval.train_feedback as tf
from coach.feedback.checker import FeedbackChecker
from coach.nlp import get_embedder, get_nlp
from eval import token_head
from eval.common import prf
from eval.feedback_data import featurize_all, gold, load_heldout, load_pool, writers
from eval.token_head import CONFIG, token_states
from eval.train_feedback import ENSEMBLE_WEIGHTS, Lowo, detector_precision, forced, predict

VALIDATION = ("w5", "w9", "w10")


class MultiMil(torch.nn.Module):
    """K window scorers, each pooled by a smooth maximum, combined linearly."""

    def __init__(self, dim: int, *, window: int, hidden: int, channels: int) -> None:
        super().__init__()
        self.window = window
        self.hidden = torch.nn.Linear(dim, hidden)
        self.out = torch.nn.Linear(hidden, channels)
        self.mix = torch.nn.Linear(channels, 1)

    def forward(self, h: torch.Tensor, mask: torch.Tensor, r: float) -> torch.Tensor:
        z = self.out(torch.nn.functional.gelu(self.hidden(token_head.window_means(h, mask, self.window))))
        z = z.masked_fill(~mask.unsqueeze(-1), -1e4)
        n = mask.sum(1).clamp_min(1).float().unsqueeze(-1)
        pooled = (torch.logsumexp(r * z, dim=1) - torch.log(n)) / r
        return self.mix(pooled).squeeze(-1)


def fit_variant(states: list[np.ndarray], y: np.ndarray, train: np.ndarray, cfg: dict):  # type: ignore[no-untyped-def]
    if cfg.get("channels", 1) == 1:
        return token_head.fit(states, y, train, cfg)
    torch.manual_seed(cfg["seed"])
    model = MultiMil(states[0].shape[1], window=cfg["window"], hidden=cfg["hidden"],
                     channels=cfg["channels"])
    return token_head.fit(states, y, train, cfg, model=model)


def pairs(states: list[np.ndarray], y: np.ndarray, groups: np.ndarray, train: np.ndarray,
          n: int, seed: int) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Extra bags: two texts of one writer joined (the token states side by side)."""
    rng = np.random.default_rng(seed)
    extra_states, extra_y = [], []
    for _ in range(n):
        i = rng.choice(train)
        same = train[groups[train] == groups[i]]
        j = rng.choice(same)
        extra_states.append(np.vstack([states[i], states[j]]))
        extra_y.append(max(y[i], y[j]))
    all_states = states + extra_states
    all_y = np.concatenate([y, np.array(extra_y, float)])
    all_train = np.concatenate([train, np.arange(len(states), len(all_states))])
    return all_states, all_y, all_train


def run_variant(name: str, cfg: dict, pool_states, y, groups, folds,  # type: ignore[no-untyped-def]
                val_states) -> tuple[np.ndarray, np.ndarray]:
    oof = np.zeros(len(y))
    for w in (*folds, None):
        train = np.where(groups != w)[0] if w else np.arange(len(y))
        states, yy, tr = pool_states, y, train
        if cfg.get("pairs"):
            states, yy, tr = pairs(pool_states, y, groups, train, cfg["pairs"], cfg["seed"])
        model = fit_variant(states, yy, tr, cfg)
        if w:
            test = np.where(groups == w)[0]
            oof[test] = token_head.score(model, pool_states, test, cfg)
        else:
            val = token_head.score(model, val_states, np.arange(len(val_states)), cfg)
    return oof, val


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variants", default="base,k4,k8,pairs")
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--with-writers", default="")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--save-scores", type=Path, help="npz of the first variant's scores")
    args = parser.parse_args()
    extra = tuple(w for w in args.with_writers.split(",") if w)
    pool = load_pool(extra)
    val = load_heldout(VALIDATION)
    groups = np.array([r["writer"] for r in pool])
    folds = tuple(w for w in writers(pool) if w != "s1")
    tf.FOLDS = folds
    cv = np.isin(groups, folds)
    checker = FeedbackChecker(get_nlp, get_embedder)
    fp, fv = featurize_all(checker, pool), featurize_all(checker, val)
    lowo = Lowo(fp, groups)
    y = np.array([gold(r, "judgmental") for r in pool])
    yv = np.array([gold(r, "judgmental") for r in val])
    det = detector_precision(fp, y, groups != "s1")
    forcing = {d for d, s in det.items() if s["precision"] >= tf.FORCE_PRECISION
               and s["fires"] >= tf.FORCE_MIN_FIRES}
    rule_p, rule_v = forced(fp, forcing), forced(fv, forcing)
    c = tf.C_GRID[0]
    p_doc, p_sent = lowo.oof(y, c, rules=True, sentences=True)
    lr_oof = np.maximum(p_doc, p_sent)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(lowo.x(True), y)
    sv = (fv.features - lowo.mean) / lowo.scale
    v_doc = model.predict_proba(np.hstack([fv.embeddings, sv]))[:, 1]
    v_sent = np.array([0.0 if s is None else model.predict_proba(
        np.hstack([s, np.repeat(sv[i : i + 1], len(s), axis=0)]))[:, 1].max()
        for i, s in enumerate(fv.sentences)])
    lr_val = np.maximum(v_doc, v_sent)
    embedder = get_embedder()
    pool_states = token_states(embedder, [r["text"] for r in pool])
    val_states = token_states(embedder, [r["text"] for r in val])
    designs = {"base": {}, "k4": {"channels": 4}, "k8": {"channels": 8},
               "k8h128": {"channels": 8, "hidden": 128}, "pairs": {"pairs": 2000},
               "k8pairs": {"channels": 8, "pairs": 2000}}
    results = {}
    for name in args.variants.split(","):
        oofs, vals = [], []
        for seed in range(args.seeds):
            cfg = {**CONFIG, **designs[name], "seed": seed}
            o, v = run_variant(name, cfg, pool_states, y.astype(float), groups, folds, val_states)
            oofs.append(o)
            vals.append(v)
        tok_oof, tok_val = np.mean(oofs, axis=0), np.mean(vals, axis=0)
        row = {"config": {**CONFIG, **designs[name]}, "seeds": args.seeds}
        for mode, rp, rv in (("alone", None, None), ("ensemble_precise", rule_p, rule_v)):
            best = (0.5, 0.5, -1.0)
            for weight in (ENSEMBLE_WEIGHTS if mode != "alone" else (1.0,)):
                mix = weight * tok_oof + (1 - weight) * lr_oof
                t, _, score = tf.choose(y[cv], mix[cv], None, None if rp is None else rp[cv])
                if score > best[2] + 1e-9:
                    best = (weight, t, score)
            weight, t, _ = best
            pred_oof = predict(weight * tok_oof + (1 - weight) * lr_oof, None, rp, t, None)
            pred_val = predict(weight * tok_val + (1 - weight) * lr_val, None, rv, t, None)
            row[mode] = {"weight": weight, "threshold": t,
                         "lowo": prf(list(y[cv]), list(pred_oof[cv])),
                         "validation": prf(list(yv), list(pred_val)),
                         "validation_per_writer": {w: prf(list(yv[[r["writer"] == w for r in val]]),
                                                          list(pred_val[[r["writer"] == w for r in val]]))
                                                   for w in VALIDATION}}
        results[name] = row
        if args.save_scores and name == args.variants.split(",")[0]:
            np.savez(args.save_scores, tok_oof=tok_oof, tok_val=tok_val, lr_oof=lr_oof, lr_val=lr_val,
                     rule_p=rule_p, rule_v=rule_v, y=y, yv=yv, groups=groups)
        print(name, json.dumps({m: {"lowo_f1": row[m]["lowo"]["f1"], "val": row[m]["validation"]}
                                for m in ("alone", "ensemble_precise")}), flush=True)
    if args.out:
        args.out.write_text(json.dumps({"command": " ".join(["python eval/judgmental_lab.py", *sys.argv[1:]]),
                                        "pool": {w: int(np.sum(groups == w)) for w in writers(pool)},
                                        "validation": list(VALIDATION), "results": results}, indent=1))


if __name__ == "__main__":
    main()
