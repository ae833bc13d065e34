"""What the facilitator sets: weights of the soft terms, objective, advisory-board size, solver."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from coach.errors import InputError

OBJECTIVES = ("fit", "coverage")


@dataclass(frozen=True)
class AttributeRule:
    """An extra column compared between mentee and mentor: a bonus when values are the same/different."""

    column: str
    mode: str = "same"  # same | different
    weight: float = 0.1


@dataclass(frozen=True)
class Weights:
    fit: float = 0.75  # semantic fit of goals/background to expertise/bio
    hours: float = 0.25  # working-hours overlap (share of an 8-hour day, capped at 1)
    cross_cultural: float = 0.0  # bonus when the 'country' (or 'culture') columns differ
    seniority: float = 0.0  # bonus for a mentor 'seniority' gap up to SENIORITY_GAP years
    load_balance: float = 0.05  # solver penalty per extra mentee on the same mentor
    complement: float = 0.3  # advisory board: penalty for board members with similar expertise
    rules: tuple[AttributeRule, ...] = ()


@dataclass(frozen=True)
class MatchOptions:
    objective: str = "fit"  # fit: best total score; coverage: as many mentees as possible first
    k: int = 1  # mentors per mentee (k > 1: advisory board)
    weights: Weights = field(default_factory=Weights)
    solver: str = "auto"  # auto | scipy | mincostflow
    top_n: int = 40  # candidates per mentee for the min-cost-flow solver
    min_score: float = 0.0  # pairs scoring below this are not proposed

    def checked(self) -> MatchOptions:
        if self.objective not in OBJECTIVES:
            raise InputError(f"objective {self.objective!r} is unknown; use 'fit' (best total fit) or "
                             "'coverage' (match as many mentees as possible).")
        if not 1 <= self.k <= 10:
            raise InputError(f"k = {self.k}: an advisory board has 1 to 10 mentors per mentee.")
        if self.top_n < 1:
            raise InputError("top_n must be at least 1 (candidates kept per mentee).")
        w = self.weights
        values = {"fit": w.fit, "hours": w.hours, "cross_cultural": w.cross_cultural,
                  "seniority": w.seniority, "load_balance": w.load_balance, "complement": w.complement,
                  **{f"rule {r.column}": r.weight for r in w.rules}}
        bad = [name for name, value in values.items() if not 0 <= value <= 10]
        if bad:
            raise InputError(f"weights must be between 0 and 10; check: {', '.join(bad)}.")
        if w.fit + w.hours + w.cross_cultural + w.seniority + sum(r.weight for r in w.rules) <= 0:
            raise InputError("at least one score weight (fit, hours or a preference) must be above 0.")
        for rule in w.rules:
            if rule.mode not in ("same", "different"):
                raise InputError(f"rule on column {rule.column!r}: mode must be 'same' or 'different'.")
        return self

    def to_dict(self) -> dict[str, Any]:
        w = self.weights
        return {"objective": self.objective, "k": self.k, "solver": self.solver, "top_n": self.top_n,
                "min_score": self.min_score,
                "weights": {"fit": w.fit, "hours": w.hours, "cross_cultural": w.cross_cultural,
                            "seniority": w.seniority, "load_balance": w.load_balance,
                            "complement": w.complement,
                            "rules": [{"column": r.column, "mode": r.mode, "weight": r.weight}
                                      for r in w.rules]}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchOptions:
        wd = dict(data.get("weights", {}))
        rules = tuple(AttributeRule(**r) for r in wd.pop("rules", []))
        weights = Weights(**wd, rules=rules)
        rest = {k: v for k, v in data.items() if k != "weights"}
        return replace(cls(**rest), weights=weights)
