"""A detector driven by one lexicon list: the shape shared by the phrase-based detectors."""

from __future__ import annotations

from coach.feedback.analysis import Analysis
from coach.feedback.detectors.base import Detector, outside_quotes
from coach.feedback.report import Flag


class PhraseDetector(Detector):
    lexicon: str = ""
    keys: tuple[str | None, ...] = (None,)
    message: str = "'{phrase}'"
    suggestion: str = ""
    #: skip matches under a negation ("not lazy")
    respect_negation: bool = True

    def detect(self, analysis: Analysis) -> list[Flag]:
        flags = []
        for key in self.keys:
            for span in outside_quotes(analysis, analysis.find(self.lexicon, key)):
                if self.respect_negation and analysis.is_negated(span.root):
                    continue
                if not self.accept(analysis, span):
                    continue
                flags.append(self.flag(span, self.message.format(phrase=span.text),
                                       self.suggestion.format(phrase=span.text)))
        return flags

    def accept(self, analysis: Analysis, span) -> bool:  # type: ignore[no-untyped-def]
        """A hook for detectors that need more than a lexicon hit."""
        return True
