"""Run statistics: coverage, score distribution, mentor load, constraint violations."""

from __future__ import annotations

from typing import Any

import numpy as np

from coach.matching.profiles import Problem
from coach.matching.result import Match


def run_stats(problem: Problem, matches: list[Match], load: np.ndarray, violations: list[str],
              *, k: int) -> dict[str, Any]:
    n, m = len(problem.mentees), len(problem.mentors)
    matched = {x.mentee_id for x in matches}
    scores = np.asarray([x.score for x in matches], dtype=np.float64)
    capacity = int(sum(x.capacity for x in problem.mentors))
    used = int((load > 0).sum())
    notes = []
    if capacity < n * k:
        notes.append(f"Total mentor capacity ({capacity}) is below what {n} mentees x k = {k} need "
                     f"({n * k}): at most {capacity} seats can be filled; the solver matched as many "
                     "as the constraints allow.")

    def r(value: float) -> float:
        return round(float(value), 4)

    return {
        "mentees": n, "mentors": m, "k": k, "total_capacity": capacity,
        "matches": len(matches), "mentees_matched": len(matched),
        "pct_mentees_matched": r(100 * len(matched) / n) if n else 0.0,
        "mentors_used": used, "pct_mentors_used": r(100 * used / m) if m else 0.0,
        "score_mean": r(scores.mean()) if len(scores) else None,
        "score_min": r(scores.min()) if len(scores) else None,
        "score_p10": r(np.percentile(scores, 10)) if len(scores) else None,
        "load_min": int(load.min()) if m else 0, "load_max": int(load.max()) if m else 0,
        "load_spread": int(load.max() - load.min()) if m else 0,
        "load_std": r(load.std()) if m else 0.0,
        "violations": len(violations), "violation_list": violations[:50],
        "notes": notes,
    }
