"""Mockery and sarcasm ("on time for once", "thanks for nothing")."""

from __future__ import annotations

from coach.feedback.detectors.phrase import PhraseDetector


class MockeryDetector(PhraseDetector):
    name = "mockery"
    category = "mockery"
    severity = "high"
    lexicon = "insults"
    keys = ("mockery_sarcasm",)
    respect_negation = False
    message = "'{phrase}' reads as sarcasm or mockery; readers in other cultures may take it literally."
    suggestion = "Say plainly what happened and what you need next time."
