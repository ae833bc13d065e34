"""Insults and name-calling."""

from __future__ import annotations

from coach.feedback.detectors.phrase import PhraseDetector


class InsultDetector(PhraseDetector):
    name = "insult"
    category = "insult"
    severity = "high"
    lexicon = "insults"
    keys = ("insult", "profanity")
    message = ("'{phrase}' is an insult or profanity; it attacks rather than informs, and ends the "
               "conversation.")
    suggestion = "Remove it and describe the specific problem with the work."

    def accept(self, analysis, span) -> bool:  # type: ignore[no-untyped-def]
        if span.text.lower() in _profanity():
            return True  # disrespectful whoever or whatever it is aimed at
        root = span.root
        if (root.dep_ == "pobj" and root.head.lower_ == "of") or any(
                t.lower_ in ("what", "such") for t in root.lefts):
            return True  # "what kind of idiot...", "such an idiot"
        return analysis.about_person(root)


def _profanity() -> frozenset[str]:
    from coach.feedback import lexicon

    return lexicon.phrase_set("insults", "profanity")
