"""Hedges, weasel words and idioms that may not translate."""

from __future__ import annotations

from coach.feedback import lexicon
from coach.feedback.analysis import Analysis
from coach.feedback.detectors.base import Detector, outside_quotes
from coach.feedback.detectors.phrase import PhraseDetector
from coach.feedback.report import Flag


class HedgeDetector(PhraseDetector):
    name = "hedge"
    category = "hedge"
    severity = "low"
    lexicon = "vague"
    keys = ("hedges",)
    respect_negation = False
    message = "'{phrase}' softens the point so much that it may be missed, especially by non-native readers."
    suggestion = "State the point directly and kindly."

    def accept(self, analysis, span) -> bool:  # type: ignore[no-untyped-def]
        # "just" and "quite" are hedges only before a verb or adjective
        return span.text.lower() not in ("just", "quite", "rather", "fairly") or (
            span.end < len(span.doc) and span.doc[span.end].pos_ in ("VERB", "ADJ", "ADV"))


class WeaselDetector(PhraseDetector):
    name = "weasel"
    category = "weasel"
    lexicon = "vague"
    keys = ("weasel",)
    respect_negation = False
    message = "'{phrase}' attributes the view to unnamed others; the person cannot respond to it."
    suggestion = "Speak for yourself about what you observed, or leave it out."


class IdiomDetector(Detector):
    name = "idiom"
    category = "idiom"
    severity = "low"

    def detect(self, analysis: Analysis) -> list[Flag]:
        plain = {item["phrase"].lower(): item.get("plain", "") for item in lexicon.load("idioms")}
        flags = []
        for span in outside_quotes(analysis, analysis.find("idioms")):
            alt = plain.get(span.text.lower(), "")
            flags.append(self.flag(
                span, f"'{span.text}' is an idiom that may not translate across languages and cultures.",
                f"Say it plainly{': ' + repr(alt) if alt else ''}."))
        return flags
