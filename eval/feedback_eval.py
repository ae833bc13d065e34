"""Feedback checker evaluation on the HELD-OUT writer (w5), next to leave-one-writer-out CV.

    python eval/feedback_eval.py --external --out eval/results/feedback_heldout.json

This is the only script that reads eval/data/feedback/heldout/w5.jsonl, and only after the model is
chosen and trained (`python eval/train_feedback.py`, which never reads it). It reports:
- the shipped checker on w5 (every label), through the real checker path;
- the previous (session-1) heads on w5, for "no worse than today", and the session-2 and
  session-3 models (feedback-heads-2 and -3, from git) that later models replaced;
- the judgmental comparison: each candidate of eval/results/feedback_cv.json refitted on the whole
  development pool with its LOWO-chosen settings, scored on w5;
- per-detector precision on w5;
- external proxies: UCC (precision/recall per attribute) and ToxiCR.
Nothing here feeds back into training: no threshold, lexicon or model choice is made from w5.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from sklearn.linear_model import LogisticRegression

from coach.errors import CoachError
from coach.feedback.adapter import ADAPTER_FILE, load_adapter
from coach.feedback.checker import FeedbackChecker
from coach.nlp import get_embedder, get_nlp
from coach.nlp.heads import Heads, heads_from_dict
from eval import token_head
from eval.common import ROOT, SHARED, prf
from eval.feedback_data import LABELS, featurize_all, gold, load_heldout, load_pool
from eval.finetune_feedback import sentences_of
from eval.token_head import token_states
from eval.train_feedback import RESULTS, Lowo, detector_precision, forced, predict

#: the last commit with the session-1 heads (trained on s1 train+dev only): "today's" model
BASELINE_COMMIT = "e91ad7cae59f6823567e28692b084b72ee0009c2"
#: the last commit with the session-2 heads (feedback-heads-2, LR + precise rules): the model
#: this session's changes replace
SESSION2_COMMIT = "135fc6dc0625af59b0e937177f40af06543f8354"
#: the last commit with feedback-heads-3 (LR heads with the verdict features, no adapter): the model
#: the session-5 ensemble (feedback-heads-4, LoRA adapter + LR head) replaces
SESSION3_COMMIT = "d089ef1778ac817275a119ab5e73dc9284254c39"
UCC_ATTRIBUTES = ("antagonize", "condescending", "dismissive", "generalisation",
                  "generalisation_unfair", "hostile", "sarcastic")


def baseline_heads(commit: str = BASELINE_COMMIT) -> Heads | None:
    try:
        text = subprocess.run(["git", "show", f"{commit}:models/feedback_heads.json"],
                              cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return heads_from_dict(json.loads(text))


def checker_predictions(checker: FeedbackChecker, rows: list[dict]) -> list[dict]:
    reports = checker.check_many([(r["id"], r["text"]) for r in rows], examples=0)
    return [{"vague": rep.vague, "judgmental": rep.judgmental,
             **{k: getattr(rep.sbi, k) is not None for k in ("situation", "behavior", "impact")},
             "score": rep.scores["judgmental"]} for rep in reports]


def label_figures(rows: list[dict], preds: list[dict]) -> dict[str, dict]:
    return {label: prf([gold(r, label) for r in rows], [p[label] for p in preds]) for label in LABELS}


def candidates_on_heldout(checker: FeedbackChecker, pool: list[dict], test: list[dict], *,
                          cv_file: Path = RESULTS / "feedback_cv.json") -> dict:
    """Refit each LOWO candidate on the whole pool with its chosen settings; score the test writer."""
    cv = json.loads(cv_file.read_text())
    fp, ft = featurize_all(checker, pool), featurize_all(checker, test)
    lowo = Lowo(fp, np.array([r["writer"] for r in pool]))
    y = np.array([gold(r, "judgmental") for r in pool])
    y_test = [gold(r, "judgmental") for r in test]
    scaled_test = (ft.features - lowo.mean) / lowo.scale
    forcing = set(cv["forcing_detectors"])
    out = {}
    tuned = None
    if any(c.get("finetuned") or c.get("ensemble") for c in cv["judgmental_configs"].values()) \
            and ADAPTER_FILE.exists():
        texts = [r["text"] for r in test]
        tuned = load_adapter(ADAPTER_FILE, get_embedder()).text_scores(texts, sentences_of(texts))
    p_tok = None
    if any(c.get("tokens") or c.get("token_only") for c in cv["judgmental_configs"].values()):
        embedder = get_embedder()
        pool_states = token_states(embedder, [r["text"] for r in pool])
        model_tok = token_head.fit(pool_states, y.astype(float), np.arange(len(pool)))
        test_states = token_states(embedder, [r["text"] for r in test])
        p_tok = token_head.score(model_tok, test_states, np.arange(len(test)))
    for name, cfg in cv["judgmental_configs"].items():
        rule_or = cfg.get("rule_or", "none")
        rule = None if rule_or == "none" else forced(ft, None if rule_or == "all" else forcing)
        if cfg.get("token_only"):
            out[name] = prf(y_test, list(predict(p_tok, None, rule, cfg["threshold"], None)))
            continue
        if cfg.get("finetuned"):
            if tuned is not None:
                out[name] = prf(y_test, list(predict(tuned, None, rule, cfg["threshold"], None)))
            continue
        rules = bool(cfg.get("rules"))
        model = LogisticRegression(C=cfg["C"], max_iter=5000, class_weight="balanced").fit(
            lowo.x(rules), y)
        x_test = np.hstack([ft.embeddings, scaled_test]) if rules else ft.embeddings
        p_doc = model.predict_proba(x_test)[:, 1]
        p_sent = np.zeros(len(test))
        for i, s in enumerate(ft.sentences):
            if s is not None:
                xs = np.hstack([s, np.repeat(scaled_test[i : i + 1], len(s), axis=0)]) if rules else s
                p_sent[i] = model.predict_proba(xs)[:, 1].max()
        if cfg.get("tokens"):
            w = cfg["token_weight"]
            mix = w * p_tok + (1 - w) * np.maximum(p_doc, p_sent)
            out[name] = prf(y_test, list(predict(mix, None, rule, cfg["threshold"], None)))
            continue
        if cfg.get("ensemble"):
            if tuned is None:
                continue
            w = cfg["adapter_weight"]
            mix = w * tuned + (1 - w) * np.maximum(p_doc, p_sent)
            out[name] = prf(y_test, list(predict(mix, None, rule, cfg["threshold"], None)))
            continue
        pred = predict(p_doc, p_sent, rule, cfg["threshold"], cfg.get("sentence_threshold"))
        out[name] = prf(y_test, list(pred))
    rule_any = forced(ft, None)
    out["rules_only_any_detector"] = prf(y_test, list(rule_any))
    out["rules_only_precise_detectors"] = prf(y_test, list(forced(ft, forcing)))
    det = detector_precision(ft, np.array(y_test), np.ones(len(test), bool))
    return {"candidates": out, "detector_precision": det, "forcing_detectors": sorted(forcing)}


def ucc(checker: FeedbackChecker, n: int, seed: int = 7) -> dict:
    with (SHARED / "ucc" / "test.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["comment"].strip()]
    sample = random.Random(seed).sample(rows, min(n, len(rows)))
    kept, flagged = [], []
    results = checker.check_rows([(str(i), r["comment"][:5000]) for i, r in enumerate(sample)],
                                 examples=0)
    for r, rep in zip(sample, results, strict=True):
        if isinstance(rep, CoachError):
            continue
        kept.append(r)
        flagged.append(rep.judgmental)
    out: dict[str, object] = {"sample": len(kept), "skipped": len(sample) - len(kept), "seed": seed,
                              "split": "test", "flagged_rate": round(float(np.mean(flagged)), 3)}
    for attr in (*UCC_ATTRIBUTES, "unhealthy"):
        gold_ = [(r["healthy"] == "0") if attr == "unhealthy" else float(r[attr] or 0) >= 0.5
                 for r in kept]
        out[attr] = prf(gold_, flagged)
    return out


def toxicr(checker: FeedbackChecker, n: int, seed: int = 7) -> dict:
    with (SHARED / "toxicr" / "code-review-comments.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["message"].strip()]
    sample = random.Random(seed).sample(rows, min(n, len(rows)))
    results = checker.check_rows([(str(i), r["message"][:5000]) for i, r in enumerate(sample)],
                                 examples=0)
    labels, flagged = [], []
    for r, rep in zip(sample, results, strict=True):
        if isinstance(rep, CoachError):
            continue
        labels.append(r["is_toxic"] == "1")
        flagged.append(rep.judgmental)
    civil = [f for f, y in zip(flagged, labels, strict=True) if not y]
    return {"sample": len(flagged), "skipped": len(sample) - len(flagged), "seed": seed,
            **prf(labels, flagged), "false_flag_rate_on_civil": round(float(np.mean(civil)), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--external", action="store_true")
    parser.add_argument("--external-sample", type=int, default=600)
    parser.add_argument("--external-previous", action="store_true",
                        help="also score the previous heads on UCC")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--heads", type=Path,
                        help="score these heads instead of the shipped ones (an experiment of "
                             "train_feedback.py --heads-out), with --cv and --with-writers as trained")
    parser.add_argument("--cv", type=Path, default=RESULTS / "feedback_cv.json",
                        help="the LOWO results whose candidates are refitted (train_feedback --cv-out)")
    parser.add_argument("--with-writers", default="", help="the extra pool writers the heads used")
    parser.add_argument("--heldout", default="w5",
                        help="comma-separated held-out writers scored together (w5, w9, w10)")
    args = parser.parse_args()
    pool = load_pool(tuple(w for w in args.with_writers.split(",") if w))
    test = load_heldout(tuple(w for w in args.heldout.split(",") if w))
    checker = FeedbackChecker(get_nlp, get_embedder, heads_file=args.heads)
    results: dict[str, object] = {
        "command": "python " + " ".join(["eval/feedback_eval.py", *sys.argv[1:]]),
        "heldout_writer": sorted({r["writer"] for r in test}), "n": len(test),
        "judgmental_positives": sum(gold(r, "judgmental") for r in test)}
    preds = checker_predictions(checker, test)
    results["checker"] = label_figures(test, preds)
    if len(results["heldout_writer"]) > 1:  # type: ignore[arg-type]
        results["checker_per_writer"] = {
            w: label_figures([r for r in test if r["writer"] == w],
                             [p for r, p in zip(test, preds, strict=True) if r["writer"] == w])
            for w in results["heldout_writer"]}  # type: ignore[attr-defined]
    base = baseline_heads()
    if base is not None:
        old = FeedbackChecker(get_nlp, get_embedder, heads=base)
        results["previous_heads"] = label_figures(test, checker_predictions(old, test))
        results["previous_heads_commit"] = BASELINE_COMMIT
    session2 = baseline_heads(SESSION2_COMMIT)
    if session2 is not None:
        s2 = FeedbackChecker(get_nlp, get_embedder, heads=session2)
        results["session2_heads"] = label_figures(test, checker_predictions(s2, test))
        results["session2_heads_commit"] = SESSION2_COMMIT
    session3 = baseline_heads(SESSION3_COMMIT)
    if session3 is not None:  # explicit heads: the checker uses no adapter, as feedback-heads-3 did
        s3 = FeedbackChecker(get_nlp, get_embedder, heads=session3)
        results["session3_heads"] = label_figures(test, checker_predictions(s3, test))
        results["session3_heads_commit"] = SESSION3_COMMIT
    results.update(candidates_on_heldout(checker, pool, test, cv_file=args.cv))
    if args.external:
        results["ucc"] = ucc(checker, args.external_sample)
        results["toxicr"] = toxicr(checker, args.external_sample)
        if base is not None and args.external_previous:
            results["ucc_previous_heads"] = ucc(old, args.external_sample)
    print(json.dumps(results, indent=1))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
