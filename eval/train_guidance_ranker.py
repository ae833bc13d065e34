"""Train and choose the guidance re-ranker, leave one independent writer out.

    nice -n 19 python eval/train_guidance_ranker.py            # CV, choose, write the model
    nice -n 19 python eval/train_guidance_ranker.py --no-ship  # CV only

Writers: W1 = eval/data/journey_heldout (dev; trained on the second annotator's revised labels,
scored on both), W3..W6, W9, W10, W13, W14 = eval/data/journey_train_wN (each used when present;
W2, W7, W8, W11 and W12 wrote held-out sets, never read here). B = the builders' own labelled reflections
(eval/data/reflections.jsonl, eval/data/journey_train) is only ever trained on, never scored or
used for choosing.
For every left-out independent writer a model is trained on the other writers (with or without B)
and scored against the shipped ranking on the same reflections; the configuration (features,
regularisation, depth, B or not) with the best mean hit@3 across left-out writers is shipped,
trained on all writers. Figures go to eval/results/guidance_ranker_cv.json.
The ``tuned`` feature (the guidance encoder's cosine) comes from cross-fitted vectors
(eval/train_guidance_encoder.py ``crossfit_vectors``: trained once per group of three writers,
about 6 minutes each, cached); the shipped ranker is used with the encoder that
``python eval/train_guidance_encoder.py --ship`` writes, trained on every training writer.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import math
import os
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from scipy.optimize import minimize

from coach.config import Settings
from coach.context import Context
from coach.reflection.analyze import REFLECTION_FUSION, SEARCH_DEPTH
from coach.reflection.guidance_ranker import (
    GUIDANCE_RANKER_FILE,
    RAW,
    SEARCH_K,
    SITUATION_STAND_INS,
    Candidate,
    GuidanceRanker,
    _passage_text,
    guidance_evidence,
    impute_unlabelled,
    knn_scores,
    prototype_features,
)
from coach.reflection.link_features import as_goal_doc, split_sentences
from coach.reflection.linking import link_goals
from coach.reflection.situations import fuse, situation_order, situations
from eval.common import DATA, ROOT, hit_at, read_jsonl, scratch_home
from eval.journey_eval import CachedEmbedder
from eval.train_guidance_encoder import crossfit_vectors
from eval.train_linker import journey_rows

CACHE = Path(os.environ.get("GUIDANCE_CACHE", "/tmp/guidance_ranker_cache"))
RESULTS = ROOT / "eval" / "results" / "guidance_ranker_cv.json"
INDEPENDENT = {"W1": DATA / "journey_heldout", "W3": DATA / "journey_train_w3",
               "W4": DATA / "journey_train_w4", "W5": DATA / "journey_train_w5",
               "W6": DATA / "journey_train_w6", "W9": DATA / "journey_train_w9",
               "W10": DATA / "journey_train_w10", "W13": DATA / "journey_train_w13",
               "W14": DATA / "journey_train_w14"}
BASE = ("search_log", "bm25_log", "cos_whole", "cos_what", "cos_so_what", "cos_now_what",
        "sent_best", "sent_sent", "cos_title", "cos_tags", "goal")
FEATURE_SETS = {
    "dense+situation": (*BASE, "situation"),
    "dense+situation+prior": (*BASE, "situation", "prior"),
    "dense+situation+proto": (*BASE, "situation", "proto_whole", "proto_sent"),
    "dense+situation+knn": (*BASE, "situation", "knn"),
    "all": (*BASE, "situation", "prior", "proto_whole", "proto_sent", "knn"),
    "all_no_knn": (*BASE, "situation", "prior", "proto_whole", "proto_sent"),
    "all_no_situation": (*BASE, "prior", "proto_whole", "proto_sent", "knn"),
    "all+sit": (*BASE, "situation", "sit_top3", "sit_whole", "sent_top3", "whole_sent", "prior",
                "proto_whole", "proto_sent", "knn"),
    "all+sit+tuned": (*BASE, "situation", "sit_top3", "sit_whole", "sent_top3", "whole_sent", "prior",
                      "proto_whole", "proto_sent", "knn", "tuned"),
}
#: the grid ``make train`` searches (the shipped model's); the other sets are there to compare
DEFAULT_GRID = ("all+sit", "all+sit+tuned")
LAMBDAS = (0.1, 1.0)
DEPTHS = (30, 60)
ALL = SEARCH_K
PRIOR_SMOOTH = 1.0
N_PASSAGES = 57
FEATURE_VERSION = "4"  # 3: 26 situations per passage, the situation and own-sentence summaries;
# 4: the classifier column became ``tuned``
KNN_K = 10


def load_writers() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for name, folder in INDEPENDENT.items():
        path = folder / "reflections.jsonl"
        if not path.exists():
            continue
        rows = [r for r in read_jsonl(path) if r.get("guidance")]
        revised_path = folder / "guidance_revised.jsonl"
        revised = {r["id"]: r["guidance"] for r in read_jsonl(revised_path)} if revised_path.exists() else {}
        for r in rows:
            r["train_labels"] = revised.get(r["id"]) or r["guidance"]
            r["revised"] = revised.get(r["id"], [])
        if rows:
            out[name] = rows
    labels = {r["id"]: r["guidance"] for r in read_jsonl(DATA / "journey_train" / "guidance.jsonl")}
    builder = [r for r in read_jsonl(DATA / "reflections.jsonl") if r.get("guidance")]
    builder += [{**r, "guidance": labels[r["id"]]}
                for r in read_jsonl(DATA / "journey_train" / "reflections.jsonl")
                if labels.get(r["id"])]
    for r in builder:
        r["train_labels"], r["revised"] = r["guidance"], []
    out["B"] = builder
    return out


def featurize(ctx: Context, emb: CachedEmbedder, rows: list[dict]) -> list[dict]:
    """Per reflection: candidate ids (search order, all of the library), raw evidence, the vectors
    the fold-dependent features need, the shipped ranking, the labels."""
    items = []
    for raw, r in zip(rows, journey_rows(rows), strict=True):
        parts, text = r["parts"], r["parts"].text
        links = link_goals(emb, parts, r["goals"]) if r["goals"] else []
        goal = as_goal_doc(r["goals"][links[0].index]).text if links and not links[0].ask else ""
        hits = ctx.guidance.search(text[:2000], k=ALL, fusion=REFLECTION_FUSION)
        bm = {h.passage_id: i for i, h in enumerate(ctx.guidance.search(text[:2000], k=ALL, mode="bm25"))}
        cands = [Candidate(h.passage_id, h.title, h.text, tuple(h.tags), i, bm.get(h.passage_id))
                 for i, h in enumerate(hits)]
        shipped = situation_order(emb, text, [c.passage_id for c in cands[:SEARCH_DEPTH]])
        sentences = split_sentences(text) or [text]
        vecs = emb.encode([text, *sentences]).astype(np.float64)
        items.append({"id": r["id"], "ids": [c.passage_id for c in cands],
                      "x": guidance_evidence(emb, parts, cands, goal=goal),
                      "v_whole": vecs[0], "v_sents": vecs[1:],
                      "shipped": shipped, "labels": raw["guidance"], "revised": raw["revised"],
                      "train": raw["train_labels"]})
    return items


def passage_vectors(ctx: Context, emb: CachedEmbedder) -> dict[str, np.ndarray]:
    """Each library passage's own vector (the prototype of a passage nobody labelled)."""
    hits = ctx.guidance.search("feedback", k=ALL, fusion=REFLECTION_FUSION)
    cands = [Candidate(h.passage_id, h.title, h.text) for h in hits]
    vecs = emb.encode([_passage_text(c) for c in cands]).astype(np.float64)
    return {c.passage_id: v for c, v in zip(cands, vecs, strict=True)}


def add_tuned(data: dict[str, list[dict]], vectors: dict[str, np.ndarray],
              passages: dict[str, np.ndarray]) -> None:
    """The ``tuned`` column from cross-fitted guidance-encoder vectors (in place)."""
    col = RAW.index("tuned")
    for w, items in data.items():
        if w not in vectors:  # B: trains the encoder, so its column stays the plain cosine (unused)
            continue
        for it, v in zip(items, vectors[w], strict=True):
            it["x"][:, col] = [float(passages[p] @ v) for p in it["ids"]]


def load_passages() -> tuple[dict[str, np.ndarray], str]:
    """The library passages' plain vectors (cached) and the embedder's model id."""
    ctx = Context(Settings(home=scratch_home()))
    emb = CachedEmbedder(ctx.embedder)
    return cached("passages", "library", lambda: passage_vectors(ctx, emb)), emb.model_id


def cached(name: str, key_data: object, make):  # type: ignore[no-untyped-def]
    key = hashlib.sha256(json.dumps([key_data, FEATURE_VERSION], sort_keys=True).encode()).hexdigest()[:16]
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}-{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    start = time.perf_counter()
    value = make()
    print(f"features {name}: {len(value)} in {time.perf_counter() - start:.0f} s", flush=True)
    path.write_bytes(pickle.dumps(value))
    return value


class Fold:
    """What a fold learns from its training reflections' labels: passage priors, prototypes and
    neighbours. A training reflection's own labels and vector are left out of its own features (its
    ``tuned`` value comes from an encoder trained without its writer: eval/train_guidance_encoder.py)."""

    def __init__(self, items: list[dict], passages: dict[str, np.ndarray], knn_k: int = KNN_K) -> None:
        self.passages, self.knn_k = passages, knn_k
        self.neighbours = np.vstack([it["v_whole"] for it in items])
        self.labels = [tuple(it["train"]) for it in items]
        self.index = {id(it): i for i, it in enumerate(items)}
        self.counts: dict[str, int] = {}
        self.sums: dict[str, np.ndarray] = {}
        for it in items:
            for p in set(it["train"]):
                self.counts[p] = self.counts.get(p, 0) + 1
                self.sums[p] = self.sums.get(p, 0.0) + it["v_whole"]
        self.total = sum(self.counts.values())

    def prior(self, p: str, own: bool) -> float:
        c = self.counts.get(p, 0) - int(own)
        return math.log((c + PRIOR_SMOOTH) / (self.total + PRIOR_SMOOTH * N_PASSAGES))

    def proto(self, p: str, own_vec: np.ndarray | None) -> np.ndarray:
        c = self.counts.get(p, 0) - int(own_vec is not None)
        if c <= 0:
            return self.passages[p]
        v = self.sums[p] - (own_vec if own_vec is not None else 0.0)
        return v / np.linalg.norm(v)

    def features(self, it: dict, *, training: bool, uploads: frozenset[str] = frozenset()) -> np.ndarray:
        """``uploads``: passages treated as a program's uploads (no label evidence)."""
        x = it["x"].copy()
        own = set(it["train"]) if training else set()
        x[:, RAW.index("prior")] = [self.prior(p, p in own) for p in it["ids"]]
        protos = np.vstack([self.proto(p, it["v_whole"] if p in own else None) for p in it["ids"]])
        x[:, RAW.index("proto_whole")], x[:, RAW.index("proto_sent")] = prototype_features(
            it["v_whole"], it["v_sents"], protos)
        keep = np.ones(len(self.neighbours), dtype=bool)
        if training:
            keep[self.index[id(it)]] = False
        x[:, RAW.index("knn")] = knn_scores(it["v_whole"], self.neighbours[keep],
                                            [lb for lb, k in zip(self.labels, keep, strict=True) if k],
                                            it["ids"], k=self.knn_k)
        labelled = [p not in uploads and self.counts.get(p, 0) - int(p in own) > 0 for p in it["ids"]]
        if uploads:  # an upload has no situations either: its own sentences stand in
            for i, p in enumerate(it["ids"]):
                if p in uploads:
                    for name, stand_in in SITUATION_STAND_INS.items():
                        x[i, RAW.index(name)] = x[i, RAW.index(stand_in)]
        return impute_unlabelled(x, labelled)

    def model_parts(self) -> tuple[dict[str, float], float, dict[str, np.ndarray]]:
        return ({p: self.prior(p, False) for p in self.counts}, self.prior("", False),
                {p: self.proto(p, None) for p in self.counts})


def fit(items: list[dict], passages: dict[str, np.ndarray], features: tuple[str, ...], lam: float,
        depth: int) -> tuple[GuidanceRanker, Fold]:
    fold = Fold(items, passages)
    cols = [RAW.index(f) for f in features]
    xs, golds = [], []
    for it in items:
        x = fold.features(it, training=True)[:depth, cols]
        pos = set(it["train"])
        g = np.array([1.0 if p in pos else 0.0 for p in it["ids"][:depth]])
        if g.any():
            xs.append(x)
            golds.append(g)
    stacked = np.vstack(xs)
    mean, scale = stacked.mean(0), stacked.std(0)
    scale[scale == 0] = 1.0
    width = max(len(x) for x in xs)
    big = np.zeros((len(xs), width, len(cols)))
    gold = np.zeros((len(xs), width))
    valid = np.zeros((len(xs), width), dtype=bool)
    for q, (x, g) in enumerate(zip(xs, golds, strict=True)):
        big[q, :len(x)], gold[q, :len(x)], valid[q, :len(x)] = (x - mean) / scale, g, True

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        """Listwise: minus the log of the softmax mass on the labelled passages, averaged over
        reflections (L2 ``lam`` on the same scale as in one reflection's loss)."""
        s = np.where(valid, big @ w, -np.inf)
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        eg = e * gold
        total = lam * float(w @ w) - float(np.sum(np.log(eg.sum(1)) - np.log(e.sum(1))))
        p_diff = eg / eg.sum(1, keepdims=True) - e / e.sum(1, keepdims=True)
        grad = 2 * lam * w - np.einsum("qdf,qd->f", big, p_diff)
        return total / len(xs), grad / len(xs)

    w = minimize(loss, np.zeros(len(cols)), jac=True, method="L-BFGS-B").x
    prior, default, protos = fold.model_parts()
    knn = "knn" in features
    return GuidanceRanker(features, mean, scale, w, prior, default, depth, protos,
                          fold.neighbours if knn else np.zeros((0, 0)), tuple(fold.labels) if knn else (),
                          fold.knn_k), fold


def ranked(model: GuidanceRanker, fold: Fold, it: dict, *, no_situations: bool = False,
           no_prior: bool = False, uploads: frozenset[str] = frozenset()) -> list[str]:
    """A left-out reflection's ranking; ``no_prior`` also drops the label prototypes (a library
    nobody labelled); ``uploads``: these passages count as a program's uploads."""
    x = fold.features(it, training=False, uploads=uploads)
    if no_situations:
        for name, stand_in in SITUATION_STAND_INS.items():
            x[:, RAW.index(name)] = x[:, RAW.index(stand_in)]
    if no_prior:
        x[:, RAW.index("prior")] = model.prior_default
        x[:, RAW.index("proto_whole")] = x[:, RAW.index("cos_whole")]
        x[:, RAW.index("proto_sent")] = x[:, RAW.index("sent_best")]
        x[:, RAW.index("knn")] = 0.0
        x[:, RAW.index("tuned")] = x[:, RAW.index("cos_whole")]
    d = model.depth
    s = model.scores(x[:d])
    order = sorted(range(min(d, len(it["ids"]))), key=lambda i: (-s[i], i))
    return [it["ids"][i] for i in order] + it["ids"][d:]


def variants(model: GuidanceRanker, fold: Fold, it: dict, learned: list[str],
             gold: list[str]) -> dict[str, list[str]]:
    """The rankings compared for one left-out reflection. ``*_gold_as_uploads``: the labelled
    passages count as a program's uploads (no situations, no label evidence), for both rankings."""
    ups = frozenset(gold)
    sit = RAW.index("situation")
    table = situations()
    upload_scores = {p: float(it["x"][i, sit]) for i, p in enumerate(it["ids"][:SEARCH_DEPTH])
                     if p in table and p not in ups}
    return {"search_only": it["ids"], "shipped_situations": it["shipped"], "learned": learned,
            "learned_no_situations": ranked(model, fold, it, no_situations=True),
            "learned_no_prior": ranked(model, fold, it, no_prior=True),
            "shipped_gold_as_uploads": fuse(it["ids"][:SEARCH_DEPTH], upload_scores),
            "learned_gold_as_uploads": ranked(model, fold, it, uploads=ups)}


def metrics(rankings: list[list[str]], golds: list[list[str]]) -> dict[str, float]:
    pairs = [(r, g) for r, g in zip(rankings, golds, strict=True) if g]
    n = max(len(pairs), 1)
    return {"hit@3": round(sum(hit_at(r, g, 3) for r, g in pairs) / n, 3),
            "hit@5": round(sum(hit_at(r, g, 5) for r, g in pairs) / n, 3),
            "first@3": round(sum(hit_at(r, g[:1], 3) for r, g in pairs) / n, 3),
            "recall@10": round(sum(len(set(r[:10]) & set(g)) / len(set(g)) for r, g in pairs) / n, 3),
            "n": len(pairs)}


def cv(data: dict[str, list[dict]], passages: dict[str, np.ndarray], features: tuple[str, ...],
       lam: float, depth: int,
       builder: bool) -> dict[str, dict]:
    out = {}
    for left in (w for w in data if w != "B"):
        train = [it for w, its in data.items() if w != left and (w != "B" or builder) for it in its]
        if not train:
            continue
        model, fold = fit(train, passages, features, lam, depth)
        out[left] = {"model": model, "fold": fold, "ranked": [ranked(model, fold, it) for it in data[left]]}
    return out


def agreement(folder: Path) -> dict[str, object]:
    """What a perfect ranker could reach on W1: one annotator's list, in its order, scored against
    the other's set (the second annotator revised the first's labels, having seen them)."""
    rows = read_jsonl(folder / "reflections.jsonl")
    revised = {r["id"]: r["guidance"] for r in read_jsonl(folder / "guidance_revised.jsonl")}
    pairs = [(r["guidance"], revised[r["id"]]) for r in rows if r["id"] in revised]
    n = len(pairs)
    out: dict[str, object] = {"n": n}
    for k in (1, 3):
        out[f"writer_list_vs_revised_set_hit@{k}"] = round(sum(hit_at(a, b, k) for a, b in pairs) / n, 3)
        out[f"revised_list_vs_writer_set_hit@{k}"] = round(sum(hit_at(b, a, k) for a, b in pairs) / n, 3)
    out["share_any_passage"] = round(sum(bool(set(a) & set(b)) for a, b in pairs) / n, 3)
    out["same_first_choice"] = round(sum(a[0] == b[0] for a, b in pairs) / n, 3)
    out["mean_labels"] = {"writer": round(sum(len(a) for a, _ in pairs) / n, 2),
                          "revised": round(sum(len(b) for _, b in pairs) / n, 2)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-ship", action="store_true", help="cross-validate only; keep the model")
    parser.add_argument("--features", nargs="+", choices=sorted(FEATURE_SETS), default=list(DEFAULT_GRID),
                        help=f"feature sets of the grid (default: {' '.join(DEFAULT_GRID)}; session 6 "
                             "searched all but the situation summaries and the classifier)")
    parser.add_argument("--depths", nargs="+", type=int, default=[60],
                        help=f"re-ranking depths of the grid (default: 60; of {DEPTHS}, 60 won every "
                             "comparison in session 6)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the figures go")
    args = parser.parse_args()
    started = time.time()
    load_start = round(os.getloadavg()[0], 1)
    writers = load_writers()
    ctx_holder: dict[str, object] = {}

    def ctx_factory() -> Context:
        if "ctx" not in ctx_holder:
            ctx_holder["ctx"] = Context(Settings(home=scratch_home()))
        return ctx_holder["ctx"]  # type: ignore[return-value]

    def emb_factory() -> CachedEmbedder:
        if "emb" not in ctx_holder:
            ctx_holder["emb"] = CachedEmbedder(ctx_factory().embedder)
        return ctx_holder["emb"]  # type: ignore[return-value]

    data = {w: cached(w, rows, lambda rows=rows: featurize(ctx_factory(), emb_factory(), rows))
            for w, rows in writers.items()}
    for w, items in data.items():  # fold-dependent columns added after the cache was written: zeros
        for it in items:
            it["writer"] = w
            if it["x"].shape[1] < len(RAW):
                it["x"] = np.hstack([it["x"], np.zeros((len(it["x"]), len(RAW) - it["x"].shape[1]))])
    passages = cached("passages", "library", lambda: passage_vectors(ctx_factory(), emb_factory()))
    held = [w for w in data if w != "B"]
    print("writers:", {w: len(v) for w, v in data.items()}, flush=True)
    configs = []
    if any("tuned" in FEATURE_SETS[f] for f in args.features):
        add_tuned(data, crossfit_vectors(writers, passages), passages)
    grid = [(fname, lam, depth, builder)
            for fname in args.features for lam in LAMBDAS for depth in args.depths
            for builder in (True, False) if (len(held) >= 2 or builder)
            and not (builder and "tuned" in FEATURE_SETS[fname])]  # B trains the encoder: no B here
    for fname, lam, depth, builder in grid:
        res = cv(data, passages, FEATURE_SETS[fname], lam, depth, builder)
        per = {w: metrics(r["ranked"], [it["labels"] for it in data[w]]) for w, r in res.items()}
        score = float(np.mean([m["hit@3"] for m in per.values()])) if per else 0.0
        configs.append({"features": fname, "lambda": lam, "depth": depth, "builder_data": builder,
                        "mean_hit@3": round(score, 4), "per_writer": per})
        print(fname, lam, depth, builder, round(score, 3),
              {w: m["hit@3"] for w, m in per.items()}, flush=True)
    best = max(configs, key=lambda c: (c["mean_hit@3"], -len(FEATURE_SETS[c["features"]]), c["lambda"]))
    feats = FEATURE_SETS[best["features"]]
    res = cv(data, passages, feats, best["lambda"], best["depth"], best["builder_data"])
    report: dict[str, object] = {}
    pooled: dict[str, list] = {"gold": []}
    for w, r in res.items():
        items = data[w]
        entry = {}
        for label_key, label_name in (("labels", "writer_labels"), ("revised", "revised_labels")):
            golds = [it[label_key] for it in items]
            if not any(golds):
                continue
            rankings = [variants(r["model"], r["fold"], it, learned, gold)
                        for it, learned, gold in zip(items, r["ranked"], golds, strict=True)]
            entry[label_name] = {name: metrics([v[name] for v in rankings], golds) for name in rankings[0]}
            if label_key == "labels":
                pooled["gold"] += golds
                for name in rankings[0]:
                    pooled.setdefault(name, []).extend(v[name] for v in rankings)
        report[w] = entry
    pooled_metrics = {k: metrics(v, pooled["gold"]) for k, v in pooled.items() if k != "gold"}
    beats = all(report[w]["writer_labels"]["learned"]["hit@3"] > report[w]["writer_labels"]
                ["shipped_situations"]["hit@3"] for w in report)
    out = {"command": " ".join(["python eval/train_guidance_ranker.py", *sys.argv[1:]]),
           "load_avg_start": load_start, "writers": {w: len(v) for w, v in data.items()},
           "annotator_agreement_W1": agreement(INDEPENDENT["W1"]),
           "chosen": {k: best[k] for k in ("features", "lambda", "depth", "builder_data", "mean_hit@3")},
           "chosen_features": list(feats), "per_writer": report, "pooled": pooled_metrics,
           "beats_shipped_on_every_writer": beats,
           "configs": [{k: c[k] for k in ("features", "lambda", "depth", "builder_data", "mean_hit@3")}
                       | {"per_writer_hit@3": {w: m["hit@3"] for w, m in c["per_writer"].items()}}
                       for c in configs]}
    if not args.no_ship and beats:
        train = [it for w, its in data.items() if w != "B" or best["builder_data"] for it in its]
        model, _ = fit(train, passages, feats, best["lambda"], best["depth"])
        model = dataclasses.replace(model, embedder_id=emb_factory().model_id)
        GUIDANCE_RANKER_FILE.write_text(json.dumps(model.to_dict(), indent=1) + "\n")
        out["shipped_model"] = {"file": str(GUIDANCE_RANKER_FILE.relative_to(ROOT)),
                                "trained_on": {w: len(data[w]) for w in data
                                               if w != "B" or best["builder_data"]},
                                "coef": dict(zip(feats, np.round(model.coef, 3).tolist(), strict=True))}
    out["load_avg_end"] = round(os.getloadavg()[0], 1)
    out["seconds"] = round(time.time() - started)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps({k: out[k] for k in ("chosen", "per_writer", "pooled", "beats_shipped_on_every_writer")},
                     indent=1))


if __name__ == "__main__":
    main()
