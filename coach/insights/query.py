"""What the dashboard is asked for: a cohort, a period of whole months and the minimum group size.

Periods are whole calendar months: a date inside a month selects the whole month, so that two
periods a viewer can ask for differ by whole month cells (each gated on its own), never by a few
days that could single out one person's activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from coach.errors import InputError
from coach.privacy import GateConfig

#: The cohort label of people whose cohort field is empty.
NO_COHORT = "(no cohort)"


@lru_cache(maxsize=8192)
def month_of(value: date) -> str:
    """``YYYY-MM`` of a date (cached: a program has a few hundred distinct days)."""
    return value.isoformat()[:7]


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive (empty when first > last)."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out: list[str] = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def cohort_label(value: str | None) -> str:
    return (value or "").strip() or NO_COHORT


@dataclass(frozen=True)
class InsightsQuery:
    """Filters of one dashboard view. ``cohort`` None means the whole program."""

    cohort: str | None = None
    start: date | None = None
    end: date | None = None
    min_participants: int = 5

    def __post_init__(self) -> None:
        if isinstance(self.min_participants, bool) or not isinstance(self.min_participants, int):
            raise InputError(f"min_participants must be a whole number, got {self.min_participants!r}.")
        try:
            GateConfig(min_participants=self.min_participants,
                       min_quote_participants=max(10, self.min_participants))
        except ValueError as exc:
            raise InputError(f"min_participants is {self.min_participants}: {exc} Use 5 (the "
                             "default) or more.") from exc
        if self.start and self.end and self.start > self.end:
            raise InputError(f"The period starts on {self.start.isoformat()} but ends earlier, on "
                             f"{self.end.isoformat()}. Swap the dates or pick a later end.")

    @property
    def first_month(self) -> str | None:
        return month_of(self.start) if self.start else None

    @property
    def last_month(self) -> str | None:
        return month_of(self.end) if self.end else None
