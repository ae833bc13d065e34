"""Train the guidance search's passage re-ranker (models/passage_ranker.json).

    nice -n 19 python eval/train_passage_ranker.py            # choose by leave-one-document-out, save
    nice -n 19 python eval/train_passage_ranker.py --no-save  # figures only

Training questions: the TUNING documents of ``eval/data/retrieval_docs/`` (split ``tune`` of
``eval/retrieval_docs_eval.py``), the documents of ``eval/data/retrieval_docs_dev/`` when its
questions exist (another writer), and the builders' own questions over the default library
(``eval/data/retrieval_questions.jsonl``, training only, never for choosing). The index used here
holds the default library and the tuning and dev documents only: the test documents are not read.

Candidates are the first stage's (shipped hybrid search) top ``depth`` passages; a candidate is
relevant when it answers the question (the evaluation's rule). Listwise softmax (cross-entropy of
the probability mass on the relevant candidates), L2, scipy L-BFGS. The L2 strength, depth and
feature set are chosen by leave-one-DOCUMENT-out over the independent writers' documents (train on
all other documents + the builders' questions, score the left-out document's questions), then the
winner is refit on everything.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.access import OPERATOR
from coach.config import Settings
from coach.context import Context
from coach.guidance.index import SHIPPED
from coach.guidance.passage_ranker import FEATURE_POOL, FEATURES, RANKER_FILE, PassageRanker, features
from coach.guidance.preference import DEFAULT_BOOST
from eval.common import DATA, read_jsonl, scratch_home
from eval.retrieval_docs_eval import FOLDER, PLAIN_RRF, answers, documents, split_of

DEV = DATA / "retrieval_docs_dev"
OUT = Path(__file__).resolve().parent / "results" / "retrieval_docs_ranker_cv.json"
MAX_DEPTH = FEATURE_POOL  # candidates per question, as search computes features over

FEATURE_SETS = {
    "all": FEATURES,
    "no_doc": tuple(f for f in FEATURES if not f.startswith("doc_")),
    "no_overlap": tuple(f for f in FEATURES if "overlap" not in f),
    "scores_only": ("fused_rr", "fused_logrank", "dense", "sentence", "bm25", "bm25_plain"),
    "scores_doc": ("fused_rr", "fused_logrank", "dense", "sentence", "bm25", "bm25_plain",
                   "doc_keywords", "doc_centroid"),
    "no_ranks": FEATURES[:FEATURES.index("dense_rr")],
    # Without the first stage's own ranks, which break ties between equal passages by id (a
    # program's copy of a library passage must get the same evidence as the original):
    "scores_doc_tied": ("dense", "sentence", "bm25", "bm25_plain", "doc_keywords", "doc_centroid",
                        "dense_rr", "sentence_rr", "bm25_rr"),
    "all_tied": tuple(f for f in FEATURES if f not in ("fused_rr", "fused_logrank", "first_in_doc",
                                                       "doc_rr")),
}


def dev_documents() -> list[Path]:
    if not DEV.is_dir():
        return []
    return sorted(p for p in DEV.iterdir() if p.is_file() and p.name != "README.md"
                  and p.suffix.lower() in (".txt", ".md", ".html", ".htm", ".pdf", ".docx"))


def training_questions() -> list[dict]:
    """Questions with a ``group`` (held-out unit), ``source`` and ``answer`` or ``relevant``."""
    splits = split_of([p.name for p in documents()])
    rows = [dict(q, group=f"tune:{q['document']}", source=f"eval:{q['document']}", writer="tune")
            for q in read_jsonl(FOLDER / "questions.jsonl") if splits.get(q["document"]) == "tune"]
    if (DEV / "questions.jsonl").exists():
        rows += [dict(q, group=f"dev:{q['document']}", source=f"dev:{q['document']}", writer="dev")
                 for q in read_jsonl(DEV / "questions.jsonl")]
    rows += [dict(q, group="builders", source=None, writer="builders")
             for q in read_jsonl(DATA / "retrieval_questions.jsonl")]
    return rows


def build(home: Path | None) -> Context:
    ctx = Context(Settings(home=home or scratch_home("coach-train-ranker-")), retrieval=SHIPPED)
    ctx.guidance.ensure_default_library()
    splits = split_of([p.name for p in documents()])
    items = [(f"eval:{p.name}", p.name, p.read_bytes()) for p in documents()
             if splits[p.name] == "tune"]
    items += [(f"dev:{p.name}", p.name, p.read_bytes()) for p in dev_documents()]
    ctx.guidance.add_documents(OPERATOR, items)
    return ctx


def collect(ctx: Context, questions: list[dict]) -> list[dict]:
    """Features and labels of every question's first-stage candidates."""
    index = ctx.guidance.index
    table = index.passage_table()
    by_id = {p.id: p for p in ctx.guidance.passages()}
    program = {p.id for p in by_id.values() if not p.document.is_default}
    library = {p.id for p in by_id.values() if p.document.is_default}
    own = {}
    for p in by_id.values():
        own.setdefault(p.document.source, set()).add(p.id)
    jobs = [(q, "all", None) for q in questions]
    # the same questions as a programme with one handbook sees them: library + their own document
    jobs += [(q, "one", library | own[q["source"]]) for q in questions if q["source"]]
    out = []
    for n, (q, setting, allowed) in enumerate(jobs):
        stage, vector = index.first_stage(q["question"], SHIPPED, depth=MAX_DEPTH, allowed=allowed)
        head = stage.fused[:MAX_DEPTH]
        # exactly what search computes (GuidanceIndex.search)
        matrix = features(q["question"], vector, replace(stage, fused=head), table)
        ids = [pid for pid, _ in head]
        if q["source"]:
            label = [by_id[i].document.source == q["source"] and answers(by_id[i].text, q["answer"])
                     for i in ids]
        else:
            label = [by_id[i].key in set(q["relevant"]) for i in ids]
        out.append({"id": q["id"], "group": q["group"], "ids": ids, "source": q["source"],
                    "setting": setting,
                    "docs": [by_id[i].document.source for i in ids],
                    "default": np.asarray([by_id[i].document.is_default for i in ids]),
                    "writer": q["writer"], "x": matrix, "y": np.asarray(label, dtype=bool),
                    "program": np.asarray([i in program for i in ids]),
                    "fused": np.asarray([s for _, s in head])})
        if n % 40 == 0:
            print(f"  features {n}/{len(jobs)}", flush=True)
    return out


def key_of(item: dict) -> str:
    """Writer, and "/one" for the one-handbook candidate lists."""
    return item["writer"] + ("/one" if item["setting"] == "one" else "")


def standardise(items: list[dict], cols: list[int], depth: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.concatenate([it["x"][:depth, cols] for it in items])
    return x.mean(axis=0), np.where(x.std(axis=0) < 1e-6, 1.0, x.std(axis=0))


def fit(items: list[dict], names: tuple[str, ...], depth: int, l2: float) -> PassageRanker:
    cols = [FEATURES.index(f) for f in names]
    usable = [it for it in items if it["y"][:depth].any()]
    mean, scale = standardise(usable, cols, depth)
    xs = [(it["x"][:depth, cols] - mean) / scale for it in usable]
    ys = [it["y"][:depth] for it in usable]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 * l2 * float(w @ w), l2 * w
        for x, y in zip(xs, ys, strict=True):
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            mass = p[y].sum()
            total -= np.log(mass) / len(xs)
            q = np.where(y, p / mass, 0.0)  # gradient of -log(sum_pos p)
            grad = grad + (x.T @ (p - q)) / len(xs)
        return total, grad

    w0 = np.zeros(len(cols))
    res = minimize(loss, w0, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return PassageRanker(names, mean, scale, res.x, depth=depth)


def ranked_labels(ranker: PassageRanker | None, it: dict, *, prefer: bool = True) -> np.ndarray:
    """Labels in final order: re-ranked (or first-stage) scores, then the program boost."""
    if ranker is None:
        scores = it["fused"].astype(float)
    else:
        d = min(ranker.depth, len(it["y"]))
        logits = ranker.scores(it["x"][:d])
        p = np.exp(logits - logits.max())
        p /= p.sum()
        tail = it["fused"][d:].astype(float)
        tail = p.min() / 2 * tail / max(float(tail[0]), 1e-12) if len(tail) else tail
        scores = np.concatenate([p, tail])
    if prefer:
        scores = np.where(it["program"], scores * (1 + DEFAULT_BOOST), scores)
    order = np.lexsort((np.arange(len(scores)), -scores))
    return it["y"][order]


def metrics(ranker: PassageRanker | None, items: list[dict]) -> dict[str, float]:
    hit5 = mrr = 0.0
    for it in items:
        y = ranked_labels(ranker, it)[:10]
        if y.any():
            r = int(np.argmax(y)) + 1
            hit5 += r <= 5
            mrr += 1 / r
    n = max(len(items), 1)
    return {"hit@5": round(hit5 / n, 3), "mrr@10": round(mrr / n, 3), "n": len(items)}


def failure_study(items: list[dict], names: tuple[str, ...], depth: int, l2: float,
                  builders: bool) -> dict[str, object]:
    """Where the first stage and the held-out re-ranker go wrong (independent writers only)."""
    study: dict[str, object] = {}
    indep = [it for it in items if it["writer"] != "builders" and it["setting"] == "all"]
    for w in sorted({it["writer"] for it in indep}):
        rows = [it for it in indep if it["writer"] == w]
        within_hit = within_rr = right_doc_first = 0.0
        for it in rows:
            own = np.asarray([d == it["source"] for d in it["docs"]])
            y = it["y"][own]
            r = int(np.argmax(y)) + 1 if y.any() else 99
            within_hit += r <= 5
            within_rr += 1 / r if r <= 10 else 0.0
            right_doc_first += bool(own[0]) if len(own) else 0.0
        n = max(len(rows), 1)
        study[w] = {"within_document_hit@5": round(within_hit / n, 3),
                    "within_document_mrr@10": round(within_rr / n, 3),
                    "right_document_first": round(right_doc_first / n, 3)}
    kinds = {"right document, other passage": 0, "another programme's document": 0,
             "default library": 0, "no answering passage in the top 50": 0}
    for g in sorted({it["group"] for it in indep}):
        train = [it for it in items if it["group"] != g and (builders or it["writer"] != "builders")]
        model = fit(train, names, depth, l2)
        for it in [it for it in indep if it["group"] == g]:
            d = min(model.depth, len(it["y"]))
            logits = model.scores(it["x"][:d])
            p = np.exp(logits - logits.max())
            scores = np.concatenate([p / p.sum(), np.zeros(len(it["y"]) - d)])
            scores = np.where(it["program"], scores * (1 + DEFAULT_BOOST), scores)
            order = np.lexsort((np.arange(len(scores)), -scores))
            if it["y"][order[0]]:
                continue
            top = int(order[0])
            kind = ("no answering passage in the top 50" if not it["y"].any() else "default library"
                    if it["default"][top] else "right document, other passage"
                    if it["docs"][top] == it["source"] else "another programme's document")
            kinds[kind] += 1
    study["held_out_not_first"] = kinds
    return study


def leave_one_document_out(items: list[dict], names: tuple[str, ...], depth: int,
                           l2: float) -> dict[str, object]:
    groups = sorted({it["group"] for it in items if it["writer"] != "builders"})
    per: dict[str, object] = {}
    scored: list[dict] = []
    for g in groups:
        model = fit([it for it in items if it["group"] != g], names, depth, l2)
        held = [it for it in items if it["group"] == g]
        per[g] = metrics(model, held)
        for it in held:
            scored.append({"writer": key_of(it), "setting": it["setting"],
                           "y": ranked_labels(model, it)[:10]})
    by_writer = {}
    for w in sorted({s["writer"] for s in scored}):
        rows = [s["y"] for s in scored if s["writer"] == w]
        by_writer[w] = {"hit@5": round(float(np.mean([y[:5].any() for y in rows])), 3),
                        "mrr@10": round(float(np.mean([1 / (int(np.argmax(y)) + 1) if y.any() else 0
                                                       for y in rows])), 3), "n": len(rows)}
    pooled = [float(np.mean([1 / (int(np.argmax(s["y"])) + 1) if s["y"].any() else 0.0
                             for s in scored if s["setting"] == setting]))
              for setting in sorted({s["setting"] for s in scored})]
    # chosen by the mean over both settings (all documents in one index; one handbook)
    return {"per_document": per, "by_writer": by_writer, "mrr@10": round(float(np.mean(pooled)), 3)}


def plain_rrf(ctx: Context, questions: list[dict]) -> dict[str, float]:
    """The issue's baseline in the same index: plain RRF (k=60) of BM25 + dense, no boost."""
    by_id = {p.id: p for p in ctx.guidance.passages()}
    hit5 = mrr = 0.0
    for q in questions:
        ranked = ctx.guidance.index.search(q["question"], 10, fusion=PLAIN_RRF)
        for rank, (pid, _) in enumerate(ranked, start=1):
            p = by_id[pid]
            if p.document.source == q["source"] and answers(p.text, q["answer"]):
                hit5 += rank <= 5
                mrr += 1 / rank
                break
    n = max(len(questions), 1)
    return {"hit@5": round(hit5 / n, 3), "mrr@10": round(mrr / n, 3), "n": len(questions)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, help="reuse this COACH_HOME (embedding cache)")
    parser.add_argument("--out", type=Path, default=OUT, help="the cross-validation figures (JSON)")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument("--quick", action="store_true", help="a smaller grid")
    parser.add_argument("--cache", type=Path, help="keep the computed features in this file")
    args = parser.parse_args()
    started = time.time()
    questions = training_questions()
    cache = args.cache
    key = (tuple(q["id"] + q["group"] for q in questions), FEATURES, 5)
    items = None
    if cache and cache.exists():
        stored = pickle.loads(cache.read_bytes())
        items = stored["items"] if stored["key"] == key else None
    ctx = build(args.home)
    if items is None:
        items = collect(ctx, questions)
        if cache:
            cache.write_bytes(pickle.dumps({"key": key, "items": items}))
    plain = {w: plain_rrf(ctx, [q for q in questions if q["writer"] == w]) for w in ("tune", "dev")}
    print("plain RRF (no program boost):", plain, flush=True)
    first = {w: metrics(None, [it for it in items if key_of(it) == w])
             for w in sorted({key_of(it) for it in items})}
    recall = {w: {f"recall@{d}": round(float(np.mean([it["y"][:d].any() for it in items
                                                        if key_of(it) == w])), 3)
                  for d in (10, 20, 30, 50)} for w in first}
    print("first stage (shipped search + prefer):", first, recall, flush=True)
    grid = []
    # "scores_doc" uses the first stage's ranks: compared, never chosen (see FEATURE_SETS)
    sets = ("all_tied",) if args.quick else ("all_tied", "scores_doc_tied", "scores_doc")
    independent = [it for it in items if it["writer"] != "builders"]
    for builders in ((True,) if args.quick else (True, False)):
        data = items if builders else independent
        for set_name in sets:
            for depth in ((30,) if args.quick else (20, 30)):
                for l2 in ((0.1,) if args.quick else (0.03, 0.1, 0.3)):
                    cv = leave_one_document_out(data, FEATURE_SETS[set_name], depth, l2)
                    grid.append({"features": set_name, "depth": depth, "l2": l2,
                                 "builders": builders, **cv})
                    print(set_name, depth, l2, builders, cv["by_writer"], cv["mrr@10"], flush=True)
    best = max((g for g in grid if g["features"].endswith("_tied")),
               key=lambda g: (g["mrr@10"], -g["l2"]))
    model = fit(items if best["builders"] else independent, FEATURE_SETS[best["features"]],
                best["depth"], best["l2"])
    study = failure_study(items, FEATURE_SETS[best["features"]], best["depth"], best["l2"],
                          best["builders"])
    print("failures:", study, flush=True)
    result = {"failures": study, "plain_rrf": plain, "first_stage": first, "recall": recall, "grid": grid,
              "chosen": {k: best[k] for k in ("features", "depth", "l2", "builders", "by_writer",
                                              "mrr@10")},
              "training": {w: sum(key_of(it) == w for it in items) for w in first
                           if best["builders"] or w != "builders"},
              "weights": dict(zip(model.features, np.round(model.weights, 4).tolist(), strict=True)),
              "seconds": round(time.time() - started, 1)}
    print("chosen:", result["chosen"], flush=True)
    if not args.no_save:
        RANKER_FILE.write_text(json.dumps({**model.to_dict(), "name": "passage-ranker-1",
                                           "trained_on": result["training"]}, indent=1))
        args.out.write_text(json.dumps(result, indent=2))
        print("wrote", RANKER_FILE, args.out)


if __name__ == "__main__":
    main()
