"""Feedback detectors: an explicit registry, one small module per detector."""

from __future__ import annotations

from coach.feedback.detectors.absolute import AbsoluteDetector
from coach.feedback.detectors.base import Detector
from coach.feedback.detectors.biased_remark import BiasedRemarkDetector
from coach.feedback.detectors.condescension import CondescensionDetector
from coach.feedback.detectors.insult import InsultDetector
from coach.feedback.detectors.mockery import MockeryDetector
from coach.feedback.detectors.motive_guess import MotiveGuessDetector
from coach.feedback.detectors.sarcasm import SarcasmDetector
from coach.feedback.detectors.style import HedgeDetector, IdiomDetector, WeaselDetector
from coach.feedback.detectors.trait_label import TraitLabelDetector
from coach.feedback.detectors.vague import (
    VagueCriticismDetector,
    VagueDirectiveDetector,
    VaguePraiseDetector,
)

REGISTRY: dict[str, type[Detector]] = {cls.name: cls for cls in (
    TraitLabelDetector, MotiveGuessDetector, AbsoluteDetector, InsultDetector, MockeryDetector,
    SarcasmDetector, CondescensionDetector, BiasedRemarkDetector, VaguePraiseDetector, VagueCriticismDetector,
    VagueDirectiveDetector, HedgeDetector, WeaselDetector, IdiomDetector,
)}


def default_detectors() -> list[Detector]:
    return [cls() for cls in REGISTRY.values()]


__all__ = ["REGISTRY", "Detector", "default_detectors"]
