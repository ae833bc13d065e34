"""Settings read from the environment."""

from __future__ import annotations

import pytest

from coach.config import Settings


@pytest.mark.parametrize(("value", "on"), [(None, True), ("1", True), ("yes", True), ("0", False),
                                           ("off", False), ("False", False), ("no", False)])
def test_warm_up_is_on_unless_turned_off(monkeypatch, value, on):
    if value is None:
        monkeypatch.delenv("COACH_WARM_UP", raising=False)
    else:
        monkeypatch.setenv("COACH_WARM_UP", value)
    assert Settings.from_env().warm_up is on
