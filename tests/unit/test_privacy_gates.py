"""Minimum-group gates, built by hand (table-driven)."""

from __future__ import annotations

import pytest

from coach.privacy import GateConfig, difference_safe, gate_breakdown, is_shown


@pytest.mark.parametrize(("people", "k", "shown"), [
    (["a", "b", "c", "d", "e"], 5, True),
    (["a", "b", "c", "d"], 5, False),
    (["a", "a", "a", "a", "a", "b"], 5, False),  # notes are not people
])
def test_is_shown_counts_distinct_people(people: list[str], k: int, shown: bool) -> None:
    assert is_shown(people, k=k) is shown


def test_small_cell_hidden_and_complement_suppressed() -> None:
    cells = {"Jan": set("abcdef"), "Feb": set("ghijkl"), "Mar": set("mn")}
    result = gate_breakdown(cells, k=5)
    # Mar alone is 2 people; hiding only Mar leaves total - (Jan+Feb) = 2: one more cell goes.
    assert "Mar" in result.hidden
    assert len(result.shown) == 1
    assert "cannot be worked out" in next(v for k, v in result.hidden.items() if k != "Mar")


def test_complement_not_needed_when_residue_is_large() -> None:
    cells = {"A": set("abcde"), "B": set("fghij"), "C": set("klmn"), "D": set("opq")}
    result = gate_breakdown(cells, k=5)
    assert set(result.hidden) == {"C", "D"}  # together 7 people: safe
    assert result.shown == ["A", "B"]


def test_all_cells_large_shows_everything() -> None:
    result = gate_breakdown({"x": set("abcde"), "y": set("fghij")}, k=5)
    assert result.shown == ["x", "y"] and not result.any_hidden


def test_total_with_people_outside_cells_counts_as_residue() -> None:
    # 2 people in the total belong to no shown cell: subtracting would isolate them.
    result = gate_breakdown({"x": set("abcde"), "y": set("fghij")}, k=5, total=set("abcdefghijkl"))
    assert len(result.shown) == 1


@pytest.mark.parametrize(("group", "others", "safe"), [
    (set("abcdef"), [set("abcdefg")], False),        # differs from the whole by one person
    (set("abcdef"), [set("abcdefghijk")], True),     # differs by five
    (set("abcdef"), [set("abcdef")], True),          # the same group
    (set("abcdef"), [set("ghijklm")], True),         # disjoint groups cannot be subtracted
])
def test_difference_safe(group: set[str], others: list[set[str]], safe: bool) -> None:
    assert difference_safe(group, others, k=5) is safe


def test_config_refuses_groups_of_one() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        GateConfig(min_participants=1)
    with pytest.raises(ValueError, match="at least min_participants"):
        GateConfig(min_participants=5, min_quote_participants=3)
