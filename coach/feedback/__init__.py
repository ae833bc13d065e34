"""Feedback checker: vague and judgmental language on exact spans, SBI parts, SBI rewrites.

``check(text)`` is the one-call API; :class:`FeedbackChecker` is the configurable engine and
:class:`FeedbackService` adds drafts, program settings and dismissals on top of the database.
"""

from __future__ import annotations

from functools import lru_cache

from coach.feedback.checker import FeedbackChecker
from coach.feedback.report import FeedbackReport, Flag, SbiParts, Span
from coach.feedback.service import FeedbackService
from coach.feedback.settings import FeedbackSettings


@lru_cache(maxsize=1)
def default_checker() -> FeedbackChecker:
    from coach.nlp import get_embedder, get_nlp

    return FeedbackChecker(get_nlp, get_embedder)


def check(text: str, *, settings: FeedbackSettings | None = None) -> FeedbackReport:
    """Check one piece of feedback with the shipped models."""
    return default_checker().check(text, settings=settings)


__all__ = ["FeedbackChecker", "FeedbackReport", "FeedbackService", "FeedbackSettings", "Flag",
           "SbiParts", "Span", "check", "default_checker"]
