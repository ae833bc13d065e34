"""Presidio anonymizer on our installed spaCy pipeline, with the program's roster as deny-lists.

A bare ``AnalyzerEngine()`` asks for ``en_core_web_lg`` and tries to download it; here the NLP engine
is configured explicitly and handed the pipeline ``coach.nlp.get_nlp`` already loaded, so nothing is
downloaded and the model is loaded once per process. Found details become typed placeholders
(``<PERSON>``, ``<EMAIL_ADDRESS>``, ...).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coach.themes.offline import force_bundled_suffix_list
from coach.themes.roster import Roster

#: What we remove from anything shown: people, contact details, places, organizations, identifiers.
ENTITIES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "URL", "HANDLE", "LOCATION", "ORGANIZATION", "NAME",
            "IP_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "UK_NHS", "MEDICAL_LICENSE")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    entity: str
    score: float


class TextAnonymizer(ABC):
    """Replaces personal details in text with typed placeholders. Tests subclass this."""

    @abstractmethod
    def anonymize(self, text: str) -> str:
        raise NotImplementedError


class Anonymizer(TextAnonymizer):
    """Presidio: finds personal details in text and replaces them with ``<TYPE>`` placeholders."""

    def __init__(self, nlp: Any, roster: Roster | None = None, *,
                 entities: Sequence[str] = ENTITIES, score_threshold: float = 0.3) -> None:
        # Presidio (and spaCy under it) load only when an anonymizer is made, not on import.
        from coach.themes.presidio_import import load_presidio

        load_presidio()
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_anonymizer import AnonymizerEngine
        from presidio_anonymizer.entities import OperatorConfig

        from coach.themes.presidio_engine import PreloadedSpacyEngine
        from coach.themes.recognizers import build_recognizers

        force_bundled_suffix_list()
        # Presidio warns about every recognizer of another language it skips: noise, not news.
        logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
        engine = PreloadedSpacyEngine(nlp)
        engine.load()
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
        for recognizer in build_recognizers(roster or Roster()):
            registry.add_recognizer(recognizer)
        self.entities = list(entities)
        self.score_threshold = score_threshold
        self._analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"],
                                        default_score_threshold=score_threshold)
        self._anonymizer = AnonymizerEngine()
        self._operators = {entity: OperatorConfig("replace", {"new_value": f"<{entity}>"})
                           for entity in self.entities}
        self._operators["DEFAULT"] = OperatorConfig("replace", {"new_value": "<PII>"})

    def find(self, text: str) -> list[Found]:
        if not text.strip():
            return []
        results = self._analyzer.analyze(text=text, language="en", entities=self.entities)
        return sorted((Found(r.start, r.end, r.entity_type, float(r.score)) for r in results),
                      key=lambda f: (f.start, -f.end))

    def anonymize(self, text: str) -> str:
        found = self.find(text)
        if not found:
            return text
        from presidio_anonymizer.entities import RecognizerResult

        results = [RecognizerResult(f.entity, f.start, f.end, f.score) for f in found]
        return str(self._anonymizer.anonymize(text=text, analyzer_results=results,  # type: ignore[arg-type]
                                              operators=self._operators).text)

    def anonymize_many(self, texts: Sequence[str]) -> list[str]:
        return [self.anonymize(text) for text in texts]
