"""The judgmental decision: which rule detectors may force the verdict, and the heads file format."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coach.errors import ModelMissingError
from coach.feedback.analysis import Analysis
from coach.feedback.checker import FeedbackChecker
from coach.feedback.classifier import Head, Heads, heads_from_dict
from coach.feedback.detectors.base import Detector
from coach.feedback.features import FEATURE_NAMES
from coach.feedback.report import Flag
from coach.nlp.heads import load_heads_file

NO = -10.0  # an intercept that keeps every learned score near 0


class WholeText(Detector):
    """Flags the whole text with a judgmental category, like a lexicon hit would."""

    category = "trait-label"

    def __init__(self, name: str) -> None:
        self.name = name

    def detect(self, analysis: Analysis) -> list[Flag]:
        return [self.flag(analysis.doc[:], "m", "s")]


def heads(dim: int, *, rule_or: bool, force: tuple[str, ...] | None) -> Heads:
    size = dim + len(FEATURE_NAMES)
    zero = Head(np.zeros(size, np.float32), NO, 0.5)
    judgmental = Head(np.zeros(size, np.float32), NO, 0.5, rule_or=rule_or, force_detectors=force)
    return Heads({"vague": zero, "judgmental": judgmental, "situation": zero, "behavior": zero,
                  "impact": zero}, np.zeros(len(FEATURE_NAMES), np.float32),
                 np.ones(len(FEATURE_NAMES), np.float32), "fake", "test")


@pytest.mark.parametrize(("rule_or", "force", "fired", "expected"), [
    (False, None, {"precise"}, False),          # rules never force without rule_or
    (True, None, {"noisy"}, True),             # legacy files: any judgmental rule forces
    (True, ("precise",), {"noisy"}, False),    # an imprecise detector alone does not force
    (True, ("precise",), {"precise"}, True),
    (True, ("precise",), {"noisy", "precise"}, True),
    (True, ("precise",), set(), False),
    (True, (), {"precise"}, False),            # an empty list: no detector is precise enough
])
def test_forced_by(rule_or, force, fired, expected):
    head = Head(np.zeros(3, np.float32), 0.0, 0.5, rule_or=rule_or, force_detectors=force)
    assert head.forced_by(fired) is expected


@pytest.mark.parametrize(("detector", "force", "judgmental"), [
    ("noisy", ("precise",), False),
    ("precise", ("precise",), True),
    ("noisy", None, True),
])
def test_checker_lets_only_precise_detectors_force_the_verdict(fake_embedder, detector, force,
                                                               judgmental):
    from coach.nlp import get_nlp

    checker = FeedbackChecker(get_nlp, lambda: fake_embedder, detectors=[WholeText(detector)],
                              heads=heads(fake_embedder.dim, rule_or=True, force=force))
    report = checker.check("You were sloppy with the handover notes on Friday.", examples=0)
    assert report.judgmental is judgmental
    cats = {f.category for f in report.flags}
    # the rule's span is kept as the explanation when the verdict is judgmental, dropped otherwise
    assert ("trait-label" in cats) is judgmental


def test_heads_file_round_trip_keeps_force_detectors(tmp_path):
    size = 2 + len(FEATURE_NAMES)
    head = {"coef": [0.0] * size, "intercept": 0.0, "threshold": 0.4, "rule_or": True,
            "force_detectors": ["insult", "mockery"], "sentence_threshold": 0.8}
    data = {"heads": {"judgmental": head, "vague": {**head, "force_detectors": None}},
            "feature_mean": [0.0] * len(FEATURE_NAMES), "feature_scale": [1.0] * len(FEATURE_NAMES),
            "embedding_model": "fake", "version": "v"}
    path = tmp_path / "heads.json"
    path.write_text(json.dumps(data))
    loaded = load_heads_file(path, train_command="make train")
    assert loaded.heads["judgmental"].force_detectors == ("insult", "mockery")
    assert loaded.heads["judgmental"].sentence_threshold == 0.8
    assert loaded.heads["vague"].force_detectors is None
    assert heads_from_dict(data).heads["judgmental"].threshold == pytest.approx(0.4)


def test_missing_heads_file_says_how_to_train(tmp_path):
    with pytest.raises(ModelMissingError, match="make train"):
        load_heads_file(tmp_path / "nope.json", train_command="make train")


def test_heads_refuse_embeddings_of_another_size(tmp_path):
    from coach.errors import ModelMismatchError

    size = 2 + len(FEATURE_NAMES)
    head = {"coef": [0.0] * size, "intercept": 0.0, "threshold": 0.5}
    data = {"heads": {"judgmental": head}, "feature_mean": [0.0] * len(FEATURE_NAMES),
            "feature_scale": [1.0] * len(FEATURE_NAMES), "embedding_model": "two-dim", "version": "v"}
    loaded = heads_from_dict(data)
    features = np.zeros((1, len(FEATURE_NAMES)))
    assert loaded.scores(np.zeros((1, 2)), features)["judgmental"].shape == (1,)
    with pytest.raises(ModelMismatchError, match="trained on two-dim embeddings .2 dimensions."):
        loaded.scores(np.zeros((1, 3)), features)
