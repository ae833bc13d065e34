"""Mentee-journey evaluation: goal linking, guidance fit, goal-quality check.

    python eval/journey_eval.py --data eval/data/journey_heldout --label dev   # dev (former held-out)
    python eval/journey_eval.py --data eval/data/journey_heldout2 --label heldout2 \
        --out eval/results/journey_heldout2.json                # a fresh writer's set, run once
    python eval/journey_eval.py --split test       # our own test split
    python eval/journey_eval.py --split tune       # the split used while developing

Linking is reported for plain cosine (whole reflection vs goal title), the previous linker
(whole-text / best-sentence cosine vs title + why + milestones, logistic confidence) and the
learned ranker, cold (no confirmed links) and replaying each mentee in order with earlier
reflections confirmed (per-mentee learning). Guidance: hit@3 / hit@5 / recall@10 with the whole
text as the query, with so-what / now-what + linked goal, search fused with the passage situations
(session 3-4) and the learned re-ranker (shipped from session 5, eval/train_guidance_ranker.py).
Goal quality: accuracy and F1 per label.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from coach.config import Settings
from coach.context import Context
from coach.nlp.embedder import Embedder
from coach.reflection.analyze import fit_guidance
from coach.reflection.goal_quality import LABELS, GoalChecker
from coach.reflection.link_features import split_sentences
from coach.reflection.linking import link_goals, links_automatically
from eval.common import DATA, hit_at, prf, read_jsonl, scratch_home
from eval.train_linker import journey_rows, with_history

BINS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


class CachedEmbedder(Embedder):
    """Same vectors as the wrapped embedder, each distinct text encoded once (evaluation speed)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.model_id, self.dim = inner, inner.model_id, inner.dim
        self.cache: dict[str, np.ndarray] = {}

    def _encode_batch(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - encode overridden
        return self.inner.encode(texts)

    @property
    def _model(self):  # type: ignore[no-untyped-def]
        """The wrapped sentence-transformers model: adapters (the guidance encoder) load from it."""
        return getattr(self.inner, "_model", None)

    @property
    def _lock(self):  # type: ignore[no-untyped-def]
        return getattr(self.inner, "_lock", None)

    def encode(self, texts, *, batch_size: int = 64) -> np.ndarray:  # type: ignore[override]
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            for t, v in zip(todo, self.inner.encode(todo, batch_size=batch_size), strict=True):
                self.cache[t] = v
        return np.vstack([self.cache[t] for t in texts]) if texts else self.inner.encode([])


def previous_linker(emb: Embedder, text: str, goals: list[str]) -> tuple[int, float]:
    """Today's linker before this change (for comparison): top index and its confidence."""
    sentences = split_sentences(text) or [text]
    v = emb.encode([text, *sentences, *goals])
    g = v[1 + len(sentences):]
    sims = 0.5 * (g @ v[0]) + 0.5 * (g @ v[1:1 + len(sentences)].T).max(axis=1)
    top = int(np.argmax(sims))
    return top, 1.0 / (1.0 + math.exp(-14.0 * (float(sims[top]) - 0.35)))


def reliability(conf: list[float], right: list[bool]) -> list[dict[str, object]]:
    rows = []
    for lo, hi in BINS:
        idx = [i for i, c in enumerate(conf) if lo <= c < hi]
        rows.append({"confidence": f"{lo:.1f}-{min(hi, 1.0):.1f}", "n": len(idx),
                     "mean_confidence": round(float(np.mean([conf[i] for i in idx])), 3) if idx else None,
                     "top1": round(float(np.mean([right[i] for i in idx])), 3) if idx else None})
    return rows


def shown_at(conf: list[float], right: list[bool], level: float) -> dict[str, float]:
    kept = [r for c, r in zip(conf, right, strict=True) if c >= level]
    return {"share_shown": round(len(kept) / len(conf), 3),
            "top1": round(float(np.mean(kept)), 3) if kept else 0.0, "n": len(kept)}


def linking(emb: Embedder, rows: list[dict]) -> dict[str, object]:
    gold = [r["goal"] for r in rows]
    anyg = [{r["goal"], *r["also"]} for r in rows]
    out: dict[str, object] = {"reflections": len(rows), "mentees": len({r["mentee"] for r in rows})}
    cos_top = []
    prev_top, prev_conf = [], []
    for r in rows:
        text = r["parts"].text
        v = emb.encode([text, *[g.title for g in r["goals"]]])
        cos_top.append(int(np.argmax(v[1:] @ v[0])))
        top, c = previous_linker(emb, text, [". ".join([g.title, g.why, *g.milestones]) for g in r["goals"]])
        prev_top.append(top)
        prev_conf.append(c)
    cos_right = [t == g for t, g in zip(cos_top, gold, strict=True)]
    out["plain_cosine"] = {"top1": round(float(np.mean(cos_right)), 3)}
    prev_right = [t == g for t, g in zip(prev_top, gold, strict=True)]
    out["previous_linker"] = {"top1": round(float(np.mean(prev_right)), 3),
                              "shown_at_0.8": shown_at(prev_conf, prev_right, 0.8),
                              "reliability": reliability(prev_conf, prev_right)}
    for mode, learn in (("ranker_cold", False), ("ranker_per_mentee", True)):
        links = [link_goals(emb, r["parts"], goals)
                 for r, goals in zip(rows, with_history(rows, learn=learn), strict=True)]
        right = [ls[0].index == g for ls, g in zip(links, gold, strict=True)]
        conf = [ls[0].confidence for ls in links]
        asked = [ls[0].ask for ls in links]
        answered = [r for r, a in zip(right, asked, strict=True) if not a]
        out[mode] = {"top1": round(float(np.mean(right)), 3),
                     "top1_in_any_gold": round(float(np.mean([ls[0].index in a for ls, a in
                                                              zip(links, anyg, strict=True)])), 3),
                     "shown_at_0.8": shown_at(conf, right, 0.8),
                     "asked_share": round(float(np.mean(asked)), 3),
                     "top1_when_not_asked": round(float(np.mean(answered)), 3) if answered else 0.0,
                     "top2_has_gold_when_asked": round(float(np.mean(
                         [g in {ls[0].index, ls[1].index} for ls, g, a in zip(links, gold, asked, strict=True)
                          if a])), 3) if any(asked) else None,
                     "reliability": reliability(conf, right)}
        print(mode, out[mode]["top1"], flush=True)
    out["_links"] = links  # last mode's links, for the guidance query
    return out


def link_and_guidance(ctx: Context, emb: Embedder, rows: list[dict], results: dict[str, object],
                      save: Callable[[], None], *, revised: dict[str, list[str]] | None = None) -> None:
    link_res = linking(emb, rows)
    links = link_res.pop("_links")
    results["linking"] = link_res
    save()
    variants = {"whole_text_query": {"query": "whole", "rerank_by": "none"},
                "so_what_now_what_goal_query": {"query": "parts", "rerank_by": "none"},
                "shipped_whole_text_plus_situations": {"query": "whole", "rerank_by": "situations"},
                "learned_reranker": {"query": "whole", "rerank_by": "learned"}}
    ranked: dict[str, list[list[str]]] = {name: [] for name in variants}
    for r, ls in zip(rows, links, strict=True):
        text = r["parts"].text
        sure = bool(ls) and not ls[0].ask and links_automatically(ls[0])
        # the parts query used the goal's title (as before); the re-ranker gets its full text (as
        # analyze_reflection passes it)
        goals = {"title": ls[0].goal if sure else "", "text": r["goals"][ls[0].index].text if sure else ""}
        for name, opts in variants.items():
            ranked[name].append([f.passage_id for f in fit_guidance(
                text, ctx.guidance, emb, k=10, parts=r["parts"],
                goal=goals["text" if opts["rerank_by"] == "learned" else "title"], **opts)])
    label_sets = {"labels": [r["guidance"] for r in rows]}
    if revised:  # the label reviser's labels against the current passage list, where present
        label_sets["revised_labels"] = [revised.get(r["id"], []) for r in rows]
    for set_name, gold in label_sets.items():
        scored = [(g, i) for i, g in enumerate(gold) if g]
        n = max(len(scored), 1)
        suffix = "" if set_name == "labels" else "_revised_labels"
        key = "guidance_hit@3" + suffix
        results[key] = {name: round(sum(hit_at(ranked[name][i], g, 3) for g, i in scored) / n, 3)
                        for name in variants}
        results[key]["n"] = len(scored)
        results["guidance" + suffix] = {name: {
            "hit@3": results[key][name],
            "hit@5": round(sum(hit_at(ranked[name][i], g, 5) for g, i in scored) / n, 3),
            "recall@10": round(sum(len(set(ranked[name][i][:10]) & set(g)) / len(set(g))
                                   for g, i in scored) / n, 3)} for name in variants}
        print(key, results["guidance" + suffix], flush=True)
    sets = sorted({r["id"].split("/")[0] for r in rows if "/" in r["id"]})
    if len(sets) > 1:  # several writers' folders measured as one set: each writer's figures too
        results["guidance_by_set"] = {}
        for name_ in sets:
            idx = [i for i, r in enumerate(rows) if r["id"].startswith(name_ + "/") and r["guidance"]]
            m = max(len(idx), 1)
            results["guidance_by_set"][name_] = {v: {
                "hit@3": round(sum(hit_at(ranked[v][i], rows[i]["guidance"], 3) for i in idx) / m, 3),
                "hit@5": round(sum(hit_at(ranked[v][i], rows[i]["guidance"], 5) for i in idx) / m, 3)}
                for v in variants} | {"n": len(idx)}
    save()


def revised_labels(folder: Path) -> dict[str, list[str]]:
    """``guidance_revised.jsonl`` in the set's folder (a second annotator's labels) if it exists."""
    path = folder / "guidance_revised.jsonl"
    if not path.exists():
        return {}
    return {r["id"]: list(r.get("guidance", [])) for r in read_jsonl(path)}


def goal_quality(ctx: Context, emb: Embedder, goal_rows: list[dict], results: dict[str, object]) -> None:
    checker = GoalChecker(lambda: ctx.nlp, lambda: emb)
    checks = [checker.check(r["text"]) for r in goal_rows]
    results["goal_quality"] = {label: {"accuracy": round(float(np.mean(
        [bool(r[label]) == getattr(c, label) for r, c in zip(goal_rows, checks, strict=True)])), 3),
        **prf([bool(r[label]) for r in goal_rows], [getattr(c, label) for c in checks])}
        for label in LABELS}
    results["goal_quality_n"] = len(goal_rows)


def read_set(folders: list[Path]) -> tuple[list[dict], list[dict]]:
    """reflections.jsonl (and goals.jsonl, optional: a set without it has no goal-check figures) of
    one or more journey sets, with a clear error when reflections are missing. With several folders,
    ids and mentees are prefixed with the folder's name (each writer numbers from m01)."""
    missing = [str(f / "reflections.jsonl") for f in folders if not (f / "reflections.jsonl").is_file()]
    if missing:
        raise SystemExit(f"{', '.join(missing)} not found (a journey set needs reflections.jsonl, "
                         "and goals.jsonl for the goal check; see eval/data/journey_heldout/README.md)")
    reflections: list[dict] = []
    goals: list[dict] = []
    for f in folders:
        tag = f"{f.name}/" if len(folders) > 1 else ""
        reflections += [{**r, "id": tag + r["id"], "mentee": tag + r["mentee"]}
                        for r in read_jsonl(f / "reflections.jsonl")]
        if (f / "goals.jsonl").is_file():
            goals += [{**g, "id": tag + g["id"]} for g in read_jsonl(f / "goals.jsonl")]
    return reflections, goals


def revised_of(folders: list[Path]) -> dict[str, list[str]]:
    tag = len(folders) > 1
    return {(f"{f.name}/" if tag else "") + k: v for f in folders for k, v in revised_labels(f).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default=None, choices=["tune", "test", "journey_train"],
                        help="journey_train: the journey engineer's own training reflections and "
                             "guidance labels (tuning only; never a quality figure)")
    parser.add_argument("--heldout", action="store_true",
                        help="same as --data eval/data/journey_heldout --label dev")
    parser.add_argument("--data", type=Path, nargs="+",
                        help="one or more folders with reflections.jsonl and goals.jsonl (journey_heldout "
                             "format; goals.jsonl and guidance_revised.jsonl optional; several folders "
                             "are measured as one set); default eval/data/journey_heldout")
    parser.add_argument("--label", default="dev", help="the set's name in the JSON (default 'dev')")
    parser.add_argument("--only", choices=["all", "goals"], default="all",
                        help="goals: only the goal-quality check (fast)")
    parser.add_argument("--limit", type=int, default=0,
                        help="only the first N reflections and goals (a quick check that it runs)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    ctx = Context(Settings(home=scratch_home()))
    emb = CachedEmbedder(ctx.embedder)
    folders = args.data or ([DATA / "journey_heldout"] if args.heldout or args.split is None else None)
    if folders is not None:
        name = args.label
        raw, goal_rows = read_set(folders)
    elif args.split == "journey_train":
        name = "journey_train"
        labels = {r["id"]: r["guidance"] for r in read_jsonl(DATA / "journey_train" / "guidance.jsonl")}
        raw = [{**r, "guidance": labels.get(r["id"], [])}
               for r in read_jsonl(DATA / "journey_train" / "reflections.jsonl")]
        goal_rows = read_jsonl(DATA / "journey_train" / "goals.jsonl")
    else:
        name = args.split
        raw = [r for r in read_jsonl(DATA / "reflections.jsonl") if r["split"] == args.split]
        goal_rows = [r for r in read_jsonl(DATA / "goals.jsonl") if r["split"] == args.split]
    if args.limit:
        raw, goal_rows = raw[:args.limit], goal_rows[:args.limit]
    command = "python " + " ".join(["eval/journey_eval.py", *sys.argv[1:]])
    results: dict[str, object] = {"set": name, "command": command,
                                  "load_avg_start": round(os.getloadavg()[0], 1)}
    if folders is not None:
        results["data"] = ", ".join(str(f) for f in folders)

    def save() -> None:  # after each part, so a long run keeps what it measured
        if args.out:
            args.out.write_text(json.dumps(results, indent=2))

    if args.only == "all":
        link_and_guidance(ctx, emb, journey_rows(raw), results, save,
                          revised=revised_of(folders) if folders is not None else None)
    if goal_rows:
        goal_quality(ctx, emb, goal_rows, results)
    results["load_avg_end"] = round(os.getloadavg()[0], 1)
    print(json.dumps(results, indent=1))
    save()


if __name__ == "__main__":
    main()
