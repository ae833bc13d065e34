"""A figure of the dashboard: a grid of participants and counts, and how a cell's values derive."""

from __future__ import annotations

from dataclasses import dataclass

from coach.insights.grid import Derive, Grid


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    participant: str  # who counts as a participant of a cell
    grid: Grid
    derive: Derive
    keys: tuple[str, ...] = ()  # fixed cell keys; empty: one cell per month of the view

    @property
    def by_month(self) -> bool:
        return not self.keys

    def cell_keys(self, months: list[str]) -> list[str]:
        return months if self.by_month else list(self.keys)


def ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0
