"""SciPy's linear_sum_assignment over mentor slots (exact; for small cohorts, the matrix is dense)."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from coach.matching.solvers.base import COVERAGE_BONUS, SCALE, Candidates, Solver

MAX_CELLS = 4_000_000
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
        triples = zip(problem.rows.tolist(), problem.cols.tolist(), problem.values.tolist(), strict=True)
        for i, j, v in triples:
            start = first_slot[j]
            width = min(int(problem.capacity[j]), n)
            if width:
                net = v - penalties[start:start + width]
                cost[i, start:start + width] = -(np.round(net * SCALE) + bonus)
        rows, cols = linear_sum_assignment(cost)
        return [(int(i), slot_mentor[c]) for i, c in zip(rows, cols, strict=True)
                if c < s and cost[i, c] < FORBIDDEN]
