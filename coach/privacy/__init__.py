"""Minimum-group privacy gates shared by themes and the program dashboard.

Nothing about people leaves the library in aggregate form unless these gates allow it: a group is
shown only when it holds at least ``k`` distinct participants, and a breakdown is suppressed where a
cell, or the difference between two groups a viewer can see, would isolate fewer than ``k`` people.
"""

from coach.privacy.gates import (
    GateConfig,
    Suppressed,
    difference_safe,
    distinct_count,
    gate_breakdown,
    is_shown,
)

__all__ = ["GateConfig", "Suppressed", "difference_safe", "distinct_count", "gate_breakdown", "is_shown"]
