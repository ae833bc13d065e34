"""Cross-figure difference gate: activity cells of one month that nest and differ by 1..k-1 people."""

from __future__ import annotations

import pytest

from coach.insights.differences import gate_differences


def people(n: int, start: int = 0) -> frozenset[int]:
    return frozenset(range(start, start + n))


@pytest.mark.parametrize("small, big, hidden", [
    (people(8), people(10), {("checkins", "2026-10")}),  # 10 - 8 = 2 people: the smaller goes
    (people(5), people(10), set()),  # differ by 5 = k: safe
    (people(10), people(10), set()),  # the same people: nothing to subtract
    (people(8), people(8, start=5), set()),  # overlapping, not nested: no subtraction isolates anyone
])
def test_nested_cells_of_one_month(small, big, hidden) -> None:  # type: ignore[no-untyped-def]
    groups = {("checkins", "2026-10"): small, ("reflections", "2026-10"): big}
    assert set(gate_differences(groups, k=5)) == hidden


def test_other_months_and_roster_figures_are_not_compared() -> None:
    groups = {("reflections", "2026-10"): people(8), ("reflections", "2026-11"): people(10),
              ("active_pairs", "2026-10"): people(10), ("people", "mentees"): people(9)}
    assert gate_differences(groups, k=5) == {}


def test_reason_says_why() -> None:
    groups = {("feedback", "2026-10"): people(6), ("unchecked", "2026-10"): people(7)}
    hidden = gate_differences(groups, k=5)
    assert list(hidden) == [("feedback", "2026-10")]
    assert "fewer than 5 people" in hidden[("feedback", "2026-10")]


def test_dashboard_hides_reflections_that_nest_in_checkins_by_fewer_than_k(ctx) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, datetime

    from coach.store.models import CheckIn
    from tests.unit.test_insights import Program_, cells, dashboard, note

    prog = Program_(ctx.db)
    mentor = prog.person("mentor-1", "mentor", "A")
    mentees = prog.mentees("A", 10)
    pairs = [prog.pair(mentor, m, date(2026, 10, 1), cadence=14) for m in mentees]
    prog.add(*[CheckIn(pair_id=p, at=datetime(2026, 10, 2, 10), done=True) for p in pairs])
    prog.add(*[note(m, date(2026, 10, 3)) for m in mentees[:8]])  # 8 of the 10 wrote
    prog.add(*[note(m, date(2026, 11, 3)) for m in mentees[:5]])  # 5 of the 10: differ by 5, safe
    dash = dashboard(ctx.db, prog)
    october, november = cells(dash, "reflections")["2026-10"], cells(dash, "reflections")["2026-11"]
    assert not october.shown and "differs from another figure" in october.hidden
    assert cells(dash, "checkins")["2026-10"].participants == 10
    assert november.shown and november.participants == 5
    assert any("Reflections per month" in n and "differs from another figure" in n for n in dash.notes)
    assert dash.headline()["reflections"] == 5  # the hidden month never counts
