"""Retrieval over documents in the shapes users upload, written by someone else, with questions
written by a third person (``eval/data/retrieval_docs/``).

    python eval/retrieval_docs_eval.py --split tune dev --out eval/results/retrieval_docs_dev.json
    python eval/retrieval_docs_eval.py --split test --out eval/results/retrieval_docs.json  # the lead, once
    python eval/retrieval_docs_eval.py --tune      # choose the program boost on the tuning documents

The index holds the default library AND the evaluation documents, as in a real program. A question
is answered by a passage of its document that contains its answer quote (whitespace, case and line-end
hyphenation aside), or at least 60% of the quote's words when the quote spans two passages. Documents
are split by name into tuning (every third, sorted) and test documents; anything chosen (the program
boost) is chosen on the tuning documents only, and the test figures are the ones reported.
``--split`` says which figures to compute: ``tune`` and ``test`` over the index above, ``dev`` over a
second index holding the default library and the development documents of another writer
(``eval/data/retrieval_docs_dev/``). The passage re-ranker was trained on the tuning and dev
documents, so their figures here are in-sample; its held-out figures come from
``eval/train_passage_ranker.py`` (leave one document out).

"one programme" rows search only the default library and the question's own document, as a
programme with one handbook would (the main rows index all the evaluation documents together, so a
question about meeting cadence also matches the other programmes' handbooks).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.access import OPERATOR
from coach.config import Settings
from coach.context import Context
from coach.guidance.index import FIRST_STAGE, SHIPPED, RetrievalConfig
from coach.guidance.library import DEFAULT_SOURCE
from coach.guidance.parsers import SUPPORTED
from eval.common import DATA, read_jsonl, scratch_home

FOLDER = DATA / "retrieval_docs"
DEV_FOLDER = DATA / "retrieval_docs_dev"
PLAIN_RRF = RetrievalConfig(rrf_k=60.0, dense_weight=1.0, sparse_weight=1.0)
PREVIOUS = RetrievalConfig(rrf_k=10.0, dense_weight=1.5, sparse_weight=0.5)  # shipped until 2026-12


def norm(text: str) -> str:
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(re.findall(r"\w+", text.lower()))


def answers(hit_text: str, answer: str) -> bool:
    passage, quote = norm(hit_text), norm(answer)
    if quote in passage:
        return True
    words = quote.split()
    present = set(passage.split())
    return bool(words) and sum(w in present for w in words) / len(words) >= 0.6 and len(words) >= 5


def documents(folder: Path = FOLDER) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED
                  and p.name not in ("README.md",))


def split_of(names: list[str]) -> dict[str, str]:
    return {name: ("tune" if i % 3 == 0 else "test") for i, name in enumerate(sorted(names))}


def build(config: RetrievalConfig, folder: Path = FOLDER) -> Context:
    ctx = Context(Settings(home=scratch_home("coach-eval-docs-")), retrieval=config)
    items = [(f"eval:{p.name}", p.name, p.read_bytes()) for p in documents(folder)]
    ctx.guidance.add_documents(OPERATOR, items)
    return ctx


def evaluate(ctx: Context, questions: list[dict], *, mode: str = "hybrid", prefer: bool,
             config: RetrievalConfig | None = None, one_programme: bool = False) -> dict[str, float]:
    hit5 = mrr = 0.0
    for q in questions:
        sources = [DEFAULT_SOURCE, f"eval:{q['document']}"] if one_programme else None
        hits = ctx.guidance.search(q["question"], k=10, mode=mode, prefer_program=prefer, fusion=config,
                                   sources=sources)
        for rank, hit in enumerate(hits, start=1):
            if hit.source == f"eval:{q['document']}" and answers(hit.text, q["answer"]):
                hit5 += rank <= 5
                mrr += 1.0 / rank
                break
    n = max(len(questions), 1)
    return {"hit@5": round(hit5 / n, 3), "mrr@10": round(mrr / n, 3), "n": len(questions)}


def passage_stats(ctx: Context) -> dict[str, object]:
    from coach.nlp.tokens import token_counter

    count = token_counter()
    passages = [p for p in ctx.guidance.passages() if not p.document.is_default]
    tokens = [count(f"{p.title}\n{p.text}") for p in passages]
    furniture = re.compile(r"share on|all rights reserved|back to top|page \d+ of \d+|cookie", re.I)
    return {"passages": len(passages), "max_tokens": max(tokens, default=0),
            "over_window": sum(t > 254 for t in tokens),
            "with_furniture": sum(bool(furniture.search(p.text)) for p in passages),
            "per_document": {d.source.removeprefix("eval:"): d.passages
                             for d in ctx.guidance.list_documents() if not d.is_default}}


def tune(questions: list[dict]) -> None:
    """Passage size and program boost, on the tuning documents only."""
    from functools import partial

    from coach.guidance import preference, splitter

    original = splitter.SplitOptions
    for max_chars in (500, 700, 900, 1200):
        splitter.SplitOptions = partial(original, max_chars=max_chars, min_chars=min(200, max_chars // 3))
        ctx = build(RetrievalConfig())
        for boost in (0.0, 0.3, 0.6):
            preference.DEFAULT_BOOST = boost  # read by GuidanceSettings.from_dict (no program row here)
            print(f"max_chars {max_chars} boost {boost}", evaluate(ctx, questions, prefer=True), flush=True)
    splitter.SplitOptions = original


#: Fusion designs compared with ``--tune-fusion`` on the tuning documents (the shipped default is
#: the best of these there; see eval/README.md).
FUSION_GRID = {
    "plain RRF": PLAIN_RRF,
    "weighted RRF (previous default)": PREVIOUS,
    "weighted RRF + sentences + expansion 0.55 (shipped)": SHIPPED,
    "RRF + sentences": RetrievalConfig(rrf_k=60.0, dense_weight=1.0, sparse_weight=1.0,
                                       sentence_weight=1.0),
    "RRF + expansion 0.6": RetrievalConfig(rrf_k=60.0, dense_weight=1.0, sparse_weight=1.0,
                                           expand_threshold=0.6),
    **{f"RRF + sentences + expansion {t}": RetrievalConfig(
        rrf_k=60.0, dense_weight=1.0, sparse_weight=1.0, sentence_weight=1.0, expand_threshold=t)
       for t in (0.55, 0.6, 0.65)},
}


def tune_fusion(questions: list[dict]) -> dict[str, dict[str, float]]:
    ctx = build(SHIPPED)
    out = {}
    for name, config in FUSION_GRID.items():
        out[name] = evaluate(ctx, questions, prefer=True, config=config)
        print(f"{name:40s}", out[name], flush=True)
    return out


def figures(ctx: Context, split: str, rows: list[dict]) -> dict[str, dict[str, float]]:
    out = {f"{split}/bm25": evaluate(ctx, rows, mode="bm25", prefer=False),
           f"{split}/dense": evaluate(ctx, rows, mode="dense", prefer=False),
           f"{split}/plain_rrf": evaluate(ctx, rows, prefer=False, config=PLAIN_RRF),
           f"{split}/previous": evaluate(ctx, rows, prefer=True, config=PREVIOUS),
           f"{split}/hybrid": evaluate(ctx, rows, prefer=False, config=FIRST_STAGE),
           f"{split}/hybrid+prefer": evaluate(ctx, rows, prefer=True, config=FIRST_STAGE),
           f"{split}/reranked": evaluate(ctx, rows, prefer=False),
           f"{split}/reranked+prefer": evaluate(ctx, rows, prefer=True),
           f"{split}/one_programme/plain_rrf": evaluate(ctx, rows, prefer=False, config=PLAIN_RRF,
                                                        one_programme=True),
           f"{split}/one_programme/hybrid+prefer": evaluate(ctx, rows, prefer=True, config=FIRST_STAGE,
                                                            one_programme=True),
           f"{split}/one_programme/reranked+prefer": evaluate(ctx, rows, prefer=True,
                                                              one_programme=True)}
    for key, value in out.items():
        print(key, value, flush=True)
    return out


def bench(sizes: list[int]) -> dict[str, object]:
    """Warm search latency over eval/bench.py's library (the default library plus synthetic passages
    up to ``n``), the first stage alone and the shipped search with the re-ranker, alternating query
    by query in one index (so both see the same machine load), with the load average."""
    import os
    import random
    import statistics

    from eval import bench as b

    questions = [q["question"] for q in read_jsonl(DATA / "retrieval_questions.jsonl")]
    out: dict[str, object] = {}
    for n in sizes:
        ctx = Context(Settings(home=scratch_home("coach-bench-")))
        ctx.guidance.ensure_default_library()
        sentences = [s.strip() + "." for p in ctx.guidance.passages() for s in p.text.split(".")
                     if len(s.strip()) > 30]
        if n > 54:
            b.synthetic_library(ctx, n - 54, sentences, random.Random(n))
        status = ctx.guidance.ensure_index()
        configs = {"first_stage": FIRST_STAGE, "reranked": SHIPPED}
        for q in questions[:5]:
            for config in configs.values():
                ctx.guidance.search(q, k=5, fusion=config)
        times: dict[str, list[float]] = {name: [] for name in configs}
        for i, q in enumerate(questions):
            for name in (list(configs) if i % 2 == 0 else list(reversed(configs))):
                t = time.perf_counter()
                ctx.guidance.search(q, k=5, fusion=configs[name])
                times[name].append((time.perf_counter() - t) * 1000)
        for name, values in times.items():
            out[f"{name}_{n}"] = {"passages": status.passages, "queries": len(values),
                                  "p50_ms": round(statistics.median(values), 1),
                                  "p95_ms": round(b.pct(values, 95), 1),
                                  "load_avg": [round(x, 2) for x in os.getloadavg()]}
            print(name, n, out[f"{name}_{n}"], flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true", help="choose the program boost on tuning docs")
    parser.add_argument("--tune-fusion", action="store_true",
                        help="compare the fusion designs of FUSION_GRID on the tuning documents")
    parser.add_argument("--split", nargs="+", choices=["tune", "dev", "test"], default=["tune", "dev"],
                        help="which figures to compute (test: the lead's one run at the end)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--bench", type=int, nargs="*", metavar="PASSAGES",
                        help="only time warm searches (eval/bench.py) with and without the re-ranker")
    args = parser.parse_args()
    if args.bench is not None:
        timings = bench(args.bench or [1000])
        if args.out:
            args.out.write_text(json.dumps(timings, indent=2))
        return
    questions = read_jsonl(FOLDER / "questions.jsonl")
    splits = split_of([p.name for p in documents()])
    by_split = {s: [q for q in questions if splits.get(q["document"]) == s] for s in ("tune", "test")}
    started = time.time()
    if args.tune:
        tune(by_split["tune"])
        return
    if args.tune_fusion:
        tuned = tune_fusion(by_split["tune"])
        if args.out:
            args.out.write_text(json.dumps({"tune/fusion": tuned}, indent=2))
        return
    results: dict[str, object] = {"documents": {s: sorted(n for n, v in splits.items() if v == s)
                                                for s in ("tune", "test")}}
    if {"tune", "test"} & set(args.split):
        ctx = build(SHIPPED)
        results["parsing"] = passage_stats(ctx)
        for split in ("tune", "test"):
            if split in args.split:
                results.update(figures(ctx, split, by_split[split]))
        results["program_boost"] = ctx.guidance.settings_for_program().program_boost
    if "dev" in args.split and (DEV_FOLDER / "questions.jsonl").exists():
        dev = build(SHIPPED, DEV_FOLDER)
        results["documents"]["dev"] = [p.name for p in documents(DEV_FOLDER)]  # type: ignore[index]
        results["parsing_dev"] = passage_stats(dev)
        results.update(figures(dev, "dev", read_jsonl(DEV_FOLDER / "questions.jsonl")))
    results["config"] = asdict(SHIPPED)
    results["splits"] = args.split
    results["seconds"] = round(time.time() - started, 1)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
