"""Guesses about motives and inner states ("you don't care", "you seemed disengaged")."""

from __future__ import annotations

from coach.feedback import lexicon
from coach.feedback.analysis import Analysis
from coach.feedback.detectors.base import Detector, outside_quotes
from coach.feedback.report import Flag


class MotiveGuessDetector(Detector):
    name = "motive-guess"
    category = "motive-guess"
    severity = "high"

    def detect(self, analysis: Analysis) -> list[Flag]:
        flags = [self.flag(s, f"'{s.text}' guesses at motives or attitude, which the reader "
                           "cannot check and will likely dispute.",
                           "Say what you observed and ask about their intent instead.")
                 for s in outside_quotes(analysis, analysis.find("motive_inner_state", "motive"))
                 if not _negated_from_outside(analysis, s)]
        verbs = lexicon.phrase_set("motive_inner_state", "inner_state_verbs")
        states = {s.start for s in analysis.find("motive_inner_state", "inner_state_words")}
        for token in analysis.doc:
            if token.lower_ not in verbs and token.lemma_.lower() not in verbs:
                continue
            if analysis.in_quote(token.idx, token.idx + len(token)):
                continue
            subj = analysis.subject(token)
            if subj is None or not analysis.is_person(subj) or analysis.is_self(subj):
                continue
            perceptual = token.lemma_.lower() in ("seem", "look", "appear", "sound")
            if not perceptual and analysis.is_negated(token):
                continue  # "you weren't rude": a denial, not an inference
            clause = [t for t in token.subtree if t.i >= token.i and t.i - token.i <= 6]
            # "you seemed bored", "you didn't seem to care", "you looked like you..."
            guessed = perceptual and any(t.pos_ == "ADJ" or t.lower_ in ("like", "to")
                                         for t in clause[1:3])
            if guessed or any(t.i in states and not analysis.in_quote(t.idx, t.idx + 1)
                              for t in clause) or any(t.lower_ == "like" for t in clause[:2]):
                end = max(t.i for t in clause) + 1
                span = analysis.doc[subj.i if subj.i < token.i else token.i : end]
                flags.append(self.flag(
                    span, "This infers an inner state from the outside; the person may have felt "
                    "something else entirely.",
                    "Describe what you saw (e.g. 'you had your camera off and did not answer two "
                    "questions') and ask how they were doing."))
        return flags


def _negated_from_outside(analysis: Analysis, span) -> bool:  # type: ignore[no-untyped-def]
    """'Nobody thinks you're lazy': a negation that governs the phrase from outside it."""
    inside = {t.i for t in span}
    for t in span.root.ancestors:
        if t.i in inside:
            continue
        if any(c.dep_ == "neg" and c.i not in inside for c in t.children) or any(
                c.dep_ in ("nsubj",) and c.lower_ in ("nobody",) for c in t.children):
            return True
    return False
