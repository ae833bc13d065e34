"""Solvers behind one interface and an explicit registry."""

from __future__ import annotations

from coach.errors import InputError
from coach.matching.solvers.base import Candidates, Solver
from coach.matching.solvers.mincostflow import MinCostFlowSolver
from coach.matching.solvers.scipy_lsa import ScipySolver

SOLVERS: dict[str, type[Solver]] = {"scipy": ScipySolver, "mincostflow": MinCostFlowSolver}


def get_solver(name: str, problem: Candidates | None = None) -> Solver:
    """The solver called ``name``; 'auto' picks SciPy for small rounds and min-cost flow for large ones."""
    if name == "auto":
        small = ScipySolver()
        return small if problem is not None and small.fits(problem) else MinCostFlowSolver()
    if name not in SOLVERS:
        raise InputError(f"unknown solver {name!r}; use auto, {', '.join(SOLVERS)}.")
    return SOLVERS[name]()


__all__ = ["SOLVERS", "Candidates", "Solver", "get_solver"]
