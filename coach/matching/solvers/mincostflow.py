"""OR-Tools min-cost flow over each mentee's candidate pairs (exact on that graph; large cohorts)."""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from coach.errors import CoachError
from coach.matching.solvers.base import COVERAGE_BONUS, SCALE, Candidates, Solver


class MinCostFlowSolver(Solver):
    name = "mincostflow"

    def solve(self, problem: Candidates) -> list[tuple[int, int]]:
        if not len(problem.rows):
            return []
        n = problem.n_mentees
        mentors = np.unique(problem.cols)
        node_of = {int(j): n + 1 + k for k, j in enumerate(mentors.tolist())}
        source, sink = 0, n + 1 + len(mentors)
        flow = min_cost_flow.SimpleMinCostFlow()
        people = np.unique(problem.rows)
        # source -> mentee (1), mentee -> sink directly (stay unmatched, cost 0)
        ones = np.ones(len(people), dtype=np.int64)
        zeros = np.zeros(len(people), dtype=np.int64)
        flow.add_arcs_with_capacity_and_unit_cost(zeros, people + 1, ones, zeros)
        flow.add_arcs_with_capacity_and_unit_cost(people + 1, np.full(len(people), sink, dtype=np.int64),
                                                  ones, zeros)
        # mentee -> mentor, cost = -value (integer)
        bonus = COVERAGE_BONUS if problem.coverage else 0
        tails = problem.rows.astype(np.int64) + 1
        heads = np.asarray([node_of[int(j)] for j in problem.cols.tolist()], dtype=np.int64)
        costs = -(np.round(problem.values.astype(np.float64) * SCALE).astype(np.int64) + bonus)
        unit = np.ones(len(tails), dtype=np.int64)
        pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, unit, costs)
        # mentor -> sink: one arc per slot, the t-th costing t * load penalty (convex: fills evenly)
        for j, node in node_of.items():
            cap = min(int(problem.capacity[j]), n)
            if problem.load_penalty > 0:
                for t in range(cap):
                    flow.add_arc_with_capacity_and_unit_cost(node, sink, 1,
                                                             round(problem.slot_penalty(j, t) * SCALE))
            elif cap:
                flow.add_arc_with_capacity_and_unit_cost(node, sink, cap, 0)
        flow.set_node_supply(source, len(people))
        flow.set_node_supply(sink, -len(people))
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise CoachError(f"The min-cost-flow solver stopped with status {status}; try the 'scipy' "
                             "solver or report this cohort as a bug.")
        used = flow.flows(pair_arcs)
        chosen = np.flatnonzero(np.asarray(used) > 0)
        return [(int(problem.rows[c]), int(problem.cols[c])) for c in chosen]
