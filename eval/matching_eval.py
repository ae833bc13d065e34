"""Mentor matching on the evaluation set written by someone else (eval/data/matching/).

    python eval/matching_eval.py [--data eval/data/matching] [--out eval/results/matching.json]

Reports intended-pair recovery (overall and per case), constraint violations and every run stat for
the coach matcher (objective fit and coverage) next to two baselines over the same inputs: a greedy
matcher (mentees in file order take their best-scoring mentor that is still allowed and has room) and
plain embedding argmax (one pooled vector per profile, best mentor, no constraints). Nothing here
tunes anything: the defaults were fixed before this data was read.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from coach.config import Settings
from coach.context import Context
from coach.matching import MatchingService, MatchOptions, load_problem, violations
from coach.matching.scoring import score_cohort
from eval.common import ROOT, scratch_home

DATA = ROOT / "eval" / "data" / "matching"


def intended(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def recovery(pairs: set[tuple[str, str]], gold: list[dict[str, str]]) -> dict[str, object]:
    by_case: dict[str, list[float]] = defaultdict(list)
    matched_mentees = {a for a, _b in pairs}
    for row in gold:
        if row["mentor_id"]:
            hit = (row["mentee_id"], row["mentor_id"]) in pairs
        else:  # the intended outcome is 'unmatched'
            hit = row["mentee_id"] not in matched_mentees
        by_case[row["case"]].append(float(hit))
    allrows = [v for values in by_case.values() for v in values]
    return {"overall": round(float(np.mean(allrows)), 4), "n": len(allrows),
            "by_case": {c: {"recovery": round(float(np.mean(v)), 4), "n": len(v)}
                        for c, v in sorted(by_case.items())}}


def baseline_stats(problem, pairs: list[tuple[int, int]], total: np.ndarray) -> dict[str, object]:  # type: ignore[no-untyped-def]
    n, m = total.shape
    load = Counter(j for _i, j in pairs)
    values = np.asarray([total[i, j] for i, j in pairs]) if pairs else np.zeros(0)
    loads = np.asarray([load.get(j, 0) for j in range(m)])
    ids = [(problem.mentees[i].id, problem.mentors[j].id) for i, j in pairs]
    found = violations(problem, ids)
    return {"mentees": n, "mentors": m, "mentees_matched": len({i for i, _ in pairs}),
            "pct_mentees_matched": round(100 * len({i for i, _ in pairs}) / n, 4),
            "pct_mentors_used": round(100 * int((loads > 0).sum()) / m, 4),
            "score_mean": round(float(values.mean()), 4) if len(values) else None,
            "score_min": round(float(values.min()), 4) if len(values) else None,
            "score_p10": round(float(np.percentile(values, 10)), 4) if len(values) else None,
            "load_spread": int(loads.max() - loads.min()), "load_std": round(float(loads.std()), 4),
            "violations": len(found), "violation_kinds": dict(Counter(v.split(": ")[-1].split(" ")[0]
                                                                     for v in found))}


def greedy(problem, scores) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Mentees in file order take their best allowed mentor with room (pins first)."""
    e_index = {x.id: i for i, x in enumerate(problem.mentees)}
    m_index = {x.id: j for j, x in enumerate(problem.mentors)}
    room = np.asarray([x.capacity for x in problem.mentors])
    pairs = []
    pinned = set()
    for pin in problem.pins:
        i, j = e_index[pin.mentee_id], m_index[pin.mentor_id]
        pairs.append((i, j))
        room[j] -= 1
        pinned.add(i)
    for i in range(len(problem.mentees)):
        if i in pinned:
            continue
        allowed = scores.feasible[i] & (room > 0)
        if allowed.any():
            j = int(np.argmax(np.where(allowed, scores.total[i], -np.inf)))
            pairs.append((i, j))
            room[j] -= 1
    return pairs


def pooled_argmax(problem, embedder) -> tuple[list[tuple[int, int]], np.ndarray]:  # type: ignore[no-untyped-def]
    """One vector per whole profile text (truncated by the model), best mentor, no constraints."""
    wants = embedder.encode([m.wants or m.name for m in problem.mentees])
    offers = embedder.encode([m.offers or m.name for m in problem.mentors])
    sims = wants @ offers.T
    return [(i, int(np.argmax(sims[i]))) for i in range(len(problem.mentees))], sims


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "matching.json")
    args = parser.parse_args()
    files = {name: args.data / f"{name}.csv" for name in ("mentors", "mentees", "exclusions", "pins")}
    if not files["mentors"].exists() or not (args.data / "intended.csv").exists():
        sys.exit(f"No evaluation data in {args.data} yet (mentors.csv, mentees.csv, intended.csv).")
    problem = load_problem(**{k: p.read_bytes() for k, p in files.items() if p.exists()},
                           names={k: p.name for k, p in files.items()})
    gold = intended(args.data / "intended.csv")
    ctx = Context(Settings(home=scratch_home("coach-match-eval-")))
    service = MatchingService(ctx.db, lambda: ctx.embedder)
    from coach.access import OPERATOR

    results: dict[str, object] = {"data": str(args.data.relative_to(ROOT)), "mentees": len(problem.mentees),
                                  "mentors": len(problem.mentors), "systems": {}}
    systems: dict[str, object] = {}
    for objective in ("fit", "coverage"):
        t = time.perf_counter()
        _run, result = service.run(OPERATOR, problem, MatchOptions(objective=objective), save=False)
        pairs = {(m.mentee_id, m.mentor_id) for m in result.matches}
        systems[f"coach ({objective})"] = {"recovery": recovery(pairs, gold), "stats": result.stats,
                                          "seconds": round(time.perf_counter() - t, 2)}
    scores = score_cohort(problem, MatchOptions().weights, service._encode(None))
    argmax = pooled_argmax(problem, ctx.embedder)[0]
    for name, pairs_idx in (("greedy (file order, same scores and constraints)", greedy(problem, scores)),
                            ("plain embedding argmax (no constraints)", argmax)):
        ids = {(problem.mentees[i].id, problem.mentors[j].id) for i, j in pairs_idx}
        systems[name] = {"recovery": recovery(ids, gold), "stats": baseline_stats(problem, pairs_idx,
                                                                                  scores.total)}
    results["systems"] = systems
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, value in systems.items():
        rec = value["recovery"]  # type: ignore[index]
        print(f"{name}: recovery {rec['overall']:.3f}, violations {value['stats']['violations']}")  # type: ignore[index]


if __name__ == "__main__":
    main()
