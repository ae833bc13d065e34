"""Sarcasm: praise words around a plainly bad outcome ("Great, another late PR, thanks.")."""

from __future__ import annotations

import re

from coach.feedback.analysis import Analysis
from coach.feedback.detectors.base import Detector
from coach.feedback.report import Flag

PRAISE = re.compile(r"\b(great|nice|brilliant|wonderful|fantastic|perfect|lovely|stellar|bravo|"
                    r"wow|amazing|impressive|terrific|superb|real team spirit|thanks|thank you|"
                    r"good job|well done|great job|great move|top-notch)\b", re.I)
BAD = re.compile(r"\b(late|later|overran|over|missed|miss|lost|lose|forgot|forget|failed|fail|broke|"
                 r"broken|empty|wrong|error|errors|complain\w*|delay\w*|short|without|left|another|"
                 r"again|only|finally|once|nobody|nothing|skipped|ignored|dropped|asleep|bored|minutes? over|"
                 r"crashed|mess|wasted)\b", re.I)


OPENER = re.compile(r"^(wow|oh|great|brilliant|nice|thanks|thank you|truly|really|amazing|"
                    r"fantastic|wonderful|perfect|bravo|well done|good job)\b", re.I)
MARKS = re.compile(r"\b(really|so much|for once|as always|as usual|again|another|literally|truly|"
                   r"very helpful|really helpful|can't wait)\b", re.I)


class SarcasmDetector(Detector):
    name = "sarcasm"
    category = "mockery"
    severity = "high"

    def detect(self, analysis: Analysis) -> list[Flag]:
        flags: list[Flag] = []
        text = analysis.text
        for sent in analysis.sentences:
            match = PRAISE.search(sent.text)
            if not match:
                continue
            start = sent.start_char + match.start()
            if analysis.in_quote(start, start + 1):
                continue
            rest = text[: sent.start_char] + " " + text[sent.start_char + match.end() :]
            opener = OPENER.match(sent.text.strip()) is not None
            marked = MARKS.search(sent.text) is not None or len(sent) <= 8
            if BAD.search(rest) and (opener or marked):
                span = analysis.doc.char_span(start, sent.start_char + match.end(),
                                              alignment_mode="expand")
                if span is not None:
                    flags.append(self.flag(
                        span, f"'{span.text}' next to a problem reads as sarcasm; it stings and "
                        "can be taken literally across cultures.",
                        "Say plainly what went wrong and what you need next time."))
        return flags
