"""Presidio's spaCy NLP engine, configured with the pipeline coach already loaded (no download)."""

from __future__ import annotations

from typing import Any

from coach.themes.presidio_import import load_presidio

load_presidio()  # before the first Presidio import below (see coach.themes.presidio_import)

from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine  # noqa: E402

#: pipeline components Presidio's results do not depend on
_UNUSED = ("parser",)

#: spaCy labels we map; dates, nationalities and numbers stay (they carry the theme, not the person).
_SPACY_MAPPING = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION",
                  "FAC": "LOCATION", "ORG": "ORGANIZATION"}


class PreloadedSpacyEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, configured with a pipeline object we already loaded."""

    def __init__(self, nlp: Any, *, lang_code: str = "en") -> None:
        super().__init__(models=[{"lang_code": lang_code, "model_name": str(nlp.meta.get("name", ""))}],
                         ner_model_configuration=NerModelConfiguration(
                             model_to_presidio_entity_mapping=_SPACY_MAPPING,
                             labels_to_ignore=["CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
                                               "DATE", "TIME", "NORP", "LANGUAGE", "EVENT",
                                               "WORK_OF_ART", "LAW", "PRODUCT"]))
        self._preloaded = {lang_code: nlp}

    def load(self) -> None:
        self.nlp = dict(self._preloaded)  # type: ignore[assignment]

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        """As Presidio's, without the dependency parser: entities, tags and lemmas need no parse,
        and the parser is the slowest part of the pipeline (the shared pipeline is not changed)."""
        if not self.nlp:
            raise ValueError("NLP engine is not loaded. Consider calling .load()")
        nlp = self.nlp[language]
        doc = nlp(text, disable=[name for name in _UNUSED if name in nlp.pipe_names])
        return self._doc_to_nlp_artifact(doc, language)
