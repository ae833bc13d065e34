"""Labels of a person's character ("lazy", "unprofessional"); positive ones are vague praise."""

from __future__ import annotations

from coach.feedback import lexicon
from coach.feedback.analysis import TRAIT_NOUNS, Analysis
from coach.feedback.detectors.base import Detector, outside_quotes
from coach.feedback.report import Flag


class TraitLabelDetector(Detector):
    name = "trait-label"
    category = "trait-label"
    severity = "high"

    def detect(self, analysis: Analysis) -> list[Flag]:
        flags = []
        for span in outside_quotes(analysis, analysis.find("trait_labels", "negative")):
            root = span.root
            if analysis.is_negated(root) or not analysis.about_person(root):
                continue
            word = span.text
            flags.append(self.flag(
                span, f"'{word}' labels the person's character rather than describing what they did.",
                f"Describe the action behind '{word}': when was it, and what did a camera see?"))
        flags.extend(self._trait_nouns(analysis))
        for span in outside_quotes(analysis, analysis.find("trait_labels", "positive")):
            if analysis.is_negated(span.root) or not analysis.about_person(span.root):
                continue
            flags.append(self.flag(
                span, f"'{span.text}' praises a trait; it is kind but does not say what to repeat.",
                "Name the behavior behind the praise: what did they do, and what did it change?",
                category="vague-praise", severity="medium"))
        return flags

    def _trait_nouns(self, analysis: Analysis) -> list[Flag]:
        """'You have a terrible attitude', 'your attitude was not okay', 'a temper problem'."""
        negative = lexicon.phrase_set("trait_labels", "negative") | set(
            lexicon.phrases("trait_labels", "ambiguous")) | NEGATIVE_WORDS
        flags = []
        for token in analysis.doc:
            if token.lemma_.lower() not in TRAIT_NOUNS or analysis.in_quote(token.idx, token.idx + 1):
                continue
            owned = any(c.lower_ in ("your", "his", "her", "their") for c in token.children) or (
                token.head.lemma_ == "have" and analysis.is_person(analysis.subject(token.head)))
            if not owned:
                continue
            sent_words = {t.lower_ for t in token.sent}
            mods = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
            if mods & negative or sent_words & NEGATIVE_WORDS:
                span = analysis.doc[token.left_edge.i : token.i + 1]
                flags.append(self.flag(
                    span, f"'{span.text}' judges the person's attitude or character, which they "
                    "cannot see from the outside or act on.",
                    "Describe what they said or did that gave you this impression."))
        return flags


NEGATIVE_WORDS = {"bad", "terrible", "poor", "negative", "wrong", "toxic", "awful", "problem",
                  "issue", "horrible", "unacceptable", "okay", "ok", "joke", "nonexistent", "lacking"}
