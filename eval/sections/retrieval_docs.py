"""eval/README.md section: retrieval over documents in the shapes users upload."""

from __future__ import annotations

from collections.abc import Callable

ORDER = 15


def render(load: Callable[[str], dict]) -> list[str]:
    r = load("retrieval_docs.json")
    if not r:
        return []
    parsing = r["parsing"]
    lines = [
        "## Guidance retrieval over documents we did not write",
        "",
        "Command: `python eval/retrieval_docs_eval.py --out eval/results/retrieval_docs.json` (passage size",
        "and program boost chosen with `--tune`, the fusion design with `--tune-fusion`, both on the",
        "tuning documents only). The shipped search fuses (RRF) the passage vectors, BM25 over a query",
        "expanded with the library's words nearest to each query word in the embedding space",
        "(`coach/guidance/expansion.py`), and a sentence-level ranking where a passage scores by its",
        "best sentence (`coach/guidance/sentences.py`).",
        "",
        "12 documents of fictional programs by an independent writer, in the shapes users upload (one",
        "paragraph per line with web furniture, hard-wrapped text with and without blank lines, Markdown,",
        "HTML pages with navigation/sidebars/footers, PDFs with running headers, page numbers and",
        "hyphenation, Word), and 180 questions by a third writer (`eval/data/retrieval_docs/`). The index",
        "holds the default library too. A hit is a passage of the right document containing the answer.",
        f"Tuning documents: {', '.join(r['documents']['tune'])}; the test figures use the other "
        f"{len(r['documents']['test'])}.",
        "",
        "| ranking (test documents) | hit@5 | MRR@10 | questions |",
        "| --- | --- | --- | --- |",
    ]
    names = {"bm25": "BM25", "dense": "dense (MiniLM)", "plain_rrf": "plain RRF of BM25 + dense (k=60)",
             "previous": "previous default: weighted RRF + prefer program documents",
             "hybrid": "ours: weighted RRF + sentence ranking + query expansion",
             "hybrid+prefer": "ours + prefer program documents (shipped)"}
    for key, label in names.items():
        v = r.get(f"test/{key}")
        if v:
            lines.append(f"| {label} | {v['hit@5']:.3f} | {v['mrr@10']:.3f} | {v['n']} |")
    tuned = load("retrieval_docs_tune.json").get("tune/fusion") if load("retrieval_docs_tune.json") else None
    if tuned:
        lines += ["", "Fusion designs on the tuning documents (`python eval/retrieval_docs_eval.py "
                  "--tune-fusion --out eval/results/retrieval_docs_tune.json`):", "",
                  "| design (tuning documents) | hit@5 | MRR@10 |", "| --- | --- | --- |"]
        lines += [f"| {name} | {v['hit@5']:.3f} | {v['mrr@10']:.3f} |" for name, v in tuned.items()]
    lines += ["", f"Targets: hit@5 ≥ 0.95 and MRR@10 ≥ 0.80, and plain RRF + 0.05 on both. Parsing: "
              f"{parsing['passages']} passages, the longest {parsing['max_tokens']} tokens with its title "
              f"({parsing['over_window']} over the model's window), {parsing['with_furniture']} with page "
              "furniture left in.", ""]
    return lines
