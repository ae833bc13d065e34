"""Fixtures for the unit tests of the mentee-journey modules."""

from __future__ import annotations

import pytest

from coach.demo import load_demo


@pytest.fixture
def db(ctx):  # type: ignore[no-untyped-def]
    """The demo program in a fresh SQLite database."""
    load_demo(ctx.db)
    return ctx.db
