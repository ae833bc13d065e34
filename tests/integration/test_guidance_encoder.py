"""The shipped guidance encoder (a LoRA adapter of MiniLM) with the real embedder."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coach.reflection.guidance_encoder import GUIDANCE_ENCODER_FILE, load_guidance_encoder, usable
from coach.reflection.guidance_ranker import default_guidance_ranker

pytestmark = pytest.mark.slow
HELD_OUT = {"W2", "W7", "W8", "W11", "W12"}


def test_the_shipped_encoder_is_small_was_not_trained_on_held_out_writers_and_is_used(real_embedder):
    from safetensors import safe_open

    assert GUIDANCE_ENCODER_FILE.stat().st_size < 5_000_000
    with safe_open(str(GUIDANCE_ENCODER_FILE), framework="numpy") as handle:
        config = json.loads(handle.metadata()["config"])
    assert config["base_model"] == real_embedder.model_id
    assert set(config["trained_on"]) and not set(config["trained_on"]) & HELD_OUT
    assert usable(real_embedder) and "tuned" in default_guidance_ranker().features


@pytest.mark.parametrize(("text", "passage"), [
    ("I froze when the director asked about my numbers. Everyone else seems to know what they are doing "
     "and I keep waiting to be found out as a fraud.", "imposter-feelings"),
    ("Our mentoring calls keep getting cancelled at the last minute and we have not met for five weeks.",
     "repeated-cancellations"),
])
def test_the_adapter_reads_a_reflection_towards_the_passage_that_answers_it(real_embedder, coach_home,
                                                                           text, passage):
    from coach.config import Settings
    from coach.context import Context
    from coach.reflection.guidance_ranker import _passage_text

    ctx = Context(Settings(home=coach_home), embedder_factory=lambda: real_embedder)
    hits = ctx.guidance.search("mentoring", k=60)
    ids = [h.passage_id for h in hits]
    vecs = real_embedder.encode([_passage_text(h) for h in hits])
    tuned = load_guidance_encoder(GUIDANCE_ENCODER_FILE, real_embedder).encode([text])[0]
    plain = real_embedder.encode([text])[0]
    assert np.isclose(np.linalg.norm(tuned), 1.0, atol=1e-4) and float(tuned @ plain) < 0.99
    top3 = [ids[i] for i in np.argsort(-(vecs @ tuned))[:3]]
    assert passage in top3, top3
