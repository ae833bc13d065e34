"""Theme quality and privacy on the labeled theme set (eval/data/themes/, written by another helper).

    .venv/bin/python eval/themes_eval.py            # writes eval/results/themes.json

Figures, for our pipeline and for BERTopic's default pipeline on the same notes and embeddings:
purity and adjusted Rand index against gold.csv (outliers count as their own cluster for ARI),
outlier share, run-to-run stability (ARI between two runs, the second on shuffled input), time,
and leaks: planted personal details (planted.csv) found in anything shown or exported (labels,
keywords, excerpts / representative documents, the JSON and CSV exports). Nothing here is tuned:
the pipeline's settings were chosen on eval/data/themes_tune/ and the demo program.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coach.exports import to_json, write_csv
from coach.nlp import get_embedder, get_nlp
from coach.privacy import GateConfig
from coach.themes import CSV_FIELDS, Anonymizer, Roster, RosterEntry, cluster, find_themes
from coach.themes.notes import decode, parse_notes_csv
from coach.themes.pipeline import prepare

DATA = Path(__file__).resolve().parent / "data" / "themes"
TUNE = Path(__file__).resolve().parent / "data" / "themes_tune"
OUT = Path(__file__).resolve().parent / "results" / "themes.json"
COMMAND = ".venv/bin/python eval/themes_eval.py"


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(decode(path.read_bytes(), source=str(path)).splitlines()))


def purity(gold: list[str], pred: np.ndarray) -> float:
    mask = pred >= 0
    if not mask.any():
        return 0.0
    gold_arr = np.asarray(gold)
    hits = sum(Counter(gold_arr[pred == c].tolist()).most_common(1)[0][1] for c in set(pred[mask].tolist()))
    return hits / int(mask.sum())


def purity_all(gold: list[str], pred: np.ndarray) -> float:
    """Purity over every note: an outlier counts as a miss (fair to compare pipelines with outliers)."""
    mask = pred >= 0
    return purity(gold, pred) * float(mask.mean()) if mask.any() else 0.0


def ari(gold: list[str], pred: np.ndarray) -> float:
    # each outlier is its own singleton: an outlier never agrees with anything
    labels = [int(p) if p >= 0 else -(i + 1) for i, p in enumerate(pred)]
    return float(adjusted_rand_score(gold, labels))


def leaks(texts: list[str], planted: list[dict[str, str]]) -> list[dict[str, str]]:
    blob = "\n".join(texts).lower()
    return [p for p in planted if p["detail"].strip() and p["detail"].strip().lower() in blob]


def ours(notes: list[Any], vectors: np.ndarray, gold: list[str], roster: Roster,
         planted: list[dict[str, str]], nlp: Any) -> dict[str, Any]:
    keys = [n.note_id for n in notes]
    start = time.perf_counter()
    clusters = cluster(vectors, keys)
    cluster_seconds = time.perf_counter() - start
    order = list(range(len(notes)))
    random.Random(11).shuffle(order)
    again = cluster(vectors[order], [keys[i] for i in order])
    back = np.empty_like(again.labels)
    back[np.asarray(order)] = again.labels
    start = time.perf_counter()
    anonymizer = Anonymizer(nlp, roster)
    report = find_themes(notes, encode=lambda texts: vectors, anonymizer=lambda: anonymizer,
                         gates=GateConfig(), banned_words=roster.words())
    seconds = time.perf_counter() - start
    exported = [to_json(report.to_dict(include_note_ids=False)), write_csv(report.rows(), CSV_FIELDS)]
    shown = [t.label for t in report.themes] + [k for t in report.themes for k in t.keywords] + \
        [e for t in report.themes for e in t.examples]
    gold_of = dict(zip(keys, gold, strict=True))
    shown_gold = [Counter(gold_of[i] for i in t.note_ids).most_common(1)[0][0] for t in report.themes]
    leaked = leaks(shown + exported, planted)
    return {
        "themes_found": clusters.n_themes, "themes_shown": len(report.themes),
        "suppressed_themes": report.suppressed_themes, "suppressed_notes": report.suppressed_notes,
        "purity": round(purity(gold, clusters.labels), 3),
        "purity_all": round(purity_all(gold, clusters.labels), 3),
        "ari": round(ari(gold, clusters.labels), 3),
        "outlier_share": round(float((clusters.labels < 0).mean()), 3),
        "stability_ari": round(float(adjusted_rand_score(clusters.labels, back)), 3),
        "leaks": len(leaked), "leaked": leaked[:10], "excerpts": sum(len(t.examples) for t in report.themes),
        "shown_majority_gold": shown_gold,
        "themes": [{"label": t.label, "keywords": t.keywords, "participants": t.participants,
                    "notes": t.notes, "examples": t.examples} for t in report.themes],
        "seconds_cluster": round(cluster_seconds, 2), "seconds_report": round(seconds, 2),
    }


def bertopic(notes: list[Any], vectors: np.ndarray, gold: list[str],
             planted: list[dict[str, str]]) -> dict[str, Any]:
    try:
        from bertopic import BERTopic
    except ImportError:
        return {"skipped": "bertopic is not installed: `.venv/bin/pip install -e '.[eval]'` to compare."}
    docs = [n.text for n in notes]
    runs = []
    for _ in range(2):
        start = time.perf_counter()
        model = BERTopic()  # the default pipeline: UMAP, HDBSCAN, CountVectorizer, c-TF-IDF
        topics, _probs = model.fit_transform(docs, vectors)
        runs.append((np.asarray(topics), model, time.perf_counter() - start))
    topics, model, seconds = runs[0]
    info = model.get_topic_info()
    shown = [str(name) for name in info["Name"].tolist()]
    shown += [word for t in model.get_topics().values() for word, _score in t]
    shown += [doc for docs_ in (model.get_representative_docs() or {}).values() for doc in docs_]
    leaked = leaks(shown, planted)
    return {
        "themes_found": len(set(topics.tolist()) - {-1}), "purity": round(purity(gold, topics), 3),
        "purity_all": round(purity_all(gold, topics), 3),
        "ari": round(ari(gold, topics), 3), "outlier_share": round(float((topics < 0).mean()), 3),
        "stability_ari": round(float(adjusted_rand_score(runs[0][0], runs[1][0])), 3),
        "leaks": len(leaked), "leaked": leaked[:10],
        "labels": shown[: min(12, len(info))], "seconds": round(seconds, 2),
    }


def tune_figures(embedder: Any) -> dict[str, Any]:
    """The same figures on the tuning notes (eval/data/themes_tune/, ours), where settings were chosen."""
    out: dict[str, Any] = {}
    for name in ("demo_notes.csv", "notes.csv"):
        rows = read_csv(TUNE / name)
        gold = [r["theme"] for r in rows]
        clusters = cluster(embedder.encode([r["text"] for r in rows]), [r["note_id"] for r in rows])
        out[name] = {"notes": len(rows), "gold_themes": len(set(gold)), "themes_found": clusters.n_themes,
                     "purity": round(purity(gold, clusters.labels), 3),
                     "ari": round(ari(gold, clusters.labels), 3),
                     "outlier_share": round(float((clusters.labels < 0).mean()), 3)}
    return out


def main() -> None:
    read = parse_notes_csv((DATA / "notes.csv").read_text(encoding="utf-8-sig"), source="notes.csv")
    prepared = prepare(read.notes)
    notes = prepared.notes
    gold_rows = {r["note_id"]: r["theme"] for r in read_csv(DATA / "gold.csv")}
    gold = [gold_rows[n.note_id] for n in notes]
    planted = read_csv(DATA / "planted.csv")
    people = read_csv(DATA / "roster.csv")
    roster = Roster.of(RosterEntry(p.get("name", ""), p.get("handle", ""), p.get("email", ""))
                       for p in people)
    embedder = get_embedder()
    start = time.perf_counter()
    vectors = embedder.encode([n.text for n in notes])
    encode_seconds = time.perf_counter() - start
    result = {
        "command": COMMAND, "notes": len(notes), "participants": len({n.participant for n in notes}),
        "gold_themes": len(set(gold)), "set_aside": prepared.set_aside, "planted_details": len(planted),
        "encode_seconds": round(encode_seconds, 2), "load_avg": round(os.getloadavg()[0], 1),
        "ours": ours(notes, vectors, gold, roster, planted, get_nlp()),
        "bertopic": bertopic(notes, vectors, gold, planted),
        "tune": tune_figures(embedder),
    }
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k not in ("ours", "bertopic")}, indent=2))
    for name in ("ours", "bertopic"):
        print(name, {k: v for k, v in result[name].items() if k not in ("themes", "leaked", "labels")})


if __name__ == "__main__":
    main()
