"""Proper nouns spaCy's NER missed (a small company, a nickname): tokens tagged PROPN become NAME.

Leaks matter more than a lost word in an excerpt, so any PROPN token outside a short allow-list of
words that carry themes and identify no one (weekdays, months, languages, common tools) is removed.
"""

from __future__ import annotations

from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult

from coach.themes.roster import Roster

ALLOWED = frozenset("""i monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december english spanish french german
portuguese italian dutch mandarin chinese japanese korean hindi arabic slack zoom teams jira github
google excel powerpoint sbi ok okay""".split())


#: spaCy entity labels the NER recognizer already turns into PERSON / LOCATION / ORGANIZATION
_HANDLED = frozenset({"PERSON", "PER", "GPE", "LOC", "FAC", "ORG"})


class ProperNounRecognizer(EntityRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["NAME"], name="ProperNounRecognizer",
                         supported_language="en")

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        if nlp_artifacts is None or "NAME" not in entities:
            return []
        out: list[RecognizerResult] = []
        for token in nlp_artifacts.tokens:
            proper = token.pos_ == "PROPN" or token.tag_ in ("NNP", "NNPS")
            if proper and token.text.lower() not in ALLOWED and token.text[:1].isupper() \
                    and token.ent_type_ not in _HANDLED and len(token.text) > 1:
                out.append(RecognizerResult("NAME", token.idx, token.idx + len(token.text), 0.5))
        return out


def build(roster: Roster) -> list[EntityRecognizer]:
    return [ProperNounRecognizer()]
