"""Insults and name-calling."""

from __future__ import annotations

from coach.feedback.detectors.phrase import PhraseDetector


class InsultDetector(PhraseDetector):
    name = "insult"
    category = "insult"
    severity = "high"
    lexicon = "insults"
    keys = ("insult",)
    message = "'{phrase}' is an insult; it attacks the person and ends the conversation."
    suggestion = "Remove it and describe the specific problem with the work."

    def accept(self, analysis, span) -> bool:  # type: ignore[no-untyped-def]
        return analysis.about_person(span.root)
