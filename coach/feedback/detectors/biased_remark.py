"""Biased remarks: gender-coded traits, age, accent, language or origin."""

from __future__ import annotations

from coach.feedback.detectors.phrase import PhraseDetector


class BiasedRemarkDetector(PhraseDetector):
    name = "biased-remark"
    category = "biased-remark"
    severity = "high"
    lexicon = "biased_terms"
    keys = ("gender_coded", "age", "accent_language_origin")
    message = ("'{phrase}' is often applied unevenly by gender, age, accent or origin, and "
               "describes the person rather than the work.")
    suggestion = "Describe the specific behavior and its effect, as you would for anyone on the team."
    #: "guys from your country usually don't last" stays biased whatever the verb's negation
    respect_negation = False

    def accept(self, analysis, span) -> bool:  # type: ignore[no-untyped-def]
        root = span.root
        if root.pos_ in ("ADJ", "NOUN") and len(span) == 1:
            return analysis.about_person(root) and not analysis.is_negated(root)
        return True
