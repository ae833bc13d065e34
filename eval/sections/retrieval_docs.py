"""eval/README.md section: retrieval over documents in the shapes users upload."""

from __future__ import annotations

from collections.abc import Callable

ORDER = 15

NAMES = {"bm25": "BM25", "dense": "dense (MiniLM)", "plain_rrf": "plain RRF of BM25 + dense (k=60)",
         "previous": "older default: weighted RRF + prefer program documents",
         "hybrid": "first stage: weighted RRF + sentence ranking + query expansion",
         "hybrid+prefer": "first stage + prefer program documents (shipped until the re-ranker)",
         "reranked": "first stage + passage re-ranker",
         "reranked+prefer": "first stage + passage re-ranker + prefer program documents (shipped)",
         "one_programme/plain_rrf": "one programme per index: plain RRF",
         "one_programme/hybrid+prefer": "one programme per index: first stage + prefer",
         "one_programme/reranked+prefer": "one programme per index: re-ranker + prefer (shipped)"}


def _table(r: dict, split: str, title: str) -> list[str]:
    rows = [f"| {label} | {v['hit@5']:.3f} | {v['mrr@10']:.3f} | {v['n']} |"
            for key, label in NAMES.items() if (v := r.get(f"{split}/{key}"))]
    if not rows:
        return []
    return [f"| {title} | hit@5 | MRR@10 | questions |", "| --- | --- | --- | --- |", *rows, ""]


def _load_note(bench: dict) -> str:
    loads = [row["load_avg"][0] for row in bench.values() if isinstance(row, dict) and "load_avg" in row]
    if not loads:
        return ""
    top = max(loads)
    return f" (1-minute load average {min(loads):.1f}-{top:.1f}{', under load' if top > 2 else ''})"


def render(load: Callable[[str], dict]) -> list[str]:
    r = load("retrieval_docs.json")
    dev = load("retrieval_docs_dev.json")
    cv = load("retrieval_docs_ranker_cv.json")
    bench = load("retrieval_docs_bench.json")
    if not (r or dev or cv):
        return []
    lines = [
        "## Guidance retrieval over documents we did not write",
        "",
        "Two sets of documents by independent writers, each with questions by a third person: 12",
        "documents in `eval/data/retrieval_docs/` (4 tuning, 8 test) and 8 development documents by",
        "another writer in `eval/data/retrieval_docs_dev/`, in the shapes users upload (one paragraph per",
        "line with web furniture, hard-wrapped text, Markdown, HTML pages, PDFs, Word). The index holds",
        "the default library too. A hit is a passage of the right document containing the answer.",
        "",
        "Search: the first stage fuses (RRF) the passage vectors, BM25 over a query expanded with the",
        "library's nearest words (`coach/guidance/expansion.py`) and a best-sentence ranking",
        "(`coach/guidance/sentences.py`); the passage re-ranker (`coach/guidance/passage_ranker.py`,",
        "`models/passage_ranker.md`) re-orders its top passages on dense, sentence, keyword and",
        "whole-document evidence; then program documents get the preference boost.",
        "",
    ]
    if r:
        lines += ["### Test documents (the lead runs this once per change of the search)", "",
                  "Command: `python eval/retrieval_docs_eval.py --split test --out "
                  "eval/results/retrieval_docs.json`. Measured in session 6 with the passage re-ranker, "
                  "and again in session 7 after a fix to paragraph detection (wrapped lines that run to "
                  "the wrap width and a list's lead-in line are no longer taken for headings; seen on a "
                  "dev document and the tuning PDF), and in session 8 after another (a 'Label: contact' "
                  "line, an e-mail address, web address or phone number after the colon, stays in its "
                  "paragraph; it changes the passages of 3 of the 42 evaluation documents). Session 7 on "
                  "the same documents: all programmes in one index, re-ranked, hit@5 0.892 / MRR@10 0.711; "
                  "one programme 0.992 / 0.871 (one question of 120 is 0.008). Nothing was tuned on these "
                  "documents.", ""]
        table = _table(r, "test", "ranking (8 test documents)")
        lines += table
        if "test/reranked+prefer" not in r:
            lines += ["The figures above were measured before the passage re-ranker; its test figure is "
                      "not measured yet (nobody building it looked at the test documents).", ""]
    if cv:
        chosen = cv["chosen"]
        first, plain, w = cv["first_stage"], cv.get("plain_rrf", {}), chosen["by_writer"]

        def row(label: str, v: dict, suffix: str = "") -> str:
            t, d = v[f"tune{suffix}"], v[f"dev{suffix}"]
            return (f"| {label} | {t['hit@5']:.3f} | {t['mrr@10']:.3f} | {d['hit@5']:.3f} | "
                    f"{d['mrr@10']:.3f} |")

        lines += ["### Choosing the re-ranker: leave one document out (tuning + dev documents)", "",
                  "Command: `nice -n 19 python eval/train_passage_ranker.py` (index: default library + "
                  "the 4 tuning + 8 dev documents, no test document; each document's questions are "
                  "scored by a model trained on the other 11 documents' questions). \"all documents\": "
                  "the whole index is searched, as in the evaluation; \"one handbook\": only the default "
                  "library and the question's own document.", "",
                  "| ranking (held-out document) | tuning hit@5 | tuning MRR@10 | dev hit@5 | dev MRR@10 |",
                  "| --- | --- | --- | --- | --- |"]
        if plain:
            lines.append(row("all documents: plain RRF (k=60), no boost", plain))
        lines += [row("all documents: first stage + prefer (shipped before)", first),
                  row("all documents: re-ranker + prefer (shipped)", w),
                  row("one handbook: first stage + prefer", first, "/one"),
                  row("one handbook: re-ranker + prefer (shipped)", w, "/one"), "",
                  f"Chosen by the mean of the two shapes' pooled held-out MRR@10 over "
                  f"{sum(g['features'].endswith('_tied') for g in cv['grid'])} designs (feature set, "
                  f"depth, L2, builders' questions in training or not; designs using the first stage's "
                  f"own ranks are scored but never chosen): `{chosen['features']}`, depth "
                  f"{chosen['depth']}, L2 {chosen['l2']}, builders' questions "
                  f"{'used' if chosen['builders'] else 'not used'}. First-stage recall of the right "
                  "passage (all documents), top 10 / 20 / 30 / 50: "
                  + "; ".join(f"{name} " + " / ".join(f"{cv['recall'][key][f'recall@{d}']:.3f}"
                                                        for d in (10, 20, 30, 50))
                              for name, key in (("tuning", "tune"), ("dev", "dev"))) + ".",
                  ""]
        f = cv.get("failures")
        if f:
            kinds = f["held_out_not_first"]
            lines += [
                "### What the failures are (tuning and dev documents only; all documents in one index)", "",
                "- Recall is not the problem: see the first stage's recall above.",
                "- Ranking within the right document is already good: restricted to the question's own "
                f"document the first stage has hit@5 {f['tune']['within_document_hit@5']:.3f} (tuning) / "
                f"{f['dev']['within_document_hit@5']:.3f} (dev), MRR@10 "
                f"{f['tune']['within_document_mrr@10']:.3f} / {f['dev']['within_document_mrr@10']:.3f}.",
                "- The losses come from the other programmes' handbooks: the question's document holds "
                f"the first-ranked passage for only {f['tune']['right_document_first']:.3f} (tuning) / "
                f"{f['dev']['right_document_first']:.3f} (dev) of questions. Of the "
                f"{sum(kinds.values())} questions the re-ranker did not put first (held out): "
                + "; ".join(f"{k}: {v}" for k, v in kinds.items()) + ". Many questions are generic "
                "(\"how often do we have to meet?\", \"how much notice to cancel a meeting?\") and are "
                "answered by several programmes' handbooks; only a document's own words can tell them "
                "apart, which the whole-document features try.",
                "- Passage cuts seen: in PDFs a lead-in line before a list becomes a heading (\"In our "
                "experience, most mismatches fall into one of five groups:\"); in hard-wrapped text some "
                "bullets that start with a label become headings. Left as they are.", ""]
    if dev:
        lines += ["### Tuning and dev figures in the evaluation's own indexes", "",
                  "Command: `python eval/retrieval_docs_eval.py --split tune dev --out "
                  "eval/results/retrieval_docs_dev.json`. The tuning index holds all 12 documents of "
                  "the first set, the dev index the 8 dev documents. The re-ranker was trained on these "
                  "questions, so its rows here are in-sample (the held-out figures are above).", ""]
        lines += _table(dev, "tune", "ranking (4 tuning documents)")
        lines += _table(dev, "dev", "ranking (8 dev documents)")
    if bench:
        rows = sorted({k.split("_")[-1] for k in bench if k.startswith("first_stage_")}, key=int)
        lines += ["### Speed", "",
                  "Command: `python eval/retrieval_docs_eval.py --bench 1000 --out "
                  "eval/results/retrieval_docs_bench.json`: warm searches (k=5, the 108 builders' "
                  "questions) over eval/bench.py's library of that size, the first stage alone and "
                  "with the re-ranker alternating query by query in one index"
                  f"{_load_note(bench)}.",
                  "", "| passages | first stage p50 / p95 ms | with re-ranker p50 / p95 ms | ratio (p50) |",
                  "| --- | --- | --- | --- |"]
        for n in rows:
            a, b = bench[f"first_stage_{n}"], bench[f"reranked_{n}"]
            lines.append(f"| {a['passages']} | {a['p50_ms']:.0f} / {a['p95_ms']:.0f} | "
                         f"{b['p50_ms']:.0f} / {b['p95_ms']:.0f} | {b['p50_ms'] / a['p50_ms']:.2f} |")
        lines.append("")
    parsing = (r or {}).get("parsing")
    lines += ["Targets (test documents): hit@5 ≥ 0.95 and MRR@10 ≥ 0.80, and plain RRF + 0.05 on both."
              + _verdict({k[len("test/"):]: v for k, v in (r or {}).items() if k.startswith("test/")})]
    if parsing:
        lines += [f"Parsing: {parsing['passages']} passages, the longest {parsing['max_tokens']} tokens "
                  f"with its title ({parsing['over_window']} over the model's window), "
                  f"{parsing['with_furniture']} with page furniture left in."]
    lines.append("")
    return lines


def _verdict(test: dict) -> str:
    """Whether the shipped search meets the targets, in both index shapes (measured, not assumed)."""
    out = []
    for key, plain, shape in (("reranked+prefer", "plain_rrf", "all twelve programmes in one index"),
                              ("one_programme/reranked+prefer", "one_programme/plain_rrf",
                               "one programme per index")):
        m, p = test.get(key), test.get(plain)
        if not (m and p):
            continue
        ok = (m["hit@5"] >= 0.95 and m["mrr@10"] >= 0.80 and m["hit@5"] >= p["hit@5"] + 0.05
              and m["mrr@10"] >= p["mrr@10"] + 0.05)
        out.append(f"{shape}: hit@5 {m['hit@5']:.3f} / MRR@10 {m['mrr@10']:.3f} against plain RRF "
                   f"{p['hit@5']:.3f} / {p['mrr@10']:.3f}, **{'met' if ok else 'not met'}**")
    return (" Shipped search, " + "; ".join(out) + ".") if out else ""
