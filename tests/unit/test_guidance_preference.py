"""The 'prefer our program's documents' step, built by hand."""

from __future__ import annotations

import pytest

from coach.errors import InputError
from coach.guidance.preference import GuidanceSettings, prefer_program


@pytest.mark.parametrize(("ranked", "program", "boost", "expected"), [
    ([(1, 0.20), (2, 0.18), (3, 0.10)], {2}, 0.3, [2, 1, 3]),   # close behind: comes first
    ([(1, 0.20), (2, 0.10), (3, 0.09)], {2}, 0.3, [1, 2, 3]),   # far behind: stays behind
    ([(1, 0.20), (2, 0.18)], {2}, 0.0, [1, 2]),                 # setting off
    ([(1, 0.20), (2, 0.18)], set(), 0.3, [1, 2]),               # no program documents
])
def test_prefer_program(ranked: list[tuple[int, float]], program: set[int], boost: float,
                        expected: list[int]) -> None:
    assert [pid for pid, _ in prefer_program(ranked, program, boost=boost)] == expected


def test_settings_round_trip_and_validation() -> None:
    settings = GuidanceSettings(prefer_program_documents=False, program_boost=0.5)
    assert GuidanceSettings.from_dict(settings.to_dict()) == settings
    assert GuidanceSettings.from_dict(None).prefer_program_documents is True
    with pytest.raises(InputError, match="between 0 and 3"):
        GuidanceSettings(program_boost=-1)
