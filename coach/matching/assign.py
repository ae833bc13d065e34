"""Assign the whole cohort: pins first, then one optimal round per advisory-board seat.

Round r gives every mentee that still has a free seat at most one more mentor, optimally over the
cohort (SciPy for small rounds, OR-Tools min-cost flow over each mentee's best candidates for large
ones). For k > 1, a candidate whose expertise resembles a mentor already on the mentee's board loses
``complement x similarity``, so boards come out complementary. Rounds are optimal one at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from coach.matching.options import MatchOptions
from coach.matching.profiles import Problem
from coach.matching.scoring import Scores
from coach.matching.solvers import Candidates, get_solver

Progress = Callable[[float, str], None]


@dataclass
class Assignment:
    boards: list[list[int]]  # mentor indices per mentee, in the order they were assigned
    pinned: set[tuple[int, int]] = field(default_factory=set)
    solver: str = ""
    complement_penalty: dict[tuple[int, int], float] = field(default_factory=dict)

    def pairs(self) -> list[tuple[int, int]]:
        return [(i, j) for i, board in enumerate(self.boards) for j in board]


def candidate_pairs(values: np.ndarray, allowed: np.ndarray, *, top_n: int,
                    per_mentor: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Each mentee's ``top_n`` allowed mentors, plus each mentor's best mentees (so no mentor is cut off)."""
    n, m = values.shape
    masked = np.where(allowed, values, -np.inf).astype(np.float32)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    if top_n < m:  # largest values at the end of each row (no negated copy of the matrix)
        top = np.argpartition(masked, m - top_n, axis=1)[:, m - top_n:]
        r = np.repeat(np.arange(n), top_n)
        c = top.ravel()
    else:
        r, c = np.nonzero(np.ones((n, m), dtype=bool))
    rows.append(r)
    cols.append(c)
    if per_mentor is not None and n > 0:
        want = int(min(n, 2 * max(1, per_mentor.max(initial=1))))
        if want < n:  # per mentor, along contiguous rows of the transposed matrix (much faster)
            by_mentor = np.ascontiguousarray(masked.T)
            top = np.argpartition(by_mentor, n - want, axis=1)[:, n - want:]
            rows.append(top.ravel())
            cols.append(np.repeat(np.arange(m), want))
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    keep = allowed[r, c]
    key = np.unique(r[keep].astype(np.int64) * m + c[keep])
    return key // m, key % m


def assign(problem: Problem, scores: Scores, options: MatchOptions, *,
           progress: Progress | None = None) -> Assignment:
    n, m = scores.total.shape
    e_index = {x.id: i for i, x in enumerate(problem.mentees)}
    m_index = {x.id: j for j, x in enumerate(problem.mentors)}
    boards: list[list[int]] = [[] for _ in range(n)]
    load = np.zeros(m, dtype=np.int64)
    pinned: set[tuple[int, int]] = set()
    for pin in problem.pins:
        i, j = e_index[pin.mentee_id], m_index[pin.mentor_id]
        if j not in boards[i]:
            boards[i].append(j)
            load[j] += 1
            pinned.add((i, j))
    capacity = np.asarray([x.capacity for x in problem.mentors], dtype=np.int64)
    allowed_base = scores.feasible & (scores.total >= options.min_score)
    weights = options.weights
    penalties: dict[tuple[int, int], float] = {}
    used_solver = ""
    for seat in range(options.k):
        need = np.asarray([len(b) <= seat and len(b) < options.k for b in boards])
        free = capacity - load
        if not need.any() or not (free > 0).any():
            break
        allowed = allowed_base & need[:, None] & (free > 0)[None, :]
        for i in np.flatnonzero(need).tolist():
            if boards[i]:
                allowed[i, boards[i]] = False
        values = scores.total.copy()
        if seat > 0 and weights.complement > 0:
            for i in np.flatnonzero(need).tolist():
                if boards[i]:
                    sim = scores.mentor_centroids @ scores.mentor_centroids[boards[i]].T
                    values[i] -= weights.complement * np.clip(sim.max(axis=1), 0, 1)
        rows, cols = candidate_pairs(values, allowed, top_n=options.top_n,
                                     per_mentor=free if options.solver != "scipy" else None)
        # Load balance spreads mentees but never by itself leaves one out: every pair gets back the
        # largest slot penalty of the round (the same constant for all pairs, so ranking is unchanged).
        refund = weights.load_balance * max(0, int((load + free).max()) - 1)
        values += refund
        round_problem = Candidates(rows=rows, cols=cols, values=values[rows, cols], capacity=free,
                                   n_mentees=n, coverage=options.objective == "coverage",
                                   load_penalty=weights.load_balance, load=load.copy())
        solver = get_solver(options.solver, round_problem)
        used_solver = solver.name
        if solver.name == "scipy" and options.top_n < m:  # exact over every allowed pair
            rows, cols = np.nonzero(allowed)
            round_problem.rows, round_problem.cols, round_problem.values = rows, cols, values[rows, cols]
        for i, j in solver.solve(round_problem):
            boards[i].append(j)
            load[j] += 1
            if seat > 0:
                penalties[(i, j)] = float(scores.total[i, j] - values[i, j] + refund)
        if progress:
            progress((seat + 1) / options.k, "solving")
    return Assignment(boards=boards, pinned=pinned, solver=used_solver or get_solver(options.solver).name,
                      complement_penalty=penalties)
