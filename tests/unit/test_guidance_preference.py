"""The 'prefer our program's documents' step, built by hand."""

from __future__ import annotations

import pytest

from coach.errors import InputError
from coach.guidance.preference import GuidanceSettings, prefer_program


@pytest.mark.parametrize(("ranked", "program", "boost", "expected"), [
    ([(1, 0.20), (2, 0.18), (3, 0.10)], {2}, 0.3, [2, 1, 3]),   # close behind: comes first
    ([(1, 0.20), (2, 0.10), (3, 0.09)], {2}, 0.6, [1, 2, 3]),   # far behind: stays behind
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


def test_program_documents_first_when_they_answer_as_well(ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coach.access import OPERATOR, Actor
    from coach.demo import load_demo
    from coach.errors import AccessDeniedError

    load_demo(ctx.db)
    query = "our sessions keep getting cancelled at the last minute"
    baseline = ctx.guidance.search(query, k=3, prefer_program=False)
    top = baseline[0]
    # The program's handbook says the same as the best default passage, in its own words.
    handbook = tmp_path / "handbook.md"
    handbook.write_text(f"# Our handbook\n\n## {top.title}\n\n{top.text}\n", encoding="utf-8")
    ctx.guidance.add_files(OPERATOR, [handbook])
    preferred = ctx.guidance.search(query, k=3)
    assert preferred[0].source == str(handbook.resolve())
    ctx.guidance.save_settings(OPERATOR, GuidanceSettings(prefer_program_documents=False))
    assert ctx.guidance.settings_for_program().prefer_program_documents is False
    with pytest.raises(AccessDeniedError):
        ctx.guidance.save_settings(Actor(id=99, role="mentee"), GuidanceSettings())
