"""Sarcasm: praise words around a plainly bad outcome ("Great, another late PR, thanks."), and
mock-admiring clauses next to one ("You skipped the intro. You must be so proud.")."""

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
                 r"crashed|mess|wasted|rambl\w*|waffl\w*|sloppy|rude|lazy|boring)\b", re.I)


OPENER = re.compile(r"^(wow|oh|great|brilliant|nice|thanks|thank you|truly|really|amazing|"
                    r"fantastic|wonderful|perfect|bravo|well done|good job)\b", re.I)
MARKS = re.compile(r"\b(really|so much|for once|as always|as usual|again|another|literally|truly|"
                   r"very helpful|really helpful|can't wait)\b", re.I)


#: Clauses that read as mock admiration when the text also names a problem; the flag runs to the
#: end of the clause so the whole clause is dropped from the rewrite.
MOCK_ADMIRATION = re.compile(
    r"\b(you must be (so |very |really |quite )?(proud|pleased|happy) (of|with) (yourself|that|this)"
    r"|you must be (so |very |really |quite )?proud"
    r"|i'?m sure you'?re (so |very |really )?proud"
    r"|i bet you'?re (so |very |really )?proud"
    r"|must be nice"
    r"|good for you"
    r"|(what|such) an? (achievement|accomplishment)"
    r"|congrat(ulation)?s on (finally|another|only)"
    r"|give yourself a (pat on the back|medal))[^,;.!?]*", re.I)


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
        for match in MOCK_ADMIRATION.finditer(text):
            if analysis.in_quote(match.start(), match.start() + 1):
                continue
            # the problem may sit in the clause itself: "you must be so proud of rambling for 20 minutes"
            rest = text[: match.start()] + " " + text[match.end(1) :]
            if not BAD.search(rest):
                continue  # sincere: "You shipped two weeks early, you must be so proud."
            span = analysis.doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                flags.append(self.flag(
                    span, f"'{span.text}' next to a problem reads as mock admiration; it belittles "
                    "instead of helping.",
                    "Leave it out, and say plainly what went wrong and what you need next time."))
        return flags
