"""Train and calibrate the goal-link ranker: `python eval/train_linker.py` -> models/link_ranker.json.

Training data from three writers, never an evaluation set: writer A = eval/data/reflections.jsonl
(tune split only), writer B = eval/data/journey_train/reflections.jsonl, writer C =
eval/data/journey_train/reflections_more.jsonl (session 4, the misses issue 12 names). The model
(feature set and C) is chosen leave-one-writer-out: train on the others, score top-1 on each. The temperature
and the "ask the mentee" margin are fitted on those cross-writer predictions, so calibration is
never measured on the text a model was trained on. Mentees are replayed in order: a reflection
sees the earlier ones confirmed for their gold goal (per-mentee learning), the first sees none.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression

from coach.nlp import get_embedder
from coach.nlp.embedder import Embedder
from coach.reflection.link_features import FEATURES, RAW, GoalDoc, ReflectionParts, link_evidence
from coach.reflection.link_ranker import LINK_RANKER_FILE, LinkRanker
from eval.common import DATA, read_jsonl

C_GRID = (0.1, 0.3, 1.0, 3.0)
FEATURE_SETS = {"all": FEATURES, "raw": RAW, "dense_only": tuple(
    f for f in FEATURES if f.startswith(("cos_", "sent_")))}
TARGET_PRECISION = 0.95
MAX_ASK_MARGIN = 0.3


def journey_rows(rows: Iterable[dict]) -> list[dict]:
    """Both data shapes as {mentee, parts, goals: [GoalDoc], goal, also}."""
    out = []
    for r in rows:
        if "what" in r:
            parts = ReflectionParts(r["what"], r.get("so_what", ""), r.get("now_what", ""))
            goals = [GoalDoc(g["title"], g.get("why", ""), tuple(g.get("milestones", [])),
                             tuple(g.get("skills", []))) for g in r["goals"]]
            mentee = r["mentee"]
        else:
            parts, goals, mentee = ReflectionParts(what=r["text"]), [GoalDoc(g) for g in r["goals"]], \
                r["scenario"]
        out.append({"id": r["id"], "mentee": mentee, "parts": parts, "goals": goals,
                    "goal": r["goal"], "also": r.get("also_goals", []), "guidance": r.get("guidance", [])})
    return out


def with_history(rows: list[dict], *, learn: bool) -> list[list[GoalDoc]]:
    """The goals each reflection is linked against; with ``learn``, each goal carries the mentee's
    earlier reflections confirmed for it (the gold goal, as the mentee would confirm or correct)."""
    seen: dict[str, dict[int, list[str]]] = {}
    out = []
    for r in rows:
        hist = seen.setdefault(r["mentee"], {})
        out.append([GoalDoc(g.title, g.why, g.milestones, g.skills,
                            tuple(hist.get(i, [])) if learn else ()) for i, g in enumerate(r["goals"])])
        hist.setdefault(r["goal"], []).append(r["parts"].text)
    return out


def training_writers() -> dict[str, list[dict]]:
    """The linker's training reflections per writer (the leave-one-writer-out folds)."""
    return {"A": journey_rows(r for r in read_jsonl(DATA / "reflections.jsonl") if r["split"] == "tune"),
            "B": journey_rows(read_jsonl(DATA / "journey_train" / "reflections.jsonl")),
            "C": journey_rows(read_jsonl(DATA / "journey_train" / "reflections_more.jsonl"))}


def featurize(emb: Embedder, rows: list[dict], *, learn: bool) -> list[np.ndarray]:
    return [link_evidence(emb, r["parts"], goals).matrix
            for r, goals in zip(rows, with_history(rows, learn=learn), strict=True)]


def fit(mats: list[np.ndarray], gold: list[int], cols: list[int], c: float) -> tuple[np.ndarray, ...]:
    stacked = np.vstack(mats)[:, cols]
    mean, scale = stacked.mean(0), stacked.std(0)
    scale[scale == 0] = 1.0
    diffs, ys = [], []
    for m, g in zip(mats, gold, strict=True):
        x = (m[:, cols] - mean) / scale
        for j in range(len(x)):
            if j != g:
                diffs.extend([x[g] - x[j], x[j] - x[g]])
                ys.extend([1, 0])
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000).fit(np.array(diffs), ys)
    return mean, scale, model.coef_[0]


def full_ranker(cols: list[int], mean: np.ndarray, scale: np.ndarray, coef: np.ndarray,
                temperature: float = 1.0, ask_margin: float = 0.0) -> LinkRanker:
    """A ranker over all FEATURES whose unused columns have weight 0."""
    m, s, w = np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.zeros(len(FEATURES))
    m[cols], s[cols], w[cols] = mean, scale, coef
    return LinkRanker(FEATURES, m.astype(np.float32), s.astype(np.float32), w.astype(np.float32),
                      temperature, ask_margin)


def fit_temperature(scores: list[np.ndarray], gold: list[int]) -> float:
    def nll(t: float) -> float:
        total = 0.0
        for s, g in zip(scores, gold, strict=True):
            z = s / t
            total -= z[g] - (np.log(np.exp(z - z.max()).sum()) + z.max())
        return total
    return float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)


def choose_ask_margin(probs: list[np.ndarray], gold: list[int]) -> float:
    """Smallest margin at which links not asked about are right >= TARGET_PRECISION of the time."""
    for margin in np.arange(0.0, MAX_ASK_MARGIN + 0.001, 0.02):
        kept = [int(np.argmax(p)) == g for p, g in zip(probs, gold, strict=True)
                if len(p) < 2 or np.sort(p)[-1] - np.sort(p)[-2] >= margin]
        if kept and np.mean(kept) >= TARGET_PRECISION:
            return round(float(margin), 2)
    return MAX_ASK_MARGIN  # not reachable: ask at most when the top two are this close


def main() -> None:
    emb = get_embedder()
    writers = training_writers()
    mats = {w: featurize(emb, rows, learn=True) for w, rows in writers.items()}
    gold = {w: [r["goal"] for r in rows] for w, rows in writers.items()}
    report: dict[str, dict[str, float]] = {}
    best = None
    for name, feats in FEATURE_SETS.items():
        cols = [FEATURES.index(f) for f in feats]
        for c in C_GRID:
            accs, oof_scores, oof_gold = [], [], []
            for held in writers:
                train = [w for w in writers if w != held]
                mean, scale, coef = fit([m for w in train for m in mats[w]],
                                        [g for w in train for g in gold[w]], cols, c)
                ranker = full_ranker(cols, mean, scale, coef)
                scores = [ranker.scores(m) for m in mats[held]]
                accs.append(float(np.mean([int(np.argmax(s)) == g for s, g in
                                           zip(scores, gold[held], strict=True)])))
                oof_scores += scores
                oof_gold += gold[held]
            key = f"{name} C={c}"
            report[key] = {"top1_" + w: round(a, 3) for w, a in zip(writers, accs, strict=True)}
            print(key, report[key], flush=True)
            if best is None or np.mean(accs) > best[0] + 1e-9:
                best = (float(np.mean(accs)), name, c, cols, oof_scores, oof_gold)
    assert best is not None
    _, name, c, cols, oof_scores, oof_gold = best
    temperature = fit_temperature(oof_scores, oof_gold)
    probs = []
    for s in oof_scores:
        z = np.exp(s / temperature - (s / temperature).max())
        probs.append(z / z.sum())
    margin = choose_ask_margin(probs, oof_gold)
    mean, scale, coef = fit([m for w in writers for m in mats[w]], [g for w in writers for g in gold[w]],
                            cols, c)
    ranker = full_ranker(cols, mean, scale, coef, temperature, margin)
    LINK_RANKER_FILE.write_text(json.dumps({
        **ranker.to_dict(), "version": "link-ranker-2", "embedding_model": emb.model_id,
        "chosen": {"features": name, "C": c, "cross_writer_top1": round(best[0], 3)},
        "trained_on": {w: len(rows) for w, rows in writers.items()}, "grid": report}, indent=1))
    print(f"chose {name} C={c}; temperature {temperature:.3f}; ask margin {margin}; wrote {LINK_RANKER_FILE}")


if __name__ == "__main__":
    main()
