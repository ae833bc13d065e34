"""Condescension ("not bad for a beginner", "even an intern could...")."""

from __future__ import annotations

from coach.feedback.detectors.phrase import PhraseDetector


class CondescensionDetector(PhraseDetector):
    name = "condescension"
    category = "condescension"
    severity = "high"
    lexicon = "insults"
    keys = ("condescension",)
    respect_negation = False
    message = "'{phrase}' talks down to the person: praise or criticism measured against a low bar."
    suggestion = "Judge the work on its own terms and say what specifically was good or needs work."
