"""Feedback checker evaluation: P/R/F1 on our test split, baselines, external proxies.

    python eval/feedback_eval.py                      # our test split + baselines
    python eval/feedback_eval.py --split dev          # the dev split (used while developing)
    python eval/feedback_eval.py --external           # also ToxiCR and WNC from ../shared/data

The test split is read only here, never by train_feedback.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from sklearn.linear_model import LogisticRegression

from coach.errors import CoachError
from coach.feedback.checker import FeedbackChecker
from coach.feedback.report import JUDGMENTAL_CATEGORIES, VAGUE_CATEGORIES
from coach.nlp import get_embedder, get_nlp
from eval.common import SHARED, prf
from eval.feedback_data import LABELS, gold, load_rows


def checker_predictions(checker: FeedbackChecker, rows: list[dict]) -> list[dict]:
    reports = checker.check_many([(r["id"], r["text"]) for r in rows], examples=0)
    out = []
    for rep in reports:
        d = rep.to_dict()
        out.append({"vague": d["vague"], "judgmental": d["judgmental"],
                    **{k: d["sbi"][k] is not None for k in ("situation", "behavior", "impact")},
                    "flags": {f["category"] for f in d["flags"]}})
    return out


def plain_lr_baseline(checker: FeedbackChecker, train: list[dict], test: list[dict]) -> dict:
    emb = checker._embedder_factory()
    xtr = emb.encode([r["text"] for r in train])
    xte = emb.encode([r["text"] for r in test])
    out = {}
    for label in LABELS:
        y = np.array([gold(r, label) for r in train])
        model = LogisticRegression(C=1.0, max_iter=4000).fit(xtr, y)
        pred = model.predict(xte).astype(bool)
        out[label] = prf([gold(r, label) for r in test], list(pred))
    return out


def rules_only(preds: list[dict]) -> dict[str, list[bool]]:
    return {"judgmental": [bool(p["flags"] & (set(JUDGMENTAL_CATEGORIES) - {"judgmental-tone"}))
                           for p in preds],
            "vague": [bool(p["flags"] & (set(VAGUE_CATEGORIES) - {"vague"})) for p in preds]}


def run_linter(cmd: list[str], texts: list[str]) -> list[bool] | None:
    """Any warning from a prose linter on a text counts as a positive prediction."""
    local = Path(sys.executable).parent / cmd[0]
    exe = str(local) if local.exists() else shutil.which(cmd[0])
    if exe is None:
        return None
    cmd = [exe, *cmd[1:]]
    flagged = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts):
            path = Path(tmp) / f"t{i}.txt"
            path.write_text(text)
            res = subprocess.run([*cmd, str(path)], capture_output=True, text=True)
            flagged.append(bool(res.stdout.strip()))
    return flagged


def external(checker: FeedbackChecker, n: int, seed: int = 7) -> dict:
    results: dict[str, object] = {}
    rng = random.Random(seed)
    with (SHARED / "toxicr" / "code-review-comments.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["message"].strip()]
    sample = rng.sample(rows, min(n, len(rows)))
    flagged, labels, skipped = [], [], 0
    for r in sample:
        try:
            rep = checker.check(r["message"][:5000], examples=0)
        except CoachError:
            skipped += 1
            continue
        flagged.append(rep.judgmental)
        labels.append(r["is_toxic"] == "1")
    tox = [f for f, y in zip(flagged, labels, strict=True) if y]
    civil = [f for f, y in zip(flagged, labels, strict=True) if not y]
    results["toxicr"] = {"sample": len(flagged), "skipped_non_english_or_empty": skipped,
                         **prf(labels, flagged),
                         "recall_on_toxic": round(sum(tox) / max(len(tox), 1), 3),
                         "false_flag_rate_on_civil": round(sum(civil) / max(len(civil), 1), 3)}
    biased = (SHARED / "wnc_sample" / "biased.txt").read_text().splitlines()
    neutral = (SHARED / "wnc_sample" / "neutralized.txt").read_text().splitlines()
    pairs = [(b, nt) for b, nt in zip(biased, neutral, strict=True) if b != nt]
    rb = checker.check_many([(str(i), b) for i, (b, _) in enumerate(pairs)], examples=0)
    rn = checker.check_many([(str(i), nt) for i, (_, nt) in enumerate(pairs)], examples=0)
    results["wnc"] = {
        "pairs": len(pairs),
        "judgmental_rate_biased": round(np.mean([r.judgmental for r in rb]), 3),
        "judgmental_rate_neutralized": round(np.mean([r.judgmental for r in rn]), 3),
        "pair_accuracy_score_biased_higher": round(np.mean(
            [a.scores["judgmental"] > b.scores["judgmental"] for a, b in zip(rb, rn, strict=True)]), 3),
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="test", choices=["dev", "test"])
    parser.add_argument("--external", action="store_true")
    parser.add_argument("--toxicr-sample", type=int, default=2000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    checker = FeedbackChecker(get_nlp, get_embedder)
    rows = load_rows(args.split)
    preds = checker_predictions(checker, rows)
    results: dict[str, object] = {"split": args.split, "n": len(rows), "checker": {}}
    for label in LABELS:
        results["checker"][label] = prf([gold(r, label) for r in rows], [p[label] for p in preds])  # type: ignore[index]
    from coach.feedback.settings import FeedbackSettings

    raw = [{"flags": {f.category for f in checker._parse(r["id"], r["text"], FeedbackSettings()).flags}}
           for r in rows]
    ro = rules_only(raw)
    results["rules_only"] = {k: prf([gold(r, k) for r in rows], v) for k, v in ro.items()}
    train = load_rows("train") + (load_rows("dev") if args.split == "test" else [])
    results["plain_lr_embeddings"] = plain_lr_baseline(checker, train, rows)
    texts = [r["text"] for r in rows]
    for name, cmd in (("proselint", ["proselint", "check"]), ("write-good", ["write-good"])):
        flagged = run_linter(cmd, texts)
        if flagged is None:
            results[name] = "not installed"
            continue
        results[name] = {k: prf([gold(r, k) for r in rows], flagged) for k in ("vague", "judgmental")}
    errors = [{"id": r["id"], "text": r["text"], **{k: (gold(r, k), p[k]) for k in LABELS
                                                      if gold(r, k) != p[k]}}
              for r, p in zip(rows, preds, strict=True) if any(gold(r, k) != p[k] for k in LABELS)]
    results["errors"] = len(errors)
    if args.external:
        results["external"] = external(checker, args.toxicr_sample)
    print(json.dumps({k: v for k, v in results.items()}, indent=1))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
        if args.split == "dev":
            args.out.with_suffix(".errors.jsonl").write_text(
                "\n".join(json.dumps(e) for e in errors))


if __name__ == "__main__":
    main()
