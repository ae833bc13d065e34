"""Differences between figures: two activity cells a viewer sees at once must not be subtractable
to fewer than ``k`` people.

Each activity cell of the dashboard counts a group of people for one month (mentees who wrote in
March, mentees whose check-ins were held, goal owners with milestones due, mentors whose drafts were
checked, ...). When one such group holds another and the two differ by 1..k-1 people, the
difference is itself a small group, and the figures of the two cells subtract to that group's
figures. Such a pair fails :func:`coach.privacy.difference_safe`; the smaller cell is hidden. Cells
are visited from the largest group down, so every pair is looked at once and the broader figure is
kept.

Roster figures (people in the program, active pairs, goals by status) are not part of this gate:
they describe the program's make-up, which its facilitators arrange themselves; subtracting an
activity group from them tells how many took part, which survey practice shows as a response rate.
Differences between a cohort and the whole program are gated elsewhere (the grid's complementary
suppression and the service's cohort notice).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from coach.privacy import difference_safe

CellId = tuple[str, str]  # (series name, cell key)
#: the figures whose cells count what people did in a month (see the module docstring)
ACTIVITY = frozenset({"checkins", "reflections", "milestones", "feedback", "unchecked"})
REASON = "hidden because it differs from another figure shown by fewer than {k} people"


def gate_differences(groups: Mapping[CellId, frozenset[Hashable]], *, k: int) -> dict[CellId, str]:
    """Which of the shown activity cells (id -> its distinct people) to hide, with the reason.

    Only cells of the same month are compared: cells of different months count different acts.
    """
    order = sorted((cid for cid in groups if cid[0] in ACTIVITY), key=lambda cid: (-len(groups[cid]), cid))
    kept: dict[str, list[frozenset[Hashable]]] = {}
    hidden: dict[CellId, str] = {}
    for cid in order:
        people = groups[cid]
        month = kept.setdefault(cid[1], [])
        if difference_safe(people, month, k=k):
            month.append(people)
        else:
            hidden[cid] = REASON.format(k=k)
    return hidden
