"""Shared widgets: error boxes and progress bars wired to coach's progress callbacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from coach.errors import CoachError


@contextmanager
def shows_errors() -> Iterator[None]:
    """Show a CoachError as an error box instead of a traceback."""
    try:
        yield
    except CoachError as error:
        st.error(str(error), icon=":material/error:")


def progress_callback(label: str) -> tuple[Any, Callable[[int, int, str], None]]:
    bar = st.progress(0.0, text=label)

    def update(done: int, total: int, stage: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"{label}: {stage} {done}/{total}")

    return bar, update


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 milestone``, ``2 milestones`` (``plural_form`` for irregular nouns)."""
    return f"{count} {noun if count == 1 else (plural_form or noun + 's')}"
