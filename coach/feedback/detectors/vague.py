"""Generic praise, generic criticism and vague directives."""

from __future__ import annotations

from coach.feedback.detectors.phrase import PhraseDetector


class VaguePraiseDetector(PhraseDetector):
    name = "vague-praise"
    category = "vague-praise"
    lexicon = "vague"
    keys = ("praise",)
    message = "'{phrase}' is kind but generic: the person cannot tell what to repeat."
    suggestion = ("Add what they did and what it changed, e.g. 'you answered the budget question "
                  "with numbers'.")


class VagueCriticismDetector(PhraseDetector):
    name = "vague-criticism"
    category = "vague-criticism"
    lexicon = "vague"
    keys = ("criticism",)
    message = "'{phrase}' says something is wrong but not what, so it cannot be acted on."
    suggestion = "Point to the specific part of the work and what 'good' would look like."


class VagueDirectiveDetector(PhraseDetector):
    name = "vague-directive"
    category = "vague-directive"
    lexicon = "vague"
    keys = ("directives",)
    message = "'{phrase}' asks for a change without saying what to do differently."
    suggestion = "Name one concrete action, e.g. 'next time, send the agenda a day earlier'."
