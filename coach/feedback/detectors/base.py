"""The detector interface: one small class per kind of problem, registered explicitly."""

from __future__ import annotations

from abc import ABC, abstractmethod

from spacy.tokens import Span

from coach.feedback.analysis import Analysis
from coach.feedback.report import Flag


class Detector(ABC):
    #: registry name, shown in dismissal reports
    name: str = "detector"
    #: the flag category it produces
    category: str = ""
    severity: str = "medium"

    @abstractmethod
    def detect(self, analysis: Analysis) -> list[Flag]:
        """Flags for the problems this detector finds in ``analysis``."""
        raise NotImplementedError

    def flag(self, span: Span, message: str, suggestion: str, *, category: str | None = None,
             severity: str | None = None) -> Flag:
        start, end = span.start_char, span.end_char
        return Flag(start=start, end=end, text=span.doc.text[start:end],
                    category=category or self.category, severity=severity or self.severity,
                    message=message, suggestion=suggestion, detector=self.name)


def outside_quotes(analysis: Analysis, spans: list[Span]) -> list[Span]:
    return [s for s in spans if not analysis.in_quote(s.start_char, s.end_char)]
