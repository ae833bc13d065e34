"""The solver interface: assign mentees to mentor slots over candidate pairs, optimally."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

#: scores are turned into integer costs at this resolution (OR-Tools needs integers)
SCALE = 10_000
#: in 'coverage' mode each match is worth this much more than any score difference
COVERAGE_BONUS = 1_000 * SCALE


@dataclass
class Candidates:
    """One round of assignment: each mentee takes at most one mentor among its candidate pairs."""

    rows: np.ndarray  # mentee index of each candidate pair
    cols: np.ndarray  # mentor index
    values: np.ndarray  # value of the pair (score, after any board penalty), higher is better
    capacity: np.ndarray  # remaining slots per mentor
    n_mentees: int
    coverage: bool = False  # maximize the number of matches first
    load_penalty: float = 0.0  # value lost for the t-th extra mentee of a mentor: t * load_penalty
    load: np.ndarray | None = None  # mentees a mentor already has (pins, earlier rounds)

    def slot_penalty(self, mentor: int, t: int) -> float:
        """Penalty of giving ``mentor`` its t-th new mentee (0-based) in this round."""
        already = 0 if self.load is None else int(self.load[mentor])
        return self.load_penalty * (already + t)


class Solver(ABC):
    name: str = "solver"

    @abstractmethod
    def solve(self, problem: Candidates) -> list[tuple[int, int]]:
        """(mentee, mentor) pairs: each mentee at most once, each mentor within capacity."""
        raise NotImplementedError

    def fits(self, problem: Candidates) -> bool:
        """Whether this solver is a good choice for a problem of this size."""
        return True
