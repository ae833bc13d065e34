"""SciPy's linear_sum_assignment over mentor slots (exact; for small cohorts, the matrix is dense)."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from coach.matching.solvers.base import COVERAGE_BONUS, SCALE, Candidates, Solver

MAX_CELLS = 500_000  # about 350 mentees; larger rounds go to min-cost flow
FORBIDDEN = 1e12


class ScipySolver(Solver):
    name = "scipy"

    def fits(self, problem: Candidates) -> bool:
        slots = int(np.minimum(problem.capacity, problem.n_mentees).sum())
        return problem.n_mentees * (slots + problem.n_mentees) <= MAX_CELLS

    def solve(self, problem: Candidates) -> list[tuple[int, int]]:
        if not len(problem.rows):
            return []
        mentors = np.unique(problem.cols)
        slot_mentor: list[int] = []
        slot_penalty: list[float] = []
        first_slot: dict[int, int] = {}
        for j in mentors.tolist():
            first_slot[j] = len(slot_mentor)
            for t in range(min(int(problem.capacity[j]), problem.n_mentees)):
                slot_mentor.append(j)
                slot_penalty.append(problem.slot_penalty(j, t))
        n, s = problem.n_mentees, len(slot_mentor)
        # columns: mentor slots, then one 'stay unmatched' column per mentee (cost 0)
        cost = np.full((n, s + n), FORBIDDEN)
        cost[np.arange(n), s + np.arange(n)] = 0.0
        bonus = COVERAGE_BONUS if problem.coverage else 0
        penalties = np.asarray(slot_penalty)
        first = np.zeros(int(problem.cols.max()) + 1, dtype=np.int64)
        first[list(first_slot)] = list(first_slot.values())
        width = np.minimum(problem.capacity[problem.cols], n).astype(np.int64)
        # one cost cell per (candidate pair, slot of its mentor), filled at once
        rows = np.repeat(problem.rows, width)
        offset = np.arange(int(width.sum())) - np.repeat(np.cumsum(width) - width, width)
        cols = np.repeat(first[problem.cols], width) + offset
        values = np.repeat(problem.values.astype(np.float64), width) - penalties[cols]
        cost[rows, cols] = -(np.round(values * SCALE) + bonus)
        chosen_rows, chosen_cols = linear_sum_assignment(cost)
        return [(int(i), slot_mentor[c]) for i, c in zip(chosen_rows, chosen_cols, strict=True)
                if c < s and cost[i, c] < FORBIDDEN]
