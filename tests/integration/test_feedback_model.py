"""The shipped feedback heads: what they were trained on, and that the checker applies them as trained."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coach.feedback.checker import RULE_JUDGMENTAL, FeedbackChecker
from coach.feedback.classifier import HEADS_FILE, load_heads
from coach.feedback.detectors import REGISTRY
from coach.feedback.settings import FeedbackSettings

pytestmark = pytest.mark.slow

CV_FILE = HEADS_FILE.parent.parent / "eval" / "results" / "feedback_cv.json"


def test_heads_never_trained_on_the_heldout_writer():
    data = json.loads(HEADS_FILE.read_text())
    from eval.feedback_data import HELDOUT_WRITERS

    assert not set(HELDOUT_WRITERS) & set(data["trained_on"]["writers"])
    assert len(data["trained_on"]["writers"]) >= 3  # s1 plus independent writers


def test_token_head_is_small_and_named_by_the_heads_file():
    from coach.feedback.classifier import token_head_config

    cfg = token_head_config()
    if cfg is None:
        pytest.skip("the shipped model uses no token head")
    assert cfg["file"].exists() and cfg["file"].stat().st_size < 5_000_000
    assert 0.0 < cfg["weight"] < 1.0


def test_only_precise_detectors_force_the_judgmental_verdict():
    head = load_heads().heads["judgmental"]
    cv = json.loads(CV_FILE.read_text())
    if head.rule_or:
        assert head.force_detectors is not None
        assert set(head.force_detectors) <= set(REGISTRY)
        for name in head.force_detectors:
            assert cv["detector_precision_w1_w4"][name]["precision"] >= 0.9, name


def test_checker_applies_the_trained_decision_rule():
    """The checker's verdict equals the rule the training script chose: doc score, sentence score,
    precise detectors (recomputed here from the same parse and embeddings)."""
    from coach.nlp import get_embedder, get_nlp
    from eval.feedback_data import load_pool

    rows = [r for r in load_pool() if r["writer"] != "s1"][::25][:40]
    checker = FeedbackChecker(get_nlp, get_embedder)
    heads = checker.heads
    head = heads.heads["judgmental"]
    reports = checker.check_many([(r["id"], r["text"]) for r in rows], examples=0)
    embedder = get_embedder()
    for row, report in zip(rows, reports, strict=True):
        parsed = checker._parse(row["id"], row["text"], FeedbackSettings())
        doc = float(heads.scores(embedder.encode([row["text"]]), parsed.features)["judgmental"][0])
        expected = doc >= head.threshold or head.forced_by(
            {f.detector for f in parsed.flags if f.category in RULE_JUDGMENTAL})
        sents = [s.text for s in parsed.analysis.sentences if s.text.strip()]
        if checker.adapter is not None or checker.token_head is not None:
            # the ensemble: the adapter's or token head's score mixed with the head's best score
            best = doc
            if len(sents) > 1:
                feats = np.repeat(parsed.features[None, :], len(sents), axis=0)
                best = max(doc, float(heads.scores(embedder.encode(sents), feats)["judgmental"].max()))
            if checker.token_head is not None:
                token_head, weight = checker.token_head
                second = token_head.score(embedder.encode_with_tokens([row["text"]])[1][0])
            else:
                adapter, weight = checker.adapter
                second = float(adapter.text_scores([row["text"]], [sents])[0])
            mixed = weight * second + (1 - weight) * best
            expected = mixed >= head.threshold or head.forced_by(
                {f.detector for f in parsed.flags if f.category in RULE_JUDGMENTAL})
        elif not expected and head.sentence_threshold is not None and len(sents) > 1:
            feats = np.repeat(parsed.features[None, :], len(sents), axis=0)
            worst = float(heads.scores(embedder.encode(sents), feats)["judgmental"].max())
            expected = worst >= head.sentence_threshold
        assert report.judgmental is expected, (row["text"], report.scores)
