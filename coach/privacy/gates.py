"""Minimum-group gates: count distinct participants, never notes, and suppress what could single
someone out.

Conventions (HR survey practice): a group is shown with at least ``min_participants`` (default 5)
distinct people; verbatim excerpts need ``min_quote_participants`` (default 10). In a breakdown (per
month, per cohort) a cell below the threshold is suppressed, and when the suppressed cells together
hold fewer than the threshold, the next smallest cells are suppressed too, so that ``total - shown``
cannot be subtracted back to a small group. Two groups a viewer can both see (a filter and the whole
program, two overlapping periods) must not differ by 1..k-1 people: :func:`difference_safe` checks it.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
P = TypeVar("P", bound=Hashable)


@dataclass(frozen=True)
class GateConfig:
    min_participants: int = 5
    min_quote_participants: int = 10

    def __post_init__(self) -> None:
        if self.min_participants < 2:
            raise ValueError("min_participants must be at least 2: a group of one is a person.")
        if self.min_quote_participants < self.min_participants:
            raise ValueError("min_quote_participants must be at least min_participants.")


def distinct_count(participants: Iterable[Hashable]) -> int:
    return len(set(participants))


def is_shown(participants: Iterable[Hashable], *, k: int) -> bool:
    """A group is shown only with at least ``k`` distinct participants."""
    return distinct_count(participants) >= k


def difference_safe(group: Collection[P], others: Iterable[Collection[P]], *, k: int) -> bool:
    """True when ``group`` differs from every other visible group by 0 or at least ``k`` people.

    Only nested groups can be subtracted to isolate someone: for each other group that contains
    ``group`` or is contained in it, the people in one and not the other must be none or >= k.
    """
    mine = set(group)
    for other in others:
        theirs = set(other)
        if mine <= theirs or theirs <= mine:
            gap = len(mine ^ theirs)
            if 0 < gap < k:
                return False
    return True


@dataclass
class Suppressed(Generic[K]):
    """Which cells of a breakdown may be shown, and why the others are not."""

    shown: list[K] = field(default_factory=list)
    hidden: dict[K, str] = field(default_factory=dict)

    @property
    def any_hidden(self) -> bool:
        return bool(self.hidden)


def gate_breakdown(cells: Mapping[K, Collection[P]], *, k: int,
                   total: Collection[P] | None = None) -> Suppressed[K]:
    """Gate the cells of one breakdown (cell key -> the distinct participants in it).

    1. Cells with fewer than ``k`` participants are hidden ("fewer than k people").
    2. Complementary suppression: while the people only in hidden cells (not in any shown cell) are
       1..k-1, the smallest shown cell is hidden too ("hidden so that a small group cannot be worked
       out from the total"). ``total`` defaults to the union of all cells.
    """
    members = {key: set(people) for key, people in cells.items()}
    everyone = set(total) if total is not None else set().union(*members.values()) if members else set()
    result: Suppressed[K] = Suppressed()
    shown = {key for key, people in members.items() if len(people) >= k}
    for key in members:
        if key not in shown:
            result.hidden[key] = f"fewer than {k} people"
    while shown:
        visible_people = set().union(*(members[key] for key in shown))
        residue = everyone - visible_people
        if not result.hidden and not residue:
            break
        if len(residue) == 0 or len(residue) >= k:
            break
        smallest = min(shown, key=lambda key: (len(members[key]), str(key)))
        shown.discard(smallest)
        result.hidden[smallest] = "hidden so that a small group cannot be worked out from the total"
    result.shown = [key for key in members if key in shown]
    return result
