"""Sweeping absolutes about a person ("you always...", "you never...")."""

from __future__ import annotations

from coach.feedback.analysis import Analysis
from coach.feedback.detectors.base import Detector, outside_quotes
from coach.feedback.report import Flag


class AbsoluteDetector(Detector):
    name = "absolute"
    category = "absolute"
    severity = "high"

    def detect(self, analysis: Analysis) -> list[Flag]:
        flags = []
        for span in outside_quotes(analysis, analysis.find("absolutes", "person_absolutes")):
            subj = analysis.subject(span.root)
            if subj is None or not analysis.is_person(subj):
                # "Every single time we ship, you leave it to the last night": the main clause
                subj = analysis.subject(span.root.sent.root)
            if subj is None or not analysis.is_person(subj) or analysis.is_self(subj):
                continue
            verb = subj.head
            if subj.lower_ not in ("you", "u") and verb.dep_ not in ("ROOT", "conj"):
                continue  # "features they never asked about": not a rule about the person
            before = analysis.doc[span.start - 1].lower_ if span.start else ""
            if before in ("not", "n't"):
                continue  # "not always" softens rather than generalizes
            flags.append(self.flag(
                span, f"'{span.text}' turns some occasions into a rule about the person; one "
                "exception makes the whole point easy to dismiss.",
                "Name one or two specific occasions instead."))
        return flags
